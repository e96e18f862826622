package org.nufft4j.reduce;

import java.util.Objects;

/**
 * A reduction {@code a_i = Red_j F(x_i, y_j, p)} (over j, one output row per i) or
 * {@code a_j = Red_i F} (over i, one row per j), evaluated without ever storing the N x M
 * matrix (DESIGN.md §4).
 *
 * @param formula F
 * @param overJ true to reduce over j (rows per i), false to reduce over i (rows per j)
 * @param reducer how values are combined
 * @param weight the weight formula of a weighted LOGSUMEXP, else null
 * @param k the number of smallest values kept by KMIN (else ignored)
 */
public record KernelReduction(Formula formula, boolean overJ, Reducer reducer, Formula weight, int k) {

    public KernelReduction {
        Objects.requireNonNull(formula, "formula");
        Objects.requireNonNull(reducer, "reducer");
        boolean scalarOnly = reducer == Reducer.ARGMIN || reducer == Reducer.ARGMAX || reducer == Reducer.LOGSUMEXP
                || reducer == Reducer.KMIN;
        if (scalarOnly && formula.dim() != 1) {
            throw new IllegalArgumentException(reducer + " needs a scalar formula, got dimension " + formula.dim());
        }
        if (weight != null && reducer != Reducer.LOGSUMEXP) {
            throw new IllegalArgumentException("a weight is only meaningful for LOGSUMEXP, not " + reducer);
        }
        if (reducer == Reducer.KMIN && k < 1) {
            throw new IllegalArgumentException("KMIN needs k >= 1, got " + k);
        }
    }

    /** {@code Red_j F}: one output row per i. */
    public static KernelReduction overJ(Formula formula, Reducer reducer) {
        return new KernelReduction(formula, true, reducer, null, 0);
    }

    /** {@code Red_i F}: one output row per j. */
    public static KernelReduction overI(Formula formula, Reducer reducer) {
        return new KernelReduction(formula, false, reducer, null, 0);
    }

    /** Weighted log-sum-exp over j: rows (m, s) with {@code sum_j exp(F) W = exp(m) s}. */
    public static KernelReduction logSumExpOverJ(Formula formula, Formula weight) {
        return new KernelReduction(formula, true, Reducer.LOGSUMEXP, Objects.requireNonNull(weight, "weight"), 0);
    }

    /** The k smallest values of F over j, with their indices. */
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
}
