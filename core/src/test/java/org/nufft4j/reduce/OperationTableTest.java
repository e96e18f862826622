package org.nufft4j.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nufft4j.reduce.Formulas.add;
import static org.nufft4j.reduce.Formulas.constant;
import static org.nufft4j.reduce.Formulas.mul;
import static org.nufft4j.reduce.Formulas.vi;
import static org.nufft4j.reduce.Formulas.vj;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The operation table (docs/design.md, Kernel reductions): every operation of {@link Unary.Op}
 * and {@link Binary.Op} has a complete entry, and its derivative rule, written once, gives
 * reverse mode ({@link Derivatives#grad}), forward mode ({@link Derivatives#jvp}) and the
 * Laplacian (forward over reverse) that agree with central finite differences of the exact
 * scalar formula, in each operand and in the broadcasting of a scalar operand.
 */
class OperationTableTest {

    private static final Formula X = vi(0, 3);
    private static final Formula Y = vj(1, 3);
    private static final Formula B = vj(2, 1);
    /** Weights of the components, so that every component's derivative is seen apart. */
    private static final Formula W = constant(0.3, -0.7, 1.1);

    @Test
    void everyOperationHasACompleteEntry() {
        for (Unary.Op op : Unary.Op.values()) {
            assertNotNull(op.shape(), op::toString);
            assertTrue(op.cost().time() >= 1 && op.cost().size() >= 1, op + " " + op.cost());
            var node = new Unary(op, X);
            assertEquals(op.shape() == OpShape.ELEMENTWISE ? 3 : 1, node.dim(), op::toString);
            if (op.shape() == OpShape.ELEMENTWISE) {
                assertEquals(op.apply(0.75), Formulas.evaluate(op, 0.75), op::toString);
                assertThrows(UnsupportedOperationException.class, () -> op.accumulate(0, 1), op::toString);
                // the rule maps a seed of the operand's dimension to one (null: derivative 0)
                Formula d = op.derivative(node, Formulas.vi(9, 3));
                assertTrue(d == null || d.dim() == 3, op::toString);
            } else {
                assertThrows(UnsupportedOperationException.class, () -> op.apply(1), op::toString);
                assertEquals(3, op.gradient(node).dim(), op::toString);
            }
            assertTrue(OpCost.time(node) >= 1 && OpCost.size(node) >= 1, op::toString);
        }
        for (Binary.Op op : Binary.Op.values()) {
            assertNotNull(op.shape(), op::toString);
            assertTrue(op.cost().time() >= 1 && op.cost().size() >= 1, op + " " + op.cost());
            var node = new Binary(op, X, Y);
            assertEquals(op.shape() == OpShape.ELEMENTWISE ? 3 : 1, node.dim(), op::toString);
            if (op.shape() == OpShape.ELEMENTWISE) {
                assertEquals(op.apply(0.75, -2.5), Formulas.evaluate(op, 0.75, -2.5), op::toString);
                assertEquals(3, new Binary(op, X, B).dim(), op + " broadcasts a scalar");
                for (int operand = 0; operand < 2; operand++) {
                    assertEquals(3, op.derivative(node, operand, Formulas.vi(9, 3)).dim(), op::toString);
                }
            } else {
                assertThrows(UnsupportedOperationException.class, () -> op.apply(1, 2), op::toString);
                assertThrows(IllegalArgumentException.class, () -> new Binary(op, X, B), op + " needs equal dims");
                for (int operand = 0; operand < 2; operand++) {
                    assertEquals(3, op.gradient(node, operand).dim(), op::toString);
                }
            }
        }
    }

    /** One scalar formula per operation (and pow), its arguments where the operation is smooth. */
    private static Map<String, Formula> formulas() {
        var fs = new LinkedHashMap<String, Formula>();
        Formula pos = add(mul(X, add(Y, constant(0.5))), constant(0.5)); // in [0.5, 2]
        Formula neg = Formulas.sub(constant(-0.5), mul(X, Y)); // in [-1.5, -0.5]
        Formula other = add(mul(Y, constant(0.8)), constant(0.7));
        for (Unary.Op op : Unary.Op.values()) {
            if (op.shape() == OpShape.COMPONENT_SUM) {
                fs.put(op + "", new Unary(op, mul(pos, Formulas.sin(X))));
                continue;
            }
            fs.put(op + "", Formulas.dot(new Unary(op, pos), W));
            if (op != Unary.Op.LOG && op != Unary.Op.SQRT && op != Unary.Op.RSQRT) {
                fs.put(op + " (negative)", Formulas.dot(new Unary(op, neg), W));
            }
        }
        for (Binary.Op op : Binary.Op.values()) {
            if (op.shape() == OpShape.COMPONENT_SUM) {
                fs.put(op + "", new Binary(op, pos, mul(other, X)));
                continue;
            }
            fs.put(op + "", Formulas.dot(new Binary(op, pos, mul(other, X)), W));
            // a scalar operand on either side: its adjoint is the sum over the result's components
            fs.put(op + " (scalar right)", Formulas.dot(new Binary(op, pos, add(B, Formulas.select(X, 1))), W));
            fs.put(op + " (scalar left)", Formulas.dot(new Binary(op, add(B, Formulas.select(X, 2)), pos), W));
        }
        fs.put("pow 1.5", Formulas.dot(new PowerOf(pos, 1.5), W));
        fs.put("pow -0.7", Formulas.dot(new PowerOf(pos, -0.7), W));
        return fs;
    }

    /** The scalar interpreter's value of a formula at one pair (x, y, b). */
    private static double[] at(Formula f, double[] x, double[] y, double[] b) {
        var data = ReductionData.of(1, 1, x, y, b);
        return ScalarReductions.evaluate(KernelReduction.overJ(f, Reducer.SUM), data).values();
    }

    @Test
    void derivativeRulesAgreeWithFiniteDifferences() {
        long seed = 16;
        var rnd = new SplittableRandom(seed);
        double h = 1e-5;
        List<String> failures = new ArrayList<>();
        for (var e : formulas().entrySet()) {
            Formula f = e.getValue();
            for (int trial = 0; trial < 4; trial++) {
                double[] x = {rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()};
                double[] y = {rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()};
                double[] b = {rnd.nextDouble()};
                for (Formula v : List.of(X, Y, B)) {
                    double[] p = v == X ? x : v == Y ? y : b;
                    double[] grad = at(Derivatives.grad(f, v, constant(1.0)), x, y, b);
                    double[] tangent = new double[p.length];
                    double jvpWant = 0;
                    double lapWant = 0;
                    for (int k = 0; k < p.length; k++) {
                        double keep = p[k];
                        p[k] = keep + h;
                        double up = at(f, x, y, b)[0];
                        double[] gradUp = at(Derivatives.grad(f, v, constant(1.0)), x, y, b);
                        p[k] = keep - h;
                        double down = at(f, x, y, b)[0];
                        double[] gradDown = at(Derivatives.grad(f, v, constant(1.0)), x, y, b);
                        p[k] = keep;
                        double fd = (up - down) / (2 * h);
                        tangent[k] = 0.25 + 0.5 * k;
                        jvpWant += fd * tangent[k];
                        lapWant += (gradUp[k] - gradDown[k]) / (2 * h);
                        if (!close(grad[k], fd)) {
                            failures.add(e.getKey() + " grad by " + v + "[" + k + "]: rule " + grad[k] + ", fd " + fd);
                        }
                    }
                    double jvp = at(Derivatives.jvp(f, v, constant(tangent)), x, y, b)[0];
                    if (!close(jvp, jvpWant)) {
                        failures.add(e.getKey() + " jvp by " + v + ": rule " + jvp + ", fd " + jvpWant);
                    }
                    double lap = at(Derivatives.laplacian(f, v), x, y, b)[0];
                    if (!close(lap, lapWant)) {
                        failures.add(e.getKey() + " laplacian by " + v + ": rule " + lap + ", fd of grad " + lapWant);
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), "seed " + seed + ": " + String.join("\n", failures));
    }

    /** Central differences with h = 1e-5: truncation about 1e-10, rounding about 1e-11. */
    private static boolean close(double rule, double fd) {
        return Math.abs(rule - fd) <= 1e-7 * (1 + Math.abs(fd));
    }
}
