package org.nufft4j.reduce;

import java.util.List;
import java.util.Objects;

/**
 * An elementwise function of one operand, or a reduction of its components to a scalar
 * ({@link Op#SUM}, {@link Op#SQNORM}). Build it with {@link Formulas} ({@link Formulas#exp},
 * ...), which simplifies and returns the one shared node.
 *
 * @param op the operation
 * @param a the operand
 * @param dim the result's dimension: 1 for the component sums (SUM, SQNORM), else {@code a.dim()} (a component,
 *     cached because evaluators call {@code dim()} in their hot loops)
 */
public record Unary(Op op, Formula a, int dim) implements Formula {

    /**
     * The operations, each one entry holding all that defines it (docs/design.md, Kernel
     * reductions: the operation table): its shape (elementwise, or a reduction of the components
     * to a scalar, which gives the dimension rule), its value on doubles ({@link #apply}, which
     * constant folding, the scalar interpreter and {@link Formulas#evaluate(Op, double)} use),
     * its derivative rule, written once (reverse and forward mode are both derived from it, in
     * {@link Derivatives}), and its {@link OpCost}. The SIMD evaluator's vector forms are keyed by
     * these constants in the simd module, checked complete when its generator loads. The SIMD
     * evaluator's EXP is within 2 ulps of {@link #apply} (docs/design.md, Kernel reductions).
     */
    public enum Op {
        /** {@code -x}. */
        NEG(OpShape.ELEMENTWISE, new OpCost(1, 1)) {
            @Override
            public double apply(double x) {
                return -x;
            }

            @Override
            Formula derivative(Unary u, Formula s) {
                return Formulas.neg(s);
            }
        },
        /** {@code e^x}, as {@link Math#exp}. */
        EXP(OpShape.ELEMENTWISE, new OpCost(8, 24)) { // emitted inline: its 24 vector operations
            @Override
            public double apply(double x) {
                return Math.exp(x);
            }

            @Override
            Formula derivative(Unary u, Formula s) {
                return Formulas.mul(s, u);
            }
        },
        /** Natural logarithm, as {@link Math#log}: NaN for {@code x < 0}, -infinity at 0. */
        LOG(OpShape.ELEMENTWISE, new OpCost(8, 3)) { // out of line: a store, a call, a load
            @Override
            public double apply(double x) {
                return Math.log(x);
            }

            @Override
            Formula derivative(Unary u, Formula s) {
                return Formulas.div(s, u.a());
            }
        },
        /** Square root, as {@link Math#sqrt}. */
        SQRT(OpShape.ELEMENTWISE, new OpCost(4, 1)) {
            @Override
            public double apply(double x) {
                return Math.sqrt(x);
            }

            @Override
            Formula derivative(Unary u, Formula s) {
                return Formulas.div(Formulas.mul(Formulas.constant(0.5), s), u);
            }
        },
        /** {@code 1 / sqrt(x)}: +infinity at +0, NaN for {@code x < 0}. */
        RSQRT(OpShape.ELEMENTWISE, new OpCost(4, 1)) {
            @Override
            public double apply(double x) {
                return 1.0 / Math.sqrt(x);
            }

            @Override
            Formula derivative(Unary u, Formula s) {
                return Formulas.mul(Formulas.mul(Formulas.constant(-0.5), s), Formulas.div(u, u.a()));
            }
        },
        /** {@code |x|}, as {@link Math#abs}. */
        ABS(OpShape.ELEMENTWISE, new OpCost(1, 1)) {
            @Override
            public double apply(double x) {
                return Math.abs(x);
            }

            @Override
            Formula derivative(Unary u, Formula s) {
                return Formulas.mul(s, Formulas.sign(u.a()));
            }
        },
        /** Sine of x in radians, as {@link Math#sin}. */
        SIN(OpShape.ELEMENTWISE, new OpCost(8, 3)) {
            @Override
            public double apply(double x) {
                return Math.sin(x);
            }

            @Override
            Formula derivative(Unary u, Formula s) {
                return Formulas.mul(s, Formulas.cos(u.a()));
            }
        },
        /** Cosine of x in radians, as {@link Math#cos}. */
        COS(OpShape.ELEMENTWISE, new OpCost(8, 3)) {
            @Override
            public double apply(double x) {
                return Math.cos(x);
            }

            @Override
            Formula derivative(Unary u, Formula s) {
                return Formulas.neg(Formulas.mul(s, Formulas.sin(u.a())));
            }
        },
        /** Heaviside step: 1 where {@code x > 0}, else 0 (0 for NaN too); derivative 0. */
        STEP(OpShape.ELEMENTWISE, new OpCost(1, 1)) {
            @Override
            public double apply(double x) {
                return x > 0 ? 1.0 : 0.0;
            }

            @Override
            Formula derivative(Unary u, Formula s) {
                return null;
            }
        },
        /** -1, 0 or 1 by the sign of x, as {@link Math#signum} (which keeps -0.0 and NaN); derivative 0. */
        SIGN(OpShape.ELEMENTWISE, new OpCost(1, 1)) {
            @Override
            public double apply(double x) {
                return Math.signum(x);
            }

            @Override
            Formula derivative(Unary u, Formula s) {
                return null;
            }
        },
        /** {@code 1 / x}. */
        INV(OpShape.ELEMENTWISE, new OpCost(4, 1)) {
            @Override
            public double apply(double x) {
                return 1.0 / x;
            }

            @Override
            Formula derivative(Unary u, Formula s) {
                return Formulas.neg(Formulas.mul(s, Formulas.square(u)));
            }
        },
        /** {@code x * x}. */
        SQUARE(OpShape.ELEMENTWISE, new OpCost(1, 1)) {
            @Override
            public double apply(double x) {
                return x * x;
            }

            @Override
            Formula derivative(Unary u, Formula s) {
                return Formulas.mul(Formulas.mul(Formulas.constant(2.0), s), u.a());
            }
        },
        /** Sum of the components (scalar result). */
        SUM(OpShape.COMPONENT_SUM, new OpCost(1, 1)) {
            @Override
            public double accumulate(double acc, double x) {
                return acc + x;
            }

            @Override
            double scale() {
                return 1.0;
            }

            @Override
            Formula gradient(Unary u) {
                return Formulas.filled(1.0, u.a().dim());
            }
        },
        /** Squared Euclidean norm, {@code sum_k a_k^2} (scalar result). */
        SQNORM(OpShape.COMPONENT_SUM, new OpCost(1, 1)) {
            @Override
            public double accumulate(double acc, double x) {
                return acc + x * x;
            }

            @Override
            double scale() {
                return 2.0;
            }

            @Override
            Formula gradient(Unary u) {
                return u.a();
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
         * @return ELEMENTWISE (the operand's dimension) or COMPONENT_SUM (a scalar)
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
         * The value at x of an elementwise operation, as constant folding and the scalar
         * interpreter compute it.
         *
         * @param x the argument
         * @return {@code op(x)}
         * @throws UnsupportedOperationException for a component sum (SUM, SQNORM)
         */
        public double apply(double x) {
            throw new UnsupportedOperationException("reduction " + this + " is not elementwise");
        }

        /**
         * One step of a component sum: the running sum with component x added.
         *
         * @param acc the sum of the earlier components
         * @param x the next component
         * @return the new sum
         * @throws UnsupportedOperationException for an elementwise operation
         */
        public double accumulate(double acc, double x) {
            throw new UnsupportedOperationException(this + " is elementwise, not a component sum");
        }

        /**
         * The derivative rule of an elementwise operation: the linear map {@code s -> f'(x) s},
         * applied componentwise to a seed of the operand's dimension. The Jacobian is diagonal,
         * so the same map is the reverse rule (s the adjoint) and the forward rule (s the
         * tangent). Null where the derivative is taken as 0.
         */
        Formula derivative(Unary u, Formula s) {
            throw new AssertionError(this + " is a component sum: scale() and gradient()");
        }

        /** Component sums: the derivative is {@code scale() * gradient()^T}, a row vector. */
        double scale() {
            throw new AssertionError(this + " is elementwise: derivative()");
        }

        /** Component sums: the gradient G of the scalar result (scaled by {@link #scale}). */
        Formula gradient(Unary u) {
            throw new AssertionError(this + " is elementwise: derivative()");
        }
    }

    /**
     * Checks the components.
     *
     * @throws NullPointerException when {@code op} or {@code a} is null
     * @throws IllegalArgumentException when {@code dim} is not the dimension {@code op} gives
     *     for {@code a}
     */
    public Unary {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(a, "a");
        if (dim != dimOf(op, a)) {
            throw new IllegalArgumentException("dim must be " + dimOf(op, a) + " for " + op + " of a of dimension "
                    + a.dim() + ", got " + dim);
        }
    }

    /**
     * The node {@code op(a)}, its dimension derived; no simplification and no sharing (that is
     * what {@link Formulas} adds).
     *
     * @param op the operation
     * @param a the operand
     * @throws NullPointerException when {@code op} or {@code a} is null
     */
    public Unary(Op op, Formula a) {
        this(op, a, dimOf(op, a));
    }

    private static int dimOf(Op op, Formula a) {
        // a null operand or operation is reported by the canonical constructor, naming it
        return op == null || a == null || op.shape() == OpShape.COMPONENT_SUM ? 1 : a.dim();
    }

    @Override
    public List<Formula> children() {
        return List.of(a);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Unary u && u.op == op && u.a == a;
    }

    @Override
    public int hashCode() {
        return op.hashCode() * 31 + System.identityHashCode(a);
    }

    @Override
    public String toString() {
        return switch (op) {
            case NEG -> "-" + a;
            case SQUARE -> "(" + a + ")^2";
            default -> op.name().toLowerCase(java.util.Locale.ROOT) + "(" + a + ")";
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
