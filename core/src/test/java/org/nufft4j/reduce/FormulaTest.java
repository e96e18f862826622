package org.nufft4j.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nufft4j.reduce.Formulas.add;
import static org.nufft4j.reduce.Formulas.constant;
import static org.nufft4j.reduce.Formulas.exp;
import static org.nufft4j.reduce.Formulas.mul;
import static org.nufft4j.reduce.Formulas.neg;
import static org.nufft4j.reduce.Formulas.pm;
import static org.nufft4j.reduce.Formulas.sqdist;
import static org.nufft4j.reduce.Formulas.vi;
import static org.nufft4j.reduce.Formulas.vj;

import org.junit.jupiter.api.Test;

/** Hash-consing, simplification, dimension checks, printing. */
class FormulaTest {

    static Formula gaussian(int dim) {
        Formula x = vi(0, dim);
        Formula y = vj(1, dim);
        Formula s = pm(3, 1);
        return exp(neg(Formulas.div(sqdist(x, y), mul(constant(2.0), Formulas.square(s)))));
    }

    @Test
    void identicalSubformulasAreOneNode() {
        assertSame(vi(0, 3), vi(0, 3));
        assertSame(sqdist(vi(0, 3), vj(1, 3)), sqdist(vi(0, 3), vj(1, 3)));
        assertSame(gaussian(3), gaussian(3));
    }

    @Test
    void genericLaplacianOfAGaussianHasOneExpAndOneSquaredDistance() {
        Formula f = mul(gaussian(3), vj(2, 1));
        Formula lap = Derivatives.laplacian(f, vi(0, 3));
        var p = new Program(lap);
        assertEquals(1, p.count(Unary.class, Unary.Op.EXP), () -> "program of " + lap);
        assertEquals(1, p.count(Binary.class, Binary.Op.SQDIST), () -> "program of " + lap);
        assertEquals(0, p.count(Select.class, null) - countSelectsOfVariables(p), "only variables are indexed");
    }

    private static long countSelectsOfVariables(Program p) {
        long c = 0;
        for (Formula f : p.nodes) {
            if (f instanceof Select s && s.a() instanceof Variable) {
                c++;
            }
        }
        return c;
    }

    @Test
    void simplifications() {
        Formula x = vi(0, 3);
        Formula s = vj(1, 1);
        assertSame(x, mul(x, constant(1.0)));
        assertSame(x, mul(constant(1.0), x));
        assertSame(x, add(x, constant(0.0)));
        assertSame(x, add(constant(0, 0, 0), x));
        assertSame(x, neg(neg(x)));
        assertSame(x, Formulas.div(x, constant(1.0)));
        assertSame(Formulas.filled(0.0, 3), mul(x, constant(0.0)));
        assertSame(Formulas.filled(0.0, 3), Formulas.sub(x, x));
        assertSame(mul(constant(6.0), s), mul(constant(2.0), mul(constant(3.0), s)));
        assertSame(constant(5.0), add(constant(2.0), constant(3.0)));
        assertSame(Formulas.select(x, 1), Formulas.dot(x, Formulas.oneHot(1, 3)));
        assertSame(x, Formulas.pow(x, 1));
        assertSame(Formulas.square(x), Formulas.pow(x, 2));
    }

    @Test
    void dimensionMismatchesFailClearly() {
        var e = assertThrows(IllegalArgumentException.class, () -> add(vi(0, 3), vj(1, 2)));
        assertTrue(e.getMessage().contains("dimensions 3 and 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> sqdist(vi(0, 3), vj(1, 2)));
        assertTrue(e.getMessage().contains("sqdist"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Formulas.select(vi(0, 3), 3));
        assertTrue(e.getMessage().contains("k must be in [0, a.dim()) = [0, 3), got 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> vi(-1, 3));
        assertThrows(IllegalArgumentException.class, () -> vi(0, 0));
        e = assertThrows(IllegalArgumentException.class,
                () -> KernelReduction.overJ(vi(0, 3), Reducer.ARGMIN));
        assertTrue(e.getMessage().contains("scalar"), e.getMessage());
    }

    @Test
    void readableToString() {
        assertEquals("exp(-sqdist(Vi(0,3), Vj(1,3))/2*(Pm(3,1))^2)", gaussian(3).toString());
    }
}
