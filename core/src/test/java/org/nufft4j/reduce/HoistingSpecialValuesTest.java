package org.nufft4j.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nufft4j.reduce.Formulas.add;
import static org.nufft4j.reduce.Formulas.constant;
import static org.nufft4j.reduce.Formulas.cos;
import static org.nufft4j.reduce.Formulas.div;
import static org.nufft4j.reduce.Formulas.inv;
import static org.nufft4j.reduce.Formulas.mul;
import static org.nufft4j.reduce.Formulas.pm;
import static org.nufft4j.reduce.Formulas.select;
import static org.nufft4j.reduce.Formulas.sin;
import static org.nufft4j.reduce.Formulas.square;
import static org.nufft4j.reduce.Formulas.sub;
import static org.nufft4j.reduce.Formulas.vi;
import static org.nufft4j.reduce.Formulas.vj;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What {@link Hoisting}'s rewrite computes at 0, +-inf and NaN, rule by rule, against plain
 * Java arithmetic on the formula as written: nothing is cancelled (NaN stays NaN), quotients by
 * invariants are exact there, and the documented exceptions (distributivity at an infinite
 * factor, a subnormal divisor, the sign of a zero) behave as documented.
 */
class HoistingSpecialValuesTest {

    /** Varies over the block (the reduced index j): data array 0, one row. */
    private static final Formula Y = vj(0, 1);
    /** A row invariant: data array 1, one value per output row. */
    private static final Formula U = vi(1, 1);
    /** A parameter: data array 2. */
    private static final Formula C = pm(2, 1);
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double[] SPECIAL = {0.0, -0.0, INF, -INF, Double.NaN, 1.5, -2.0};

    /**
     * F at (u_i, y, c) for every u_i of us, and the same for F rewritten (y varying), by the
     * scalar interpreter: {values as written, values rewritten}. One pair per output row; the
     * SUM adds it to 0.0, so a -0.0 reads +0.0.
     */
    private static double[][] evaluate(Formula f, double[] us, double y, double c) {
        Formula r = Hoisting.rewrite(f, Variable.Kind.J);
        var data = ReductionData.of(us.length, 1, new double[] {y}, us, new double[] {c});
        return new double[][] {ScalarReductions.evaluate(KernelReduction.overJ(f, Reducer.SUM), data).values(),
            ScalarReductions.evaluate(KernelReduction.overJ(r, Reducer.SUM), data).values()};
    }

    /** NaN exactly where the oracle is NaN, the same infinities, finite values within rounding. */
    private static void assertSameClass(double want, double got, double scale, Supplier<String> where) {
        if (Double.isNaN(want) || Double.isInfinite(want)) {
            assertEquals(want, got, 0.0, where);
        } else {
            assertEquals(want, got, 1e-15 * scale, where);
        }
    }

    /** Every (u, y, c) of SPECIAL (extra values of y added), the written form's value from Java. */
    private static void checkAgainstJava(Formula f, TernaryOperator written, double... extraY) {
        assertNotSame(f, Hoisting.rewrite(f, Variable.Kind.J), () -> "the rewrite applies: " + f);
        double[] ys = java.util.stream.DoubleStream.concat(java.util.Arrays.stream(SPECIAL),
                java.util.Arrays.stream(extraY)).toArray();
        for (double y : ys) {
            for (double c : SPECIAL) {
                double[] got = evaluate(f, SPECIAL, y, c)[1];
                for (int i = 0; i < SPECIAL.length; i++) {
                    double u = SPECIAL[i];
                    double want = 0.0 + written.apply(u, y, c); // as the SUM of one pair
                    double scale = 1;
                    for (double v : new double[] {u, y, c}) {
                        scale = Double.isFinite(v) ? Math.max(scale, Math.abs(v)) : scale;
                    }
                    int row = i;
                    assertSameClass(want, got[i], scale, () -> f + " rewritten " + Hoisting.rewrite(f, Variable.Kind.J)
                            + " at u = " + SPECIAL[row] + ", y = " + y + ", c = " + c);
                }
            }
        }
    }

    @FunctionalInterface
    private interface TernaryOperator {
        double apply(double u, double y, double c);
    }

    @Test
    void aFactorAndItsReciprocalNeverCancel() {
        checkAgainstJava(div(mul(Y, C), C), (u, y, c) -> y * c / c, -1.48);
        checkAgainstJava(mul(div(Y, C), C), (u, y, c) -> y / c * c, -1.48);
        checkAgainstJava(div(mul(mul(Y, C), C), C), (u, y, c) -> y * c * c / c, -1.48);
        checkAgainstJava(div(mul(Y, square(U)), U), (u, y, c) -> y * (u * u) / u, -1.48);
        checkAgainstJava(div(mul(U, Y), mul(U, C)), (u, y, c) -> u * y / (u * c), -1.48);
    }

    @Test
    void likeTermsWhoseNumbersAddToZeroStayEvaluated() {
        checkAgainstJava(sub(add(Y, U), Y), (u, y, c) -> y + u - y);
        checkAgainstJava(sub(mul(constant(3.0), mul(Y, U)), mul(mul(constant(3.0), Y), U)),
                (u, y, c) -> 3 * (y * u) - 3 * y * u);
        checkAgainstJava(add(sub(Y, U), sub(U, Y)), (u, y, c) -> y - u + (u - y));
        checkAgainstJava(sub(add(mul(C, Y), U), mul(Y, C)), (u, y, c) -> c * y + u - y * c);
        // built with the records' constructors, so not simplified by Formulas: as written
        checkAgainstJava(new Binary(Binary.Op.SUB, Y, Y), (u, y, c) -> y - y);
        checkAgainstJava(new Binary(Binary.Op.MUL, new Binary(Binary.Op.SUB, U, U), Y), (u, y, c) -> (u - u) * y);
    }

    @Test
    void theDroppingRulesOfFormulasGiveZeroEvenForInfiniteAndNaNOperands() {
        // x*0 -> 0, x-x -> 0, dot(x, 0) -> 0, dot(x, e_k) -> x[k]: applied when the formula is built
        Formula v = vj(3, 3);
        List<Formula> zeros = List.of(mul(Y, constant(0.0)), mul(constant(0.0), Y), sub(Y, Y),
                Formulas.dot(v, Formulas.filled(0.0, 3)));
        for (double y : SPECIAL) {
            for (double big : new double[] {INF, -INF, Double.NaN}) {
                var data = ReductionData.of(1, 1, new double[] {y}, new double[1], new double[1],
                        new double[] {big, y, big});
                for (Formula f : zeros) {
                    assertEquals(0.0, ScalarReductions.evaluate(KernelReduction.overJ(f, Reducer.SUM), data).values()[0],
                            0.0, () -> f + " at y = " + y);
                }
                Formula component = Formulas.dot(v, Formulas.oneHot(1, 3));
                assertEquals(0.0 + y, ScalarReductions.evaluate(KernelReduction.overJ(component, Reducer.SUM), data)
                        .values()[0], 0.0, () -> component + " is v[1] = " + y + " whatever v[0] = v[2] = " + big);
            }
        }
    }

    @Test
    void quotientsByInvariantsAreExactAtZeroInfinityAndNaN() {
        for (Formula f : List.of(div(Y, C), div(Y, U))) {
            Formula r = Hoisting.rewrite(f, Variable.Kind.J);
            assertTrue(new Program(r).steps(Variable.Kind.J).stream().noneMatch(s -> s.varies()
                    && s.node() instanceof Binary b && b.op() == Binary.Op.DIV), () -> "a product: " + r);
        }
        double[] ys = {0.0, -0.0, INF, -INF, Double.NaN, 1.5, -2.0, -1.48, 1e300, 3e-300};
        for (double y : ys) {
            for (double c : new double[] {0.0, -0.0, INF, -INF, Double.NaN}) {
                double[] got = evaluate(div(Y, C), new double[] {1}, y, c)[1];
                double[] gotU = evaluate(div(Y, U), new double[] {c}, y, 1)[1];
                assertEquals(0.0 + y / c, got[0], 0.0, "y / c at y = " + y + ", c = " + c);
                assertEquals(0.0 + y / c, gotU[0], 0.0, "y / u at y = " + y + ", u = " + c);
            }
            for (double c : new double[] {3.0, -7.5, 1e-300, 1e300}) {
                double got = evaluate(div(Y, C), new double[] {1}, y, c)[1][0];
                double want = 0.0 + y / c;
                assertEquals(want, got, Double.isFinite(want) ? 2 * Math.ulp(want) : 0.0, "y = " + y + ", c = " + c);
            }
        }
    }

    @Test
    void aReciprocalOverflowsForASubnormalDivisor() {
        // documented range effect: x / c becomes x (1 / c), and 1 / c overflows for |c| < 2^-1024
        double c = 1e-310;
        double y = 1e-300;
        assertTrue(Double.isFinite(y / c));
        assertEquals(INF, evaluate(div(Y, C), new double[] {1}, y, c)[1][0]);
        assertEquals(0.0 + y / c, evaluate(div(Y, C), new double[] {1}, y, c)[0][0], "as written: finite");
    }

    /** The documented effect of distributivity: +-inf where f A + f B is NaN at an infinite f. */
    private static void infinityWhereWrittenIsNaN(Formula f, double[] us, double y, double c, double rewritten) {
        var v = evaluate(f, us, y, c);
        for (int i = 0; i < us.length; i++) {
            assertTrue(Double.isNaN(v[0][i]), f + " as written at u = " + us[i] + ": NaN, got " + v[0][i]);
            assertEquals(rewritten, v[1][i], f + " rewritten " + Hoisting.rewrite(f, Variable.Kind.J) + " at u = " + us[i]);
        }
    }

    /** At every (u, y, c) of SPECIAL, the documented relation holds (the exception included). */
    private static void faithfulEverywhere(Formula f) {
        for (double y : SPECIAL) {
            for (double c : SPECIAL) {
                var v = evaluate(f, SPECIAL, y, c);
                for (int i = 0; i < SPECIAL.length; i++) {
                    assertFaithful(v[0][i], v[1][i], Math.max(1, Math.abs(v[0][i])),
                            f + " at u = " + SPECIAL[i] + ", y = " + y + ", c = " + c);
                }
            }
        }
    }

    /**
     * The documented relation everywhere: NaN rewritten only where NaN as written, non-finite
     * values stay non-finite (NaN may become +-inf), finite ones agree to rounding.
     */
    static void assertFaithful(double want, double got, double scale, String where) {
        if (Double.isNaN(got)) {
            assertTrue(Double.isNaN(want), () -> where + ": NaN rewritten, " + want + " as written");
        }
        if (!Double.isFinite(want)) {
            assertTrue(!Double.isFinite(got), () -> where + ": " + want + " as written, " + got + " rewritten");
        } else {
            assertEquals(want, got, 1e-13 * scale, where);
        }
    }

    @Test
    void mergingLikeTermsGivesInfinityWhereTheTermIsInfiniteAndTheWrittenFormNaN() {
        Formula t = inv(Y);
        Formula f = sub(mul(constant(3.0), t), mul(constant(2.0), t)); // 3t - 2t -> t
        infinityWhereWrittenIsNaN(f, new double[] {1}, 0.0, 1, INF);
        infinityWhereWrittenIsNaN(f, new double[] {1}, -0.0, 1, -INF);
        faithfulEverywhere(f);
    }

    @Test
    void collectingACoefficientGivesInfinityWhereTheCoefficientIsInfiniteAndTheWrittenFormNaN() {
        Formula f = add(mul(C, sin(Y)), mul(C, cos(Y))); // c (sin y + cos y)
        assertTrue(Hoisting.cost(Hoisting.rewrite(f, Variable.Kind.J), Variable.Kind.J) < Hoisting.cost(f, Variable.Kind.J));
        infinityWhereWrittenIsNaN(f, new double[] {1}, 0.0, INF, INF); // inf * 0 + inf * 1
        infinityWhereWrittenIsNaN(f, new double[] {1}, 0.0, -INF, -INF);
        faithfulEverywhere(f);
    }

    @Test
    void factoringOutAnAtomGivesInfinityWhereTheAtomIsInfiniteAndTheWrittenFormNaN() {
        Formula t = inv(Y);
        Formula f = add(mul(t, sin(Y)), mul(t, U)); // t (sin y + u)
        assertTrue(Hoisting.cost(Hoisting.rewrite(f, Variable.Kind.J), Variable.Kind.J) < Hoisting.cost(f, Variable.Kind.J));
        infinityWhereWrittenIsNaN(f, new double[] {1, 1.5, INF}, 0.0, 1, INF); // inf * 0 + inf * u
        infinityWhereWrittenIsNaN(f, new double[] {-2}, 0.0, 1, -INF);
        faithfulEverywhere(f);
    }

    @Test
    void theSqdistRuleGivesInfinityWhereTheCoefficientIsInfiniteAndAComponentDifferenceZero() {
        Formula a = vi(1, 2);
        Formula b = vj(0, 2);
        Formula f = add(mul(C, square(sub(select(a, 0), select(b, 0)))), mul(C, square(sub(select(a, 1), select(b, 1)))));
        Formula r = Hoisting.rewrite(f, Variable.Kind.J);
        assertEquals(1, new Program(r).count(Binary.class, Binary.Op.SQDIST), r::toString);
        // c (a0 - b0)^2 + c (a1 - b1)^2 at c = inf, a0 = b0: NaN as written, c sqdist(a, b) = inf
        var data = ReductionData.of(1, 1, new double[] {0.5, 1}, new double[] {0.5, 3}, new double[] {INF});
        assertTrue(Double.isNaN(ScalarReductions.evaluate(KernelReduction.overJ(f, Reducer.SUM), data).values()[0]));
        assertEquals(INF, ScalarReductions.evaluate(KernelReduction.overJ(r, Reducer.SUM), data).values()[0]);
        // everywhere the documented relation, specials included
        var rnd = new SplittableRandom(5);
        for (int trial = 0; trial < 400; trial++) {
            double[] av = {pick(rnd), pick(rnd)};
            double[] bv = {pick(rnd), pick(rnd)};
            double cv = rnd.nextBoolean() ? pick(rnd) : 0.75;
            var d = ReductionData.of(1, 1, bv, av, new double[] {cv});
            assertFaithful(ScalarReductions.evaluate(KernelReduction.overJ(f, Reducer.SUM), d).values()[0],
                    ScalarReductions.evaluate(KernelReduction.overJ(r, Reducer.SUM), d).values()[0], 100,
                    "seed 5 trial " + trial + ": a = " + java.util.Arrays.toString(av) + ", b = "
                            + java.util.Arrays.toString(bv) + ", c = " + cv);
        }
    }

    @Test
    void sqdistBecomesSqnormOfTheSharedDifferenceWithTheSameValues() {
        Formula a = vi(1, 3);
        Formula b = vj(0, 3);
        Formula f = Formulas.concat(Formulas.sqdist(a, b), sub(a, b));
        Formula r = Hoisting.rewrite(f, Variable.Kind.J);
        var program = new Program(r);
        assertEquals(0, program.count(Binary.class, Binary.Op.SQDIST), r::toString);
        assertEquals(1, program.count(Unary.class, Unary.Op.SQNORM), r::toString);
        var rnd = new SplittableRandom(6);
        for (int trial = 0; trial < 300; trial++) {
            double[] av = {pick(rnd), pick(rnd), pick(rnd)};
            double[] bv = {pick(rnd), pick(rnd), pick(rnd)};
            var d = ReductionData.of(1, 1, bv, av, new double[1]);
            double want = ScalarReductions.evaluate(KernelReduction.overJ(f, Reducer.SUM), d).values()[0];
            assertEquals(want, ScalarReductions.evaluate(KernelReduction.overJ(r, Reducer.SUM), d).values()[0], 0.0,
                    "seed 6 trial " + trial);
        }
    }

    @Test
    void reassociatedProductsKeepNaNAndInfinities() {
        // k C m: signs, numbers and invariant factors gathered into one coefficient per row
        checkAgainstJava(mul(U, mul(constant(-2.0), mul(Y, mul(C, Y)))), (u, y, c) -> u * (-2 * (y * (c * y))));
        checkAgainstJava(Formulas.neg(mul(div(Y, U), div(C, constant(4.0)))), (u, y, c) -> -(y / u * (c / 4)));
    }

    @Test
    void theSignOfAZeroCanDifferAndWithItTheSignOfAnInfinityDividedByIt() {
        // (y + 3) - 3 becomes y + 0 = y: at y = -0 the written form is +0, the rewrite -0
        Formula f = inv(sub(add(Y, constant(3.0)), constant(3.0)));
        var v = evaluate(f, new double[] {1}, -0.0, 1);
        assertEquals(INF, v[0][0], "1 / (+0) as written");
        assertEquals(-INF, v[1][0], "1 / (-0) rewritten");
        faithfulEverywhere(f);
    }

    /** A special value half the time, else uniform in (-2, 2). */
    static double pick(SplittableRandom rnd) {
        return rnd.nextBoolean() ? SPECIAL[rnd.nextInt(SPECIAL.length)] : 4 * rnd.nextDouble() - 2;
    }

    @Test
    void noRewriteTurnsANaNOrAnInfinityIntoAFiniteValue() {
        var formulas = HoistingTest.formulas();
        int n = 40;
        for (long seed = 200; seed < 210; seed++) {
            var rnd = new SplittableRandom(seed);
            double[][] arrays = {fill(rnd, 3 * n), fill(rnd, 3), fill(rnd, 1), fill(rnd, 1), fill(rnd, n), fill(rnd, n),
                fill(rnd, 3)};
            var data = ReductionData.of(n, 1, arrays);
            for (int q = 0; q < formulas.size(); q++) {
                Formula f = formulas.get(q);
                double[] want = ScalarReductions.evaluate(KernelReduction.overJ(f, Reducer.SUM), data).values();
                for (var kind : List.of(Variable.Kind.J, Variable.Kind.I)) {
                    Formula r = Hoisting.rewrite(f, kind);
                    double[] got = ScalarReductions.evaluate(KernelReduction.overJ(r, Reducer.SUM), data).values();
                    double scale = 1;
                    for (double w : want) {
                        scale = Double.isFinite(w) ? Math.max(scale, Math.abs(w)) : scale;
                    }
                    for (int i = 0; i < want.length; i++) {
                        assertFaithful(want[i], got[i], scale, "seed " + seed + " formula " + q + " varying " + kind
                                + " value " + i);
                    }
                }
            }
        }
    }

    private static double[] fill(SplittableRandom rnd, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = pick(rnd);
        }
        return a;
    }
}
