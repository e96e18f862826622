package org.nufft4j.reduce;

import org.nufft4j.parallel.Workers;

/**
 * Something that evaluates a {@link KernelReduction} on its data: the scalar interpreter
 * ({@link ReductionEvaluators#scalar}) or the SIMD blocks of the simd module
 * ({@link ReductionEvaluators#simd}). Every evaluator gives the oracle's result within the
 * tolerances docs/design.md (Kernel reductions) states.
 */
public interface ReductionEvaluator {

    /**
     * A short name for logs and the runner.
     *
     * @return "scalar" or "simd"
     */
    String name();

    /**
     * Evaluates the reduction on the data.
     *
     * @param reduction the reduction
     * @param data the arrays its variables read ({@link ReductionData#check})
     * @param workers the threads to use (an evaluator may use fewer: the scalar one runs on the
     *     calling thread)
     * @return the output: {@code reduction.outputRows(data)} rows of {@code reduction.outputDim()}
     *     values, and indices for ARGMIN, ARGMAX and KMIN
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when the data do not fit the formula, or the output cannot
     *     be allocated; before any output exists
     */
    ReductionResult evaluate(KernelReduction reduction, ReductionData data, Workers workers);
}
