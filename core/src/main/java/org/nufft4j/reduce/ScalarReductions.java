package org.nufft4j.reduce;

import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import org.nufft4j.Precision;

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
        Formula root = r.pairFormula();
        var program = new Program(root);
        data.check(program);
        int length = r.outputLength(data);
        int rows = r.outputRows(data);
        int inner = r.overJ() ? data.rowsJ() : data.rowsI();
        int outDim = r.outputDim();
        double[] out = new double[length];
        boolean indexed = r.reducer().rule().indexed();
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
        for (int row = 0; row < rows; row++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("reduction interrupted before output row " + row + " of " + rows);
            }
            var acc = r.reducer().rule().accumulator(r, inner);
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

    /**
     * Evaluates the reduction in the given precision: {@link Precision#DOUBLE} as
     * {@link #evaluate(KernelReduction, ReductionData)}; {@link Precision#FLOAT} in double on
     * the data rounded to float, the output rounded to float (the oracle of float evaluators:
     * the float data's exact reduction, up to double rounding, then one rounding).
     *
     * @param reduction the reduction
     * @param data the arrays its variables read ({@link ReductionData#check})
     * @param precision the precision of the data and of the output
     * @return the output, as {@link #evaluate(KernelReduction, ReductionData)}
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException as {@link #evaluate(KernelReduction, ReductionData)}
     * @throws CancellationException as {@link #evaluate(KernelReduction, ReductionData)}
     */
    public static ReductionResult evaluate(KernelReduction reduction, ReductionData data, Precision precision) {
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(data, "data");
        return switch (precision) {
            case DOUBLE -> evaluate(reduction, data);
            case FLOAT -> evaluate(reduction, data.roundedToFloat()).roundedToFloat();
        };
    }
}
