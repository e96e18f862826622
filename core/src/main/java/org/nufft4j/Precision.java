package org.nufft4j;

/**
 * Arithmetic precision of a plan's strengths, modes, fine grid and FFT.
 *
 * <p>Point coordinates are double in both: they are given as {@code double[]}, reduced and
 * sorted in double, and the cells each point touches are found in double (a fine-grid
 * coordinate up to 2e6 needs more than a float's 24 bits).
 */
public enum Precision {
    /** {@code execute(double[], double[])}; tolerances down to {@link NufftPlan#MIN_TOLERANCE}. */
    DOUBLE,
    /**
     * {@code execute(float[], float[])}, float lanes (twice as many per vector) and half the
     * memory traffic; tolerances down to {@link NufftPlan#MIN_TOLERANCE_FLOAT}.
     */
    FLOAT
}
