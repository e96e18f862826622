package org.nufft4j.reduce;

import java.util.List;
import java.util.Objects;

/**
 * {@code a^exponent} elementwise, as {@link Math#pow} (so integer exponents of negative bases
 * are defined). Build it with {@link Formulas#pow}, which turns exponents 0, 1 and 2 into
 * simpler nodes, folds constants and returns the one shared node.
 *
 * @param a the base
 * @param exponent the exponent: finite
 */
public record PowerOf(Formula a, double exponent) implements Formula {

    /**
     * Checks the components.
     *
     * @throws NullPointerException when {@code a} is null
     * @throws IllegalArgumentException when {@code exponent} is infinite or NaN
     */
    public PowerOf {
        Objects.requireNonNull(a, "a");
        if (!Double.isFinite(exponent)) {
            throw new IllegalArgumentException("exponent must be finite, got " + exponent);
        }
    }

    @Override
    public int dim() {
        return a.dim();
    }

    @Override
    public List<Formula> children() {
        return List.of(a);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PowerOf p && p.a == a && Double.compare(p.exponent, exponent) == 0;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(a) * 31 + Double.hashCode(exponent);
    }

    @Override
    public String toString() {
        return "pow(" + a + ", " + exponent + ")";
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
