package org.nufft4j.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nufft4j.parallel.Workers;

/**
 * The front door against the index-based layer and its oracle: forward results against
 * {@link ScalarReductions} on the same data (bit for bit when the scalar interpreter runs, within
 * the SIMD evaluator's 1e-13 otherwise), gradients by variable against finite differences of
 * the exact loss {@code L = sum_i g_i a_i}, and bad input failing before any evaluation.
 */
class ReductionsTest {

    private static final double H = 1e-6;

    /** The SIMD evaluator's bound against the oracle (VectorReductionsTest's). */
    private static void close(double[] want, double[] got, String where) {
        assertEquals(want.length, got.length, where);
        for (int q = 0; q < want.length; q++) {
            assertTrue(got[q] == want[q] || Math.abs(got[q] - want[q]) <= 1e-13 * Math.max(1, Math.abs(want[q])),
                    where + " entry " + q + ": " + got[q] + " vs " + want[q]);
        }
    }

    private static Formula gaussian(Formula x, Formula y, Formula s) {
        return Formulas.exp(Formulas.neg(Formulas.div(Formulas.sqdist(x, y), Formulas.square(s))));
    }

    @Test
    void aSumIsTheOraclesOnTheSameData() {
        int n = 37; // awkward: no multiple of a vector
        int m = 53;
        double[] xs = ReductionTest.random(61, 3 * n, 2);
        double[] ys = ReductionTest.random(62, 3 * m, 2);
        double[] bs = ReductionTest.random(63, m, 1);
        var r = new Reductions();
        Formula x = r.i(xs, 3);
        Formula y = r.j(ys, 3);
        Formula b = r.j(bs, 1);
        Formula s = r.parameter(0.7);
        var sum = r.sumOverJ(gaussian(x, y, s).times(b));
        double[] want = ScalarReductions.evaluate(KernelReduction.overJ(gaussian(Formulas.vi(0, 3), Formulas.vj(1, 3),
                Formulas.pm(3, 1)).times(Formulas.vj(2, 1)), Reducer.SUM), ReductionData.of(n, m, xs, ys, bs,
                new double[] {0.7})).values();
        close(want, sum.evaluate().values(), "seed 61 sum over j");
        assertEquals(n, sum.evaluate().rows());
        // over i: one row per j
        var overI = r.sumOverI(gaussian(x, y, s));
        assertEquals(m, overI.evaluate().rows());
        close(ScalarReductions.evaluate(overI.reduction(), r.data()).values(), overI.evaluate().values(),
                "seed 61 sum over i");
    }

    /** evaluate(FLOAT) is the resolved evaluator's float evaluation of the bound data. */
    @Test
    void aFloatSumIsTheEvaluatorsFloatSum() {
        int n = 29;
        int m = 41;
        double[] xs = ReductionTest.random(71, 3 * n, 2);
        double[] ys = ReductionTest.random(72, 3 * m, 2);
        var r = new Reductions();
        var sum = r.sumOverJ(gaussian(r.i(xs, 3), r.j(ys, 3), r.parameter(0.7)));
        double[] want;
        try (var one = new Workers(1)) {
            want = ReductionEvaluators.resolve().evaluate(sum.reduction(), r.data(), one, org.nufft4j.Precision.FLOAT)
                    .values();
        }
        double[] got = sum.evaluate(org.nufft4j.Precision.FLOAT).values();
        assertEquals(want.length, got.length);
        for (int q = 0; q < want.length; q++) {
            assertEquals(Double.doubleToRawLongBits(want[q]), Double.doubleToRawLongBits(got[q]),
                    "seed 71 entry " + q);
            assertEquals(got[q], (float) got[q], "seed 71 entry " + q + " is a float value");
        }
        assertThrows(NullPointerException.class, () -> sum.evaluate(null));
    }

    /** The README's example, line for line, against the oracle (it must compile and hold). */
    @Test
    void theReadmeExample() {
        int n = 13;
        int m = 17;
        double[] xs = ReductionTest.random(101, 3 * n, 2);
        double[] ys = ReductionTest.random(102, 3 * m, 2);
        double[] bs = ReductionTest.random(103, m, 1);
        double[] g = ReductionTest.random(104, n, 1);
        double[] xsNext = ReductionTest.random(105, 3 * n, 2);
        var r = new Reductions();                                   // or new Reductions(workers)
        Formula x = r.i(xs, 3), y = r.j(ys, 3), b = r.j(bs, 1);     // row-major N x 3, M x 3, M
        Formula s = r.parameter(0.5);
        Formula f = Formulas.mul(Formulas.exp(Formulas.neg(Formulas.div(Formulas.sqdist(x, y),
                Formulas.mul(Formulas.constant(2.0), Formulas.square(s))))), b);
        var sum = r.sumOverJ(f);
        double[] a = sum.evaluate().values();
        double[] l = r.sumOverJ(Derivatives.laplacian(f, x)).evaluate().values();
        Map<Formula, double[]> grad = sum.backward(g);
        var data = ReductionData.of(n, m, xs, ys, bs, new double[] {0.5});
        close(ScalarReductions.evaluate(KernelReduction.overJ(f, Reducer.SUM), data).values(), a, "seeds 101-103 sum");
        double[] lap = ScalarReductions.evaluate(KernelReduction.overJ(Derivatives.laplacian(f, x), Reducer.SUM), data)
                .values();
        // the SIMD evaluator runs the rewritten Laplacian: VectorReductionsTest's relative 2-norm bound
        double num = 0;
        double den = 0;
        for (int q = 0; q < n; q++) {
            num += (l[q] - lap[q]) * (l[q] - lap[q]);
            den += lap[q] * lap[q];
        }
        assertTrue(Math.sqrt(num / den) <= 1e-13, "seeds 101-103 Laplacian: relative " + Math.sqrt(num / den));
        assertEquals(List.of(x, y, b, s), List.copyOf(grad.keySet()));
        r.bind(x, xsNext);
        close(ScalarReductions.evaluate(sum.reduction(), ReductionData.of(n, m, xsNext, ys, bs, new double[] {0.5}))
                .values(), sum.evaluate().values(), "seed 105 after bind");
    }

    @Test
    void newDataUnderTheSameFormula() {
        int n = 9;
        int m = 11;
        double[] ys = ReductionTest.random(72, 2 * m, 2);
        try (var workers = new Workers(2)) {
            var r = new Reductions(workers);
            Formula x = r.i(ReductionTest.random(71, 2 * n, 2), 2);
            Formula y = r.j(ys, 2);
            var sum = r.sumOverJ(Formulas.exp(Formulas.neg(Formulas.sqdist(x, y))));
            sum.evaluate();
            double[] moved = ReductionTest.random(73, 2 * n, 2);
            r.bind(x, moved);
            double[] want = ScalarReductions.evaluate(sum.reduction(), ReductionData.of(n, m, moved, ys)).values();
            close(want, sum.evaluate().values(), "seed 73 after bind");
            ys[0] += 0.25; // arrays are read at each evaluation, not copied
            want = ScalarReductions.evaluate(sum.reduction(), ReductionData.of(n, m, moved, ys)).values();
            close(want, sum.evaluate().values(), "seed 72 after an in-place change");
        }
    }

    @Test
    void gradientsByVariableMatchFiniteDifferences() {
        for (Reducer reducer : List.of(Reducer.SUM, Reducer.LOGSUMEXP)) {
            int n = 6;
            int m = 8;
            double[] xs = ReductionTest.random(81, 2 * n, 2);
            double[] ys = ReductionTest.random(82, 2 * m, 2);
            double[] bs = ReductionTest.random(83, m, 1);
            double[] ss = {0.8};
            double[] g = ReductionTest.random(84, n, 1);
            var r = new Reductions();
            Formula x = r.i(xs, 2);
            Formula y = r.j(ys, 2);
            Formula b = r.j(bs, 1);
            Formula s = r.parameter(ss);
            Formula f = reducer == Reducer.SUM ? gaussian(x, y, s).times(b)
                    : Formulas.add(Formulas.neg(Formulas.div(Formulas.sqdist(x, y), Formulas.square(s))), b);
            var red = r.overJ(f, reducer);
            Map<Formula, double[]> grads = red.backward(g);
            assertEquals(List.of(x, y, b, s), List.copyOf(grads.keySet()), "every variable, in binding order");
            double[][] arrays = {xs, ys, bs, ss};
            Formula[] vars = {x, y, b, s};
            for (int which = 0; which < 4; which++) {
                double[] arr = arrays[which];
                double[] got = grads.get(vars[which]);
                assertEquals(arr.length, got.length, reducer + " " + vars[which] + ": one value per datum");
                for (int q = 0; q < arr.length; q++) {
                    double keep = arr[q];
                    arr[q] = keep + H;
                    double lp = loss(red.reduction(), r.data(), g);
                    arr[q] = keep - H;
                    double lm = loss(red.reduction(), r.data(), g);
                    arr[q] = keep;
                    double fd = (lp - lm) / (2 * H);
                    assertEquals(fd, got[q], 1e-6 * Math.max(1, Math.abs(fd)),
                            "seeds 81-84 " + reducer + " " + vars[which] + " entry " + q);
                }
            }
            // a subset, in the order asked
            var some = red.backward(g, s, y);
            assertEquals(List.of(s, y), List.copyOf(some.keySet()));
            close(grads.get(y), some.get(y), reducer + " y alone");
        }
    }

    /** The exact loss through the oracle. */
    private static double loss(KernelReduction r, ReductionData data, double[] g) {
        double[] a = ScalarReductions.evaluate(r, data).values();
        double l = 0;
        for (int q = 0; q < a.length; q++) {
            l += g[q] * a[q];
        }
        return l;
    }

    @Test
    void badInputFailsNamingTheArgument() {
        var r = new Reductions();
        Formula x = r.i(new double[6], 3);
        var e = assertThrows(IllegalArgumentException.class, () -> r.i(new double[7], 2));
        assertTrue(e.getMessage().contains("multiple of dim"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> r.i(new double[3], 1));
        assertTrue(e.getMessage().contains("N = 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> r.i(new double[3], 0));
        assertTrue(e.getMessage().contains("dim"), e.getMessage());
        assertThrows(NullPointerException.class, () -> r.j(null, 1));
        // the sizes are only known once both sides have a variable
        var lonely = r.sumOverJ(Formulas.sqnorm(x));
        var state = assertThrows(IllegalStateException.class, lonely::evaluate);
        assertTrue(state.getMessage().contains("j-variable"), state.getMessage());
        Formula y = r.j(new double[12], 3);
        e = assertThrows(IllegalArgumentException.class, () -> r.bind(y, new double[9]));
        assertTrue(e.getMessage().contains("expected 12"), e.getMessage());
        // a variable this instance did not bind
        e = assertThrows(IllegalArgumentException.class, () -> r.sumOverJ(Formulas.sqdist(x, Formulas.vj(7, 3))));
        assertTrue(e.getMessage().contains("Vj(7,3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> r.bind(Formulas.vi(1, 3), new double[6]));
        assertTrue(e.getMessage().contains("not a variable bound"), e.getMessage());
        var sum = r.sumOverJ(Formulas.sqdist(x, y));
        e = assertThrows(IllegalArgumentException.class, () -> sum.backward(new double[3]));
        assertTrue(e.getMessage().contains("g.length = 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> sum.backward(new double[2], Formulas.vj(5, 1)));
        assertTrue(e.getMessage().contains("wrt[0]"), e.getMessage());
    }

    @Test
    void theEvaluatorFollowsTheProperty() {
        var e = ReductionEvaluators.resolve();
        if (ReductionEvaluators.simd().isPresent() && !"scalar".equals(System.getProperty("nufft4j.kernels"))) {
            assertSame(ReductionEvaluators.simd().get(), e);
            assertTrue(ReductionEvaluators.unavailableReason().isEmpty());
        } else if (ReductionEvaluators.simd().isEmpty()) {
            assertSame(ReductionEvaluators.scalar(), e);
            String why = ReductionEvaluators.unavailableReason().orElseThrow();
            assertTrue(why.contains("nufft4j-simd") || why.contains("--add-modules=jdk.incubator.vector"), why);
        } else {
            assertSame(ReductionEvaluators.scalar(), e, "nufft4j.kernels=scalar");
        }
    }

    @Test
    void theFallbackIsLoggedOnceAsAWarning() {
        var levels = new java.util.ArrayList<System.Logger.Level>();
        var messages = new java.util.ArrayList<String>();
        var log = new System.Logger() {
            @Override
            public String getName() {
                return "capture";
            }

            @Override
            public boolean isLoggable(Level level) {
                return true;
            }

            @Override
            public void log(Level level, java.util.ResourceBundle bundle, String msg, Throwable thrown) {
                levels.add(level);
                messages.add(msg);
            }

            @Override
            public void log(Level level, java.util.ResourceBundle bundle, String format, Object... params) {
                levels.add(level);
                messages.add(format);
            }
        };
        var once = new java.util.concurrent.atomic.AtomicBoolean();
        ReductionEvaluators.warnFallbackOnce(log, once);
        ReductionEvaluators.warnFallbackOnce(log, once);
        assertEquals(List.of(System.Logger.Level.WARNING), levels);
        assertTrue(messages.get(0).contains("scalar interpreter"), messages.get(0));
    }
}
