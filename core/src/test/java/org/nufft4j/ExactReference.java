package org.nufft4j;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * High-precision references for the direct sums, by methods of their own: pi by the
 * Gauss–Legendre AGM (DirectSum's phases use Machin's formula), reduction by
 * {@code BigDecimal.remainder}, cos and sin by their Taylor series (no Math.cos / Math.sin),
 * and whole transforms by a double-double recurrence {@code e_{k+1} = e_k w} seeded and stepped
 * from those series (DirectSum uses exact tables and Math.cos / Math.sin).
 */
final class ExactReference {

    private static final MathContext MC = new MathContext(480, RoundingMode.HALF_EVEN);
    /** pi to about 470 digits (Gauss–Legendre: the correct digits double each step). */
    static final BigDecimal PI = agmPi();
    static final BigDecimal TWO_PI = PI.multiply(BigDecimal.TWO, MC);
    /** Digits for cos and sin of a reduced phase: far beyond a double-double's 32. */
    private static final MathContext SERIES = new MathContext(45, RoundingMode.HALF_EVEN);

    private ExactReference() {
    }

    /**
     * Gauss–Legendre: a0 = 1, b0 = 1/sqrt 2, t0 = 1/4, p0 = 1; a' = (a + b)/2,
     * b' = sqrt(a b), t' = t - p (a - a')^2, p' = 2 p; pi ~ (a + b)^2 / (4 t).
     */
    private static BigDecimal agmPi() {
        BigDecimal a = BigDecimal.ONE;
        BigDecimal b = BigDecimal.ONE.divide(BigDecimal.TWO.sqrt(MC), MC);
        BigDecimal t = new BigDecimal("0.25");
        BigDecimal p = BigDecimal.ONE;
        for (int i = 0; i < 12; i++) { // 2^12 correct digits > 480
            BigDecimal next = a.add(b).divide(BigDecimal.TWO, MC);
            b = a.multiply(b, MC).sqrt(MC);
            BigDecimal d = a.subtract(next);
            t = t.subtract(p.multiply(d.multiply(d, MC), MC), MC);
            p = p.multiply(BigDecimal.TWO);
            a = next;
        }
        BigDecimal s = a.add(b);
        return s.multiply(s, MC).divide(t.multiply(BigDecimal.valueOf(4)), MC);
    }

    /** v modulo 2 pi into [-pi, pi), exact up to the 470 digits of pi times the quotient. */
    static BigDecimal reduce(BigDecimal v) {
        BigDecimal r = v.add(PI).remainder(TWO_PI); // in (-2 pi, 2 pi), sign of v + pi
        if (r.signum() < 0) {
            r = r.add(TWO_PI);
        }
        return r.subtract(PI);
    }

    /** {cos r, sin r} by their Taylor series, r a reduced phase (|r| <= pi). */
    static BigDecimal[] cosSin(BigDecimal r) {
        BigDecimal r2 = r.multiply(r, SERIES);
        BigDecimal eps = BigDecimal.ONE.movePointLeft(SERIES.getPrecision());
        BigDecimal cos = BigDecimal.ZERO;
        BigDecimal sin = BigDecimal.ZERO;
        BigDecimal term = BigDecimal.ONE; // r^n / n!
        for (int n = 0; term.abs().compareTo(eps) > 0; n += 2) {
            cos = (n / 2) % 2 == 0 ? cos.add(term, SERIES) : cos.subtract(term, SERIES);
            BigDecimal odd = term.multiply(r, SERIES).divide(BigDecimal.valueOf(n + 1), SERIES);
            sin = (n / 2) % 2 == 0 ? sin.add(odd, SERIES) : sin.subtract(odd, SERIES);
            term = term.multiply(r2, SERIES).divide(BigDecimal.valueOf((long) (n + 1) * (n + 2)), SERIES);
        }
        return new BigDecimal[] {cos, sin};
    }

    /** exp(isign i k x) rounded to doubles {re, im}: the exact product k x, reduced, then the series. */
    static double[] expi(long k, double x, int isign) {
        BigDecimal[] cs = cosSin(reduce(BigDecimal.valueOf(k).multiply(new BigDecimal(x))));
        return new double[] {cs[0].doubleValue(), isign * cs[1].doubleValue()};
    }

    /** {@link #expi} of {@code sum_d k_d x_d} (the exact sum of exact products). */
    static double[] expi(int[] k, double[] x, int isign) {
        BigDecimal phase = BigDecimal.ZERO;
        for (int d = 0; d < k.length; d++) {
            phase = phase.add(BigDecimal.valueOf(k[d]).multiply(new BigDecimal(x[d])));
        }
        BigDecimal[] cs = cosSin(reduce(phase));
        return new double[] {cs[0].doubleValue(), isign * cs[1].doubleValue()};
    }

    /**
     * exp(isign i k x) for k = -N/2 .. (N-1)/2 as double-doubles {reHi, reLo, imHi, imLo}
     * (arrays of N): seed and step from the series, then {@code e_{k+1} = e_k w} in
     * double-double, an error below N 1e-31.
     */
    static double[][] phases(double x, int n, int isign) {
        BigDecimal r = reduce(new BigDecimal(x));
        BigDecimal[] w = cosSin(r);
        BigDecimal[] e = cosSin(reduce(BigDecimal.valueOf(-(n / 2)).multiply(r)));
        double wrh = w[0].doubleValue();
        double wrl = w[0].subtract(new BigDecimal(wrh)).doubleValue();
        double wih = isign * w[1].doubleValue();
        double wil = isign * w[1].subtract(new BigDecimal(w[1].doubleValue())).doubleValue();
        double[] reHi = new double[n];
        double[] reLo = new double[n];
        double[] imHi = new double[n];
        double[] imLo = new double[n];
        reHi[0] = e[0].doubleValue();
        reLo[0] = e[0].subtract(new BigDecimal(reHi[0])).doubleValue();
        imHi[0] = isign * e[1].doubleValue();
        imLo[0] = isign * e[1].subtract(new BigDecimal(e[1].doubleValue())).doubleValue();
        double[] t = new double[2];
        double[] u = new double[2];
        for (int i = 1; i < n; i++) {
            // (a + ib)(c + id) = (ac - bd) + i(ad + bc)
            mul(reHi[i - 1], reLo[i - 1], wrh, wrl, t);
            mul(imHi[i - 1], imLo[i - 1], wih, wil, u);
            add(t[0], t[1], -u[0], -u[1], t);
            double nrh = t[0];
            double nrl = t[1];
            mul(reHi[i - 1], reLo[i - 1], wih, wil, t);
            mul(imHi[i - 1], imLo[i - 1], wrh, wrl, u);
            add(t[0], t[1], u[0], u[1], t);
            reHi[i] = nrh;
            reLo[i] = nrl;
            imHi[i] = t[0];
            imLo[i] = t[1];
        }
        return new double[][] {reHi, reLo, imHi, imLo};
    }

    /**
     * Type 1 in 1D or 2D, CMCL order, summed in double-double from {@link #phases}; rounded
     * to doubles at the end.
     */
    static double[] type1(double[][] points, double[] strengths, int[] modes, int isign) {
        int dim = modes.length;
        int m1 = modes[0];
        int m2 = dim > 1 ? modes[1] : 1;
        int total = m1 * m2;
        double[] accHi = new double[2 * total];
        double[] accLo = new double[2 * total];
        double[] t = new double[2];
        double[] u = new double[2];
        for (int j = 0; j < points[0].length; j++) {
            double[][] e1 = phases(points[0][j], m1, isign);
            double[][] e2 = dim > 1 ? phases(points[1][j], m2, isign) : null;
            double cr = strengths[2 * j];
            double ci = strengths[2 * j + 1];
            for (int i2 = 0; i2 < m2; i2++) {
                // a = c e2[i2] (or c), a double-double complex
                double arh = cr;
                double arl = 0;
                double aih = ci;
                double ail = 0;
                if (dim > 1) {
                    mul(cr, 0, e2[0][i2], e2[1][i2], t);
                    mul(ci, 0, e2[2][i2], e2[3][i2], u);
                    add(t[0], t[1], -u[0], -u[1], t);
                    arh = t[0];
                    arl = t[1];
                    mul(cr, 0, e2[2][i2], e2[3][i2], t);
                    mul(ci, 0, e2[0][i2], e2[1][i2], u);
                    add(t[0], t[1], u[0], u[1], t);
                    aih = t[0];
                    ail = t[1];
                }
                for (int i1 = 0; i1 < m1; i1++) {
                    int p = 2 * (i1 + m1 * i2);
                    mul(arh, arl, e1[0][i1], e1[1][i1], t);
                    mul(aih, ail, e1[2][i1], e1[3][i1], u);
                    add(t[0], t[1], -u[0], -u[1], t);
                    add(accHi[p], accLo[p], t[0], t[1], t);
                    accHi[p] = t[0];
                    accLo[p] = t[1];
                    mul(arh, arl, e1[2][i1], e1[3][i1], t);
                    mul(aih, ail, e1[0][i1], e1[1][i1], u);
                    add(t[0], t[1], u[0], u[1], t);
                    add(accHi[p + 1], accLo[p + 1], t[0], t[1], t);
                    accHi[p + 1] = t[0];
                    accLo[p + 1] = t[1];
                }
            }
        }
        double[] out = new double[2 * total];
        for (int p = 0; p < out.length; p++) {
            out[p] = accHi[p] + accLo[p];
        }
        return out;
    }

    /**
     * Type 2 in 1D or 2D, CMCL order, {@code c_j = sum_k f_k exp(isign i k.x_j)} summed in
     * double-double from {@link #phases}; rounded to doubles at the end.
     */
    static double[] type2(double[][] points, double[] coefficients, int[] modes, int isign) {
        int dim = modes.length;
        int m1 = modes[0];
        int m2 = dim > 1 ? modes[1] : 1;
        int m = points[0].length;
        double[] out = new double[2 * m];
        double[] t = new double[2];
        double[] u = new double[2];
        for (int j = 0; j < m; j++) {
            double[][] e1 = phases(points[0][j], m1, isign);
            double[][] e2 = dim > 1 ? phases(points[1][j], m2, isign) : null;
            double srh = 0;
            double srl = 0;
            double sih = 0;
            double sil = 0;
            for (int i2 = 0; i2 < m2; i2++) {
                for (int i1 = 0; i1 < m1; i1++) {
                    int p = 2 * (i1 + m1 * i2);
                    // e = e1[i1] e2[i2], then f e
                    double erh = e1[0][i1];
                    double erl = e1[1][i1];
                    double eih = e1[2][i1];
                    double eil = e1[3][i1];
                    if (dim > 1) {
                        mul(erh, erl, e2[0][i2], e2[1][i2], t);
                        mul(eih, eil, e2[2][i2], e2[3][i2], u);
                        add(t[0], t[1], -u[0], -u[1], t);
                        double nrh = t[0];
                        double nrl = t[1];
                        mul(erh, erl, e2[2][i2], e2[3][i2], t);
                        mul(eih, eil, e2[0][i2], e2[1][i2], u);
                        add(t[0], t[1], u[0], u[1], t);
                        erh = nrh;
                        erl = nrl;
                        eih = t[0];
                        eil = t[1];
                    }
                    double fr = coefficients[p];
                    double fi = coefficients[p + 1];
                    mul(fr, 0, erh, erl, t);
                    mul(fi, 0, eih, eil, u);
                    add(t[0], t[1], -u[0], -u[1], t);
                    add(srh, srl, t[0], t[1], t);
                    srh = t[0];
                    srl = t[1];
                    mul(fr, 0, eih, eil, t);
                    mul(fi, 0, erh, erl, u);
                    add(t[0], t[1], u[0], u[1], t);
                    add(sih, sil, t[0], t[1], t);
                    sih = t[0];
                    sil = t[1];
                }
            }
            out[2 * j] = srh + srl;
            out[2 * j + 1] = sih + sil;
        }
        return out;
    }

    /** out = a + b in double-double (two-sum of the high parts, then the low parts). */
    static void add(double ah, double al, double bh, double bl, double[] out) {
        double s = ah + bh;
        double v = s - ah;
        double e = (ah - (s - v)) + (bh - v) + al + bl;
        out[0] = s + e;
        out[1] = e - (out[0] - s);
    }

    /** out = a b in double-double (exact product of the high parts by fma, cross terms rounded). */
    static void mul(double ah, double al, double bh, double bl, double[] out) {
        double p = ah * bh;
        double e = Math.fma(ah, bh, -p) + (ah * bl + al * bh);
        out[0] = p + e;
        out[1] = e - (out[0] - p);
    }
}
