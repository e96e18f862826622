package org.nufft4j.spread;

import org.nufft4j.grid.SortedPoints;
import org.nufft4j.kernel.KernelPolynomial;

/**
 * The inner loops of spreading and interpolation, the part that {@code simd} replaces.
 *
 * <p>Everything else (sorting, tiling, threads, FFT, deconvolution) stays in {@code core}
 * and is shared by every implementation. Implementations must be stateless and thread-safe.
 * {@code FloatSpreadKernels} is the same interface for float strengths, grids and values,
 * generated from this one (core/src/build/FloatTwins.java).
 *
 * <p>Layouts (all complex data interleaved re, im). Kernels see points only in sorted order:
 * the caller gathers strengths into, and scatters interpolated values out of, sorted order in
 * tight loops whose memory misses overlap, instead of one random access per point inside the
 * arithmetic.
 * <ul>
 *   <li>strength of sorted point s (from &lt;= s &lt; to) in transform b:
 *       {@code values[b * 2 (to - from) + 2 (s - from)]};
 *   <li>tile buffer of transform b: {@code buf[b*bufStride + 2 (i1 + m1 (i2 + m2 i3))]}, where
 *       buffer cell i_d stands for fine-grid cell {@code origin[d] + i_d} (no wrap inside a
 *       buffer; the caller folds it into the grid);
 *   <li>fine grid of transform b: {@code grid[b*gridStride + 2 (g1 + n1 (g2 + n2 g3))]};
 *   <li>interpolated values use the same layout as strengths.
 * </ul>
 */
public interface SpreadKernels {

    /**
     * Short name printed by the runner.
     *
     * @return "scalar" or "simd-..."
     */
    String name();

    /**
     * Doubles past the end of the last tile buffer that {@link #spread} may touch (it may add
     * zeros beyond a point's support, to write whole vectors). The caller allocates them.
     *
     * @return number of extra array elements; 0 for the scalar kernels
     */
    default int bufferSlack() {
        return 0;
    }

    /**
     * Row length granule, in cells, of tile buffers: the caller rounds {@code extent[0]} (the
     * buffer's row stride) up to a multiple of it; cells past the support stay zero.
     *
     * @return the granule in complex cells; 1 for the scalar kernels
     */
    default int rowGranule() {
        return 1;
    }

    /**
     * Adds {@code c_j phi(l h - x_j)} for sorted points {@code from..to-1} into the tile buffer
     * (docs/design.md, NUFFT, type 1). Every cell the kernel of those points touches lies inside the
     * buffer's extent.
     *
     * @param kernel the piecewise polynomial of the kernel, with its width w
     * @param points the sorted points; their coordinates are in fine-grid cells
     * @param from first sorted position handled
     * @param to one past the last sorted position handled
     * @param values strengths, {@code batch} runs of complex interleaved (re, im) numbers in
     *     sorted order, in the layout of the interface comment
     * @param batch number of transforms sharing these points
     * @param buf the tile buffers, one per transform, added into
     * @param bufStride distance in array elements from one transform's buffer to the next
     * @param origin per dimension, the fine-grid cell of buffer cell 0
     * @param extent per dimension, buffer cells m_d ({@code extent[0]} is the row stride, a
     *     multiple of {@link #rowGranule})
     */
    void spread(KernelPolynomial kernel, SortedPoints points, int from, int to, double[] values, int batch,
                double[] buf, int bufStride, int[] origin, int[] extent);

    /**
     * Writes {@code sum_l b_l phi(l h - x_j)} for sorted points {@code from..to-1}, reading the
     * fine grid with periodic wrap (docs/design.md, NUFFT, type 2).
     *
     * @param kernel the piecewise polynomial of the kernel, with its width w
     * @param points the sorted points; their coordinates are in fine-grid cells
     * @param from first sorted position handled
     * @param to one past the last sorted position handled
     * @param grid the fine grids, one per transform, complex interleaved, dimension 1 fastest
     * @param gridStride distance in array elements from one transform's grid to the next
     * @param n fine grid sizes n_d, for the periodic wrap
     * @param batch number of transforms sharing these points
     * @param values receives the interpolated values, complex interleaved, in sorted order, in
     *     the layout of the strengths
     */
    void interpolate(KernelPolynomial kernel, SortedPoints points, int from, int to,
                     double[] grid, int gridStride, int[] n, int batch, double[] values);

    /**
     * Gradient form of {@link #spread} (docs/design.md, NUFFT, type 1 with dipoles): adds
     * {@code c_j K + sum_d D_jd dK/dx_d} where K is the product of the per-dimension kernel
     * values and the derivative along d is taken in the Horner variable of that dimension
     * ({@link org.nufft4j.kernel.KernelPolynomial#derivativeTableDouble}); the caller folds the
     * chain-rule factor into D. {@code values} holds {@code dim + 1} complex numbers per point
     * (c, D_1, .., D_dim): {@code values[b * 2 (dim+1) (to - from) + 2 (dim+1) (s - from) + 2 q]}.
     *
     * @param kernel the piecewise polynomial of the kernel, with its width w
     * @param points the sorted points; their coordinates are in fine-grid cells
     * @param from first sorted position handled
     * @param to one past the last sorted position handled
     * @param values per point and transform, the strength c and the dipoles D_d, complex
     *     interleaved (re, im), in the layout above
     * @param batch number of transforms sharing these points
     * @param buf the tile buffers, one per transform, added into
     * @param bufStride distance in array elements from one transform's buffer to the next
     * @param origin per dimension, the fine-grid cell of buffer cell 0
     * @param extent per dimension, buffer cells m_d ({@code extent[0]} is the row stride, a
     *     multiple of {@link #rowGranule})
     */
    void spreadDipoles(KernelPolynomial kernel, SortedPoints points, int from, int to, double[] values, int batch,
                       double[] buf, int bufStride, int[] origin, int[] extent);

    /**
     * Gradient form of {@link #interpolate} (type 2 with gradients): writes {@code dim + 1}
     * complex numbers per point, {@code sum_l b_l K} and, for each d, {@code sum_l b_l dK/dx_d}
     * with the derivative in the Horner variable (the caller applies the chain-rule factor), in
     * the layout of {@link #spreadDipoles}.
     *
     * @param kernel the piecewise polynomial of the kernel, with its width w
     * @param points the sorted points; their coordinates are in fine-grid cells
     * @param from first sorted position handled
     * @param to one past the last sorted position handled
     * @param grid the fine grids, one per transform, complex interleaved, dimension 1 fastest
     * @param gridStride distance in array elements from one transform's grid to the next
     * @param n fine grid sizes n_d, for the periodic wrap
     * @param batch number of transforms sharing these points
     * @param values receives, per point and transform, the value and its dim derivatives,
     *     complex interleaved, in sorted order
     */
    void interpolateGradient(KernelPolynomial kernel, SortedPoints points, int from, int to,
                             double[] grid, int gridStride, int[] n, int batch, double[] values);
}
