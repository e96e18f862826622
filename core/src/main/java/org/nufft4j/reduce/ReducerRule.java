package org.nufft4j.reduce;

import java.util.Arrays;

/**
 * What a {@link Reducer} means, in one object per reducer (docs/design.md, Kernel reductions):
 * the shape of its output, its identity and lane combine, the scalar interpreter's per-pair
 * accumulation (the oracle every evaluator is tested against), and its backpropagation rule.
 * The SIMD evaluator keeps its block accumulation beside it, one object per reducer as well
 * ({@code BlockReducers} in the simd module), chosen once per reduction.
 *
 * <p>Adding a reducer: a constant of {@link Reducer} naming its rule, a final class here, its
 * block form in simd, and a case in the tests that compare every reducer with its oracle.
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
            return new Acc(min, v);
        }

        @Override
        public String toString() {
            return min ? "MIN" : "MAX";
        }

        record Acc(boolean min, double[] v) implements Accumulator {
            @Override
            public void add(double[] w, int o, int q) {
                for (int k = 0; k < v.length; k++) {
                    if (min ? w[o + k] < v[k] : w[o + k] > v[k]) {
                        v[k] = w[o + k];
                    }
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
