package org.nufft4j;

/** The kind of transform a plan computes (docs/design.md, NUFFT). */
public enum NufftType {
    /** Non-uniform points to uniform modes: {@code f_k = sum_j c_j exp(isign i k.x_j)}. */
    TYPE_1,
    /** Uniform modes to non-uniform points: {@code c_j = sum_k f_k exp(isign i k.x_j)}. */
    TYPE_2,
    /**
     * Non-uniform points to non-uniform frequencies: {@code f_k = sum_j c_j exp(isign i s_k.x_j)}
     * ({@link NufftPlan#createType3}).
     */
    TYPE_3
}
