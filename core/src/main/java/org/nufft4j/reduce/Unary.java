package org.nufft4j.reduce;

import java.util.List;
import java.util.Objects;

/**
 * An elementwise function of one operand, or a reduction of its components to a scalar
 * ({@link Op#SUM}, {@link Op#SQNORM}).
 */
public record Unary(Op op, Formula a, int dim) implements Formula {

    /** The operations. */
    public enum Op {
        NEG, EXP, LOG, SQRT, RSQRT, ABS, SIN, COS, STEP, SIGN, INV, SQUARE,
        /** sum of the components (scalar result) */
        SUM,
        /** squared Euclidean norm (scalar result) */
        SQNORM
    }

    /** @param dim the result's dimension (cached: dim() is called in evaluators' hot loops) */
    public Unary {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(a, "a");
        if (dim != dimOf(op, a)) {
            throw new IllegalArgumentException("dim must be " + dimOf(op, a) + " for " + op + " of a of dimension "
                    + a.dim() + ", got " + dim);
        }
    }

    public Unary(Op op, Formula a) {
        this(op, a, dimOf(op, a));
    }

    private static int dimOf(Op op, Formula a) {
        // a null operand or operation is reported by the canonical constructor, naming it
        return op == Op.SUM || op == Op.SQNORM || a == null ? 1 : a.dim();
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

    /** Deserialization keeps the hash-consing: the one node equal to this one. */
    @java.io.Serial
    private Object readResolve() {
        return Formulas.intern(this);
    }
}
