package org.nufft4j.reduce;

import java.util.List;

/** Component {@code index} of {@code a}, a scalar. */
public record Select(Formula a, int index) implements Formula {

    @Override
    public int dim() {
        return 1;
    }

    @Override
    public List<Formula> children() {
        return List.of(a);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Select s && s.a == a && s.index == index;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(a) * 31 + index;
    }

    @Override
    public String toString() {
        return a + "[" + index + "]";
    }
}
