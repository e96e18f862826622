package org.nufft4j;

/** Which FFT a plan asks for ({@code NufftOptions.withFft}). */
public enum FftChoice {
    /** The SIMD FFT when the simd module is present and usable, else JTransforms. */
    AUTO,
    /** JTransforms' line transforms on the plan's workers: the scalar twin, always available. */
    JTRANSFORMS,
    /** The SIMD FFT; plan creation fails when it is not available. */
    SIMD
}
