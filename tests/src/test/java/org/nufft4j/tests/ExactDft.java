package org.nufft4j.tests;

/**
 * The oracle of the FFT tests: the DFT {@code B_k = sum_l b_l exp(isign 2 pi i k.l / n)} of a
 * grid, summed directly in double-double arithmetic (about 32 digits), so that its own error
 * (about 1e-30 relative) is far below any FFT's in double or float.
 *
 * <p>Exact where it can be: each root's index is {@code k l mod n}, an integer; the roots
 * {@code exp(2 pi i j / n)} come from Taylor series in double-double at angles reduced to at
 * most pi/4; every product and sum keeps its rounding error (two-sum, fma two-product).
 * Multi-dimensional grids are transformed one dimension after another, the intermediate
 * values kept in double-double.
 */
final class ExactDft {

    private static final double PI_HI = Math.PI;
    private static final double PI_LO = 1.2246467991473532e-16;

    private ExactDft() {
    }

    /**
     * The DFT of the grid {@code (re, im)} of these sizes (interleaved, dimension 1 fastest),
     * as {hi, lo} arrays of the interleaved result.
     */
    static double[][] transform(double[] grid, int[] n, int isign) {
        int cells = 1;
        for (int s : n) {
            cells *= s;
        }
        double[] hi = grid.clone();
        double[] lo = new double[2 * cells];
        int inner = 1;
        for (int d = 0; d < n.length; d++) {
            int len = n[d];
            double[][] roots = roots(len, isign);
            int outer = cells / (inner * len);
            double[] lineHi = new double[2 * len];
            double[] lineLo = new double[2 * len];
            double[] acc = new double[4];
            double[] t = new double[2];
            for (int o = 0; o < outer; o++) {
                for (int c = 0; c < inner; c++) {
                    int base = 2 * (o * inner * len + c);
                    for (int k = 0; k < len; k++) {
                        java.util.Arrays.fill(acc, 0);
                        for (int l = 0; l < len; l++) {
                            int at = base + 2 * inner * l;
                            int j = (int) ((long) k * l % len);
                            // (xr + i xi)(c + i s)
                            double[] cs = roots[j];
                            mul(hi[at], lo[at], cs[0], cs[1], t);
                            add(acc, 0, t[0], t[1]);
                            mul(hi[at + 1], lo[at + 1], cs[2], cs[3], t);
                            add(acc, 0, -t[0], -t[1]);
                            mul(hi[at], lo[at], cs[2], cs[3], t);
                            add(acc, 2, t[0], t[1]);
                            mul(hi[at + 1], lo[at + 1], cs[0], cs[1], t);
                            add(acc, 2, t[0], t[1]);
                        }
                        lineHi[2 * k] = acc[0];
                        lineLo[2 * k] = acc[1];
                        lineHi[2 * k + 1] = acc[2];
                        lineLo[2 * k + 1] = acc[3];
                    }
                    for (int k = 0; k < len; k++) {
                        int at = base + 2 * inner * k;
                        hi[at] = lineHi[2 * k];
                        lo[at] = lineLo[2 * k];
                        hi[at + 1] = lineHi[2 * k + 1];
                        lo[at + 1] = lineLo[2 * k + 1];
                    }
                }
            }
            inner *= len;
        }
        return new double[][] {hi, lo};
    }

    /** Relative l2 distance of {@code y} from the exact {hi, lo} result. */
    static double relativeError(double[] y, int offset, double[][] exact) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < exact[0].length; i++) {
            double e = (y[offset + i] - exact[0][i]) - exact[1][i];
            num += e * e;
            den += exact[0][i] * exact[0][i];
        }
        return den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
    }

    /** Relative l2 distance of the float result {@code y} from the exact {hi, lo} result. */
    static double relativeError(float[] y, int offset, double[][] exact) {
        double[] wide = new double[exact[0].length];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = y[offset + i];
        }
        return relativeError(wide, 0, exact);
    }

    /** exp(isign 2 pi i j / n) for j < n as {cos hi, cos lo, sin hi, sin lo}. */
    static double[][] roots(int n, int isign) {
        double[][] r = new double[n][];
        for (int j = 0; j < n; j++) {
            long q = (8L * j + n) / (2L * n); // nearest quadrant
            long e = 4L * j - q * n; // |e| <= n/2
            // angle = pi e / (2n) in double-double
            double[] a = new double[2];
            mul(PI_HI, PI_LO, e, 0, a);
            div(a, 2.0 * n);
            double[] c = new double[2];
            double[] s = new double[2];
            cosSin(a, c, s);
            double[] cs = switch ((int) (q & 3)) {
                case 0 -> new double[] {c[0], c[1], s[0], s[1]};
                case 1 -> new double[] {-s[0], -s[1], c[0], c[1]};
                case 2 -> new double[] {-c[0], -c[1], -s[0], -s[1]};
                default -> new double[] {s[0], s[1], -c[0], -c[1]};
            };
            cs[2] *= isign;
            cs[3] *= isign;
            r[j] = cs;
        }
        return r;
    }

    /** Taylor series of cos and sin at |a| <= pi/4, in double-double. */
    private static void cosSin(double[] a, double[] c, double[] s) {
        double[] a2 = new double[2];
        mul(a[0], a[1], a[0], a[1], a2);
        double[] term = {a[0], a[1]};
        double[] sum = {a[0], a[1]};
        for (int k = 1; k < 20; k++) { // sin: term_k = -term_(k-1) a^2 / ((2k)(2k+1))
            mul(term[0], term[1], -a2[0], -a2[1], term);
            div(term, (2.0 * k) * (2 * k + 1));
            add(sum, 0, term[0], term[1]);
        }
        s[0] = sum[0];
        s[1] = sum[1];
        term[0] = 1;
        term[1] = 0;
        sum[0] = 1;
        sum[1] = 0;
        for (int k = 1; k < 20; k++) { // cos: term_k = -term_(k-1) a^2 / ((2k-1)(2k))
            mul(term[0], term[1], -a2[0], -a2[1], term);
            div(term, (2.0 * k - 1) * (2 * k));
            add(sum, 0, term[0], term[1]);
        }
        c[0] = sum[0];
        c[1] = sum[1];
    }

    /** out = (ah + al)(bh + bl), double-double. */
    private static void mul(double ah, double al, double bh, double bl, double[] out) {
        double p = ah * bh;
        double e = Math.fma(ah, bh, -p) + (ah * bl + al * bh);
        double s = p + e;
        out[0] = s;
        out[1] = e - (s - p);
    }

    /** acc[at..at+1] += (bh + bl), double-double. */
    private static void add(double[] acc, int at, double bh, double bl) {
        double ah = acc[at];
        double s = ah + bh;
        double bb = s - ah;
        double e = (ah - (s - bb)) + (bh - bb) + acc[at + 1] + bl;
        double r = s + e;
        acc[at] = r;
        acc[at + 1] = e - (r - s);
    }

    /** a /= d, double-double by double. */
    private static void div(double[] a, double d) {
        double q1 = a[0] / d;
        double p = q1 * d;
        double pe = Math.fma(q1, d, -p);
        double r = ((a[0] - p) - pe) + a[1];
        double q2 = r / d;
        double s = q1 + q2;
        a[0] = s;
        a[1] = q2 - (s - q1);
    }
}
