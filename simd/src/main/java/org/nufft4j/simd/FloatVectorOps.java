package org.nufft4j.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nufft4j.reduce.Formulas;
import org.nufft4j.reduce.Unary;

/**
 * The float twin of {@link VectorOps}: the operations classes {@link BlockCompiler} generates
 * for float blocks call out of line (rsqrt, inv, step, sign; log, sin, cos and pow in place
 * through the workspace, lane by lane through java.lang.Math in double, rounded to float), and
 * the species they load with. The element type of the generator ({@code BlockCompiler.Element})
 * maps each DoubleVector call of the double table to the FloatVector call of the same name.
 */
final class FloatVectorOps {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private FloatVectorOps() {
    }

    static FloatVector rsqrt(FloatVector x) {
        return FloatVector.broadcast(S, 1.0f).div(x.sqrt());
    }

    static FloatVector inv(FloatVector x) {
        return FloatVector.broadcast(S, 1.0f).div(x);
    }

    static FloatVector step(FloatVector x) {
        return FloatVector.zero(S).blend(1.0f, x.compare(VectorOperators.GT, 0.0f));
    }

    static FloatVector sign(FloatVector x) {
        return x.blend(1.0f, x.compare(VectorOperators.GT, 0.0f)).blend(-1.0f, x.compare(VectorOperators.LT, 0.0f));
    }

    static void logAt(float[] w, int at) {
        byLane(Unary.Op.LOG, w, at);
    }

    static void sinAt(float[] w, int at) {
        byLane(Unary.Op.SIN, w, at);
    }

    static void cosAt(float[] w, int at) {
        byLane(Unary.Op.COS, w, at);
    }

    /** w[at + l] = w[at + l]^e for the L lanes of one vector, with Math.pow, rounded to float. */
    static void powAt(float[] w, int at, double e) {
        for (int l = 0; l < L; l++) {
            w[at + l] = (float) Math.pow(w[at + l], e);
        }
    }

    /** w[at + l] = op(w[at + l]) for the L lanes of one vector, in double, rounded to float. */
    private static void byLane(Unary.Op op, float[] w, int at) {
        for (int l = 0; l < L; l++) {
            w[at + l] = (float) Formulas.evaluate(op, w[at + l]);
        }
    }
}
