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
     * The operations. Elementwise ones compute, per component pair (x, y), the value
     * {@link Formulas#evaluate(Op, double, double)} gives.
     */
    public enum Op {
        /** {@code x + y}. */
        ADD,
        /** {@code x - y}. */
        SUB,
        /** {@code x * y}. */
        MUL,
        /** {@code x / y}. */
        DIV,
        /** The smaller, as {@link Math#min}: NaN if either is NaN, -0.0 below 0.0. */
        MIN,
        /** The larger, as {@link Math#max}: NaN if either is NaN, 0.0 above -0.0. */
        MAX,
        /** {@code sum_k a_k b_k} (scalar result). */
        DOT,
        /** {@code sum_k (a_k - b_k)^2} (scalar result). */
        SQDIST
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
        if (op == Op.DOT || op == Op.SQDIST) {
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
        if (op == Op.DOT || op == Op.SQDIST || a == null || b == null) {
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
