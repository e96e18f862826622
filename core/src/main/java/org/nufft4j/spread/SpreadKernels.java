package org.nufft4j.spread;

import org.nufft4j.grid.SortedPoints;
import org.nufft4j.kernel.KernelPolynomial;

/**
 * The inner loops of spreading and interpolation, the part that {@code simd} replaces.
 *
 * <p>Everything else (sorting, tiling, threads, FFT, deconvolution) stays in {@code core}
 * and is shared by every implementation. Implementations must be stateless and thread-safe.
 *
 * <p>Layouts (all complex data interleaved re, im):
 * <ul>
 *   <li>strength of the caller's point j in transform b: {@code in[inOffset + b*inStride + 2j]};
 *   <li>tile buffer of transform b: {@code buf[b*bufStride + 2 (i1 + m1 (i2 + m2 i3))]}, where
 *       buffer cell i_d stands for fine-grid cell {@code origin[d] + i_d} (no wrap inside a
 *       buffer; the caller folds it into the grid);
 *   <li>fine grid of transform b: {@code grid[b*gridStride + 2 (g1 + n1 (g2 + n2 g3))]};
 *   <li>interpolated value of the caller's point j in transform b:
 *       {@code out[outOffset + b*outStride + 2j]}.
 * </ul>
 */
public interface SpreadKernels {

    /** Short name printed by the runner: "scalar" or "simd-..." */
    String name();

    /**
     * Adds {@code c_j phi(l h - x_j)} for sorted points {@code from..to-1} into the tile buffer
     * (DESIGN.md §3, type 1). Every cell the kernel of those points touches lies inside the
     * buffer's extent.
     */
    void spread(KernelPolynomial kernel, SortedPoints points, int from, int to,
                double[] in, int inOffset, int inStride, int batch,
                double[] buf, int bufStride, int[] origin, int[] extent);

    /**
     * Writes {@code sum_l b_l phi(l h - x_j)} for sorted points {@code from..to-1}, reading the
     * fine grid with periodic wrap (DESIGN.md §3, type 2).
     */
    void interpolate(KernelPolynomial kernel, SortedPoints points, int from, int to,
                     double[] grid, int gridStride, int[] n, int batch,
                     double[] out, int outOffset, int outStride);
}
