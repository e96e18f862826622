package org.nufft4j.spark;

import java.io.Serializable;
import java.util.Arrays;
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
     * into a new one (the inputs are not modified). Exact for every reducer but SUM and the
     * s of LOGSUMEXP, which round as one addition (after one scaling by {@code exp} each):
     * <ul>
     * <li>SUM: {@code a + b} componentwise;
     * <li>MIN, MAX: {@code b} where it is strictly smaller (larger), else {@code a} (NaN never
     *     wins, as in the evaluators);
     * <li>ARGMIN, ARGMAX: value and index of {@code b} where its value is strictly better, else
     *     {@code a}'s: on ties the earlier index, which is {@code a}'s;
     * <li>KMIN: the k first of the stable merge of the two ascending lists, {@code a}'s entry
     *     first on equal values (the evaluators' rule: the earlier index first);
     * <li>LOGSUMEXP (m, s): {@code m = max(m_a, m_b)}, {@code s = s_a exp(m_a - m) + s_b exp(m_b - m)}
     *     (a factor is exactly 1 for the larger m, 0 for an empty side); NaN in either m makes
     *     the row NaN.
     * </ul>
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
        switch (reducer) {
            case SUM -> {
                for (int q = 0; q < v.length; q++) {
                    v[q] = va[q] + vb[q];
                }
            }
            case MIN -> {
                for (int q = 0; q < v.length; q++) {
                    v[q] = vb[q] < va[q] ? vb[q] : va[q];
                }
            }
            case MAX -> {
                for (int q = 0; q < v.length; q++) {
                    v[q] = vb[q] > va[q] ? vb[q] : va[q];
                }
            }
            case ARGMIN, ARGMAX -> {
                boolean min = reducer == Reducer.ARGMIN;
                for (int q = 0; q < v.length; q++) {
                    boolean later = min ? vb[q] < va[q] : vb[q] > va[q];
                    v[q] = later ? vb[q] : va[q];
                    idx[q] = later ? b.indices()[q] : a.indices()[q];
                }
            }
            case KMIN -> {
                int[] ia = a.indices();
                int[] ib = b.indices();
                for (int row = 0; row < rows; row++) {
                    int o = row * dim;
                    int p = o;
                    int r = o;
                    for (int q = o; q < o + dim; q++) {
                        if (!(vb[r] < va[p])) {
                            v[q] = va[p];
                            idx[q] = ia[p++];
                        } else {
                            v[q] = vb[r];
                            idx[q] = ib[r++];
                        }
                    }
                }
            }
            case LOGSUMEXP -> {
                for (int row = 0; row < rows; row++) {
                    int o = row * dim;
                    double ma = va[o];
                    double mb = vb[o];
                    if (Double.isNaN(ma) || Double.isNaN(mb)) {
                        Arrays.fill(v, o, o + dim, Double.NaN);
                        continue;
                    }
                    double m = Math.max(ma, mb);
                    if (m == Double.NEGATIVE_INFINITY) { // both empty: s is 0 on both sides
                        System.arraycopy(va, o, v, o, dim);
                        continue;
                    }
                    double ca = ma == Double.NEGATIVE_INFINITY ? 0.0 : ma == m ? 1.0 : Math.exp(ma - m);
                    double cb = mb == Double.NEGATIVE_INFINITY ? 0.0 : mb == m ? 1.0 : Math.exp(mb - m);
                    v[o] = m;
                    for (int c = 1; c < dim; c++) {
                        v[o + c] = va[o + c] * ca + vb[o + c] * cb;
                    }
                }
            }
        }
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
