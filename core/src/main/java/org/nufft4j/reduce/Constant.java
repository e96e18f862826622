package org.nufft4j.reduce;

import java.util.Arrays;
import java.util.List;

/** A constant vector (a scalar when it has one component). */
public record Constant(double[] values) implements Formula {

    @Override
    public int dim() {
        return values.length;
    }

    @Override
    public List<Formula> children() {
        return List.of();
    }

    /** True when every component equals {@code v}. */
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
}
