package org.nufft4j.reduce;

import java.util.List;

/** The components of {@code a} followed by those of {@code b}. */
public record Concat(Formula a, Formula b, int dim) implements Formula {

    /** @param dim a.dim() + b.dim() (cached: dim() is called in evaluators' hot loops) */
    public Concat {
        if (dim != a.dim() + b.dim()) {
            throw new IllegalArgumentException("concat has dimension " + (a.dim() + b.dim()) + ", not " + dim);
        }
    }

    public Concat(Formula a, Formula b) {
        this(a, b, a.dim() + b.dim());
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
}
