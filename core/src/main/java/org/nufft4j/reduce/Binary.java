package org.nufft4j.reduce;

import java.util.List;
import java.util.Objects;

/**
 * A function of two operands: elementwise with broadcasting of a one-component operand
 * ({@code ADD .. MAX}), or a vector operation with a scalar result ({@link Op#DOT},
 * {@link Op#SQDIST}).
 */
public record Binary(Op op, Formula a, Formula b, int dim) implements Formula {

    /** The operations. */
    public enum Op {
        ADD, SUB, MUL, DIV, MIN, MAX,
        /** sum_k a_k b_k (scalar result) */
        DOT,
        /** sum_k (a_k - b_k)^2 (scalar result) */
        SQDIST
    }

    /** @param dim the result's dimension (cached: dim() is called in evaluators' hot loops) */
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

    /** Deserialization keeps the hash-consing: the one node equal to this one. */
    @java.io.Serial
    private Object readResolve() {
        return Formulas.intern(this);
    }
}
