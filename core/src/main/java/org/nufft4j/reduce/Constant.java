package org.nufft4j.reduce;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A constant vector (a scalar when it has one component). Build constants with
 * {@link Formulas#constant}, which returns the one shared node.
 *
 * @param values the components, NaN and infinities allowed; the accessor returns the node's own
 *     array, which must not be modified (nodes are shared)
 */
public record Constant(double[] values) implements Formula {

    /**
     * Checks and copies the components (a caller's later change must not alter a shared node).
     *
     * @throws NullPointerException when {@code values} is null
     * @throws IllegalArgumentException when {@code values} is empty
     */
    public Constant {
        Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            throw new IllegalArgumentException("values must have at least one component, got none");
        }
        values = values.clone();
    }

    @Override
    public int dim() {
        return values.length;
    }

    @Override
    public List<Formula> children() {
        return List.of();
    }

    /**
     * Whether every component is {@code v}, compared as {@link Double#compare} does: NaN matches
     * NaN, and {@code -0.0} does not match {@code 0.0}.
     *
     * @param v the value to compare with
     * @return true when every component equals {@code v}
     */
    public boolean isAll(double v) {
        for (double x : values) {
            if (Double.compare(x, v) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Constant c && Arrays.equals(values, c.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        if (values.length == 1) {
            double v = values[0];
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
        return Arrays.toString(values);
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
