package org.nufft4j.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nufft4j.reduce.Formulas.add;
import static org.nufft4j.reduce.Formulas.constant;
import static org.nufft4j.reduce.Formulas.mul;
import static org.nufft4j.reduce.Formulas.select;
import static org.nufft4j.reduce.Formulas.vi;
import static org.nufft4j.reduce.Formulas.vj;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nufft4j.parallel.Workers;
import org.nufft4j.reduce.Binary;
import org.nufft4j.reduce.Formula;
import org.nufft4j.reduce.Formulas;
import org.nufft4j.reduce.Hoisting;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.OpShape;
import org.nufft4j.reduce.PowerOf;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.reduce.ScalarReductions;
import org.nufft4j.reduce.Unary;
import org.nufft4j.reduce.Variable;
import org.nufft4j.simd.VectorReductions;

/**
 * Every operation of the table ({@link Unary.Op}, {@link Binary.Op}, and pow), pair by pair: its
 * SIMD evaluation, generated and interpreted, against its scalar semantics (the scalar
 * interpreter, which runs {@code Op.apply}, on the formula as {@link Hoisting} rewrites it for the
 * blocks) on awkward sizes, including NaN, infinities and
 * signed zeros and subnormals among the arguments. Each pair's value is read back through KMIN
 * with k = M (every value of a row, with its index), so no sum mixes them.
 */
class OperationTableVectorTest {

    private static final Formula X = vi(0, 3);
    private static final Formula Y = vj(1, 3);

    /**
     * Per operation a scalar formula whose arguments vary with both i and j (so no rewrite moves
     * them to the rows), and for the component sums the sum of the magnitudes of their terms:
     * the SIMD evaluator adds them with fused multiply-adds, the scalar interpreter without, so
     * they differ by rounding relative to that, not to the result.
     */
    private static Map<String, Formula[]> formulas() {
        var fs = new LinkedHashMap<String, Formula[]>();
        Formula s = add(mul(select(X, 0), select(Y, 1)), select(Y, 2)); // any sign, special values pass
        Formula t = Formulas.sub(select(Y, 0), select(X, 2));
        Formula v = add(mul(X, Y), Y);
        for (Unary.Op op : Unary.Op.values()) {
            fs.put(op.toString(), op.shape() == OpShape.ELEMENTWISE ? new Formula[] {new Unary(op, s), null}
                    : new Formula[] {new Unary(op, v), Formulas.sum(new Unary(op, Formulas.abs(v)))});
        }
        for (Binary.Op op : Binary.Op.values()) {
            fs.put(op.toString(), op.shape() == OpShape.ELEMENTWISE ? new Formula[] {new Binary(op, s, t), null}
                    : new Formula[] {new Binary(op, v, X), op == Binary.Op.DOT
                            ? Formulas.dot(Formulas.abs(v), Formulas.abs(X)) : new Binary(op, v, X)});
        }
        fs.put("pow 1.5", new Formula[] {new PowerOf(s, 1.5), null});
        fs.put("pow -3", new Formula[] {new PowerOf(s, -3), null});
        return fs;
    }

    /** Each pair's value (row by row, pair j at row * m + j) from a KMIN result with k = m; NaN where none. */
    private static double[] byPair(org.nufft4j.reduce.ReductionResult r, int m) {
        double[] v = new double[r.values().length];
        Arrays.fill(v, Double.NaN); // KMIN skips NaN values: their pairs stay NaN
        for (int row = 0; row < r.rows(); row++) {
            for (int q = 0; q < m; q++) {
                int j = r.indices()[row * m + q];
                if (j >= 0) {
                    v[row * m + j] = r.values()[row * m + q];
                }
            }
        }
        return v;
    }

    @Test
    void everyOperationMatchesItsScalarSemanticsOnAwkwardSizes() {
        int lanes = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length();
        long seed = 1616;
        var rnd = new SplittableRandom(seed);
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1e-310, 800};
        List<String> failures = new ArrayList<>();
        try (var workers = new Workers(2)) {
            for (int m : new int[] {1, lanes - 1, lanes + 1, 2 * lanes + 3, 37, 259}) {
                int n = 3;
                double[] x = new double[3 * n];
                double[] y = new double[3 * m];
                for (int i = 0; i < x.length; i++) {
                    x[i] = 4 * rnd.nextDouble() - 2;
                }
                for (int i = 0; i < y.length; i++) {
                    // one value in eight special: NaN, +-inf, +-0, a subnormal, exp overflow
                    y[i] = rnd.nextInt(8) == 0 ? special[rnd.nextInt(special.length)] : 4 * rnd.nextDouble() - 2;
                }
                var data = ReductionData.of(n, m, x, y);
                for (var e : formulas().entrySet()) {
                    Formula f = e.getValue()[0];
                    var r = KernelReduction.kMinOverJ(f, m);
                    // the oracle on the formula the blocks run (Hoisting's rewrite is tested apart)
                    var rewritten = KernelReduction.kMinOverJ(Hoisting.rewrite(f, Variable.Kind.J), m);
                    double[] want = byPair(ScalarReductions.evaluate(rewritten, data), m);
                    var generated = VectorReductions.evaluate(r, data, workers, true);
                    var interpreted = VectorReductions.evaluate(r, data, workers, false);
                    double[] magnitude = e.getValue()[1] == null ? new double[want.length]
                            : byPair(ScalarReductions.evaluate(KernelReduction.kMinOverJ(e.getValue()[1], m), data), m);
                    String where = e.getKey() + " M=" + m;
                    if (!Arrays.equals(generated.values(), interpreted.values())
                            || !Arrays.equals(generated.indices(), interpreted.indices())) {
                        failures.add(where + ": generated and interpreted blocks differ");
                    }
                    double[] got = byPair(generated, m);
                    for (int q = 0; q < want.length; q++) {
                        if (!close(got[q], want[q], magnitude[q])) {
                            failures.add(where + " pair " + q + ": SIMD " + got[q] + ", scalar " + want[q]);
                        }
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), "seed " + seed + ": " + String.join("\n", failures));
    }

    /**
     * Equal, both NaN, or within 2 ulps (the SIMD exp's bound against Math.exp) plus, for a
     * component sum, 4 eps times the sum of its terms' magnitudes; exp's subnormal results are 0
     * in SIMD (VectorMath: below x = -708.39).
     */
    private static boolean close(double got, double want, double magnitude) {
        if (Double.isNaN(want) || Double.isNaN(got)) {
            return Double.isNaN(want) && Double.isNaN(got);
        }
        if (Double.isInfinite(want) || Double.isInfinite(got)) {
            return got == want;
        }
        if (got == 0 && Math.abs(want) < Double.MIN_NORMAL) {
            return true;
        }
        double tol = 2 * Math.ulp(Math.max(Math.abs(got), Math.abs(want)))
                + (Double.isFinite(magnitude) ? 4 * Math.ulp(1.0) * magnitude : 0);
        return Math.abs(got - want) <= tol;
    }
}
