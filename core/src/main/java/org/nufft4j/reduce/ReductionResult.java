package org.nufft4j.reduce;

/**
 * Output of a reduction: {@code rows} rows of {@code dim} values, row-major, and for ARGMIN,
 * ARGMAX and KMIN the indices ({@code -1} where there is none).
 */
public record ReductionResult(int rows, int dim, double[] values, int[] indices) {
}
