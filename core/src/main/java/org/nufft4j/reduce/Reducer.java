package org.nufft4j.reduce;

/**
 * How the values of a formula over one index are combined (docs/design.md, Kernel reductions).
 * Each constant names the object that holds what it means ({@link #rule()}); code that needs a
 * reducer's behaviour asks that object instead of switching on the constant.
 */
public enum Reducer {
    /** sum over the pairs; empty set: 0. NaN propagates. */
    SUM(new ReducerRule.Sum()),
    /** componentwise minimum; empty set: +infinity. NaN values never compare smaller: skipped. */
    MIN(new ReducerRule.Extremum(true)),
    /** componentwise maximum; empty set: -infinity. NaN skipped. */
    MAX(new ReducerRule.Extremum(false)),
    /** index of the minimum of a scalar formula (first on ties); empty set: -1. NaN skipped. */
    ARGMIN(new ReducerRule.ArgExtremum(true)),
    /** index of the maximum of a scalar formula (first on ties); empty set: -1. NaN skipped. */
    ARGMAX(new ReducerRule.ArgExtremum(false)),
    /**
     * {@code log sum exp F} of a scalar F, computed stably as {@code m + log sum exp(F - m)} with
     * m the running maximum; empty set: -infinity. With a weight formula W the result is the
     * pair (m, s) with {@code sum exp(F) W = exp(m) s} (1 + dim W components), as KeOps does.
     */
    LOGSUMEXP(new ReducerRule.LogSumExp()),
    /** the k smallest values of a scalar F, ascending, with their indices; missing: +inf and -1. */
    KMIN(new ReducerRule.KMin());

    private final ReducerRule rule;

    Reducer(ReducerRule rule) {
        this.rule = rule;
    }

    /**
     * What this reducer means: output shape, identity, combine, the scalar oracle's
     * accumulation and the backpropagation rule.
     *
     * @return the reducer's rule object
     */
    public ReducerRule rule() {
        return rule;
    }
}
