package org.nufft4j.deconv;

import org.nufft4j.ModeOrder;
import org.nufft4j.parallel.Workers;

/**
 * Moves modes between the fine grid and the user's mode array, dividing by the kernel's
 * Fourier transform (the factors of {@link org.nufft4j.kernel.KernelFourier}).
 *
 * <p>Type 1: {@code f[k] = B[k mod n] * corr(k)} after the FFT. Type 2: the fine grid is
 * zeroed and {@code b_hat[k mod n] = f[k] * corr(k)} before the FFT. corr is the product of
 * the per-dimension factors.
 */
public final class Deconvolution {

    private final int dim;
    private final int[] modes;
    private final int[] n;
    private final int modeCount;
    private final int[][] gridIndex; // per dim, per output position i: (k mod n_d)
    private final double[][] factor; // per dim, per output position i: corr_d(k)
    private final Workers workers;

    /**
     * Tabulates, for each dimension and each position of the mode array, the fine-grid index
     * {@code k mod n_d} and the factor {@code corr_d(k)}; the arrays are copied.
     *
     * @param modes N_d, number of modes per dimension (1 to 3 dimensions)
     * @param n fine grid sizes n_d, {@code n_d >= N_d}, one per dimension of {@code modes}
     * @param correction per dimension, corr_d(|k|) for |k| = 0..N_d/2 (plan-time doubles, also
     *     for the float twin, which rounds them)
     * @param order how positions of the user's mode array map to modes k (CMCL or FFT order)
     * @param workers pool that runs the rows of a batch in parallel
     */
    @SuppressWarnings("cast") // (double) is the rounding cast (float) in the float twin
    public Deconvolution(int[] modes, int[] n,
                         double[][] correction, // (stays double)
                         ModeOrder order, Workers workers) {
        this.dim = modes.length;
        this.modes = modes.clone();
        this.n = n.clone();
        this.workers = workers;
        this.gridIndex = new int[dim][];
        this.factor = new double[dim][];
        int count = 1;
        for (int d = 0; d < dim; d++) {
            gridIndex[d] = new int[modes[d]];
            factor[d] = new double[modes[d]];
            for (int i = 0; i < modes[d]; i++) {
                int k = order.mode(i, modes[d]);
                gridIndex[d][i] = Math.floorMod(k, n[d]);
                factor[d][i] = (double) correction[d][Math.abs(k)];
            }
            count *= modes[d];
        }
        this.modeCount = count;
    }

    /**
     * Type 1: writes the deconvolved modes of grid b to {@code out[outOffset + b*outStride
     * ...]}, for b = 0..batch-1.
     *
     * @param grid the transformed fine grids, complex interleaved (re, im), dimension 1 fastest;
     *     only the cells of the mode box are read
     * @param gridStride distance in array elements (not complex cells) from one grid to the next
     * @param batch number of grids (and mode arrays)
     * @param out receives N_1 N_2 N_3 complex modes per grid, interleaved, dimension 1 fastest,
     *     in the plan's mode order
     * @param outOffset index in {@code out} of mode array 0
     * @param outStride distance in array elements from one mode array to the next
     */
    public void gridToModes(double[] grid, int gridStride, int batch, double[] out, int outOffset, int outStride) {
        int n1 = n[0];
        int n2 = dim > 1 ? n[1] : 1;
        int m1 = modes[0];
        int rows = modeCount / m1;
        int m2 = dim > 1 ? modes[1] : 1;
        workers.forEach(batch * rows, t -> {
            int b = t / rows;
            int row = t % rows;
            int i2 = row % m2;
            int i3 = row / m2;
            double f23 = 1;
            int g23 = 0;
            if (dim > 1) {
                f23 = factor[1][i2];
                g23 = gridIndex[1][i2];
            }
            if (dim > 2) {
                f23 *= factor[2][i3];
                g23 += n2 * gridIndex[2][i3];
            }
            int gridRow = b * gridStride + 2 * n1 * g23;
            int dst = outOffset + b * outStride + 2 * m1 * row;
            int[] gi = gridIndex[0];
            double[] f1 = factor[0];
            for (int i1 = 0; i1 < m1; i1++) {
                double f = f1[i1] * f23;
                int src = gridRow + 2 * gi[i1];
                out[dst + 2 * i1] = grid[src] * f;
                out[dst + 2 * i1 + 1] = grid[src + 1] * f;
            }
        });
    }

    /**
     * Type 2: fills grid b with zeros and the deconvolved modes {@code in[inOffset + b*inStride
     * ...]}, for b = 0..batch-1, ready for the FFT.
     *
     * @param in N_1 N_2 N_3 complex modes per array, interleaved (re, im), dimension 1 fastest,
     *     in the plan's mode order
     * @param inOffset index in {@code in} of mode array 0
     * @param inStride distance in array elements from one mode array to the next
     * @param batch number of mode arrays (and grids)
     * @param grid receives the fine grids, complex interleaved, dimension 1 fastest; every cell
     *     of each grid is written (zero outside the mode box)
     * @param gridStride distance in array elements from one grid to the next
     */
    public void modesToGrid(double[] in, int inOffset, int inStride, int batch, double[] grid, int gridStride) {
        int n1 = n[0];
        int n2 = dim > 1 ? n[1] : 1;
        int n3 = dim > 2 ? n[2] : 1;
        int gridRows = n2 * n3;
        // zero by grid rows in parallel (most of the fine grid stays zero)
        workers.forEach(batch * gridRows, t -> {
            int start = (t / gridRows) * gridStride + 2 * n1 * (t % gridRows);
            java.util.Arrays.fill(grid, start, start + 2 * n1, 0);
        });
        int m1 = modes[0];
        int rows = modeCount / m1;
        int m2 = dim > 1 ? modes[1] : 1;
        workers.forEach(batch * rows, t -> {
            int b = t / rows;
            int row = t % rows;
            int i2 = row % m2;
            int i3 = row / m2;
            double f23 = 1;
            int g23 = 0;
            if (dim > 1) {
                f23 = factor[1][i2];
                g23 = gridIndex[1][i2];
            }
            if (dim > 2) {
                f23 *= factor[2][i3];
                g23 += n2 * gridIndex[2][i3];
            }
            int gridRow = b * gridStride + 2 * n1 * g23;
            int src = inOffset + b * inStride + 2 * m1 * row;
            int[] gi = gridIndex[0];
            double[] f1 = factor[0];
            for (int i1 = 0; i1 < m1; i1++) {
                double f = f1[i1] * f23;
                int dst = gridRow + 2 * gi[i1];
                grid[dst] = in[src + 2 * i1] * f;
                grid[dst + 1] = in[src + 2 * i1 + 1] * f;
            }
        });
    }
}
