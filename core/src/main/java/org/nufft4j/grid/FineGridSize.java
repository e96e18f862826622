package org.nufft4j.grid;

/** Fine-grid sizes: even, only factors 2, 3 and 5 (where JTransforms is fastest). */
public final class FineGridSize {

    private FineGridSize() {
    }

    /**
     * Smallest even n &gt;= m whose only prime factors are 2, 3 and 5.
     *
     * @param m the least size wanted
     * @return that size, at least 2, or -1 if it is above {@code Integer.MAX_VALUE}
     */
    public static long next235Even(long m) {
        long n = Math.max(2, m + (m & 1));
        for (; n <= Integer.MAX_VALUE; n += 2) {
            long r = n;
            while (r % 2 == 0) {
                r /= 2;
            }
            while (r % 3 == 0) {
                r /= 3;
            }
            while (r % 5 == 0) {
                r /= 5;
            }
            if (r == 1) {
                return n;
            }
        }
        return -1;
    }

    /**
     * Fine size for N modes: {@code next235Even(max(ceil(sigma N), 2w))}.
     *
     * @param modes N, number of modes along the dimension
     * @param upsampling sigma, the upsampling factor (fine size over modes)
     * @param width w, the kernel width in fine-grid cells; the grid holds at least 2w cells
     * @return the fine size n, or -1 if it is above {@code Integer.MAX_VALUE}
     */
    public static long forModes(long modes, double upsampling, int width) {
        long m = Math.max((long) Math.ceil(upsampling * modes), 2L * width);
        return next235Even(m);
    }
}
