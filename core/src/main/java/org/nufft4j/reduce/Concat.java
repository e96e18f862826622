package org.nufft4j.reduce;

import java.util.List;
import java.util.Objects;

/** The components of {@code a} followed by those of {@code b}. */
public record Concat(Formula a, Formula b, int dim) implements Formula {

    /** @param dim a.dim() + b.dim() (cached: dim() is called in evaluators' hot loops) */
    public Concat {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Formulas.checkConcatDim(a, b);
        if (dim != a.dim() + b.dim()) {
            throw new IllegalArgumentException("dim must be a.dim() + b.dim() = " + (a.dim() + b.dim())
                    + ", got " + dim);
        }
    }

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

    /** Deserialization keeps the hash-consing: the one node equal to this one. */
    @java.io.Serial
    private Object readResolve() {
        return Formulas.intern(this);
    }
}
