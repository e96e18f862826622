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

    // ---- special values: the rewrite the SIMD evaluator runs cancels nothing the oracle computes

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double[] SPECIAL = {0.0, -0.0, INF, -INF, Double.NaN, 1.5, -2.0, -1.48};

    @org.junit.jupiter.api.Test
    void aFactorOverItselfIsNaNAtZeroInBothEvaluators() {
        Formula x = vj(0, 1);
        Formula c = pm(1, 1);
        Formula f = Formulas.div(Formulas.mul(x, c), c); // x c / c
        try (var workers = new Workers(2)) {
            for (double cv : new double[] {0.0, -0.0, INF, -INF, Double.NaN}) {
                for (int m : new int[] {1, 7}) {
                    double[] xs = new double[m];
                    java.util.Arrays.fill(xs, -1.48);
                    var data = ReductionData.of(2, m, xs, new double[] {cv});
                    for (var r : List.of(KernelReduction.overJ(f, Reducer.SUM), KernelReduction.overI(f, Reducer.SUM),
                            KernelReduction.overJ(f, Reducer.LOGSUMEXP))) {
                        double want = ScalarReductions.evaluate(r, data).values()[0];
                        assertTrue(Double.isNaN(want), "the oracle: (x c) / c is NaN at c = " + cv);
                        for (boolean generated : new boolean[] {true, false}) {
                            double got = VectorReductions.evaluate(r, data, workers, generated).values()[0];
                            assertTrue(Double.isNaN(got), r.reducer() + (r.overJ() ? " over j" : " over i") + ", M = " + m
                                    + ", c = " + cv + (generated ? ", generated" : ", interpreted") + ": got " + got);
                        }
                    }
                }
            }
        }
    }

    /** Formulas whose rewrite would cancel an operand if the rewrite cancelled anything. */
    private static List<Formula> cancellations() {
        Formula y = vj(0, 1);
        Formula u = vi(1, 1);
        Formula c = pm(2, 1);
        return List.of(Formulas.div(Formulas.mul(y, c), c), Formulas.mul(Formulas.div(y, u), u),
                Formulas.div(Formulas.mul(Formulas.mul(y, c), c), c), Formulas.sub(Formulas.add(y, u), y),
                Formulas.sub(mul(constant(3.0), mul(y, u)), mul(mul(constant(3.0), y), u)),
                Formulas.add(Formulas.sub(y, u), Formulas.sub(u, y)),
                new org.nufft4j.reduce.Binary(org.nufft4j.reduce.Binary.Op.SUB, y, y),
                // the rules of Formulas that drop an operand: both evaluators see them alike
                mul(y, constant(0.0)), Formulas.sub(y, y), Formulas.div(y, c), Formulas.div(y, u));
    }

    @org.junit.jupiter.api.Test
    void cancellationsGiveTheOraclesNaNsAndInfinitiesExactly() {
        try (var workers = new Workers(2)) {
            for (Formula f : cancellations()) {
                for (double yv : SPECIAL) {
                    for (double cv : SPECIAL) {
                        // one pair per output row (u over the rows), so values are not mixed by sums
                        var data = ReductionData.of(SPECIAL.length, 1, new double[] {yv}, SPECIAL, new double[] {cv});
                        var r = KernelReduction.overJ(f, Reducer.SUM);
                        double[] want = ScalarReductions.evaluate(r, data).values();
                        double[] got = VectorReductions.evaluate(r, data, workers).values();
                        for (int i = 0; i < want.length; i++) {
                            String where = f + " at u = " + SPECIAL[i] + ", y = " + yv + ", c = " + cv;
                            if (Double.isFinite(want[i])) {
                                assertEquals(want[i], got[i], 1e-15 * Math.max(1, Math.abs(want[i])), where);
                            } else {
                                assertEquals(want[i], got[i], 0.0, where);
                            }
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "seed={0}")
    @org.junit.jupiter.params.provider.ValueSource(longs = {300, 301, 302, 303})
    void specialValuesNeverBecomeFiniteInTheSimdEvaluator(long seed) {
        // the formulas of the SIMD test, at special values: where the oracle is NaN or +-inf the
        // SIMD evaluator is too (a NaN may read +-inf, as documented for distributivity at an
        // infinite factor), where it gives NaN so does the oracle, finite values agree
        var rnd = new SplittableRandom(seed);
        int n = 29;
        double[] x = special(rnd, 3 * n);
        double[] y = special(rnd, 3);
        double[] b = special(rnd, 1);
        var data = ReductionData.of(n, 1, x, y, b, new double[] {rnd.nextBoolean() ? 0.7 : special(rnd, 1)[0]});
        Formula f = everything();
        List<Formula> formulas = List.of(f, Derivatives.grad(Formulas.select(f, 0), vi(0, 3), constant(1.0)),
                Derivatives.laplacian(Formulas.select(f, 0), vi(0, 3)), Derivatives.laplacian(Formulas.select(f, 0), vj(1, 3)));
        try (var workers = new Workers(2)) {
            for (int q = 0; q < formulas.size(); q++) {
                var r = KernelReduction.overJ(formulas.get(q), Reducer.SUM);
                double[] want = ScalarReductions.evaluate(r, data).values();
                double[] got = VectorReductions.evaluate(r, data, workers).values();
                double scale = 1;
                for (double w : want) {
                    scale = Double.isFinite(w) ? Math.max(scale, Math.abs(w)) : scale;
                }
                for (int i = 0; i < want.length; i++) {
                    String where = "seed " + seed + " formula " + q + " value " + i + ": oracle " + want[i] + ", simd "
                            + got[i];
                    if (Double.isNaN(got[i])) {
                        assertTrue(Double.isNaN(want[i]), where);
                    }
                    if (Double.isFinite(want[i])) {
                        assertEquals(want[i], got[i], 1e-12 * scale, where);
                    } else {
                        assertTrue(!Double.isFinite(got[i]), where);
                    }
                }
            }
        }
    }

    /** A special value half the time, else uniform in (-1, 1). */
    private static double[] special(SplittableRandom rnd, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextBoolean() ? SPECIAL[rnd.nextInt(SPECIAL.length)] : 2 * rnd.nextDouble() - 1;
        }
        return a;
    }

    // ---- output sizes

    @org.junit.jupiter.api.Test
    void kMinWhoseOutputCannotBeAllocatedFailsNamingKRowsMAndTheLimit() {
        var f = sqdist(vi(0, 1), vj(1, 1));
        try (var workers = new Workers(2)) {
            var overJ = KernelReduction.kMinOverJ(f, Integer.MAX_VALUE);
            var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> VectorReductions.evaluate(overJ, ReductionData.of(2, 3, new double[2], new double[3]), workers));
            for (String part : List.of("k = " + Integer.MAX_VALUE, "N = 2 output rows", "M = 3",
                    String.valueOf(KernelReduction.MAX_ARRAY_LENGTH), "only pads")) {
                assertTrue(e.getMessage().contains(part), e.getMessage());
            }
            var overI = new KernelReduction(f, false, Reducer.KMIN, null, Integer.MAX_VALUE / 2);
            e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> VectorReductions.evaluate(overI, ReductionData.of(5, 3, new double[5], new double[3]), workers));
            assertTrue(e.getMessage().contains("M = 3 output rows") && e.getMessage().contains("N = 5"), e.getMessage());
            // no rows: any k fits
            var none = VectorReductions.evaluate(KernelReduction.kMinOverJ(f, KernelReduction.MAX_ARRAY_LENGTH),
                    ReductionData.of(0, 3, new double[0], new double[3]), workers);
            assertEquals(0, none.values().length);
        }
    }

    @ParameterizedTest(name = "k={0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {2, 9, 1000, 20_000})
    void kMinBeyondTheReducedCountPadsLikeTheOracle(int k) {
        int lanes = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length();
        long seed = 400 + k;
        var rnd = new SplittableRandom(seed);
        var f = Formulas.square(Formulas.sub(vi(0, 1), vj(1, 1)));
        try (var workers = new Workers(2)) {
            // {N, M, over j?}: a reduced count below k, both axes; and few rows with many pairs
            // (the reduced index split into chunks, each shorter than the largest k)
            for (int[] c : new int[][] {{5, 6, 1}, {6, 5, 0}, {70, 3, 1}, {3, 70, 0}, {3, 64 * 64 * lanes + 5, 1}}) {
                int n = c[0];
                int m = c[1];
                boolean overJ = c[2] == 1;
                double[] x = TestData.uniform(rnd, n, -1, 1);
                double[] y = TestData.uniform(rnd, m, -1, 1);
                y[m / 2] = Double.NaN; // never kept
                var r = new KernelReduction(f, overJ, Reducer.KMIN, null, k);
                var got = VectorReductions.evaluate(r, ReductionData.of(n, m, x, y), workers);
                int rows = overJ ? n : m;
                for (int row = 0; row < rows; row++) {
                    double[] values = new double[k];
                    int[] indices = new int[k];
                    if (overJ) {
                        kSmallest(x[row], y, values, indices);
                    } else {
                        kSmallest(y[row], x, values, indices);
                    }
                    String where = "seed " + seed + " N " + n + " M " + m + (overJ ? " over j" : " over i") + " row " + row;
                    assertArrayEquals(values, java.util.Arrays.copyOfRange(got.values(), row * k, (row + 1) * k), 0.0, where);
                    assertArrayEquals(indices, java.util.Arrays.copyOfRange(got.indices(), row * k, (row + 1) * k), where);
                }
            }
        }
    }

    /** The oracle: (a - b_q)^2 by value then index, NaN left out, padded with +inf and -1. */
    private static void kSmallest(double a, double[] b, double[] values, int[] indices) {
        Integer[] order = java.util.stream.IntStream.range(0, b.length).filter(q -> !Double.isNaN(a - b[q])).boxed()
                .toArray(Integer[]::new);
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble((Integer q) -> (a - b[q]) * (a - b[q]))
                .thenComparing(q -> q));
        java.util.Arrays.fill(values, INF);
        java.util.Arrays.fill(indices, -1);
        for (int q = 0; q < Math.min(values.length, order.length); q++) {
            values[q] = (a - b[order[q]]) * (a - b[order[q]]);
            indices[q] = order[q];
        }
    }

    @org.junit.jupiter.api.Test
    void outputsBeyondTheArrayLimitFailBeforeAllocating() {
        int dim = 1 << 20; // N x dim = 4096 x 2^20 = 2^32: the int product would wrap to 0
        var r = KernelReduction.overJ(pm(0, dim), Reducer.SUM);
        try (var workers = new Workers(2)) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> VectorReductions.evaluate(r, ReductionData.of(4096, 1, new double[dim]), workers));
            assertTrue(e.getMessage().contains("N = 4096 output rows of " + dim + " components")
                    && e.getMessage().contains("4294967296"), e.getMessage());
        }
    }

    @org.junit.jupiter.api.Test
    void aReducedCountNearIntegerMaxValueDoesNotOverflowTheBlocks() {
        // no reduced-side data, so M can be huge: chunk ends and block steps must not wrap
        int m = Integer.MAX_VALUE - 1;
        double x = 0.5;
        var r = KernelReduction.overJ(vi(0, 1), Reducer.SUM);
        try (var workers = new Workers(2)) {
            double got = VectorReductions.evaluate(r, ReductionData.of(1, m, new double[] {x}), workers).values()[0];
            assertEquals(x * m, got, 0.0, "a sum of M halves is exact in doubles"); // m < 2^53
        }
    }

    @org.junit.jupiter.api.Test
    void nullArgumentsAreNamed() {
        var r = KernelReduction.overJ(sqdist(vi(0, 1), vj(1, 1)), Reducer.SUM);
        var data = ReductionData.of(1, 1, new double[1], new double[1]);
        try (var workers = new Workers(1)) {
            for (var call : List.<java.util.Map.Entry<String, org.junit.jupiter.api.function.Executable>>of(
                    java.util.Map.entry("reduction", () -> VectorReductions.evaluate(null, data, workers)),
                    java.util.Map.entry("data", () -> VectorReductions.evaluate(r, null, workers)),
                    java.util.Map.entry("workers", () -> VectorReductions.evaluate(r, data, null)),
                    java.util.Map.entry("reduction", () -> VectorReductions.evaluate(null, data, workers, false)),
                    java.util.Map.entry("reduction", () -> VectorReductions.generates(null)))) {
                var e = org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class, call.getValue());
                assertEquals(call.getKey(), e.getMessage());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void formulasBuiltWithRecordConstructorsEvaluateAsWritten() {
        // equal nodes built apart (one interned, one not) are distinct nodes, as in the oracle
        Formula y = vj(1, 1);
        Formula again = new org.nufft4j.reduce.Variable(org.nufft4j.reduce.Variable.Kind.J, 1, 1);
        var ops = List.of(org.nufft4j.reduce.Binary.Op.ADD, org.nufft4j.reduce.Binary.Op.SUB,
                org.nufft4j.reduce.Binary.Op.MUL);
        double[] ys = {1.5, -2.0, INF, Double.NaN, 0.0};
        var data = ReductionData.of(3, ys.length, new double[] {1, 2, 3}, ys);
        try (var workers = new Workers(2)) {
            for (var op : ops) {
                Formula f = mul(vi(0, 1), new org.nufft4j.reduce.Binary(op, y, again));
                for (var r : List.of(KernelReduction.overJ(f, Reducer.SUM), KernelReduction.overI(f, Reducer.MAX))) {
                    for (boolean generated : new boolean[] {true, false}) {
                        assertArrayEquals(ScalarReductions.evaluate(r, data).values(),
                                VectorReductions.evaluate(r, data, workers, generated).values(), 0.0,
                                op + " " + r.reducer() + (generated ? " generated" : " interpreted"));
                    }
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void veryDeepFormulasEvaluateLikeTheOracle() {
        // 5000 nested sums: too deep for the rewrite, which leaves them as written
        Formula y = vj(0, 1);
        Formula f = vi(1, 1);
        for (int i = 0; i < 5000; i++) {
            f = Formulas.add(mul(f, constant(0.999)), Formulas.sin(y));
        }
        long seed = 500;
        var rnd = new SplittableRandom(seed);
        var data = ReductionData.of(3, 37, TestData.uniform(rnd, 37, -1, 1), TestData.uniform(rnd, 3, -1, 1));
        var r = KernelReduction.overJ(f, Reducer.SUM);
        try (var workers = new Workers(2)) {
            double[] want = ScalarReductions.evaluate(r, data).values();
            double[] got = VectorReductions.evaluate(r, data, workers).values();
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-12 * Math.max(1, Math.abs(want[i])), "seed " + seed + " row " + i);
            }
        }
    }
}
