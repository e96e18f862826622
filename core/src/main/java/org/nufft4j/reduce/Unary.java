package org.nufft4j.reduce;

import java.util.List;

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
        if (dim != dimOf(op, a)) {
            throw new IllegalArgumentException(op + " of dimension " + a.dim() + " has dimension " + dimOf(op, a)
                    + ", not " + dim);
        }
    }

    public Unary(Op op, Formula a) {
        this(op, a, dimOf(op, a));
    }

    private static int dimOf(Op op, Formula a) {
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
