package org.nufft4j;

/** Order of the modes in a mode array (docs/design.md, NUFFT). */
public enum ModeOrder {
    /** Increasing k from -N/2 to (N-1)/2 in every dimension (FINUFFT's modeord = 0). */
    CMCL,
    /** k = 0, 1, ..., (N-1)/2, then -N/2, ..., -1 (FINUFFT's modeord = 1, as an FFT returns). */
    FFT;

    /**
     * Position in a dimension of N modes of the mode k.
     *
     * @param k the mode (frequency index), {@code -N/2 <= k <= (N-1)/2}; not checked
     * @param modes N, the number of modes of the dimension
     * @return the array index, in [0, N), at which this order stores mode k
     */
    public int index(int k, int modes) {
        return this == CMCL ? k + modes / 2 : (k >= 0 ? k : k + modes);
    }

    /**
     * The mode stored at a position of a dimension of N modes: the inverse of {@link #index}.
     *
     * @param i the array index, in [0, N); not checked
     * @param modes N, the number of modes of the dimension
     * @return the mode k at index i, {@code -N/2 <= k <= (N-1)/2}
     */
    public int mode(int i, int modes) {
        return this == CMCL ? i - modes / 2 : (i <= (modes - 1) / 2 ? i : i - modes);
    }
}
