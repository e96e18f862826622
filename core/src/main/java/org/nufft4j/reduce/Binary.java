package org.nufft4j.reduce;

import java.util.List;
import java.util.Objects;

/**
 * A function of two operands: elementwise with broadcasting of a one-component operand
 * ({@code ADD .. MAX}), or a vector operation with a scalar result ({@link Op#DOT},
 * {@link Op#SQDIST}). Build it with {@link Formulas} ({@link Formulas#add}, ...), which
 * simplifies and returns the one shared node.
 *
 * @param op the operation
 * @param a the first operand
 * @param b the second operand: of a's dimension, or (elementwise operations only) either
 *     operand scalar
 * @param dim the result's dimension: 1 for DOT and SQDIST, else the larger of the operands'
 *     (a component, cached because evaluators call {@code dim()} in their hot loops)
 */
public record Binary(Op op, Formula a, Formula b, int dim) implements Formula {

    /**
     * The operations, each one entry holding all that defines it (docs/design.md, Kernel
     * reductions: the operation table), as {@link Unary.Op} does: shape, value on doubles
     * ({@link #apply}, as {@link Formulas#evaluate(Op, double, double)} gives it), derivative
     * rule written once per operand, and {@link OpCost}.
     */
    public enum Op {
        /** {@code x + y}. */
        ADD(OpShape.ELEMENTWISE, new OpCost(1, 1)) {
            @Override
            public double apply(double x, double y) {
                return x + y;
            }

            @Override
            Formula derivative(Binary b, int operand, Formula s) {
                return s;
            }
        },
        /** {@code x - y}. */
        SUB(OpShape.ELEMENTWISE, new OpCost(1, 1)) {
            @Override
            public double apply(double x, double y) {
                return x - y;
            }

            @Override
            Formula derivative(Binary b, int operand, Formula s) {
                return s;
            }

            @Override
            boolean subtracted(int operand) {
                return operand == 1;
            }
        },
        /** {@code x * y}. */
        MUL(OpShape.ELEMENTWISE, new OpCost(1, 1)) {
            @Override
            public double apply(double x, double y) {
                return x * y;
            }

            @Override
            Formula derivative(Binary b, int operand, Formula s) {
                return Formulas.mul(s, operand == 0 ? b.b() : b.a());
            }
        },
        /** {@code x / y}. */
        DIV(OpShape.ELEMENTWISE, new OpCost(4, 1)) {
            @Override
            public double apply(double x, double y) {
                return x / y;
            }

            @Override
            Formula derivative(Binary b, int operand, Formula s) {
                // d(x/y) = dx / y - (x/y) dy / y
                return operand == 0 ? Formulas.div(s, b.b()) : Formulas.div(Formulas.mul(s, b), b.b());
            }

            @Override
            boolean subtracted(int operand) {
                return operand == 1;
            }
        },
        /** The smaller, as {@link Math#min}: NaN if either is NaN, -0.0 below 0.0. */
        MIN(OpShape.ELEMENTWISE, new OpCost(1, 1)) {
            @Override
            public double apply(double x, double y) {
                return Math.min(x, y);
            }

            @Override
            Formula derivative(Binary b, int operand, Formula s) {
                // to the strictly smaller operand, to neither on a tie
                return Formulas.mul(s, Formulas.step(operand == 0 ? Formulas.sub(b.b(), b.a())
                        : Formulas.sub(b.a(), b.b())));
            }
        },
        /** The larger, as {@link Math#max}: NaN if either is NaN, 0.0 above -0.0. */
        MAX(OpShape.ELEMENTWISE, new OpCost(1, 1)) {
            @Override
            public double apply(double x, double y) {
                return Math.max(x, y);
            }

            @Override
            Formula derivative(Binary b, int operand, Formula s) {
                return Formulas.mul(s, Formulas.step(operand == 0 ? Formulas.sub(b.a(), b.b())
                        : Formulas.sub(b.b(), b.a())));
            }
        },
        /** {@code sum_k a_k b_k} (scalar result). */
        DOT(OpShape.COMPONENT_SUM, new OpCost(2, 2)) {
            @Override
            public double accumulate(double acc, double x, double y) {
                return acc + x * y;
            }

            @Override
            double scale() {
                return 1.0;
            }

            @Override
            Formula gradient(Binary b, int operand) {
                return operand == 0 ? b.b() : b.a();
            }
        },
        /** {@code sum_k (a_k - b_k)^2} (scalar result). */
        SQDIST(OpShape.COMPONENT_SUM, new OpCost(2, 2)) {
            @Override
            public double accumulate(double acc, double x, double y) {
                return acc + (x - y) * (x - y);
            }

            @Override
            double scale() {
                return 2.0;
            }

            @Override
            Formula gradient(Binary b, int operand) {
                return Formulas.sub(b.a(), b.b());
            }

            @Override
            boolean subtracted(int operand) {
                return operand == 1;
            }
        };

        private final OpShape shape;
        private final OpCost cost;

        Op(OpShape shape, OpCost cost) {
            this.shape = shape;
            this.cost = cost;
        }

        /**
         * How the operation maps components, which gives the result's dimension.
         *
         * @return ELEMENTWISE (the larger operand's dimension, a scalar broadcast) or
         *     COMPONENT_SUM (a scalar, the operands of equal dimension)
         */
        public OpShape shape() {
            return shape;
        }

        /**
         * What one application costs, per result component for an elementwise operation, per
         * operand component for a component sum.
         *
         * @return the cost
         */
        public OpCost cost() {
            return cost;
        }

        /**
         * The value at (x, y) of an elementwise operation, as constant folding and the scalar
         * interpreter compute it.
         *
         * @param x the first argument
         * @param y the second argument
         * @return {@code op(x, y)}
         * @throws UnsupportedOperationException for a component sum (DOT, SQDIST)
         */
        public double apply(double x, double y) {
            throw new UnsupportedOperationException("reduction " + this + " is not elementwise");
        }

        /**
         * One step of a component sum: the running sum with the pair of components (x, y).
         *
         * @param acc the sum of the earlier components
         * @param x component k of the first operand
         * @param y component k of the second operand
         * @return the new sum
         * @throws UnsupportedOperationException for an elementwise operation
         */
        public double accumulate(double acc, double x, double y) {
            throw new UnsupportedOperationException(this + " is elementwise, not a component sum");
        }

        /**
         * The derivative rule of an elementwise operation by one operand: the linear map
         * {@code s -> (d op / d operand) s} componentwise, s of the result's dimension; the
         * Jacobian is diagonal, so it serves reverse mode (s the adjoint) and forward mode (s the
         * operand's tangent) alike. A {@link #subtracted} operand's contribution is minus it.
         */
        Formula derivative(Binary b, int operand, Formula s) {
            throw new AssertionError(this + " is a component sum: scale() and gradient()");
        }

        /** Whether the operand's contribution is subtracted (its rule gives the magnitude). */
        boolean subtracted(int operand) {
            return false;
        }

        /** Component sums: the derivative by an operand is {@code +-scale() * gradient()^T}. */
        double scale() {
            throw new AssertionError(this + " is elementwise: derivative()");
        }

        /** Component sums: the gradient of the scalar result by one operand (before scale and sign). */
        Formula gradient(Binary b, int operand) {
            throw new AssertionError(this + " is elementwise: derivative()");
        }
    }

    /**
     * Checks the components.
     *
     * @throws NullPointerException when {@code op}, {@code a} or {@code b} is null
     * @throws IllegalArgumentException when the operands' dimensions do not fit {@code op} (DOT
     *     and SQDIST need equal ones; the others equal ones or a scalar), or {@code dim} is not
     *     the dimension they give
     */
    public Binary {
        Objects.requireNonNull(op, "op");
        if (op.shape() == OpShape.COMPONENT_SUM) {
            Formulas.sameDim(op.name().toLowerCase(java.util.Locale.ROOT), a, b);
        } else {
            Formulas.broadcastDim(op.name().toLowerCase(java.util.Locale.ROOT), a, b);
        }
        if (dim != dimOf(op, a, b)) {
            throw new IllegalArgumentException("dim must be " + dimOf(op, a, b) + " for " + op
                    + " of a and b of dimensions " + a.dim() + " and " + b.dim() + ", got " + dim);
        }
    }

    /**
     * The node {@code op(a, b)}, its dimension derived; no simplification and no sharing (that
     * is what {@link Formulas} adds).
     *
     * @param op the operation
     * @param a the first operand
     * @param b the second operand
     * @throws NullPointerException when {@code op}, {@code a} or {@code b} is null
     * @throws IllegalArgumentException when the operands' dimensions do not fit {@code op}
     */
    public Binary(Op op, Formula a, Formula b) {
        this(op, a, b, dimOf(op, a, b));
    }

    private static int dimOf(Op op, Formula a, Formula b) {
        // null operands are reported by the canonical constructor, naming them
        if (op == null || a == null || b == null || op.shape() == OpShape.COMPONENT_SUM) {
            return 1;
        }
        return Math.max(a.dim(), b.dim());
    }

    @Override
    public List<Formula> children() {
        return List.of(a, b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Binary x && x.op == op && x.a == a && x.b == b;
    }

    @Override
    public int hashCode() {
        return (op.hashCode() * 31 + System.identityHashCode(a)) * 31 + System.identityHashCode(b);
    }

    @Override
    public String toString() {
        return switch (op) {
            case ADD -> "(" + a + " + " + b + ")";
            case SUB -> "(" + a + " - " + b + ")";
            case MUL -> a + "*" + b;
            case DIV -> a + "/" + b;
            default -> op.name().toLowerCase(java.util.Locale.ROOT) + "(" + a + ", " + b + ")";
        };
    }

    /**
     * Deserialization keeps the hash-consing.
     *
     * @return the one interned node equal to this one
     */
    @java.io.Serial
    private Object readResolve() {
        return Formulas.intern(this);
    }
}
