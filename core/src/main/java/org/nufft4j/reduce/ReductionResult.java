package org.nufft4j.reduce;

import java.util.Objects;

/**
 * Output of a reduction: {@code rows} rows of {@code dim} values, row-major, and for ARGMIN,
 * ARGMAX and KMIN the indices ({@code -1} where there is none; else null).
 *
 * @param rows the output rows: N for a reduction over j, M for one over i
 * @param dim the values per row ({@link KernelReduction#outputDim})
 * @param values {@code rows * dim} values, row-major: for ARGMIN and ARGMAX the minimum or
 *     maximum itself, for KMIN the k smallest values ascending, for a weighted LOGSUMEXP
 *     {@code (m, s)} (held, not copied)
 * @param indices for ARGMIN, ARGMAX and KMIN, the reduced index of each value (j for a
 *     reduction over j), {@code -1} where there is none; same layout as {@code values}; null for
 *     the other reducers (held, not copied)
 */
public record ReductionResult(int rows, int dim, double[] values, int[] indices) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException when {@code values} is null
     * @throws IllegalArgumentException when {@code rows < 0}, {@code dim < 1}, or the arrays'
     *     lengths are not {@code rows * dim}
     */
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

    /**
     * This result with every value rounded to the nearest float (the indices kept): the output
     * of a {@link org.nufft4j.Precision#FLOAT} evaluation that computed in double.
     *
     * @return a new result; this one unchanged
     */
    public ReductionResult roundedToFloat() {
        double[] r = new double[values.length];
        for (int q = 0; q < r.length; q++) {
            r[q] = (float) values[q];
        }
        return new ReductionResult(rows, dim, r, indices);
    }
}
