package org.nufft4j.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float twin of {@link VectorMath#exp}: exp in float lanes from exactly rounded lanewise
 * operations only, so that it gives the same bits compiled or interpreted.
 *
 * <p>{@code exp(x) = 2^k p(r)}, {@code k = rint(x / ln 2)} (by adding 1.5 * 2^23),
 * {@code r = x - k ln 2} in two parts (Cody-Waite: {@link #LN2_HI} has its 12 low bits zero,
 * so {@code k LN2_HI} is exact for |k| &lt; 2^12), p the degree-{@value #TAYLOR_DEGREE} Taylor
 * polynomial of exp at 0 with float coefficients (|r| &lt;= ln 2 / 2: truncation
 * {@code (ln 2 / 2)^8 / 8! / exp(-ln 2 / 2)} = 7.4e-9 relative, an eighth of float's unit
 * roundoff 2^-24 = 6.0e-8; degree 6 would truncate at 1.7e-7, beyond it), 2^k assembled from
 * its bits. About half the work of the double exp (8 fma against 14). The maximum relative
 * error against {@link Math#exp} is tested over the whole range below
 * (FloatReductionsTest.floatExpErrorBound: within 2^-22, 4 float ulps). Below
 * {@value #MIN_NORMAL_ARG} (where exp is subnormal in float) it returns 0; above
 * {@value #MAX_ARG} (= 127.5 ln 2: the largest argument whose k fits the float exponent) it
 * returns +infinity, although exp is finite up to 88.72 (a range reductions never reach in
 * practice).
 */
final class FloatVectorMath {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final float LOG2E = (float) (1.0 / Math.log(2.0));
    /** ln 2 rounded to float, its 12 low significand bits cleared. */
    static final float LN2_HI = Float.intBitsToFloat(Float.floatToRawIntBits((float) Math.log(2.0)) & 0xFFFFF000);
    static final float LN2_LO = (float) (Math.log(2.0) - LN2_HI);
    static final float SHIFTER = 12582912.0f; // 1.5 * 2^23: adding it rounds to an integer
    static final int SHIFTER_BITS = Float.floatToRawIntBits(SHIFTER);
    static final float MIN_NORMAL_ARG = -87.33654f; // ln(Float.MIN_NORMAL), rounded up
    static final float MAX_ARG = 88.37626f; // 127.5 ln 2, rounded down
    static final int TAYLOR_DEGREE = 7;
    private static final float[] TAYLOR = new float[TAYLOR_DEGREE + 1];

    static {
        double f = 1.0;
        for (int k = 0; k < TAYLOR.length; k++) {
            if (k > 0) {
                f *= k;
            }
            TAYLOR[k] = (float) (1.0 / f);
        }
    }

    private FloatVectorMath() {
    }

    /** 1 / k! rounded to float, the coefficient of r^k in the polynomial. */
    static float taylor(int k) {
        return TAYLOR[k];
    }

    static FloatVector exp(FloatVector x) {
        var t = x.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, SHIFTER));
        var k = t.sub(SHIFTER);
        var r = k.fma(FloatVector.broadcast(S, -LN2_HI), x).add(k.mul(-LN2_LO));
        var p = FloatVector.broadcast(S, TAYLOR[TAYLOR_DEGREE]);
        for (int i = TAYLOR_DEGREE - 1; i >= 0; i--) {
            p = p.fma(r, FloatVector.broadcast(S, TAYLOR[i]));
        }
        var twoK = t.reinterpretAsInts().sub(SHIFTER_BITS).add(127).lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        var result = p.mul(twoK);
        result = result.blend(0.0f, x.compare(VectorOperators.LT, MIN_NORMAL_ARG));
        return result.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, MAX_ARG));
    }
}
