package org.nufft4j.reduce;

import java.util.Arrays;

/**
 * What a {@link Reducer} means, in one object per reducer (docs/design.md, Kernel reductions):
 * the shape of its output, its identity and lane combine, the scalar interpreter's per-pair
 * accumulation (the oracle every evaluator is tested against), the combination of the partial
 * result rows of two consecutive ranges of the reduced index ({@link #combineRows}: Spark's
 * blocks, the SIMD evaluator's chunks), and its backpropagation rule.
 * The SIMD evaluator keeps its block accumulation beside it, one object per reducer as well
 * ({@code BlockReducers} in the simd module), chosen once per reduction.
 *
 * <p>Adding a reducer: a constant of {@link Reducer} naming its rule, a final class here (with
 * its {@link #combineRows}), its block form in simd, and a case in the tests that compare every
 * reducer with its oracle ({@code ReducerRuleCombineTest} for the combination).
 */
public sealed interface ReducerRule
        permits ReducerRule.Sum, ReducerRule.Extremum, ReducerRule.ArgExtremum, ReducerRule.LogSumExp,
        ReducerRule.KMin {

    /**
     * Whether the formula must be scalar.
     *
     * @return true for ARGMIN, ARGMAX, LOGSUMEXP and KMIN
     */
    boolean scalarOnly();

    /**
     * Whether the result carries indices.
     *
     * @return true for ARGMIN, ARGMAX and KMIN
     */
    default boolean indexed() {
        return false;
    }

    /**
     * Whether a weight formula is meaningful.
     *
     * @return true for LOGSUMEXP only
     */
    default boolean takesWeight() {
        return false;
    }

    /**
     * Whether the reducer keeps k values per row.
     *
     * @return true for KMIN only
     */
    default boolean takesK() {
        return false;
    }

    /**
     * Components of one output row.
     *
     * @param r the reduction (its formula, weight and k)
     * @return the dimension of an output row
     */
    int outputDim(KernelReduction r);

    /**
     * The value the lane partials start from: the result over an empty set, before finishing.
     *
     * @return 0, +infinity or -infinity
     */
    double identity();

    /**
     * Combines two lane partials of the same component (for SUM, MIN, MAX and the scaled sums of
     * LOGSUMEXP; not called for the others, whose partials carry indices).
     *
     * @param acc the earlier partial
     * @param x the later partial
     * @return their combination
     */
    default double combine(double acc, double x) {
        throw new UnsupportedOperationException(this + " combines its partials with their indices");
    }

    /**
     * Combines, row by row, the partial results of the same output rows over two consecutive
     * ranges of the reduced index: {@code a} over the earlier range, {@code b} over the later one
     * (the reduced indices in {@code ai} all smaller than those in {@code bi}). The result is what
     * the reduction over both ranges gives, exactly for the selections (MIN, MAX, ARGMIN, ARGMAX,
     * KMIN, with the evaluators' tie rule: the earlier index wins) and as one rounded addition per
     * value for SUM and the sums of LOGSUMEXP. Rows are {@code dim} values apart from index 0 of
     * each array; they hold the reducer's output rows, except for LOGSUMEXP, whose rows must be
     * the pairs (m, s) of its weighted form ({@code m + log s} does not combine without a round
     * trip through exp), so {@code dim >= 2}.
     *
     * <p>{@code out} may be the same array as {@code a} or {@code b} (and {@code oi} as
     * {@code ai} or {@code bi}): every rule reads what it overwrites first.
     *
     * @param a the earlier partial rows, {@code rows * dim} values
     * @param ai their reduced indices, -1 where none ({@link #indexed} rules only; else ignored)
     * @param b the later partial rows, {@code rows * dim} values
     * @param bi their reduced indices ({@link #indexed} rules only; else ignored)
     * @param out where the combined rows go, {@code rows * dim} values
     * @param oi where their indices go ({@link #indexed} rules only; else ignored)
     * @param rows the rows to combine
     * @param dim values per row
     * @throws NullPointerException naming the argument when an array the rule reads or writes is
     *     null, before anything is written
     * @throws IllegalArgumentException when {@code rows} or {@code dim} is negative (for
     *     LOGSUMEXP: {@code dim < 2}), or an array holds fewer than {@code rows * dim} entries,
     *     before anything is written
     */
    void combineRows(double[] a, int[] ai, double[] b, int[] bi, double[] out, int[] oi, int rows, int dim);

    /** Checks the arguments of {@link #combineRows}; the index arrays only when indexed. */
    private static void checkRows(double[] a, int[] ai, double[] b, int[] bi, double[] out, int[] oi, int rows,
            int dim, boolean indexed, int minDim) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
        if (dim < minDim) {
            throw new IllegalArgumentException("dim must be >= " + minDim + ", got " + dim);
        }
        long n = (long) rows * dim;
        checkLength(a, "a", n);
        checkLength(b, "b", n);
        checkLength(out, "out", n);
        if (indexed) {
            checkLength(ai, "ai", n);
            checkLength(bi, "bi", n);
            checkLength(oi, "oi", n);
        }
    }

    private static void checkLength(Object array, String name, long n) {
        java.util.Objects.requireNonNull(array, name);
        int length = array instanceof double[] d ? d.length : ((int[]) array).length;
        if (length < n) {
            throw new IllegalArgumentException(name + " holds " + length + " entries, fewer than rows * dim = " + n);
        }
    }

    /**
     * The scalar interpreter's running state of one output row.
     *
     * @param r the reduction
     * @param count the values reduced per row (KMIN keeps at most that many, and pads the rest)
     * @return a fresh accumulator
     */
    Accumulator accumulator(KernelReduction r, int count);

    /**
     * Whether {@link Backprop} can differentiate this reduction.
     *
     * @param r the forward reduction
     * @return true for SUM and unweighted LOGSUMEXP
     */
    default boolean differentiable(KernelReduction r) {
        return false;
    }

    /**
     * Whether the backward pass reads the forward output (LOGSUMEXP).
     *
     * @return true when {@link #cotangent} uses its {@code output} argument
     */
    default boolean readsOutput() {
        return false;
    }

    /**
     * The cotangent {@code c_ij} of a pair, for {@link Backprop}: the derivative of the loss by
     * the pair's value F_ij.
     *
     * @param f the forward formula F
     * @param g the incoming gradient, an output-side variable of F's dimension
     * @param output the forward output, an output-side scalar variable (read when
     *     {@link #readsOutput})
     * @return the cotangent, of F's dimension
     */
    default Formula cotangent(Formula f, Formula g, Formula output) {
        throw new UnsupportedOperationException("no backpropagation rule for " + this);
    }

    /** The running state of one output row in the scalar interpreter. */
    sealed interface Accumulator permits Sum.Acc, Extremum.Acc, ArgExtremum.Acc, LogSumExp.Acc, KMin.Acc {

        /**
         * Adds the value of pair q.
         *
         * @param w the workspace
         * @param o where the pair's value starts in it
         * @param q the reduced index
         */
        void add(double[] w, int o, int q);

        /**
         * Writes the output row.
         *
         * @param out the values
         * @param o where the row starts in them
         * @param idx the indices (null unless {@link ReducerRule#indexed})
         * @param io where the row starts in them
         */
        void finish(double[] out, int o, int[] idx, int io);
    }

    /** SUM: identity 0, combine +, cotangent g. */
    final class Sum implements ReducerRule {
        Sum() {
        }

        @Override
        public boolean scalarOnly() {
            return false;
        }

        @Override
        public int outputDim(KernelReduction r) {
            return r.formula().dim();
        }

        @Override
        public double identity() {
            return 0.0;
        }

        @Override
        public double combine(double acc, double x) {
            return acc + x;
        }

        @Override
        public Accumulator accumulator(KernelReduction r, int count) {
            return new Acc(new double[r.formula().dim()]);
        }

        /** {@code a + b}, value by value. */
        @Override
        public void combineRows(double[] a, int[] ai, double[] b, int[] bi, double[] out, int[] oi, int rows, int dim) {
            checkRows(a, ai, b, bi, out, oi, rows, dim, false, 0);
            for (int q = 0; q < rows * dim; q++) {
                out[q] = a[q] + b[q];
            }
        }

        @Override
        public boolean differentiable(KernelReduction r) {
            return true;
        }

        @Override
        public Formula cotangent(Formula f, Formula g, Formula output) {
            return g;
        }

        @Override
        public String toString() {
            return "SUM";
        }

        record Acc(double[] v) implements Accumulator {
            @Override
            public void add(double[] w, int o, int q) {
                for (int k = 0; k < v.length; k++) {
                    v[k] += w[o + k];
                }
            }

            @Override
            public void finish(double[] out, int o, int[] idx, int io) {
                System.arraycopy(v, 0, out, o, v.length);
            }
        }
    }

    /** MIN or MAX, componentwise: NaN never compares smaller or larger, so it is skipped. */
    final class Extremum implements ReducerRule {
        private final boolean min;

        Extremum(boolean min) {
            this.min = min;
        }

        /**
         * Which of the two.
         *
         * @return true for MIN, false for MAX
         */
        public boolean min() {
            return min;
        }

        @Override
        public boolean scalarOnly() {
            return false;
        }

        @Override
        public int outputDim(KernelReduction r) {
            return r.formula().dim();
        }

        @Override
        public double identity() {
            return min ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }

        @Override
        public double combine(double acc, double x) {
            return min ? (x < acc ? x : acc) : (x > acc ? x : acc);
        }

        @Override
        public Accumulator accumulator(KernelReduction r, int count) {
            double[] v = new double[r.formula().dim()];
            Arrays.fill(v, identity());
            return new Acc(this, v);
        }

        /**
         * {@code b} where it is strictly smaller (MIN) or larger (MAX), else {@code a}: NaN in
         * {@code b} never wins, as in the evaluators.
         */
        @Override
        public void combineRows(double[] a, int[] ai, double[] b, int[] bi, double[] out, int[] oi, int rows, int dim) {
            checkRows(a, ai, b, bi, out, oi, rows, dim, false, 0);
            for (int q = 0; q < rows * dim; q++) {
                out[q] = combine(a[q], b[q]);
            }
        }

        @Override
        public String toString() {
            return min ? "MIN" : "MAX";
        }

        record Acc(Extremum rule, double[] v) implements Accumulator {
            @Override
            public void add(double[] w, int o, int q) {
                for (int k = 0; k < v.length; k++) {
                    v[k] = rule.combine(v[k], w[o + k]);
                }
            }

            @Override
            public void finish(double[] out, int o, int[] idx, int io) {
                System.arraycopy(v, 0, out, o, v.length);
            }
        }
    }

    /** ARGMIN or ARGMAX of a scalar formula: the first strictly better value wins (ties: first index). */
    final class ArgExtremum implements ReducerRule {
        private final boolean min;

        ArgExtremum(boolean min) {
            this.min = min;
        }

        /**
         * Which of the two.
         *
         * @return true for ARGMIN, false for ARGMAX
         */
        public boolean min() {
            return min;
        }

        @Override
        public boolean scalarOnly() {
            return true;
        }

        @Override
        public boolean indexed() {
            return true;
        }

        @Override
        public int outputDim(KernelReduction r) {
            return 1;
        }

        @Override
        public double identity() {
            return min ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }

        /**
         * Whether x is strictly better than the value it would replace (NaN never is).
         *
         * @param x the candidate
         * @param best the value so far
         * @return {@code x < best} for ARGMIN, {@code x > best} for ARGMAX
         */
        public boolean better(double x, double best) {
            return min ? x < best : x > best;
        }

        @Override
        public Accumulator accumulator(KernelReduction r, int count) {
            return new Acc(this, new double[] {identity()}, new int[] {-1});
        }

        /**
         * Value and index of {@code b} where its value is strictly {@link #better}, else
         * {@code a}'s: on ties the earlier index, which is {@code a}'s.
         */
        @Override
        public void combineRows(double[] a, int[] ai, double[] b, int[] bi, double[] out, int[] oi, int rows, int dim) {
            checkRows(a, ai, b, bi, out, oi, rows, dim, true, 0);
            for (int q = 0; q < rows * dim; q++) {
                boolean later = better(b[q], a[q]);
                int at = later ? bi[q] : ai[q];
                out[q] = later ? b[q] : a[q];
                oi[q] = at;
            }
        }

        @Override
        public String toString() {
            return min ? "ARGMIN" : "ARGMAX";
        }

        record Acc(ArgExtremum rule, double[] v, int[] at) implements Accumulator {
            @Override
            public void add(double[] w, int o, int q) {
                if (rule.better(w[o], v[0])) {
                    v[0] = w[o];
                    at[0] = q;
                }
            }

            @Override
            public void finish(double[] out, int o, int[] idx, int io) {
                out[o] = v[0];
                idx[io] = at[0];
            }
        }
    }

    /**
     * LOGSUMEXP, computed stably as {@code m + log sum exp(F - m)} with m the running maximum;
     * weighted: the pair (m, s) with {@code sum exp(F) W = exp(m) s}. Cotangent of the
     * unweighted one: {@code g exp(F - a)}, a the forward output.
     */
    final class LogSumExp implements ReducerRule {
        LogSumExp() {
        }

        @Override
        public boolean scalarOnly() {
            return true;
        }

        @Override
        public boolean takesWeight() {
            return true;
        }

        @Override
        public int outputDim(KernelReduction r) {
            return r.weight() == null ? 1 : 1 + r.weight().dim();
        }

        @Override
        public double identity() {
            return 0.0; // of the scaled sums; the running maximum starts at -infinity
        }

        @Override
        public double combine(double acc, double x) {
            return acc + x;
        }

        @Override
        public Accumulator accumulator(KernelReduction r, int count) {
            boolean weighted = r.weight() != null;
            return new Acc(weighted, new double[weighted ? r.weight().dim() : 1]);
        }

        /**
         * Rows (m, s): {@code m = max(m_a, m_b)}, {@code s = s_a exp(m_a - m) + s_b exp(m_b - m)},
         * a factor exactly 1 for the larger m and 0 for an empty side ({@code m = -inf}, s = 0);
         * NaN in either m makes the row NaN.
         */
        @Override
        public void combineRows(double[] a, int[] ai, double[] b, int[] bi, double[] out, int[] oi, int rows, int dim) {
            checkRows(a, ai, b, bi, out, oi, rows, dim, false, 2);
            for (int row = 0; row < rows; row++) {
                int o = row * dim;
                double ma = a[o];
                double mb = b[o];
                if (Double.isNaN(ma) || Double.isNaN(mb)) {
                    Arrays.fill(out, o, o + dim, Double.NaN);
                    continue;
                }
                double m = Math.max(ma, mb);
                if (m == Double.NEGATIVE_INFINITY) { // both empty: s is 0 on both sides
                    System.arraycopy(a, o, out, o, dim);
                    continue;
                }
                // the == m test also keeps m = +inf from giving exp(inf - inf) = NaN
                double ca = ma == Double.NEGATIVE_INFINITY ? 0.0 : ma == m ? 1.0 : Math.exp(ma - m);
                double cb = mb == Double.NEGATIVE_INFINITY ? 0.0 : mb == m ? 1.0 : Math.exp(mb - m);
                out[o] = m;
                for (int c = 1; c < dim; c++) {
                    out[o + c] = a[o + c] * ca + b[o + c] * cb;
                }
            }
        }

        @Override
        public boolean differentiable(KernelReduction r) {
            return r.weight() == null;
        }

        @Override
        public boolean readsOutput() {
            return true;
        }

        @Override
        public Formula cotangent(Formula f, Formula g, Formula output) {
            return Formulas.mul(g, Formulas.exp(Formulas.sub(f, output)));
        }

        @Override
        public String toString() {
            return "LOGSUMEXP";
        }

        static final class Acc implements Accumulator {
            private final boolean weighted;
            private final double[] v;
            private double m = Double.NEGATIVE_INFINITY;

            Acc(boolean weighted, double[] v) {
                this.weighted = weighted;
                this.v = v;
            }

            @Override
            public void add(double[] w, int o, int q) {
                double f = w[o];
                if (Double.isNaN(f)) {
                    m = Double.NaN;
                    return;
                }
                if (f == Double.NEGATIVE_INFINITY) {
                    return; // exp(-inf) = 0
                }
                double scale = 1.0;
                if (f > m) {
                    scale = Math.exp(m - f);
                    m = f;
                }
                double e = Math.exp(f - m);
                for (int k = 0; k < v.length; k++) {
                    double weight = weighted ? w[o + 1 + k] : 1.0;
                    v[k] = v[k] * scale + e * weight;
                }
            }

            @Override
            public void finish(double[] out, int o, int[] idx, int io) {
                if (!weighted) {
                    out[o] = Double.isNaN(m) ? Double.NaN : m + Math.log(v[0]);
                } else {
                    out[o] = m;
                    System.arraycopy(v, 0, out, o + 1, v.length);
                    if (Double.isNaN(m)) { // a NaN value of F makes the whole row NaN
                        Arrays.fill(out, o + 1, o + 1 + v.length, Double.NaN);
                    }
                }
            }
        }
    }

    /** KMIN: the k smallest values of a scalar F, ascending, with their indices; missing: +inf and -1. */
    final class KMin implements ReducerRule {
        KMin() {
        }

        @Override
        public boolean scalarOnly() {
            return true;
        }

        @Override
        public boolean indexed() {
            return true;
        }

        @Override
        public boolean takesK() {
            return true;
        }

        @Override
        public int outputDim(KernelReduction r) {
            return r.k();
        }

        @Override
        public double identity() {
            return Double.POSITIVE_INFINITY;
        }

        @Override
        public Accumulator accumulator(KernelReduction r, int count) {
            int n = Math.min(r.k(), count);
            double[] v = new double[n];
            int[] at = new int[n];
            Arrays.fill(v, Double.POSITIVE_INFINITY);
            Arrays.fill(at, -1);
            return new Acc(r.k(), v, at);
        }

        /**
         * The {@code dim} first entries of the stable merge of the two ascending rows (padded
         * with +inf and -1 where shorter), {@code a}'s entry first on equal values: the
         * evaluators' rule, the earlier index first.
         */
        @Override
        public void combineRows(double[] a, int[] ai, double[] b, int[] bi, double[] out, int[] oi, int rows, int dim) {
            checkRows(a, ai, b, bi, out, oi, rows, dim, true, 0);
            // a merge writes ahead of what it reads: copy a row that out overwrites
            boolean alias = out == a || out == b || oi == ai || oi == bi;
            double[] ra = alias ? new double[dim] : a;
            int[] rai = alias ? new int[dim] : ai;
            double[] rb = alias ? new double[dim] : b;
            int[] rbi = alias ? new int[dim] : bi;
            for (int row = 0; row < rows; row++) {
                int o = row * dim;
                int base = o;
                if (alias) {
                    System.arraycopy(a, o, ra, 0, dim);
                    System.arraycopy(ai, o, rai, 0, dim);
                    System.arraycopy(b, o, rb, 0, dim);
                    System.arraycopy(bi, o, rbi, 0, dim);
                    base = 0;
                }
                int p = base;
                int r = base;
                for (int q = o; q < o + dim; q++) {
                    // each side holds dim entries, so neither runs out before dim are taken
                    if (!(rb[r] < ra[p])) {
                        out[q] = ra[p];
                        oi[q] = rai[p++];
                    } else {
                        out[q] = rb[r];
                        oi[q] = rbi[r++];
                    }
                }
            }
        }

        @Override
        public String toString() {
            return "KMIN";
        }

        record Acc(int k, double[] v, int[] at) implements Accumulator {
            @Override
            public void add(double[] w, int o, int q) {
                double f = w[o];
                int pos = v.length;
                while (pos > 0 && f < v[pos - 1]) {
                    pos--;
                }
                if (pos < v.length) {
                    System.arraycopy(v, pos, v, pos + 1, v.length - pos - 1);
                    System.arraycopy(at, pos, at, pos + 1, v.length - pos - 1);
                    v[pos] = f;
                    at[pos] = q;
                }
            }

            @Override
            public void finish(double[] out, int o, int[] idx, int io) {
                // k beyond the reduced count: the missing entries are +inf with index -1
                System.arraycopy(v, 0, out, o, v.length);
                Arrays.fill(out, o + v.length, o + k, Double.POSITIVE_INFINITY);
                System.arraycopy(at, 0, idx, io, at.length);
                Arrays.fill(idx, io + v.length, io + k, -1);
            }
        }
    }
}
