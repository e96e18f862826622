package org.nufft4j.reduce;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * The scalar interpreter: evaluates a {@link KernelReduction} pair by pair over the
 * straight-line {@link Program} of its formula. The oracle of every faster evaluator
 * (docs/design.md, Kernel reductions). Never stores the N x M matrix: one workspace per output row.
 *
 * <p>It runs on the calling thread only, possibly for minutes, so it checks the thread's
 * interrupt status once per output row (never per pair) and stops with a
 * {@link CancellationException}, leaving the status set.
 */
public final class ScalarReductions {

    private ScalarReductions() {
    }

    /**
     * Evaluates the reduction pair by pair, in index order: each output row combines its pairs
     * as {@link Reducer} defines, the first index winning ties.
     *
     * @param reduction the reduction
     * @param data the arrays its variables read ({@link ReductionData#check})
     * @return the output: {@code reduction.outputRows(data)} rows of {@code reduction.outputDim()}
     *     values, and indices for ARGMIN, ARGMAX and KMIN
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when the data do not fit the formula, or the output
     *     cannot be allocated ({@link KernelReduction#outputLength}); before any output exists
     * @throws CancellationException when the calling thread is interrupted (checked before each
     *     output row); the thread's interrupt status stays set
     */
    public static ReductionResult evaluate(KernelReduction reduction, ReductionData data) {
        Objects.requireNonNull(reduction, "reduction");
        Objects.requireNonNull(data, "data");
        KernelReduction r = reduction;
        Formula root = r.weight() == null ? r.formula() : Formulas.concat(r.formula(), r.weight());
        var program = new Program(root);
        data.check(program);
        int length = r.outputLength(data);
        int rows = r.outputRows(data);
        int inner = r.overJ() ? data.rowsJ() : data.rowsI();
        int outDim = r.outputDim();
        double[] out = new double[length];
        boolean indexed = r.reducer() == Reducer.ARGMIN || r.reducer() == Reducer.ARGMAX || r.reducer() == Reducer.KMIN;
        int[] idx = indexed ? new int[length] : null;
        double[] w = new double[program.workspace];
        // each variable node and its slot, by identity: equal nodes built apart each have a slot
        var vars = new ArrayList<Variable>();
        int[] slots = new int[program.nodes.length];
        for (int n = 0; n < program.nodes.length; n++) {
            if (program.nodes[n] instanceof Variable v) {
                slots[vars.size()] = program.offset[n];
                vars.add(v);
            }
        }
        int fd = r.formula().dim();
        for (int row = 0; row < rows; row++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("reduction interrupted before output row " + row + " of " + rows);
            }
            var acc = new Accumulator(r, fd, inner);
            for (int q = 0; q < inner; q++) {
                int i = r.overJ() ? row : q;
                int j = r.overJ() ? q : row;
                for (int v = 0; v < vars.size(); v++) {
                    Variable var = vars.get(v);
                    int d = var.dim();
                    int src = switch (var.kind()) {
                        case I -> i * d;
                        case J -> j * d;
                        case PARAMETER -> 0;
                    };
                    System.arraycopy(data.arrays()[var.index()], src, w, slots[v], d);
                }
                int o = program.run(w);
                acc.add(w, o, q);
            }
            acc.finish(out, row * outDim, idx, row * outDim);
        }
        return new ReductionResult(rows, outDim, out, idx);
    }

    /** The running state of one output row. */
    private static final class Accumulator {
        private final KernelReduction r;
        private final int fd;
        private final double[] v;
        private final int[] at;
        private double m = Double.NEGATIVE_INFINITY;

        /** @param count values reduced per row: KMIN keeps at most that many, and pads at the end */
        Accumulator(KernelReduction r, int fd, int count) {
            this.r = r;
            this.fd = fd;
            int n = switch (r.reducer()) {
                case SUM, MIN, MAX -> fd;
                case ARGMIN, ARGMAX -> 1;
                case LOGSUMEXP -> r.weight() == null ? 1 : r.weight().dim();
                case KMIN -> Math.min(r.k(), count);
            };
            v = new double[n];
            at = new int[n];
            Arrays.fill(at, -1);
            switch (r.reducer()) {
                case MIN, ARGMIN, KMIN -> Arrays.fill(v, Double.POSITIVE_INFINITY);
                case MAX, ARGMAX -> Arrays.fill(v, Double.NEGATIVE_INFINITY);
                default -> { }
            }
        }

        void add(double[] w, int o, int q) {
            switch (r.reducer()) {
                case SUM -> {
                    for (int k = 0; k < fd; k++) {
                        v[k] += w[o + k];
                    }
                }
                case MIN -> {
                    for (int k = 0; k < fd; k++) {
                        if (w[o + k] < v[k]) {
                            v[k] = w[o + k];
                        }
                    }
                }
                case MAX -> {
                    for (int k = 0; k < fd; k++) {
                        if (w[o + k] > v[k]) {
                            v[k] = w[o + k];
                        }
                    }
                }
                case ARGMIN -> {
                    if (w[o] < v[0]) {
                        v[0] = w[o];
                        at[0] = q;
                    }
                }
                case ARGMAX -> {
                    if (w[o] > v[0]) {
                        v[0] = w[o];
                        at[0] = q;
                    }
                }
                case LOGSUMEXP -> {
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
                        double weight = r.weight() == null ? 1.0 : w[o + 1 + k];
                        v[k] = v[k] * scale + e * weight;
                    }
                }
                case KMIN -> {
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
            }
        }

        void finish(double[] out, int o, int[] idx, int io) {
            switch (r.reducer()) {
                case SUM, MIN, MAX -> System.arraycopy(v, 0, out, o, v.length);
                case KMIN -> {
                    // k beyond the reduced count: the missing entries are +inf with index -1
                    System.arraycopy(v, 0, out, o, v.length);
                    Arrays.fill(out, o + v.length, o + r.k(), Double.POSITIVE_INFINITY);
                    Arrays.fill(idx, io + v.length, io + r.k(), -1);
                }
                case ARGMIN, ARGMAX -> out[o] = v[0];
                case LOGSUMEXP -> {
                    if (r.weight() == null) {
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
            if (idx != null) {
                System.arraycopy(at, 0, idx, io, at.length);
            }
        }
    }
}
