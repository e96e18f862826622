package org.nufft4j.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nufft4j.reduce.Formulas.constant;
import static org.nufft4j.reduce.Formulas.mul;
import static org.nufft4j.reduce.Formulas.pm;
import static org.nufft4j.reduce.Formulas.sqdist;
import static org.nufft4j.reduce.Formulas.vi;
import static org.nufft4j.reduce.Formulas.vj;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nufft4j.parallel.Workers;
import org.nufft4j.reduce.Derivatives;
import org.nufft4j.reduce.Formula;
import org.nufft4j.reduce.Formulas;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.reduce.Reducer;
import org.nufft4j.reduce.ScalarReductions;
import org.nufft4j.simd.VectorReductions;

/**
 * The SIMD reduction evaluator against the scalar interpreter on awkward sizes (1, lanes - 1,
 * lanes + 1, primes, 1021), for formulas that use every operation, both reduction axes and
 * every reducer; and its independence of the thread count.
 */
class VectorReductionsTest {

    static Formula everything() {
        Formula x = vi(0, 3);
        Formula y = vj(1, 3);
        Formula b = vj(2, 1);
        Formula p = pm(3, 1);
        Formula d = Formulas.sub(x, y);
        Formula gauss = Formulas.exp(Formulas.neg(Formulas.div(sqdist(x, y), mul(constant(2.0), Formulas.square(p)))));
        Formula zoo = Formulas.add(Formulas.add(Formulas.sin(Formulas.sum(d)), Formulas.cos(Formulas.dot(x, y))),
                Formulas.add(Formulas.mul(Formulas.sqrt(Formulas.add(Formulas.sqnorm(d), constant(1.0))),
                                Formulas.log(Formulas.add(Formulas.abs(Formulas.select(y, 1)), constant(2.0)))),
                        Formulas.sum(Formulas.mul(Formulas.rsqrt(Formulas.add(Formulas.pow(Formulas.abs(d), 1.5), constant(1.0))),
                                Formulas.inv(Formulas.add(constant(3.0), Formulas.min(x, Formulas.max(y, constant(-0.2)))))))));
        Formula steps = Formulas.add(Formulas.step(Formulas.select(d, 0)), Formulas.sign(Formulas.select(d, 2)));
        return Formulas.concat(mul(gauss, b), Formulas.add(zoo, steps));
    }

    static Stream<Arguments> sizes() {
        int lanes = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length();
        List<Arguments> list = new ArrayList<>();
        int[] sizes = {1, lanes - 1, lanes + 1, 13, 67, 1021};
        long seed = 40;
        for (int n : sizes) {
            for (int m : new int[] {1, lanes + 1, 97, 1021}) {
                list.add(Arguments.of(n, m, seed++));
            }
        }
        // few rows and many pairs: the evaluator splits the reduced index into chunks
        list.add(Arguments.of(3, 64 * 64 * lanes + 5, seed++));
        list.add(Arguments.of(1, 3 * 64 * 64 * lanes + 1, seed++));
        return list.stream();
    }

    @ParameterizedTest(name = "N={0} M={1} seed={2}")
    @MethodSource("sizes")
    void agreesWithTheScalarInterpreter(int n, int m, long seed) {
        var rnd = new SplittableRandom(seed);
        double[] x = new double[3 * n];
        double[] y = new double[3 * m];
        double[] b = new double[m];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * rnd.nextDouble() - 1;
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = 2 * rnd.nextDouble() - 1;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextDouble() - 0.5;
        }
        var data = ReductionData.of(n, m, x, y, b, new double[] {0.7});
        Formula f = everything();
        Formula scalar = Formulas.select(f, 1);
        Formula lse = Formulas.neg(Formulas.mul(constant(40.0), sqdist(vi(0, 3), vj(1, 3))));
        Formula grad = Derivatives.grad(Formulas.select(f, 0), vi(0, 3), constant(1.0));
        // the trace-form Laplacians, which the blocks' rewrite (Hoisting) changes the most
        Formula lapX = Derivatives.laplacian(Formulas.select(f, 0), vi(0, 3));
        Formula lapY = Derivatives.laplacian(Formulas.select(f, 0), vj(1, 3));
        var cases = List.of(
                KernelReduction.overJ(f, Reducer.SUM), KernelReduction.overI(f, Reducer.SUM),
                KernelReduction.overJ(f, Reducer.MIN), KernelReduction.overJ(f, Reducer.MAX),
                KernelReduction.overI(scalar, Reducer.MAX), KernelReduction.overJ(lse, Reducer.LOGSUMEXP),
                KernelReduction.overI(lse, Reducer.LOGSUMEXP), KernelReduction.overJ(grad, Reducer.SUM),
                KernelReduction.overJ(lapX, Reducer.SUM), KernelReduction.overI(lapY, Reducer.SUM),
                KernelReduction.overJ(scalar, Reducer.ARGMIN), KernelReduction.overI(scalar, Reducer.ARGMAX),
                KernelReduction.overJ(Formulas.step(Formulas.select(Formulas.sub(vi(0, 3), vj(1, 3)), 0)), Reducer.ARGMAX),
                KernelReduction.logSumExpOverJ(lse, vj(2, 1)), KernelReduction.logSumExpOverJ(lse, vj(1, 3)),
                new KernelReduction(lse, false, Reducer.LOGSUMEXP, vi(0, 3), 0),
                KernelReduction.kMinOverJ(scalar, 3), KernelReduction.kMinOverJ(
                        Formulas.step(Formulas.select(Formulas.sub(vi(0, 3), vj(1, 3)), 1)), 4));
        try (var workers = new Workers(2)) {
            for (var r : cases) {
                // the generated class (small formulas) and the block interpreter: the same bits
                var generated = VectorReductions.evaluate(r, data, workers, true);
                var interpreted = VectorReductions.evaluate(r, data, workers, false);
                assertTrue(java.util.Arrays.equals(generated.values(), interpreted.values())
                        && java.util.Arrays.equals(generated.indices(), interpreted.indices()),
                        "seed " + seed + " " + r.reducer() + ": generated and interpreted blocks differ");
                var want = ScalarReductions.evaluate(r, data);
                var got = VectorReductions.evaluate(r, data, workers);
                assertEquals(want.rows(), got.rows());
                double num = 0;
                double den = 0;
                for (int q = 0; q < want.values().length; q++) {
                    double wv = want.values()[q];
                    double gv = got.values()[q];
                    if (wv == gv) {
                        continue; // also equal infinities (KMIN's missing entries)
                    }
                    double d = gv - wv;
                    num += d * d;
                    den += wv * wv;
                }
                if (want.indices() != null) {
                    // ties (the step formula has many) must resolve to the first index, as the oracle
                    for (int q = 0; q < want.indices().length; q++) {
                        int wi = want.indices()[q];
                        int gi = got.indices()[q];
                        // equal values must come from the same (first) index; values that differ by
                        // rounding (exp in lanes) may come from another pair
                        boolean equal = got.values()[q] == want.values()[q];
                        assertTrue(wi == gi || (!equal && near(got, want, q)), "seed " + seed + " " + r.reducer()
                                + " row " + q + ": index " + gi + " instead of " + wi);
                    }
                }
                double rel = Math.sqrt(num / Math.max(den, 1e-300));
                assertTrue(rel <= 1e-13, "seed " + seed + " " + r.reducer() + (r.overJ() ? " over j" : " over i")
                        + ": relative difference " + rel);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void emptySetsFollowTheOraclesConventions() {
        var f = sqdist(vi(0, 2), vj(1, 2));
        try (var workers = new Workers(2)) {
            for (var red : new Reducer[] {Reducer.SUM, Reducer.MIN, Reducer.MAX, Reducer.ARGMIN, Reducer.ARGMAX,
                Reducer.LOGSUMEXP}) {
                var r = KernelReduction.overJ(f, red);
                var noPairs = ReductionData.of(3, 0, new double[6], new double[0]);
                var want = ScalarReductions.evaluate(r, noPairs);
                var got = VectorReductions.evaluate(r, noPairs, workers);
                assertArrayEquals(want.values(), got.values(), 0.0, red + " with M = 0");
                if (want.indices() != null) {
                    assertArrayEquals(want.indices(), got.indices(), red + " indices with M = 0");
                }
                var noRows = ReductionData.of(0, 4, new double[0], new double[8]);
                assertEquals(0, VectorReductions.evaluate(r, noRows, workers).values().length, red + " with N = 0");
            }
            var k = KernelReduction.kMinOverJ(f, 2);
            var got = VectorReductions.evaluate(k, ReductionData.of(1, 0, new double[2], new double[0]), workers);
            assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}, got.values(), 0.0);
            assertArrayEquals(new int[] {-1, -1}, got.indices());
        }
    }

    /** Different indices are acceptable only where the values differ by rounding (exp in lanes). */
    private static boolean near(org.nufft4j.reduce.ReductionResult got, org.nufft4j.reduce.ReductionResult want, int q) {
        double g = got.values()[q];
        double w = want.values()[q];
        return g == w || Math.abs(g - w) <= 1e-13 * Math.max(1, Math.abs(w));
    }

    @ParameterizedTest(name = "N={0} M={1} seed={2}")
    @MethodSource("sizes")
    void sameResultForAnyThreadCount(int n, int m, long seed) {
        var rnd = new SplittableRandom(seed);
        double[] x = new double[3 * n];
        double[] y = new double[3 * m];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = rnd.nextDouble();
        }
        var data = ReductionData.of(n, m, x, y, new double[m], new double[] {0.5});
        var r = KernelReduction.overJ(Formulas.exp(Formulas.neg(sqdist(vi(0, 3), vj(1, 3)))), Reducer.SUM);
        try (var one = new Workers(1); var three = new Workers(3)) {
            assertArrayEquals(VectorReductions.evaluate(r, data, one).values(),
                    VectorReductions.evaluate(r, data, three).values(), 0.0);
        }
    }

    @org.junit.jupiter.api.Test
    void weightedLogSumExpPropagatesNaNToTheWholeRow() {
        var data = ReductionData.of(2, 5, new double[] {0, 1}, new double[] {2, Double.NaN, 1, 0.5, -1},
                new double[] {1, 2, 3, 4, 5});
        var lse = KernelReduction.logSumExpOverJ(Formulas.neg(sqdist(vi(0, 1), vj(1, 1))), vj(2, 1));
        try (var workers = new Workers(2)) {
            for (var res : List.of(ScalarReductions.evaluate(lse, data), VectorReductions.evaluate(lse, data, workers))) {
                for (double v : res.values()) {
                    assertTrue(Double.isNaN(v), "every output of a row with a NaN pair is NaN, got " + v);
                }
            }
        }
    }

    /**
     * A formula of several generated chunks (the Laplacian of the Laplacian of a mixed kernel:
     * hundreds of nodes): generated and interpreted blocks give the same bits, and agree with the
     * scalar interpreter.
     */
    @org.junit.jupiter.api.Test
    void largeFormulasRunInSeveralGeneratedChunks() {
        long seed = 77;
        var rnd = new SplittableRandom(seed);
        int n = 19;
        int m = 37;
        double[] x = TestData.uniform(rnd, 3 * n, 0, 1);
        double[] y = TestData.uniform(rnd, 3 * m, 0, 1);
        double[] b = TestData.uniform(rnd, m, -0.5, 0.5);
        Formula xi = vi(0, 3);
        Formula yj = vj(1, 3);
        Formula gauss = Formulas.mul(Formulas.exp(Formulas.neg(Formulas.div(sqdist(xi, yj),
                mul(constant(2.0), Formulas.square(pm(3, 1)))))), vj(2, 1));
        Formula g = Formulas.add(Formulas.mul(gauss, Formulas.sin(Formulas.sum(xi))),
                Formulas.div(vj(2, 1), Formulas.add(sqdist(xi, yj), constant(1.0))));
        Formula f = Derivatives.laplacian(Derivatives.laplacian(g, xi), xi);
        var r = KernelReduction.overJ(f, Reducer.SUM);
        assertTrue(VectorReductions.generates(r), "generated in chunks");
        var data = ReductionData.of(n, m, x, y, b, new double[] {0.5});
        try (var workers = new Workers(2)) {
            double[] generated = VectorReductions.evaluate(r, data, workers, true).values();
            double[] interpreted = VectorReductions.evaluate(r, data, workers, false).values();
            assertArrayEquals(interpreted, generated, 0.0, "seed " + seed + ": generated and interpreted blocks differ");
            double[] want = ScalarReductions.evaluate(r, data).values();
            double num = 0;
            double den = 0;
            for (int i = 0; i < n; i++) {
                num += (generated[i] - want[i]) * (generated[i] - want[i]);
                den += want[i] * want[i];
            }
            assertTrue(Math.sqrt(num / den) <= 1e-13, "seed " + seed + ": relative difference " + Math.sqrt(num / den));
        }
    }

    @org.junit.jupiter.api.Test
    void smallFormulasRunThroughAGeneratedClass() {
        var gaussian = Formulas.mul(Formulas.exp(Formulas.neg(sqdist(vi(0, 3), vj(1, 3)))), vj(2, 1));
        assertTrue(VectorReductions.generates(KernelReduction.overJ(gaussian, Reducer.SUM)),
                "the Gaussian sum is small enough to be generated");
    }
}
