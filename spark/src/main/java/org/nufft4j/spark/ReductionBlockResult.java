package org.nufft4j.spark;

import java.io.Serializable;

/**
 * The finished output of one output block of a distributed reduction or fast sum: output rows
 * {@code offset .. offset + rows - 1}, laid out as {@link org.nufft4j.reduce.ReductionResult}.
 *
 * @param block the output block's number (an i-block for a reduction over j, a j-block for one
 *     over i, a target block for a fast sum)
 * @param offset the global index of the block's first output row
 * @param rows the number of output rows in the block
 * @param dim the values per row ({@link org.nufft4j.reduce.KernelReduction#outputDim}; 1 for a
 *     fast sum)
 * @param values {@code rows * dim} values, row-major (held, not copied)
 * @param indices for ARGMIN, ARGMAX and KMIN the global reduced index of each value, -1 where
 *     there is none; else null (held, not copied)
 */
public record ReductionBlockResult(int block, int offset, int rows, int dim, double[] values, int[] indices)
        implements Serializable {

    private static final long serialVersionUID = 1L;
}
