package org.nufft4j.spark;

import java.io.Serializable;
import java.util.Objects;
import org.nufft4j.reduce.Formulas;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.Reducer;

/**
 * Partial results of one (output block, reduced block) pair and their combination
 * (docs/design.md, "Spark: reductions and fast sums over a cluster"). The driver and the
 * executors fold the partials of one output block in increasing reduced-block order, always
 * {@code combine(earlier, later)}, so the result depends only on the block partitioning.
 *
 * <p>What a partial holds is what the evaluator returns for the block, with one change: an
 * unweighted LOGSUMEXP is evaluated as the weighted one with the weight 1 ({@link #blockReduction}),
 * so that a partial keeps the pair (m, s) instead of {@code m + log s}, and partials combine
 * without a round trip through log and exp.
 */
final class BlockCombiner {

    private BlockCombiner() {
    }

    /**
     * The partial result of one block pair.
     *
     * @param outBlock the output block's number
     * @param outOffset the global index of its first output row
     * @param redBlock the reduced block's number
     * @param rows output rows
     * @param dim values per row (for LOGSUMEXP: 1 + the weight's dimension, (m, s))
     * @param values {@code rows * dim} values
     * @param indices global reduced indices (ARGMIN, ARGMAX, KMIN), -1 where none; else null
     */
    record Partial(int outBlock, int outOffset, int redBlock, int rows, int dim, double[] values, int[] indices)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * The reduction each block pair evaluates: the reduction itself, except that an unweighted
     * LOGSUMEXP becomes the weighted one with the constant weight 1, whose rows are (m, s).
     */
    static KernelReduction blockReduction(KernelReduction r) {
        Objects.requireNonNull(r, "reduction");
        if (r.reducer() == Reducer.LOGSUMEXP && r.weight() == null) {
            return new KernelReduction(r.formula(), r.overJ(), Reducer.LOGSUMEXP, Formulas.constant(1.0), 0);
        }
        return r;
    }

    /**
     * Combines two partials of the same output block, {@code a} from the earlier reduced block(s),
     * into a new one (the inputs are not modified), by the reducer's
     * {@link org.nufft4j.reduce.ReducerRule#combineRows} (which says what each reducer does):
     * exact for every reducer but SUM and the s of LOGSUMEXP, which round as one addition
     * (after one scaling by {@code exp} each). An unweighted LOGSUMEXP's partials are already
     * the (m, s) rows that method needs ({@link #blockReduction}).
     */
    static Partial combine(Reducer reducer, Partial a, Partial b) {
        if (a.outBlock() != b.outBlock() || a.rows() != b.rows() || a.dim() != b.dim()) {
            throw new IllegalStateException("partials of different output blocks: block " + a.outBlock() + " ("
                    + a.rows() + " x " + a.dim() + ") and block " + b.outBlock() + " (" + b.rows() + " x " + b.dim() + ")");
        }
        int rows = a.rows();
        int dim = a.dim();
        double[] va = a.values();
        double[] vb = b.values();
        double[] v = new double[va.length];
        int[] idx = a.indices() == null ? null : new int[va.length];
        // what each reducer's combination means lives with the reducer (ReducerRule.combineRows)
        reducer.rule().combineRows(va, a.indices(), vb, b.indices(), v, idx, rows, dim);
        return new Partial(a.outBlock(), a.outOffset(), b.redBlock(), rows, dim, v, idx);
    }

    /**
     * The output of a fully combined partial: for an unweighted LOGSUMEXP {@code m + log s} per
     * row (NaN where m is NaN), else the partial's values and indices as they are.
     */
    static ReductionBlockResult finish(KernelReduction reduction, Partial p) {
        if (reduction != null && reduction.reducer() == Reducer.LOGSUMEXP && reduction.weight() == null) {
            double[] out = new double[p.rows()];
            for (int row = 0; row < p.rows(); row++) {
                double m = p.values()[row * 2];
                out[row] = Double.isNaN(m) ? Double.NaN : m + Math.log(p.values()[row * 2 + 1]);
            }
            return new ReductionBlockResult(p.outBlock(), p.outOffset(), p.rows(), 1, out, null);
        }
        return new ReductionBlockResult(p.outBlock(), p.outOffset(), p.rows(), p.dim(), p.values(), p.indices());
    }
}
