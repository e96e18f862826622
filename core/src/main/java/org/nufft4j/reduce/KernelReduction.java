package org.nufft4j.reduce;

import java.util.Objects;

/**
 * A reduction {@code a_i = Red_j F(x_i, y_j, p)} (over j, one output row per i) or
 * {@code a_j = Red_i F} (over i, one row per j), evaluated without ever storing the N x M
 * matrix (docs/design.md, Kernel reductions). Evaluate it with a {@link ReductionEvaluator} on
 * a {@link ReductionData}; the result has {@link #outputRows} rows of {@link #outputDim}
 * components.
 *
 * <p>Serializable with its formulas (distributed jobs); evaluators and their generated classes
 * are not, and are rebuilt where the reduction runs.
 *
 * @param formula F, the value of each pair (i, j); scalar for ARGMIN, ARGMAX, LOGSUMEXP and KMIN
 * @param overJ true to reduce over j (rows per i), false to reduce over i (rows per j)
 * @param reducer how values are combined
 * @param weight the weight formula W of a weighted LOGSUMEXP, else null
 * @param k the number of smallest values kept by KMIN (at least 1; larger than the reduced
 *     count only pads the rows with +inf and index -1); 0 for every other reducer
 */
public record KernelReduction(Formula formula, boolean overJ, Reducer reducer, Formula weight, int k)
        implements java.io.Serializable {

    /**
     * Largest array an evaluator allocates: the limit some VMs keep below
     * {@code Integer.MAX_VALUE} (as java.util's own collections do).
     */
    public static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    /**
     * Checks the components.
     *
     * @throws NullPointerException when {@code formula} or {@code reducer} is null
     * @throws IllegalArgumentException when a scalar-only reducer gets a vector formula, a
     *     weight is given for another reducer than LOGSUMEXP or has more than
     *     {@code MAX_ARRAY_LENGTH - 1} components, or k is not {@code >= 1} for KMIN and 0 for
     *     the others
     */
    public KernelReduction {
        Objects.requireNonNull(formula, "formula");
        Objects.requireNonNull(reducer, "reducer");
        if (reducer.rule().scalarOnly() && formula.dim() != 1) {
            throw new IllegalArgumentException(reducer + " needs a scalar formula, got dimension " + formula.dim()
                    + ": " + formula);
        }
        if (weight != null && !reducer.rule().takesWeight()) {
            throw new IllegalArgumentException("a weight is only meaningful for LOGSUMEXP, not " + reducer
                    + ": expected weight = null");
        }
        if (weight != null && weight.dim() > MAX_ARRAY_LENGTH - 1) {
            throw new IllegalArgumentException("weight has " + weight.dim()
                    + " components; a row of (m, s) holds at most " + (MAX_ARRAY_LENGTH - 1));
        }
        if (reducer.rule().takesK() && k < 1) {
            throw new IllegalArgumentException("k must be >= 1 for KMIN, got " + k);
        }
        if (!reducer.rule().takesK() && k != 0) {
            throw new IllegalArgumentException("k is only meaningful for KMIN: expected 0 for " + reducer
                    + ", got " + k);
        }
    }

    /**
     * {@code Red_j F}: one output row per i. KMIN needs a k: {@link #kMinOverJ}.
     *
     * @param formula F
     * @param reducer how values are combined: any but KMIN
     * @return the reduction, unweighted
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when the reducer is KMIN, or needs a scalar F and F is not
     */
    public static KernelReduction overJ(Formula formula, Reducer reducer) {
        return new KernelReduction(formula, true, reducer, null, 0);
    }

    /**
     * {@code Red_i F}: one output row per j. KMIN needs a k: the canonical constructor.
     *
     * @param formula F
     * @param reducer how values are combined: any but KMIN
     * @return the reduction, unweighted
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when the reducer is KMIN, or needs a scalar F and F is not
     */
    public static KernelReduction overI(Formula formula, Reducer reducer) {
        return new KernelReduction(formula, false, reducer, null, 0);
    }

    /**
     * Weighted log-sum-exp over j: per i, a row {@code (m, s_1 .. s_d)} of {@code 1 + W.dim()}
     * components with {@code sum_j exp(F) W = exp(m) s}, m the maximum of F over j.
     *
     * @param formula F, scalar
     * @param weight W, the weights multiplying {@code exp(F)}
     * @return the reduction
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when F is not scalar, or W has more than
     *     {@code MAX_ARRAY_LENGTH - 1} components
     */
    public static KernelReduction logSumExpOverJ(Formula formula, Formula weight) {
        return new KernelReduction(formula, true, Reducer.LOGSUMEXP, Objects.requireNonNull(weight, "weight"), 0);
    }

    /**
     * The k smallest values of F over j, ascending, with their indices. k may exceed M: the
     * missing entries are +inf with index -1 (the evaluators reject a k whose padded output
     * cannot be allocated: {@link #outputLength}).
     *
     * @param formula F, scalar
     * @param k how many values each row keeps: {@code >= 1}
     * @return the reduction; its rows hold k values, and the result k indices per row
     * @throws NullPointerException when {@code formula} is null
     * @throws IllegalArgumentException when F is not scalar or {@code k < 1}
     */
    public static KernelReduction kMinOverJ(Formula formula, int k) {
        return new KernelReduction(formula, true, Reducer.KMIN, null, k);
    }

    /**
     * The formula an evaluator computes per pair: F, or {@code concat(F, W)} for a weighted
     * LOGSUMEXP (whose rows then hold F and W side by side).
     *
     * @return F, or concat(F, W)
     */
    public Formula pairFormula() {
        return weight == null ? formula : Formulas.concat(formula, weight);
    }

    /**
     * Components of one output row.
     *
     * @return F's dimension for SUM, MIN and MAX; 1 for ARGMIN and ARGMAX; 1, or
     *     {@code 1 + W.dim()} with a weight, for LOGSUMEXP; k for KMIN
     */
    public int outputDim() {
        return reducer.rule().outputDim(this);
    }

    /**
     * Output rows for this data.
     *
     * @param data the data the reduction runs on
     * @return N ({@code data.rowsI()}) when reducing over j, M ({@code data.rowsJ()}) when
     *     reducing over i
     * @throws NullPointerException when {@code data} is null
     */
    public int outputRows(ReductionData data) {
        Objects.requireNonNull(data, "data");
        return overJ ? data.rowsI() : data.rowsJ();
    }

    /**
     * Length of the output arrays, {@code outputRows(data) * outputDim()} (values, and indices
     * for ARGMIN, ARGMAX and KMIN). Evaluators call it before allocating anything.
     *
     * @param data the data the reduction runs on
     * @return {@code outputRows(data) * outputDim()}
     * @throws NullPointerException when {@code data} is null
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
        if (reducer.rule().takesK()) {
            throw new IllegalArgumentException("KMIN: k = " + k + " with " + out + " = " + rows + " output rows needs "
                    + length + " values and as many indices, more than the largest array (" + MAX_ARRAY_LENGTH
                    + "); each row reduces " + in + " = " + count + " values, and a k beyond " + in
                    + " only pads the rows with +inf and index -1");
        }
        throw new IllegalArgumentException(reducer + ": " + out + " = " + rows + " output rows of " + outputDim()
                + " components need " + length + " values, more than the largest array (" + MAX_ARRAY_LENGTH + ")");
    }
}
