package org.nufft4j.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nufft4j.reduce.Formulas;
import org.nufft4j.reduce.Unary;

/**
 * The lanewise semantics of every formula operation on one vector, as the block interpreter of
 * {@link VectorReductions} runs them. The classes {@link BlockCompiler} generates emit the same
 * Vector API calls in the same order (directly, not through these methods: see there), and call
 * the rare operations (rsqrt, inv, step, sign) and the in-place forms here, so that both paths
 * compute the same bits.
 */
final class VectorOps {

    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private VectorOps() {
    }

    static DoubleVector load(double[] a, int at) {
        return DoubleVector.fromArray(S, a, at);
    }

    static void store(double[] a, int at, DoubleVector x) {
        x.intoArray(a, at);
    }

    static DoubleVector zero() {
        return DoubleVector.zero(S);
    }

    static DoubleVector neg(DoubleVector x) {
        return x.neg();
    }

    static DoubleVector exp(DoubleVector x) {
        return VectorMath.exp(x);
    }

    static DoubleVector sqrt(DoubleVector x) {
        return x.sqrt();
    }

    static DoubleVector rsqrt(DoubleVector x) {
        return DoubleVector.broadcast(S, 1.0).div(x.sqrt());
    }

    static DoubleVector abs(DoubleVector x) {
        return x.abs();
    }

    static DoubleVector inv(DoubleVector x) {
        return DoubleVector.broadcast(S, 1.0).div(x);
    }

    static DoubleVector square(DoubleVector x) {
        return x.mul(x);
    }

    static DoubleVector step(DoubleVector x) {
        return DoubleVector.zero(S).blend(1.0, x.compare(VectorOperators.GT, 0.0));
    }

    static DoubleVector sign(DoubleVector x) {
        return x.blend(1.0, x.compare(VectorOperators.GT, 0.0)).blend(-1.0, x.compare(VectorOperators.LT, 0.0));
    }

    static DoubleVector add(DoubleVector a, DoubleVector b) {
        return a.add(b);
    }

    static DoubleVector sub(DoubleVector a, DoubleVector b) {
        return a.sub(b);
    }

    static DoubleVector mul(DoubleVector a, DoubleVector b) {
        return a.mul(b);
    }

    static DoubleVector div(DoubleVector a, DoubleVector b) {
        return a.div(b);
    }

    static DoubleVector min(DoubleVector a, DoubleVector b) {
        return a.min(b);
    }

    static DoubleVector max(DoubleVector a, DoubleVector b) {
        return a.max(b);
    }

    /** One component of a sum of components: acc + x. */
    static DoubleVector sumStep(DoubleVector acc, DoubleVector x) {
        return acc.add(x);
    }

    /** One component of a squared norm: acc + x x (one fma). */
    static DoubleVector squareStep(DoubleVector acc, DoubleVector x) {
        return x.fma(x, acc);
    }

    /** One component of a dot product: acc + x y (one fma). */
    static DoubleVector dotStep(DoubleVector acc, DoubleVector x, DoubleVector y) {
        return x.fma(y, acc);
    }

    /** One component of a squared distance: acc + (x - y)^2. */
    static DoubleVector distanceStep(DoubleVector acc, DoubleVector x, DoubleVector y) {
        var d = x.sub(y);
        return d.fma(d, acc);
    }

    // In-place forms of the operations generated code runs out of line (a vector passed to or
    // returned from a call that is not inlined is boxed; through the workspace the call costs a
    // store and a load). log, sin, cos and pow have no lanewise form here: they go lane by lane
    // through java.lang.Math (deterministic, see VectorMath; not fast), as in the interpreter.

    static void logAt(double[] w, int at) {
        byLane(Unary.Op.LOG, w, at, at);
    }

    static void sinAt(double[] w, int at) {
        byLane(Unary.Op.SIN, w, at, at);
    }

    static void cosAt(double[] w, int at) {
        byLane(Unary.Op.COS, w, at, at);
    }

    static void powAt(double[] w, int at, double e) {
        pow(w, at, at, e, L);
    }

    /** w[o + l] = op(w[a + l]) for the L lanes of one vector. */
    static void byLane(Unary.Op op, double[] w, int a, int o) {
        for (int l = 0; l < L; l++) {
            w[o + l] = Formulas.evaluate(op, w[a + l]);
        }
    }

    /** w[o + l] = w[a + l]^e for l < count, with Math.pow. */
    static void pow(double[] w, int a, int o, double e, int count) {
        for (int l = 0; l < count; l++) {
            w[o + l] = Math.pow(w[a + l], e);
        }
    }
}
