package org.nufft4j;

/** Which spreading kernels a plan asks for. */
public enum SpreadKernelsChoice {
    /** SIMD when the simd module is present and usable, else scalar. */
    AUTO,
    /** The plain Java kernels, always available. */
    SCALAR,
    /** The SIMD kernels; plan creation fails when they are not available. */
    SIMD
}
