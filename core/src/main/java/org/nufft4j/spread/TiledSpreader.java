package org.nufft4j.spread;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.nufft4j.grid.SortedPoints;
import org.nufft4j.grid.TileLayout;
import org.nufft4j.kernel.KernelPolynomial;
import org.nufft4j.parallel.Workers;

/**
 * Owner-computes spreading and point-parallel interpolation over a {@link TileLayout}
 * (DESIGN.md §3, "Tiling and threads").
 *
 * <p>Type 1: the grid is zeroed; then, colour by colour, every tile of that colour spreads its
 * points (in sorted order) into a private padded buffer and adds the buffer into the grid with
 * periodic wrap. Tiles of one colour never touch the same cell, and each cell receives its
 * contributions in colour order, so the sum is the same, bit for bit, for any thread count.
 *
 * <p>Type 2: the sorted points are cut into fixed chunks; each output is written once.
 */
public final class TiledSpreader {

    private static final int INTERP_CHUNK = 2048;

    private final TileLayout layout;
    private final KernelPolynomial kernel;
    private final SpreadKernels kernels;
    private final Workers workers;
    private final int dim;
    private final int[] n;
    private final int maxBufferCells;
    private final ConcurrentLinkedDeque<double[]> buffers = new ConcurrentLinkedDeque<>();

    public TiledSpreader(TileLayout layout, KernelPolynomial kernel, SpreadKernels kernels, Workers workers) {
        this.layout = layout;
        this.kernel = kernel;
        this.kernels = kernels;
        this.workers = workers;
        this.dim = layout.dimension();
        this.n = new int[dim];
        int cells = 1;
        for (int d = 0; d < dim; d++) {
            n[d] = layout.gridSize(d);
            cells *= layout.maxPaddedLength(d);
        }
        this.maxBufferCells = cells;
    }

    public SpreadKernels kernels() {
        return kernels;
    }

    /**
     * Spreads {@code batch} strength vectors into {@code batch} fine grids (overwritten).
     */
    public void spread(SortedPoints points, double[] in, int inOffset, int inStride, int batch,
                       double[] grid, int gridStride) {
        zero(grid, gridStride * batch);
        for (int[] colour : layout.tilesByColour()) {
            workers.forEach(colour.length, c -> spreadTile(points, colour[c], in, inOffset, inStride, batch,
                    grid, gridStride));
        }
    }

    private void spreadTile(SortedPoints points, int tile, double[] in, int inOffset, int inStride, int batch,
                            double[] grid, int gridStride) {
        int from = points.tileStart()[tile];
        int to = points.tileStart()[tile + 1];
        if (from == to) {
            return;
        }
        int[] origin = new int[dim];
        int[] extent = new int[dim];
        int cells = 1;
        for (int d = 0; d < dim; d++) {
            int idx = layout.tileIndex(tile, d);
            origin[d] = layout.paddedStart(d, idx);
            extent[d] = layout.paddedLength(d, idx);
            cells *= extent[d];
        }
        int bufStride = 2 * cells;
        double[] buf = takeBuffer(batch);
        Arrays.fill(buf, 0, bufStride * batch, 0.0);
        kernels.spread(kernel, points, from, to, in, inOffset, inStride, batch, buf, bufStride, origin, extent);
        for (int b = 0; b < batch; b++) {
            addWrapped(buf, b * bufStride, origin, extent, grid, b * gridStride);
        }
        buffers.push(buf);
    }

    private double[] takeBuffer(int batch) {
        int need = 2 * maxBufferCells * batch;
        double[] buf = buffers.poll();
        if (buf == null || buf.length < need) {
            buf = new double[need];
        }
        return buf;
    }

    /** grid[wrap(origin + i)] += buf[i] over the buffer's box. */
    private void addWrapped(double[] buf, int bufBase, int[] origin, int[] extent, double[] grid, int gridBase) {
        int m1 = extent[0];
        int m2 = dim > 1 ? extent[1] : 1;
        int m3 = dim > 2 ? extent[2] : 1;
        int n1 = n[0];
        int n2 = dim > 1 ? n[1] : 1;
        int n3 = dim > 2 ? n[2] : 1;
        int start1 = Math.floorMod(origin[0], n1);
        for (int i3 = 0; i3 < m3; i3++) {
            int g3 = dim > 2 ? Math.floorMod(origin[2] + i3, n3) : 0;
            for (int i2 = 0; i2 < m2; i2++) {
                int g2 = dim > 1 ? Math.floorMod(origin[1] + i2, n2) : 0;
                int gridRow = gridBase + 2 * n1 * (g2 + n2 * g3);
                int src = bufBase + 2 * m1 * (i2 + m2 * i3);
                int g1 = start1;
                int remaining = m1;
                while (remaining > 0) {
                    int len = Math.min(remaining, n1 - g1);
                    int dst = gridRow + 2 * g1;
                    for (int i = 0; i < 2 * len; i++) {
                        grid[dst + i] += buf[src + i];
                    }
                    src += 2 * len;
                    remaining -= len;
                    g1 = 0;
                }
            }
        }
    }

    /**
     * Interpolates {@code batch} fine grids at the points.
     */
    public void interpolate(SortedPoints points, double[] grid, int gridStride, int batch,
                            double[] out, int outOffset, int outStride) {
        int m = points.count();
        int chunks = (m + INTERP_CHUNK - 1) / INTERP_CHUNK;
        workers.forEach(chunks, c -> {
            int from = c * INTERP_CHUNK;
            int to = Math.min(m, from + INTERP_CHUNK);
            kernels.interpolate(kernel, points, from, to, grid, gridStride, n, batch, out, outOffset, outStride);
        });
    }

    /** Zeroes a[0..length) in parallel chunks. */
    public void zero(double[] a, int length) {
        int chunk = 1 << 16;
        int chunks = (length + chunk - 1) / chunk;
        workers.forEach(chunks, c -> Arrays.fill(a, c * chunk, Math.min(length, (c + 1) * chunk), 0.0));
    }
}
