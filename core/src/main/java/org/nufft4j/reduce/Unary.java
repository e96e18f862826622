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
 * @param dim the result's dimension: 1 for SUM and SQNORM, else {@code a.dim()} (a component,
 *     cached because evaluators call {@code dim()} in their hot loops)
 */
public record Unary(Op op, Formula a, int dim) implements Formula {

    /**
     * The operations. Elementwise ones compute, per component x, the value
     * {@link Formulas#evaluate(Op, double)} gives, which constant folding and the scalar
     * interpreter use (the SIMD evaluator's EXP is within 2 ulps of it: docs/design.md, Kernel
     * reductions).
     */
    public enum Op {
        /** {@code -x}. */
        NEG,
        /** {@code e^x}, as {@link Math#exp}. */
        EXP,
        /** Natural logarithm, as {@link Math#log}: NaN for {@code x < 0}, -infinity at 0. */
        LOG,
        /** Square root, as {@link Math#sqrt}. */
        SQRT,
        /** {@code 1 / sqrt(x)}: +infinity at +0, NaN for {@code x < 0}. */
        RSQRT,
        /** {@code |x|}, as {@link Math#abs}. */
        ABS,
        /** Sine of x in radians, as {@link Math#sin}. */
        SIN,
        /** Cosine of x in radians, as {@link Math#cos}. */
        COS,
        /** Heaviside step: 1 where {@code x > 0}, else 0 (0 for NaN too); derivative 0. */
        STEP,
        /** -1, 0 or 1 by the sign of x, as {@link Math#signum} (which keeps -0.0 and NaN); derivative 0. */
        SIGN,
        /** {@code 1 / x}. */
        INV,
        /** {@code x * x}. */
        SQUARE,
        /** Sum of the components (scalar result). */
        SUM,
        /** Squared Euclidean norm, {@code sum_k a_k^2} (scalar result). */
        SQNORM
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
