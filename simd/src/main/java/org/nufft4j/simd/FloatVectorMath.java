package org.nufft4j.simd;

/**
 * The constants of the float exp that {@link BlockCompiler} emits inline in float blocks (the
 * float counterpart of {@link VectorMath#exp}; there is no float block interpreter, so the
 * generated code is its only form).
 *
 * <p>{@code exp(x) = 2^k p(r)}: {@code t = fma(x, LOG2E, SHIFTER)} rounds {@code x / ln 2} to
 * the integer k, {@link #SHIFTER} = 1.5 * 2^23 + 127 so that the low bits of t hold k + 127, the
 * biased exponent: {@code 2^k} is the bits of t shifted left by 23, one integer operation.
 * {@code k = t - SHIFTER}; {@code r = fma(k, -LN2_LO, fma(k, -LN2_HI, x))} (Cody-Waite:
 * {@link #LN2_HI} has its 12 low bits zero, so {@code k LN2_HI} is exact for |k| &lt; 2^12;
 * |r| &lt;= ln 2 / 2 up to rounding). p is the polynomial of degree {@value #DEGREE} that
 * interpolates exp at the 7 Chebyshev points of [-{@value #HALF_WIDTH}, {@value #HALF_WIDTH}],
 * coefficients computed in double when this class loads and rounded to float: its
 * interpolation error is below 3e-9 relative (0.05 float ulp), where the Taylor polynomial of
 * the same degree truncates at 1.7e-7 (2.9 ulps) and needs degree 7. Evaluated by Horner's rule
 * (6 fma). Together about 16 vector operations, against 31 for the double exp (degree 13).
 *
 * <p>Measured maximum relative error against {@link Math#exp} of the float argument over
 * [-87.33, 88.37]: 1.54 u (u = 2^-24; 2e7 points; the Taylor degree-7 form it replaces: 1.32 u);
 * FloatReductionsTest.floatExpErrorBound asserts 2^-22 (4 u) on a grid and random points. Below
 * {@value #MIN_NORMAL_ARG} (where exp is subnormal in float) the result is 0; above
 * {@value #MAX_ARG} (= 127.5 ln 2: the largest argument whose k fits the float exponent) it is
 * +infinity, although exp is finite up to 88.72 (a range reductions never reach in practice).
 */
final class FloatVectorMath {

    static final float LOG2E = (float) (1.0 / Math.log(2.0));
    /** ln 2 rounded to float, its 12 low significand bits cleared. */
    static final float LN2_HI = Float.intBitsToFloat(Float.floatToRawIntBits((float) Math.log(2.0)) & 0xFFFFF000);
    static final float LN2_LO = (float) (Math.log(2.0) - LN2_HI);
    /** 1.5 * 2^23 + 127: adding it rounds to an integer and leaves k + 127 in the low bits. */
    static final float SHIFTER = 12582912.0f + 127.0f;
    /** Bits of the float significand: the shift that moves k + 127 into the exponent field. */
    static final int SIGNIFICAND_BITS = 23;
    static final float MIN_NORMAL_ARG = -87.33654f; // ln(Float.MIN_NORMAL), rounded up
    static final float MAX_ARG = 88.37626f; // 127.5 ln 2, rounded down
    static final int DEGREE = 6;
    /** Half-width of the interval p is fitted on: ln 2 / 2 = 0.3466, with room for rounding. */
    static final double HALF_WIDTH = 0.35;
    private static final float[] COEFFICIENTS = chebyshevInterpolant(DEGREE, HALF_WIDTH);

    private FloatVectorMath() {
    }

    /** The coefficient of r^k in p, a float. */
    static float coefficient(int k) {
        return COEFFICIENTS[k];
    }

    /**
     * The monomial coefficients of the polynomial of degree {@code degree} that interpolates exp
     * at the Chebyshev points of [-h, h], in double, rounded to float.
     */
    private static float[] chebyshevInterpolant(int degree, double h) {
        int n = degree + 1;
        // Chebyshev series of exp(h u) on u in [-1, 1] from its values at the n Chebyshev points
        double[] series = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                double theta = Math.PI * (i + 0.5) / n;
                s += Math.exp(h * Math.cos(theta)) * Math.cos(j * theta);
            }
            series[j] = (j == 0 ? 1.0 : 2.0) * s / n;
        }
        // to monomials in u: T_0 = 1, T_1 = u, T_{j+1} = 2 u T_j - T_{j-1}
        double[] mono = new double[n];
        double[] previous = new double[n];
        double[] current = new double[n];
        previous[0] = 1;
        current[1] = 1;
        mono[0] = series[0];
        mono[1] = series[1];
        for (int j = 2; j < n; j++) {
            double[] next = new double[n];
            for (int q = 0; q < n; q++) {
                next[q] = (q > 0 ? 2 * current[q - 1] : 0) - previous[q];
                mono[q] += series[j] * next[q];
            }
            previous = current;
            current = next;
        }
        // in r = h u: the coefficient of r^q is mono[q] / h^q
        float[] c = new float[n];
        double scale = 1;
        for (int q = 0; q < n; q++) {
            c[q] = (float) (mono[q] / scale);
            scale *= h;
        }
        return c;
    }
}
