package org.nufft4j.reduce;

import java.util.Objects;

/**
 * Output of a reduction: {@code rows} rows of {@code dim} values, row-major, and for ARGMIN,
 * ARGMAX and KMIN the indices ({@code -1} where there is none; else null).
 */
public record ReductionResult(int rows, int dim, double[] values, int[] indices) {

    public ReductionResult {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be >= 1, got " + dim);
        }
        Objects.requireNonNull(values, "values");
        if (values.length != (long) rows * dim) {
            throw new IllegalArgumentException("values.length = " + values.length + ", expected rows * dim = " + rows
                    + " * " + dim);
        }
        if (indices != null && indices.length != values.length) {
            throw new IllegalArgumentException("indices.length = " + indices.length + ", expected values.length = "
                    + values.length + " (or indices = null)");
        }
    }
}
