package org.nufft4j.reduce;

import java.util.Objects;

/**
 * A reduction {@code a_i = Red_j F(x_i, y_j, p)} (over j, one output row per i) or
 * {@code a_j = Red_i F} (over i, one row per j), evaluated without ever storing the N x M
 * matrix (docs/design.md, Kernel reductions).
 *
 * @param formula F
 * @param overJ true to reduce over j (rows per i), false to reduce over i (rows per j)
 * @param reducer how values are combined
 * @param weight the weight formula of a weighted LOGSUMEXP, else null
 * @param k the number of smallest values kept by KMIN (at least 1; larger than the reduced
 *     count only pads the rows with +inf and index -1); 0 for every other reducer
 *
 * <p>Serializable with its formulas (distributed jobs); evaluators and their generated classes
 * are not, and are rebuilt where the reduction runs.
 */
public record KernelReduction(Formula formula, boolean overJ, Reducer reducer, Formula weight, int k)
        implements java.io.Serializable {

    /**
     * Largest array an evaluator allocates: the limit some VMs keep below
     * {@code Integer.MAX_VALUE} (as java.util's own collections do).
     */
    public static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    public KernelReduction {
        Objects.requireNonNull(formula, "formula");
        Objects.requireNonNull(reducer, "reducer");
        boolean scalarOnly = reducer == Reducer.ARGMIN || reducer == Reducer.ARGMAX || reducer == Reducer.LOGSUMEXP
                || reducer == Reducer.KMIN;
        if (scalarOnly && formula.dim() != 1) {
            throw new IllegalArgumentException(reducer + " needs a scalar formula, got dimension " + formula.dim()
                    + ": " + formula);
        }
        if (weight != null && reducer != Reducer.LOGSUMEXP) {
            throw new IllegalArgumentException("a weight is only meaningful for LOGSUMEXP, not " + reducer
                    + ": expected weight = null");
        }
        if (weight != null && weight.dim() > MAX_ARRAY_LENGTH - 1) {
            throw new IllegalArgumentException("weight has " + weight.dim()
                    + " components; a row of (m, s) holds at most " + (MAX_ARRAY_LENGTH - 1));
        }
        if (reducer == Reducer.KMIN && k < 1) {
            throw new IllegalArgumentException("k must be >= 1 for KMIN, got " + k);
        }
        if (reducer != Reducer.KMIN && k != 0) {
            throw new IllegalArgumentException("k is only meaningful for KMIN: expected 0 for " + reducer
                    + ", got " + k);
        }
    }

    /** {@code Red_j F}: one output row per i. KMIN needs a k: {@link #kMinOverJ}. */
    public static KernelReduction overJ(Formula formula, Reducer reducer) {
        return new KernelReduction(formula, true, reducer, null, 0);
    }

    /** {@code Red_i F}: one output row per j. KMIN needs a k: the canonical constructor. */
    public static KernelReduction overI(Formula formula, Reducer reducer) {
        return new KernelReduction(formula, false, reducer, null, 0);
    }

    /** Weighted log-sum-exp over j: rows (m, s) with {@code sum_j exp(F) W = exp(m) s}. */
    public static KernelReduction logSumExpOverJ(Formula formula, Formula weight) {
        return new KernelReduction(formula, true, Reducer.LOGSUMEXP, Objects.requireNonNull(weight, "weight"), 0);
    }

    /**
     * The k smallest values of F over j, ascending, with their indices. k may exceed M: the
     * missing entries are +inf with index -1 (the evaluators reject a k whose padded output
     * cannot be allocated: {@link #outputLength}).
     */
    public static KernelReduction kMinOverJ(Formula formula, int k) {
        return new KernelReduction(formula, true, Reducer.KMIN, null, k);
    }

    /** Components of one output row. */
    public int outputDim() {
        return switch (reducer) {
            case SUM, MIN, MAX -> formula.dim();
            case ARGMIN, ARGMAX -> 1;
            case LOGSUMEXP -> weight == null ? 1 : 1 + weight.dim();
            case KMIN -> k;
        };
    }

    /** Output rows for this data: N when reducing over j, M when reducing over i. */
    public int outputRows(ReductionData data) {
        Objects.requireNonNull(data, "data");
        return overJ ? data.rowsI() : data.rowsJ();
    }

    /**
     * Length of the output arrays, {@code outputRows(data) * outputDim()} (values, and indices
     * for ARGMIN, ARGMAX and KMIN). Evaluators call it before allocating anything.
     *
     * @throws IllegalArgumentException when that exceeds {@link #MAX_ARRAY_LENGTH}
     */
    public int outputLength(ReductionData data) {
        int rows = outputRows(data);
        long length = (long) rows * outputDim();
        if (length <= MAX_ARRAY_LENGTH) {
            return (int) length;
        }
        String out = overJ ? "N" : "M";
        String in = overJ ? "M" : "N";
        int count = overJ ? data.rowsJ() : data.rowsI();
        if (reducer == Reducer.KMIN) {
            throw new IllegalArgumentException("KMIN: k = " + k + " with " + out + " = " + rows + " output rows needs "
                    + length + " values and as many indices, more than the largest array (" + MAX_ARRAY_LENGTH
                    + "); each row reduces " + in + " = " + count + " values, and a k beyond " + in
                    + " only pads the rows with +inf and index -1");
        }
        throw new IllegalArgumentException(reducer + ": " + out + " = " + rows + " output rows of " + outputDim()
                + " components need " + length + " values, more than the largest array (" + MAX_ARRAY_LENGTH + ")");
    }
}
