package org.nufft4j.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementary functions in lanes that give the same bits compiled or interpreted.
 *
 * <p>The Vector API's own EXP, LOG, SIN, COS and POW run SVML intrinsics once C2 has compiled
 * the caller but {@code java.lang.Math} before, so their results (a few ulps apart) depend on
 * the JIT's state, and with it on the thread count. {@link #exp} is built from exactly rounded
 * lanewise operations only: {@code exp(x) = 2^k p(r)}, {@code k = rint(x / ln 2)},
 * {@code r = x - k ln 2} in two parts (Cody–Waite), p the degree-13 Taylor polynomial
 * (|r| &lt;= ln 2 / 2, truncation below 2e-16 relative), 2^k assembled from its bits. Results
 * are within 2 ulps of {@link Math#exp}; below x = -708.39 (where exp is subnormal) it returns 0,
 * above 709.78 +infinity. The other functions go lane by lane through {@link Math}.
 */
final class VectorMath {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    // package-private: BlockCompiler emits the same operations with the same constants
    static final double LOG2E = 1.4426950408889634;
    static final double LN2_HI = 0.6931471803691238; // ln 2 with 28 trailing zero bits
    static final double LN2_LO = 1.9082149292705877e-10;
    static final double SHIFTER = 6755399441055744.0; // 1.5 * 2^52: adding it rounds to an integer
    static final long SHIFTER_BITS = Double.doubleToRawLongBits(SHIFTER);
    static final double MIN_NORMAL_ARG = -708.39;
    static final double MAX_ARG = 709.782712893384;
    static final int TAYLOR_DEGREE = 13;
    private static final double[] TAYLOR = new double[TAYLOR_DEGREE + 1];

    static {
        double f = 1.0;
        for (int k = 0; k < TAYLOR.length; k++) {
            if (k > 0) {
                f *= k;
            }
            TAYLOR[k] = 1.0 / f;
        }
    }

    private VectorMath() {
    }

    /** 1 / k!, the coefficient of r^k in the polynomial. */
    static double taylor(int k) {
        return TAYLOR[k];
    }

    static DoubleVector exp(DoubleVector x) {
        var t = x.fma(DoubleVector.broadcast(S, LOG2E), DoubleVector.broadcast(S, SHIFTER));
        var k = t.sub(SHIFTER);
        var r = k.fma(DoubleVector.broadcast(S, -LN2_HI), x).add(k.mul(-LN2_LO));
        var p = DoubleVector.broadcast(S, TAYLOR[TAYLOR_DEGREE]);
        for (int i = TAYLOR_DEGREE - 1; i >= 0; i--) {
            p = p.fma(r, DoubleVector.broadcast(S, TAYLOR[i]));
        }
        var twoK = t.reinterpretAsLongs().sub(SHIFTER_BITS).add(1023L).lanewise(VectorOperators.LSHL, 52L)
                .reinterpretAsDoubles();
        var result = p.mul(twoK);
        result = result.blend(0.0, x.compare(VectorOperators.LT, MIN_NORMAL_ARG));
        return result.blend(Double.POSITIVE_INFINITY, x.compare(VectorOperators.GT, MAX_ARG));
    }

    /** f applied lane by lane through java.lang.Math (deterministic, not fast). */
    static DoubleVector perLane(DoubleVector x, java.util.function.DoubleUnaryOperator f) {
        double[] a = x.toArray();
        for (int i = 0; i < a.length; i++) {
            a[i] = f.applyAsDouble(a[i]);
        }
        return DoubleVector.fromArray(S, a, 0);
    }
}
