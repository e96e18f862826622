package org.nufft4j.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nufft4j.reduce.Formulas.abs;
import static org.nufft4j.reduce.Formulas.add;
import static org.nufft4j.reduce.Formulas.concat;
import static org.nufft4j.reduce.Formulas.constant;
import static org.nufft4j.reduce.Formulas.mul;
import static org.nufft4j.reduce.Formulas.pm;
import static org.nufft4j.reduce.Formulas.select;
import static org.nufft4j.reduce.Formulas.sqdist;
import static org.nufft4j.reduce.Formulas.sub;
import static org.nufft4j.reduce.Formulas.vi;
import static org.nufft4j.reduce.Formulas.vj;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nufft4j.Precision;
import org.nufft4j.parallel.Workers;
import org.nufft4j.reduce.Derivatives;
import org.nufft4j.reduce.Formula;
import org.nufft4j.reduce.Formulas;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.Reducer;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.reduce.ReductionEvaluators;
import org.nufft4j.reduce.ReductionResult;
import org.nufft4j.reduce.ScalarReductions;
import org.nufft4j.simd.VectorReductions;

/**
 * Float reductions ({@link Precision#FLOAT}) against the double scalar oracle
 * ({@link ScalarReductions#evaluate(KernelReduction, ReductionData, Precision)}: the formula in
 * double on the data rounded to float), on awkward sizes (1, 7, 17, 1000+: not multiples of the
 * 16 float lanes of AVX-512 nor of the 8 of AVX2), every operation the generated float path
 * runs, both reduction axes; and the float exp's error bound.
 *
 * <p>The tolerance of a SUM, per output value and component: with u = 2^-24 (float's unit
 * roundoff), {@code |got - want| <= (A + P) u S}, where {@code S = sum_j |f(x_i, y_j)|} (the
 * oracle's sum of the absolute terms: the sum's own condition number is S / |sum|, so the
 * bound holds however much the terms cancel), A = 32 for the summation (a lane adds at most 32
 * terms in float per block, at most 31 u S in the worst case; the blocks' partials are added in
 * double; one more u for the output's rounding), and P bounds the relative error of one term
 * computed in float: one u per rounded operation, multiplied by the condition number of what
 * follows (for exp, |argument| times the argument's relative error, plus the float exp's own
 * 4 u, {@link #floatExpErrorBound}). Each case states its P beside it. The data keep every
 * term well conditioned (x, y in [0.25, 1.25]: no cancellation in dot or sums of components;
 * the arguments of log, sin and cos away from their zeros), so that P is a small count.
 */
class FloatReductionsTest {

    private static final double U = 0x1p-24;
    /** Summation: at most 32 float additions per lane per block, and the output's rounding. */
    private static final double A = 32;

    /** A formula component and the bound P (in u) of its per-term relative error in float. */
    private record Component(String name, Formula f, double p) {
    }

    static List<Component> components() {
        Formula x = vi(0, 3);
        Formula y = vj(1, 3);
        Formula b = vj(2, 1);
        Formula d = sub(x, y);
        Formula x0 = select(x, 0);
        Formula y0 = select(y, 0);
        // sqdist: 3 subtractions, 3 squares summed by fma (5 u relative, no cancellation);
        // times 1 / (2 p^2) rounded to float (2 u): 7 u times |argument| <= 3 / (2 * 0.49)
        // = 3.1; exp 4 u; times b 1 u: P = 7 * 3.1 + 4 + 1 = 26.7
        Formula gauss = Formulas.exp(Formulas.neg(Formulas.div(sqdist(x, y), mul(constant(2.0),
                Formulas.square(pm(3, 1))))));
        return List.of(
                new Component("gaussian * b", mul(gauss, b), 27),
                new Component("add * b", mul(add(x0, select(y, 1)), b), 2),
                new Component("sub * b", mul(sub(x0, y0), b), 2),
                new Component("mul * b", mul(mul(x0, select(y, 2)), b), 2),
                new Component("div", Formulas.div(select(x, 1), add(y0, constant(3.0))), 3),
                new Component("min * b", mul(Formulas.min(select(x, 2), select(y, 2)), b), 1),
                new Component("max * b", mul(Formulas.max(x0, select(y, 1)), b), 1),
                new Component("abs * b", mul(abs(select(d, 0)), b), 2),
                new Component("neg square", Formulas.neg(Formulas.square(y0)), 1),
                // sqnorm 5 u, + 1: 1 u, sqrt halves the relative error and rounds: 3 + 1, * b: 1
                new Component("sqrt sqnorm * b", mul(Formulas.sqrt(add(Formulas.sqnorm(d), constant(1.0))), b), 6),
                new Component("rsqrt sqnorm", Formulas.rsqrt(add(Formulas.sqnorm(d), constant(1.0))), 6),
                new Component("inv * b", mul(Formulas.inv(add(select(y, 1), constant(3.0))), b), 3),
                // positive products: 3 u from the fma chain, * b: 1 u
                new Component("dot * b", mul(Formulas.dot(x, y), b), 4),
                new Component("sum * b", mul(Formulas.sum(mul(x, y)), b), 4),
                // the sign of a rounded difference is exact: only * b rounds
                new Component("step * b", mul(Formulas.step(select(d, 0)), b), 1),
                new Component("sign * b", mul(Formulas.sign(select(d, 2)), b), 1),
                // |d0| + 1/2: 2 u, pow in double rounded: 1.5 * 2 + 1, * b: 1
                new Component("pow * b", mul(Formulas.pow(add(abs(select(d, 0)), constant(0.5)), 1.5), b), 5),
                // argument in [2.5, 4.5] (2 u), condition 1 / log 2.5 = 1.09; rounding; * b
                new Component("log * b", mul(Formulas.log(add(add(x0, y0), constant(2.0))), b), 5),
                // argument in [0.5, 2.5] (1 u), condition |z cot z| <= 3.4; rounding; * b
                new Component("sin * b", mul(Formulas.sin(add(x0, y0)), b), 6),
                // argument in [0.03, 0.79] (1 u; * 0.5 exact), condition z tan z <= 0.8; rounding; * b
                new Component("cos * b", mul(Formulas.cos(mul(mul(x0, y0), constant(0.5))), b), 4));
    }

    static Stream<Arguments> sizes() {
        List<Arguments> list = new ArrayList<>();
        long seed = 160;
        for (int n : new int[] {1, 7, 17, 1000}) {
            for (int m : new int[] {1, 7, 17, 1021}) {
                list.add(Arguments.of(n, m, seed++));
            }
        }
        // few rows and many pairs: the reduced index in chunks, combined in chunk order
        list.add(Arguments.of(3, 64 * 512 * 2 + 9, seed++));
        return list.stream();
    }

    static ReductionData data(int n, int m, long seed) {
        var rnd = new SplittableRandom(seed);
        double[] x = rnd.doubles(3L * n, 0.25, 1.25).toArray();
        double[] y = rnd.doubles(3L * m, 0.25, 1.25).toArray();
        double[] b = rnd.doubles(m, -0.5, 0.5).toArray();
        return ReductionData.of(n, m, x, y, b, new double[] {0.7});
    }

    @ParameterizedTest(name = "N={0} M={1} seed={2}")
    @MethodSource("sizes")
    void everyOperationWithinItsBound(int n, int m, long seed) {
        var data = data(n, m, seed);
        var comps = components();
        Formula all = comps.get(0).f();
        Formula absAll = abs(comps.get(0).f());
        for (int c = 1; c < comps.size(); c++) {
            all = concat(all, comps.get(c).f());
            absAll = concat(absAll, abs(comps.get(c).f()));
        }
        double[] p = comps.stream().mapToDouble(Component::p).toArray();
        String[] names = comps.stream().map(Component::name).toArray(String[]::new);
        try (var workers = new Workers(2)) {
            check(KernelReduction.overJ(all, Reducer.SUM), KernelReduction.overJ(absAll, Reducer.SUM), p, names, data,
                    workers, seed);
            check(KernelReduction.overI(all, Reducer.SUM), KernelReduction.overI(absAll, Reducer.SUM), p, names, data,
                    workers, seed);
            // the benchmark's shape alone: one small class, the sum fused in registers
            var gauss = comps.get(0);
            check(KernelReduction.overJ(gauss.f(), Reducer.SUM), KernelReduction.overJ(abs(gauss.f()), Reducer.SUM),
                    new double[] {gauss.p()}, new String[] {gauss.name()}, data, workers, seed);
        }
    }

    @ParameterizedTest(name = "N={0} M={1} seed={2}")
    @MethodSource("sizes")
    void gradientAndLaplacianWithinTheirBounds(int n, int m, long seed) {
        var data = data(n, m, seed);
        Formula x = vi(0, 3);
        Formula y = vj(1, 3);
        Formula b = vj(2, 1);
        // with c = 1 / (2 p^2) and a = -c |x - y|^2: the Gaussian's gradient is -2c (x - y) e^a b,
        // its Laplacian (4 c^2 |x - y|^2 - 6 c) e^a b. Majorants of the terms' magnitudes:
        // 2c |x - y| e^a |b| per component and (4 c^2 |x - y|^2 + 6 c) e^a |b|
        Formula c = Formulas.div(constant(1.0), mul(constant(2.0), Formulas.square(pm(3, 1))));
        Formula e = Formulas.exp(Formulas.neg(mul(c, sqdist(x, y))));
        Formula f = mul(e, b);
        Formula grad = Derivatives.grad(f, x, constant(1.0));
        Formula lap = Derivatives.laplacian(f, x);
        Formula gradMajorant = mul(mul(mul(constant(2.0), c), abs(sub(x, y))), mul(e, abs(b)));
        Formula lapMajorant = mul(add(mul(mul(constant(4.0), Formulas.square(c)), sqdist(x, y)),
                mul(constant(6.0), c)), mul(e, abs(b)));
        // per term: the Gaussian's 26 u (above), the factor's subtraction and products 4 u (the
        // Laplacian's difference 4 c^2 d^2 - 6 c, relative to its majorant: 6 u); rewritten by
        // Hoisting in a different order than the oracle's, which the same counts cover
        try (var workers = new Workers(2)) {
            check(KernelReduction.overJ(grad, Reducer.SUM), KernelReduction.overJ(gradMajorant, Reducer.SUM),
                    new double[] {30, 30, 30}, new String[] {"grad x", "grad y", "grad z"}, data, workers, seed);
            check(KernelReduction.overJ(lap, Reducer.SUM), KernelReduction.overJ(lapMajorant, Reducer.SUM),
                    new double[] {32}, new String[] {"laplacian"}, data, workers, seed);
        }
    }

    /**
     * The float SIMD result within (A + P) u S of the double oracle, S from {@code majorant};
     * float outputs (each value a float); the same bits on 1 and 3 threads.
     */
    private static void check(KernelReduction r, KernelReduction majorant, double[] p, String[] names,
                              ReductionData data, Workers workers, long seed) {
        ReductionResult got = VectorReductions.evaluate(r, data, workers, Precision.FLOAT);
        ReductionResult want = ScalarReductions.evaluate(r, data, Precision.FLOAT);
        // S in double on the rounded data: the magnitude the float errors are relative to
        double[] s = ScalarReductions.evaluate(majorant, data.roundedToFloat()).values();
        assertEquals(want.values().length, got.values().length);
        int dim = r.outputDim();
        double worst = 0;
        String where = "";
        for (int q = 0; q < got.values().length; q++) {
            double g = got.values()[q];
            assertEquals((double) (float) g, g, "output " + q + " is not a float");
            double err = Math.abs(g - want.values()[q]);
            double bound = (A + p[q % dim]) * U * s[q];
            double ratio = err == 0 ? 0 : err / bound;
            if (ratio > worst) {
                worst = ratio;
                where = names[q % dim] + " at row " + q / dim + ": |" + g + " - " + want.values()[q] + "| = " + err
                        + " > " + bound;
            }
        }
        if (System.getenv("FLOAT_TEST_PRINT") != null) {
            System.out.println("WORST " + worst + " " + where);
        }
        assertTrue(worst <= 1, "seed " + seed + (r.overJ() ? " over j" : " over i") + ": " + where);
        try (var one = new Workers(1); var three = new Workers(3)) {
            assertArrayEquals(VectorReductions.evaluate(r, data, one, Precision.FLOAT).values(),
                    VectorReductions.evaluate(r, data, three, Precision.FLOAT).values(), 0.0,
                    "seed " + seed + ": float results depend on the thread count");
        }
    }

    /**
     * The float exp the generated code runs inline, through a reduction that computes
     * exp(x_i * 1) in float lanes (one pair per row): within 4 u = 2^-22 of Math.exp of the
     * float argument over [-87.33, 88.37] (the degree-6 interpolant's error 0.05 u, the
     * argument reduction about 0.7 u, Horner's 6 fma about 1.5 u, the product's rounding
     * 0.5 u; measured: 1.44 u here, 1.54 u on a grid of 2e7 points); 0 below, +infinity
     * above, NaN for NaN.
     */
    @Test
    void floatExpErrorBound() {
        var rnd = new SplittableRandom(2026);
        int grid = 400_001;
        int random = 100_000;
        double lo = -87.33;
        double hi = 88.37;
        double[] xs = new double[grid + random + 7];
        for (int q = 0; q < grid; q++) {
            xs[q] = (float) (lo + (hi - lo) * q / (grid - 1));
        }
        for (int q = 0; q < random; q++) {
            // dense near 0, where a Gaussian's arguments mostly are
            xs[grid + q] = (float) (-Math.expm1(rnd.nextDouble(0, Math.log(88.0))) * (rnd.nextBoolean() ? 1 : -1));
        }
        int special = grid + random;
        double[] specials = {-88.0, -100.0, -1e30, 89.0, 1e30, Double.NaN, 0.0};
        System.arraycopy(specials, 0, xs, special, specials.length);
        var r = KernelReduction.overJ(Formulas.exp(mul(vi(0, 1), vj(1, 1))), Reducer.SUM);
        var data = ReductionData.of(xs.length, 1, xs, new double[] {1.0});
        double[] got;
        try (var workers = new Workers(2)) {
            got = VectorReductions.evaluate(r, data, workers, Precision.FLOAT).values();
        }
        double worst = 0;
        double at = 0;
        for (int q = 0; q < special; q++) {
            double want = Math.exp(xs[q]);
            double rel = Math.abs(got[q] - want) / want;
            if (rel > worst) {
                worst = rel;
                at = xs[q];
            }
        }
        if (System.getenv("FLOAT_TEST_PRINT") != null) {
            System.out.println("EXPWORST " + worst / U + " u at " + at);
        }
        if (!VectorReductions.available()) {
            return; // the fallback is the oracle: exp in double, rounded
        }
        assertTrue(worst <= 4 * U, "float exp: relative error " + worst + " = " + worst / U + " u at x = " + at);
        assertEquals(0.0, got[special], "exp(-88)");
        assertEquals(0.0, got[special + 1], "exp(-100)");
        assertEquals(0.0, got[special + 2], "exp(-1e30)");
        assertEquals(Double.POSITIVE_INFINITY, got[special + 3], "exp(89)");
        assertEquals(Double.POSITIVE_INFINITY, got[special + 4], "exp(1e30)");
        assertTrue(Double.isNaN(got[special + 5]), "exp(NaN)");
        assertEquals(1.0, got[special + 6], "exp(0)");
    }

    /** The reducers float does not run in lanes: double on the rounded data, rounded, as the oracle. */
    @Test
    void otherReducersRoundTheDoubleResult() {
        var data = data(17, 1021, 7);
        Formula f = sqdist(vi(0, 3), vj(1, 3));
        Formula lse = Formulas.neg(mul(constant(4.0), f));
        var cases = List.of(KernelReduction.overJ(f, Reducer.MIN), KernelReduction.overI(f, Reducer.MAX),
                KernelReduction.overJ(f, Reducer.ARGMIN), KernelReduction.overJ(lse, Reducer.LOGSUMEXP),
                KernelReduction.logSumExpOverJ(lse, vj(2, 1)), KernelReduction.kMinOverJ(f, 3));
        try (var workers = new Workers(2)) {
            for (var r : cases) {
                var want = ScalarReductions.evaluate(r, data, Precision.FLOAT);
                var got = VectorReductions.evaluate(r, data, workers, Precision.FLOAT);
                for (int q = 0; q < want.values().length; q++) {
                    double w = want.values()[q];
                    // the double SIMD result is within 1e-13 of the oracle's: one float ulp at most
                    assertTrue(Math.abs(got.values()[q] - w) <= Math.ulp((float) w), r.reducer() + " value " + q
                            + ": " + got.values()[q] + " vs " + w);
                    if (want.indices() != null && got.values()[q] == w) {
                        assertEquals(want.indices()[q], got.indices()[q], r.reducer() + " index " + q);
                    }
                }
            }
        }
    }

    /** The evaluator interface's float entry point reaches the same evaluator (SIMD or scalar). */
    @Test
    void evaluatorsTakeAPrecision() {
        var data = data(7, 17, 3);
        var r = KernelReduction.overJ(mul(Formulas.exp(Formulas.neg(sqdist(vi(0, 3), vj(1, 3)))), vj(2, 1)),
                Reducer.SUM);
        try (var workers = new Workers(2)) {
            var resolved = ReductionEvaluators.resolve();
            var expected = resolved.name().equals("simd") ? VectorReductions.evaluate(r, data, workers, Precision.FLOAT)
                    : ScalarReductions.evaluate(r, data, Precision.FLOAT);
            assertArrayEquals(expected.values(), resolved.evaluate(r, data, workers, Precision.FLOAT).values(), 0.0,
                    resolved.name());
            assertArrayEquals(ScalarReductions.evaluate(r, data, Precision.FLOAT).values(),
                    ReductionEvaluators.scalar().evaluate(r, data, workers, Precision.FLOAT).values(), 0.0);
            assertArrayEquals(VectorReductions.evaluate(r, data, workers).values(),
                    VectorReductions.evaluate(r, data, workers, Precision.DOUBLE).values(), 0.0);
        }
        float[] xf = {0.5f, 0.25f, 1.0f};
        var fromFloats = ReductionData.ofFloats(1, 1, xf, xf);
        assertArrayEquals(new double[] {0.5, 0.25, 1.0}, fromFloats.arrays()[0], 0.0);
    }
}
