package org.nufft4j.fft;

import java.util.Arrays;

/**
 * The transforms an FFT is made for: fine sizes, sign, and what the NUFFT around it lets it
 * skip.
 *
 * <p>The mode box: along dimension d the plan's {@code modes[d]} modes k, {@code -N/2 <= k <=
 * (N-1)/2}, sit at the fine indices {@code k mod n[d]}, that is {@code 0 .. (N-1)/2} and
 * {@code n[d] - N/2 .. n[d]-1}. The box is the product of these index sets.
 *
 * @param sizes fine grid sizes n_d, d = 1..3 (even, factors 2, 3 and 5 only, as
 *     {@link org.nufft4j.grid.FineGridSize} makes them; implementations may accept more)
 * @param isign sign of the exponent, +1 or -1
 * @param modes N_d, the mode box, {@code 1 <= modes[d] <= sizes[d]}
 * @param pruning what may be skipped
 */
public record FftShape(int[] sizes, int isign, int[] modes, Pruning pruning) {

    /** What the transform may assume about its input or need of its output. */
    public enum Pruning {
        /** A full transform: every input cell read, every output cell right. */
        NONE,
        /**
         * Type 2: every input cell outside the mode box is zero (the FFT may skip reading it);
         * every output cell must be right.
         */
        ZERO_OUTSIDE_MODES,
        /**
         * Type 1: only the output cells inside the mode box are needed; the others are left
         * undefined.
         */
        ONLY_MODES_NEEDED
    }

    /**
     * Checks and copies the arguments.
     *
     * @throws IllegalArgumentException if sizes and modes do not have the same length, 1 to 3,
     *     if isign is not +1 or -1, or if some {@code modes[d]} is not in {@code 1..sizes[d]}
     * @throws NullPointerException if pruning is null
     */
    public FftShape {
        sizes = sizes.clone();
        modes = modes.clone();
        if (sizes.length < 1 || sizes.length > 3 || modes.length != sizes.length) {
            throw new IllegalArgumentException("sizes " + Arrays.toString(sizes) + " and modes "
                    + Arrays.toString(modes) + ": need 1 to 3 dimensions, the same number in both");
        }
        if (isign != 1 && isign != -1) {
            throw new IllegalArgumentException("isign must be +1 or -1, got " + isign);
        }
        for (int d = 0; d < sizes.length; d++) {
            if (sizes[d] < 1 || modes[d] < 1 || modes[d] > sizes[d]) {
                throw new IllegalArgumentException("sizes " + Arrays.toString(sizes) + ", modes "
                        + Arrays.toString(modes) + ": need 1 <= modes[d] <= sizes[d]");
            }
        }
        java.util.Objects.requireNonNull(pruning, "pruning");
    }

    /**
     * A full transform of these sizes (no pruning).
     *
     * @param sizes fine grid sizes n_d, 1 to 3 dimensions; they are also the mode box
     * @param isign sign of the exponent, +1 or -1
     * @return the shape with {@link Pruning#NONE}
     */
    public static FftShape full(int[] sizes, int isign) {
        return new FftShape(sizes, isign, sizes, Pruning.NONE);
    }

    /**
     * Number of dimensions.
     *
     * @return 1, 2 or 3
     */
    public int dimension() {
        return sizes.length;
    }

    /**
     * Fine grid sizes.
     *
     * @return a copy of n_d, one per dimension
     */
    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    /**
     * The mode box.
     *
     * @return a copy of N_d, one per dimension
     */
    @Override
    public int[] modes() {
        return modes.clone();
    }

    /**
     * Number of complex cells of one grid.
     *
     * @return the product of the sizes (a long: it may exceed an int)
     */
    public long cells() {
        long c = 1;
        for (int s : sizes) {
            c *= s;
        }
        return c;
    }

    /**
     * Whether fine index i along dimension d lies in the mode box.
     *
     * @param d the dimension, 0-based
     * @param i the fine index along it, {@code 0 <= i < sizes[d]}; not checked
     * @return true when {@code i <= (N-1)/2} or {@code i >= n[d] - N/2}
     */
    public boolean inModes(int d, int i) {
        int m = modes[d];
        return i <= (m - 1) / 2 || i >= sizes[d] - m / 2;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FftShape s && isign == s.isign && pruning == s.pruning
                && Arrays.equals(sizes, s.sizes) && Arrays.equals(modes, s.modes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(sizes) + Arrays.hashCode(modes)) + 2 * isign + pruning.ordinal();
    }

    @Override
    public String toString() {
        return "FftShape[sizes=" + Arrays.toString(sizes) + ", isign=" + isign + ", modes=" + Arrays.toString(modes)
                + ", pruning=" + pruning + "]";
    }
}
