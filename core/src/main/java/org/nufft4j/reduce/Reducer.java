package org.nufft4j.reduce;

/** How the values of a formula over one index are combined (docs/design.md, Kernel reductions). */
public enum Reducer {
    /** sum over the pairs; empty set: 0. NaN propagates. */
    SUM,
    /** componentwise minimum; empty set: +infinity. NaN values never compare smaller: skipped. */
    MIN,
    /** componentwise maximum; empty set: -infinity. NaN skipped. */
    MAX,
    /** index of the minimum of a scalar formula (first on ties); empty set: -1. NaN skipped. */
    ARGMIN,
    /** index of the maximum of a scalar formula (first on ties); empty set: -1. NaN skipped. */
    ARGMAX,
    /**
     * {@code log sum exp F} of a scalar F, computed stably as {@code m + log sum exp(F - m)} with
     * m the running maximum; empty set: -infinity. With a weight formula W the result is the
     * pair (m, s) with {@code sum exp(F) W = exp(m) s} (1 + dim W components), as KeOps does.
     */
    LOGSUMEXP,
    /** the k smallest values of a scalar F, ascending, with their indices; missing: +inf and -1. */
    KMIN
}
