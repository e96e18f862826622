package org.nufft4j.fft;

/**
 * What a plan needs from an FFT: unnormalised in-place complex transforms of a batch of fine
 * grids, {@code B_k = sum_l b_l exp(isign 2 pi i k.l / n)} (docs/design.md, "The FFT"), with
 * the sizes, sign, pruning and workers fixed when it is made ({@link GridFftProvider}).
 *
 * <p>Layout: each grid is {@code n_1 n_2 n_3} complex cells, interleaved (re, im), dimension 1
 * fastest. Grid {@code b} of a batch starts at {@code grid[b * stride]}.
 *
 * <p>Contract of every implementation: results do not depend on the number of threads (each
 * line is transformed by the same arithmetic whoever runs it, so they are bitwise identical);
 * nothing is allocated per call once the first call has sized the scratch; a cancelled call
 * (see {@link org.nufft4j.parallel.Workers}) leaves the grids undefined but the transform
 * usable.
 *
 * <p>Template of {@code FloatGridFft} (core/src/build/FloatTwins.java).
 */
public interface GridFft {

    /**
     * Transforms {@code count} grids stored at {@code grid[b * stride ...]}, in place.
     *
     * @param grid the fine grids, complex interleaved (re, im), dimension 1 fastest
     * @param stride distance in array elements (not complex cells) from one grid to the next,
     *     at least 2 n_1 n_2 n_3
     * @param count number of grids to transform
     */
    void transform(double[] grid, int stride, int count);

    /**
     * Which implementation runs.
     *
     * @return {@code "jtransforms"} or {@code "simd-..."}
     */
    String name();
}
