package org.nufft4j.reduce;

import java.util.List;

/**
 * An elementwise function of one operand, or a reduction of its components to a scalar
 * ({@link Op#SUM}, {@link Op#SQNORM}).
 */
public record Unary(Op op, Formula a) implements Formula {

    /** The operations. */
    public enum Op {
        NEG, EXP, LOG, SQRT, RSQRT, ABS, SIN, COS, STEP, SIGN, INV, SQUARE,
        /** sum of the components (scalar result) */
        SUM,
        /** squared Euclidean norm (scalar result) */
        SQNORM
    }

    @Override
    public int dim() {
        return op == Op.SUM || op == Op.SQNORM ? 1 : a.dim();
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
}
