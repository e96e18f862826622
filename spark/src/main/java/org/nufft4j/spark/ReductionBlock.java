package org.nufft4j.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * One block of rows of one side (i or j) of a distributed reduction or fast sum: rows
 * {@code offset .. offset + rows - 1} of every variable of that side, as an element of the RDDs
 * {@link SparkReductions} and {@link SparkFastSums} read (docs/design.md, "Spark: reductions and
 * fast sums over a cluster").
 *
 * @param block the block's number on its side: the blocks of a side are numbered 0, 1, ... in
 *     row order, without gaps
 * @param offset the global index of the block's first row (the sum of the rows of the blocks
 *     before it); ARGMIN, ARGMAX and KMIN report global indices
 * @param rows the number of rows in the block, {@code >= 1}
 * @param arrays by variable index, as {@link org.nufft4j.reduce.ReductionData}: for each
 *     variable of this side, its {@code rows * dim} values row-major; other entries are ignored
 *     and may be null (held, not copied)
 */
public record ReductionBlock(int block, int offset, int rows, double[][] arrays) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Checks the numbers (the arrays are checked against the reduction's variables when a job
     * is built: {@link SparkReductions#reduce}).
     *
     * @throws NullPointerException when {@code arrays} is null
     * @throws IllegalArgumentException when {@code block} or {@code offset} is negative,
     *     {@code rows < 1}, or {@code offset + rows} exceeds {@code Integer.MAX_VALUE}
     */
    public ReductionBlock {
        Objects.requireNonNull(arrays, "arrays");
        if (block < 0) {
            throw new IllegalArgumentException("block must be >= 0, got " + block);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be >= 1, got " + rows);
        }
        if ((long) offset + rows > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset + rows = " + ((long) offset + rows)
                    + " exceeds Integer.MAX_VALUE: indices are ints");
        }
    }
}
