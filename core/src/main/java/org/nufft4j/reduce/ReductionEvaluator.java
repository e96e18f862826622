package org.nufft4j.reduce;

import java.util.Objects;
import org.nufft4j.Precision;
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

    /**
     * Evaluates the reduction in the given precision. {@link Precision#DOUBLE} is
     * {@link #evaluate(KernelReduction, ReductionData, Workers)}. {@link Precision#FLOAT} reads
     * the data rounded to float ({@link ReductionData#roundedToFloat}) and returns values that
     * are floats (widened to double in the result). This default computes in double on the
     * rounded data and rounds the output (what the scalar evaluator does: the oracle of float
     * results); the SIMD evaluator computes in float where it can (docs/design.md, Kernel
     * reductions, Float reductions, with the tolerance against this oracle).
     *
     * @param reduction the reduction
     * @param data the arrays its variables read ({@link ReductionData#check})
     * @param workers the threads to use
     * @param precision the precision of the data and of the arithmetic
     * @return the output, as {@link #evaluate(KernelReduction, ReductionData, Workers)}
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException as {@link #evaluate(KernelReduction, ReductionData, Workers)}
     */
    default ReductionResult evaluate(KernelReduction reduction, ReductionData data, Workers workers,
                                     Precision precision) {
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(data, "data");
        return switch (precision) {
            case DOUBLE -> evaluate(reduction, data, workers);
            case FLOAT -> evaluate(reduction, data.roundedToFloat(), workers).roundedToFloat();
        };
    }
}
