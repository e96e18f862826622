package org.nufft4j;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The phases of the direct sums, exact up to the final cos and sin: a double-double phase
 * {@code hi + lo} accumulated from integer multiples of reduced points, its reduction modulo
 * 2 pi (normalised: |lo| at most half an ulp of hi), and {@code exp(isign i phase)}.
 *
 * <p>Reduction: {@code x = 2 pi q + r} with q = rint(x / 2 pi) and r in [-pi, pi). For
 * |x| &lt; 2^36, {@code x - q (P0 + P1 + P2)} in double-double, where 2 pi = P0 + P1 + P2 to
 * about 2^-159 (three doubles of 53 bits each, Cody–Waite): the products {@code q P0} and
 * {@code q P1} are split exactly with fma, {@code q P2} and the dropped tail of 2 pi add less
 * than 2^-120. Larger points (up to Double.MAX_VALUE ~ 2^1024, where q has 308 digits) go
 * through BigDecimal: {@code new BigDecimal(x)} is exact and 2 pi is carried to 400 decimal
 * places, so the error there is below 1e-90. Either way r is rounded to a double-double, an
 * error of at most 2^-105 absolute.
 *
 * <p>exp: for r = h + l, {@code cos r = cos h - l sin h} and {@code sin r = sin h + l cos h}
 * up to l^2 / 2 &lt;= 2^-105, so the result carries only the rounding of Math.cos and
 * Math.sin of h (within 1 ulp).
 *
 * <p>This class shares no code with the transforms the direct sums check ({@code Periodic}
 * reduces their points). An instance holds one phase and is not thread safe.
 */
final class ExactPhase {

    /** Decimal places of 2 pi for the BigDecimal path: 10^-400 q stays below 1e-90. */
    private static final int PLACES = 400;
    private static final BigDecimal TWO_PI = twoPi(PLACES);
    private static final BigDecimal PI = TWO_PI.divide(BigDecimal.TWO);

    /** 2 pi = P0 + P1 + P2 + O(2^-159); P0 = 2 Math.PI. */
    static final double P0 = TWO_PI.doubleValue();
    static final double P1 = TWO_PI.subtract(new BigDecimal(P0)).doubleValue();
    static final double P2 = TWO_PI.subtract(new BigDecimal(P0)).subtract(new BigDecimal(P1)).doubleValue();
    /** pi = PI_HI + PI_LO + O(2^-106): halves of P0 and P1 (exact). */
    private static final double PI_HI = P0 / 2;
    private static final double PI_LO = P1 / 2;
    /** Only picks q; a q off by one is corrected afterwards. */
    private static final double INV_TWO_PI = 1 / P0;
    /** Below this q < 2^34, so q P0 and q P1 split exactly and q P2 rounds by < 2^-123. */
    private static final double FAST_LIMIT = 0x1p36;
    /** Quotient digits for the BigDecimal path: q has at most 308 integer digits. */
    private static final MathContext QUOTIENT = new MathContext(330, RoundingMode.HALF_EVEN);

    private double hi;
    private double lo;
    private double cos;
    private double sin;

    /** Each coordinate {@code x[j]} reduced modulo 2 pi into {@code hi[j] + lo[j]} in [-pi, pi). */
    static void reduce(double[] x, double[] hi, double[] lo) {
        var p = new ExactPhase();
        for (int j = 0; j < x.length; j++) {
            p.set(x[j]).reduce();
            hi[j] = p.hi;
            lo[j] = p.lo;
        }
    }

    /** The phase becomes x (a finite double). */
    ExactPhase set(double x) {
        hi = x;
        lo = 0;
        return this;
    }

    /** The phase becomes that of {@code other}. */
    ExactPhase set(ExactPhase other) {
        hi = other.hi;
        lo = other.lo;
        return this;
    }

    /** The phase becomes 0. */
    ExactPhase clear() {
        return set(0);
    }

    /**
     * phase += k (xHi + xLo), for |k| &lt; 2^31 and a reduced point: {@code k xHi} split
     * exactly by fma, {@code k xLo} (below 2^-21) rounded, which keeps the double-double error
     * near |phase| 2^-105.
     */
    ExactPhase add(int k, double xHi, double xLo) {
        double p = k * xHi;
        double e = Math.fma(k, xHi, -p);
        double s = hi + p;
        double b = s - hi;
        lo += (hi - (s - b)) + (p - b) + e + k * xLo;
        hi = s;
        return this;
    }

    /**
     * phase += a b for any two finite doubles (type 3's s.x): the product split exactly by fma
     * into p + e, both added by two-sums, so the double-double error stays near
     * |phase| 2^-105 (the BigDecimal reduction takes over beyond 2^36).
     */
    ExactPhase addProduct(double a, double b) {
        double p = a * b;
        double e = Math.fma(a, b, -p);
        double s = hi + p;
        double v = s - hi;
        double err = (hi - (s - v)) + (p - v);
        double t = s + e;
        v = t - s;
        err += (s - (t - v)) + (e - v);
        hi = t;
        lo += err;
        // renormalise so that |lo| stays below half an ulp of hi
        double h = hi + lo;
        lo = lo - (h - hi);
        hi = h;
        return this;
    }

    /** Reduces the phase modulo 2 pi into a normalised double-double in [-pi, pi). */
    ExactPhase reduce() {
        if (!(Math.abs(hi) < FAST_LIMIT)) {
            reduceExactly();
            return this;
        }
        double h = hi;
        double l = lo;
        double q = Math.rint(h * INV_TWO_PI);
        subtractTwoPiTimes(h, l, q);
        // q came from the rounded h / 2 pi: at a half-integer quotient it may be one off
        if (hi > PI_HI || (hi == PI_HI && lo >= PI_LO)) {
            subtractTwoPiTimes(h, l, q + 1);
        } else if (hi < -PI_HI || (hi == -PI_HI && lo < -PI_LO)) {
            subtractTwoPiTimes(h, l, q - 1);
        }
        return this;
    }

    /** Reduces, then sets cos and sin of {@code isign * phase}. */
    void cis(int isign) {
        reduce();
        double c = Math.cos(hi);
        double s = Math.sin(hi);
        cos = c - lo * s;
        sin = isign * (s + lo * c);
    }

    double hi() {
        return hi;
    }

    double lo() {
        return lo;
    }

    /** cos of the last {@link #cis}. */
    double cos() {
        return cos;
    }

    /** sin of the last {@link #cis}, sign included. */
    double sin() {
        return sin;
    }

    /** (hi, lo) = h + l - q (P0 + P1 + P2) for an integer |q| &lt; 2^35, in double-double. */
    private void subtractTwoPiTimes(double h, double l, double q) {
        double a = q * P0;
        double ae = Math.fma(q, P0, -a);
        double b = q * P1;
        double be = Math.fma(q, P1, -b);
        // s + err = h - a - b - ae + l, each step a two-sum (the exact rounding error into err)
        double s = h - a;
        double v = s - h;
        double err = (h - (s - v)) + (-a - v);
        double u = s - b;
        v = u - s;
        err += (s - (u - v)) + (-b - v);
        s = u;
        u = s - ae;
        v = u - s;
        err += (s - (u - v)) + (-ae - v);
        s = u;
        u = s + l;
        v = u - s;
        err += (s - (u - v)) + (l - v);
        s = u;
        err -= be + q * P2;
        // normalise by a full two-sum: after cancellation err may exceed s
        hi = s + err;
        v = hi - s;
        lo = (s - (hi - v)) + (err - v);
    }

    /** The BigDecimal path: exact for every finite double-double phase. */
    private void reduceExactly() {
        BigDecimal x = new BigDecimal(hi).add(new BigDecimal(lo));
        BigDecimal q = x.divide(TWO_PI, QUOTIENT).setScale(0, RoundingMode.HALF_EVEN);
        BigDecimal r = x.subtract(q.multiply(TWO_PI));
        if (r.compareTo(PI) >= 0) {
            r = r.subtract(TWO_PI);
        } else if (r.compareTo(PI.negate()) < 0) {
            r = r.add(TWO_PI);
        }
        double h = r.doubleValue();
        hi = h;
        lo = r.subtract(new BigDecimal(h)).doubleValue();
    }

    /**
     * 2 pi to {@code places} decimal places by Machin's formula
     * {@code pi = 16 atan(1/5) - 4 atan(1/239)}, each arctangent by its Taylor series
     * {@code atan(1/n) = sum_i (-1)^i / ((2i+1) n^(2i+1))}, carried with 20 guard digits.
     */
    static BigDecimal twoPi(int places) {
        int scale = places + 20;
        BigDecimal pi = atanInverse(5, scale).multiply(BigDecimal.valueOf(16))
                .subtract(atanInverse(239, scale).multiply(BigDecimal.valueOf(4)));
        return pi.multiply(BigDecimal.TWO).setScale(places, RoundingMode.HALF_EVEN);
    }

    /** atan(1/n) at the given scale; each term is truncated, so the error stays below (terms) 10^-scale. */
    private static BigDecimal atanInverse(int n, int scale) {
        BigDecimal n2 = BigDecimal.valueOf((long) n * n);
        BigDecimal power = BigDecimal.ONE.divide(BigDecimal.valueOf(n), scale, RoundingMode.DOWN); // 1/n^(2i+1)
        BigDecimal sum = power;
        for (int i = 1; power.signum() != 0; i++) {
            power = power.divide(n2, scale, RoundingMode.DOWN);
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * i + 1), scale, RoundingMode.DOWN);
            sum = (i % 2 == 0) ? sum.add(term) : sum.subtract(term);
        }
        return sum;
    }
}
