package org.nufft4j;

/** Order of the modes in a mode array (docs/design.md, NUFFT). */
public enum ModeOrder {
    /** Increasing k from -N/2 to (N-1)/2 in every dimension (FINUFFT's modeord = 0). */
    CMCL,
    /** k = 0, 1, ..., (N-1)/2, then -N/2, ..., -1 (FINUFFT's modeord = 1, as an FFT returns). */
    FFT;

    /** Position in a dimension of N modes of the mode k, {@code -N/2 <= k <= (N-1)/2}. */
    public int index(int k, int modes) {
        return this == CMCL ? k + modes / 2 : (k >= 0 ? k : k + modes);
    }

    /** The mode k stored at position i of a dimension of N modes. */
    public int mode(int i, int modes) {
        return this == CMCL ? i - modes / 2 : (i <= (modes - 1) / 2 ? i : i - modes);
    }
}
