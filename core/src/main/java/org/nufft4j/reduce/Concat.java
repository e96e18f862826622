package org.nufft4j.reduce;

import java.util.List;
import java.util.Objects;

/**
 * The components of {@code a} followed by those of {@code b}. Build it with
 * {@link Formulas#concat}, which folds constants and returns the one shared node.
 *
 * @param a the operand giving the first {@code a.dim()} components
 * @param b the operand giving the rest
 * @param dim {@code a.dim() + b.dim()}, at most {@link Formulas#MAX_DIM} (a component, cached
 *     because evaluators call {@code dim()} in their hot loops)
 */
public record Concat(Formula a, Formula b, int dim) implements Formula {

    /**
     * Checks the components.
     *
     * @throws NullPointerException when {@code a} or {@code b} is null
     * @throws IllegalArgumentException when {@code a.dim() + b.dim()} exceeds
     *     {@link Formulas#MAX_DIM}, or {@code dim} differs from it
     */
    public Concat {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Formulas.checkConcatDim(a, b);
        if (dim != a.dim() + b.dim()) {
            throw new IllegalArgumentException("dim must be a.dim() + b.dim() = " + (a.dim() + b.dim())
                    + ", got " + dim);
        }
    }

    /**
     * The node {@code concat(a, b)}, its dimension derived; no folding and no sharing (that is
     * what {@link Formulas#concat} adds).
     *
     * @param a the operand giving the first components
     * @param b the operand giving the rest
     * @throws NullPointerException when {@code a} or {@code b} is null
     * @throws IllegalArgumentException when {@code a.dim() + b.dim()} exceeds {@link Formulas#MAX_DIM}
     */
    public Concat(Formula a, Formula b) {
        // null operands and too many components are reported by the canonical constructor
        this(a, b, a == null || b == null ? 0 : (int) Math.min(Integer.MAX_VALUE, (long) a.dim() + b.dim()));
    }

    @Override
    public List<Formula> children() {
        return List.of(a, b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Concat c && c.a == a && c.b == b;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(a) * 31 + System.identityHashCode(b);
    }

    @Override
    public String toString() {
        return "concat(" + a + ", " + b + ")";
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
