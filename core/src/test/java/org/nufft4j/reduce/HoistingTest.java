package org.nufft4j.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nufft4j.reduce.Formulas.constant;
import static org.nufft4j.reduce.Formulas.div;
import static org.nufft4j.reduce.Formulas.exp;
import static org.nufft4j.reduce.Formulas.mul;
import static org.nufft4j.reduce.Formulas.neg;
import static org.nufft4j.reduce.Formulas.pm;
import static org.nufft4j.reduce.Formulas.sqdist;
import static org.nufft4j.reduce.Formulas.square;
import static org.nufft4j.reduce.Formulas.vi;
import static org.nufft4j.reduce.Formulas.vj;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rewrite the SIMD evaluator runs ({@link Hoisting}): the same values as the original
 * formula (pair by pair, through the scalar interpreter), never a higher cost, and on the
 * Gaussian kernel's derivatives the forms a person would write by hand.
 */
class HoistingTest {

    private static final Formula X = vi(0, 3);
    private static final Formula Y = vj(1, 3);
    private static final Formula B = vj(2, 1);
    private static final Formula P = pm(3, 1);
    private static final Formula Q = pm(6, 3);

    private static Formula gaussian() {
        return mul(exp(neg(div(sqdist(X, Y), mul(constant(2.0), square(P))))), B);
    }

    /** Formulas with sums, differences, products, quotients, squares, broadcasting and concatenation. */
    static List<Formula> formulas() {
        var list = new ArrayList<Formula>();
        Formula f = gaussian();
        list.add(f);
        list.add(Derivatives.laplacian(f, X));
        list.add(Derivatives.laplacian(f, Y));
        list.add(Derivatives.grad(f, X, constant(1.0)));
        list.add(Derivatives.grad(f, Y, constant(1.0)));
        list.add(Derivatives.divergence(mul(f, Formulas.sub(X, Y)), X));
        Formula g = mul(exp(neg(Formulas.dot(X, Y))), Formulas.sin(Formulas.sum(X)));
        list.add(Derivatives.laplacian(g, X));
        list.add(Derivatives.laplacian(Derivatives.laplacian(f, X), X));
        for (var group : Backprop.gradients(KernelReduction.overJ(f, Reducer.SUM), List.of(X, Y, B, P), 4, 5)) {
            list.add(group.reduction().formula());
        }
        Formula lse = neg(div(sqdist(X, Y), P));
        for (var group : Backprop.gradients(KernelReduction.overJ(lse, Reducer.LOGSUMEXP), List.of(X, Y), 4, 5)) {
            list.add(group.reduction().formula());
        }
        // division by a vector invariant, a varying divisor, broadcasting and cancellation
        Formula d = Formulas.sub(X, Y);
        list.add(Formulas.add(div(mul(B, d), Q), mul(square(Formulas.add(d, Q)), Formulas.select(d, 1))));
        list.add(div(B, Formulas.add(sqdist(X, Y), constant(1.0))));
        list.add(Formulas.sub(mul(constant(3.0), mul(B, d)), mul(mul(B, d), constant(2.0))));
        list.add(Formulas.concat(mul(B, P), Formulas.add(Formulas.select(d, 0), mul(P, Formulas.select(X, 2)))));
        return list;
    }

    /** F at (x_i, y_0) for 40 rows x_i: one pair per output value. */
    private static double[] pairs(Formula f, long seed) {
        int n = 40;
        var data = ReductionData.of(n, 1, ReductionTest.random(seed, 3 * n, 2), ReductionTest.random(seed + 1, 3, 2),
                ReductionTest.random(seed + 2, 1, 2), new double[] {0.7}, ReductionTest.random(seed + 3, n, 2),
                ReductionTest.random(seed + 4, n, 2), new double[] {0.5, 1.5, -2.0});
        return ScalarReductions.evaluate(KernelReduction.overJ(f, Reducer.SUM), data).values();
    }

    @Test
    void rewrittenFormulasHaveTheOriginalValues() {
        var formulas = formulas();
        int changed = 0;
        for (int q = 0; q < formulas.size(); q++) {
            Formula f = formulas.get(q);
            for (var kind : List.of(Variable.Kind.J, Variable.Kind.I)) {
                Formula r = Hoisting.rewrite(f, kind);
                changed += r == f ? 0 : 1;
                for (long seed = 100; seed < 105; seed++) {
                    double[] want = pairs(f, seed);
                    double[] got = pairs(r, seed);
                    double scale = 1;
                    for (double w : want) {
                        scale = Math.max(scale, Math.abs(w));
                    }
                    for (int i = 0; i < want.length; i++) {
                        assertEquals(want[i], got[i], 1e-13 * scale, "formula " + q + " varying " + kind + " seed " + seed
                                + " value " + i + "\n  " + f + "\n  rewritten " + r);
                    }
                }
            }
        }
        assertTrue(changed >= 2 * formulas.size() - 4, changed + " of " + 2 * formulas.size() + " rewrites changed the formula");
    }

    @Test
    void theRewriteNeverCostsMore() {
        for (Formula f : formulas()) {
            for (var kind : List.of(Variable.Kind.J, Variable.Kind.I)) {
                assertTrue(Hoisting.cost(Hoisting.rewrite(f, kind), kind) <= Hoisting.cost(f, kind), f + " over " + kind);
            }
        }
    }

    @Test
    void genericGaussianLaplacianIsTheHandWrittenForm() {
        Formula generic = Hoisting.rewrite(Derivatives.laplacian(gaussian(), X), Variable.Kind.J);
        var program = new Program(generic);
        assertEquals(1, program.count(Unary.class, Unary.Op.EXP), generic::toString);
        assertEquals(1, program.count(Binary.class, Binary.Op.SQDIST), generic::toString);
        assertEquals(0, varyingDivisions(program, Variable.Kind.J), generic::toString);
        // b K (r^2 - D s^2) / s^4 with K = exp(-r^2 / (2 s^2)), as the fused kernel computes it
        Formula r2 = sqdist(X, Y);
        Formula s2 = square(P);
        Formula hand = mul(mul(B, exp(neg(div(r2, mul(constant(2.0), s2))))),
                div(Formulas.sub(r2, mul(constant(3.0), s2)), square(s2)));
        int handCost = Hoisting.cost(Hoisting.rewrite(hand, Variable.Kind.J), Variable.Kind.J);
        assertTrue(Hoisting.cost(generic, Variable.Kind.J) <= handCost,
                "generic " + Hoisting.cost(generic, Variable.Kind.J) + " vs hand-written " + handCost + ": " + generic);
        assertTrue(Hoisting.cost(Derivatives.laplacian(gaussian(), X), Variable.Kind.J) > 3 * handCost,
                "the trace form before the rewrite is several times the hand-written one");
    }

    @Test
    void gaussianGradientsComputeTheDifferenceOnce() {
        Formula grad = Hoisting.rewrite(Derivatives.grad(gaussian(), X, constant(1.0)), Variable.Kind.J);
        var program = new Program(grad);
        assertEquals(0, program.count(Binary.class, Binary.Op.SQDIST), grad::toString);
        assertEquals(1, program.count(Unary.class, Unary.Op.SQNORM), grad::toString);
        assertEquals(1, program.count(Binary.class, Binary.Op.SUB), grad::toString);
        assertEquals(0, varyingDivisions(program, Variable.Kind.J), grad::toString);
    }

    /** Divisions in the varying part (the per-row coefficients may divide: once per row). */
    private static long varyingDivisions(Program program, Variable.Kind varying) {
        return program.steps(varying).stream()
                .filter(s -> s.varies() && s.node() instanceof Binary b && b.op() == Binary.Op.DIV).count();
    }

    @Test
    void likeTermsMergeAndSharedFactorsComeOut() {
        Formula e = exp(Formulas.sum(Y));
        Formula s = Formulas.sin(Formulas.sum(Y));
        // b e + b s + 3 (b e): b (4 e + s), two multiplications and one addition in the varying part
        Formula f = Formulas.add(Formulas.add(mul(B, e), mul(B, s)), mul(constant(3.0), mul(B, e)));
        Formula r = Hoisting.rewrite(f, Variable.Kind.J);
        var program = new Program(r);
        assertEquals(2, program.count(Binary.class, Binary.Op.MUL), r::toString);
        assertEquals(1, program.count(Binary.class, Binary.Op.ADD), r::toString);
    }

    @Test
    void quotientsByRowInvariantsBecomeProducts() {
        Formula f = div(div(Formulas.sum(Y), P), Formulas.select(X, 0));
        Formula r = Hoisting.rewrite(f, Variable.Kind.J);
        var program = new Program(r);
        for (var step : program.steps(Variable.Kind.J)) {
            if (step.varies()) {
                assertTrue(!(step.node() instanceof Binary b && b.op() == Binary.Op.DIV), r::toString);
            }
        }
        assertEquals(Hoisting.cost(Formulas.sum(Y), Variable.Kind.J) + 1, Hoisting.cost(r, Variable.Kind.J), r::toString);
    }

    @Test
    void invariantFormulasAndRepeatedRewritesAreUnchanged() {
        Formula onlyX = mul(exp(Formulas.sum(X)), P);
        assertSame(onlyX, Hoisting.rewrite(onlyX, Variable.Kind.J));
        Formula lap = Derivatives.laplacian(gaussian(), X);
        assertSame(Hoisting.rewrite(lap, Variable.Kind.J), Hoisting.rewrite(lap, Variable.Kind.J));
    }

    @Test
    void formulasDeeperThanMaxDepthAreLeftAsWritten() {
        // quotients by a parameter: the rewrite turns each into a product, when it runs
        Formula deep = quotientChain(5000); // a chain the recursive rewrite could not descend
        assertTrue(Hoisting.depth(deep) > Hoisting.MAX_DEPTH);
        assertSame(deep, Hoisting.rewrite(deep, Variable.Kind.J));
        Formula shallow = quotientChain(100);
        assertTrue(Hoisting.depth(shallow) <= Hoisting.MAX_DEPTH);
        Formula r = Hoisting.rewrite(shallow, Variable.Kind.J);
        assertTrue(Hoisting.cost(r, Variable.Kind.J) < Hoisting.cost(shallow, Variable.Kind.J),
                "at depth " + Hoisting.depth(shallow) + " <= MAX_DEPTH the rewrite still applies");
    }

    /** (((b / p + sin(sum y)) / p + sin(sum y)) / p ...: levels quotients and sums. */
    private static Formula quotientChain(int levels) {
        Formula f = B;
        for (int i = 0; i < levels; i++) {
            f = Formulas.add(div(f, P), Formulas.sin(Formulas.sum(Y)));
        }
        return f;
    }
}
