package org.nufft4j.reduce;

import java.util.List;
import java.util.Objects;

/**
 * Component {@code index} of {@code a}, a scalar. Build it with {@link Formulas#select}, which
 * pushes the selection into elementwise operations, constants and concatenations.
 *
 * @param a the vector operand
 * @param index the component, in {@code [0, a.dim())}
 */
public record Select(Formula a, int index) implements Formula {

    /**
     * Checks the components.
     *
     * @throws NullPointerException when {@code a} is null
     * @throws IllegalArgumentException when {@code index} is outside {@code [0, a.dim())}
     */
    public Select {
        Objects.requireNonNull(a, "a");
        if (index < 0 || index >= a.dim()) {
            throw new IllegalArgumentException("index must be in [0, a.dim()) = [0, " + a.dim() + "), got " + index);
        }
    }

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
