package org.nufft4j.spread;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.nufft4j.grid.SortedPoints;
import org.nufft4j.grid.TileLayout;
import org.nufft4j.kernel.KernelPolynomial;
import org.nufft4j.parallel.Workers;

/**
 * Owner-computes spreading and point-parallel interpolation over a {@link TileLayout}
 * (docs/design.md, NUFFT, "Tiling and threads").
 *
 * <p>Type 1: the grid is zeroed; then, colour by colour, every tile of that colour is one
 * task. The task walks its sub-bins in order; each sub-bin's points (strengths gathered into
 * sorted order first) are spread into a small padded buffer that stays in L1, and the buffer
 * is added into the grid with periodic wrap. Tiles of one colour never touch the same cell,
 * and each cell receives its contributions in a fixed order (colour, then sub-bin, then
 * point), so the sum is the same, bit for bit, for any thread count.
 *
 * <p>Type 2: the sorted points are cut into fixed chunks; each chunk interpolates in sorted
 * order into a scratch array, then scatters the values to the caller's order.
 *
 * <p>The gradient forms (type 1 with dipoles, type 2 with gradients) run the same way; they
 * apply the chain-rule factor from the kernels' Horner variable to the point coordinate in
 * radians, {@code dx_H/dx = -n_d / pi}, to the dipoles as they gather them and to the
 * gradients as they scatter them. Dipoles and gradients are stored component by component:
 * component d of point j of transform b at {@code [offset + b*stride + 2 (d M + j)]}.
 */
public final class TiledSpreader {

    private static final int INTERP_CHUNK = 2048;
    /** Points per kernel call inside one tile buffer (bounds the gathered strengths). */
    private static final int TILE_PIECE = 8192;
    /**
     * Most points spread into one sub-bin buffer before it is added into the grid, in float
     * plans. A cell that receives the contributions of a whole dense cluster then sums them in
     * two levels (at most this many in the buffer, one partial per pass in the grid) instead of
     * one long running sum: in float, a running sum over 1e5 points clustered in 1e-4 radians
     * lost 4.4x-5.7x the tolerance 1e-6 in 2D/3D, passes of 1024 points 1.5x in 3D, passes of
     * 256 points 0.6x at most (InputPromisesTest). A pass costs one zeroing and one add of the
     * sub-bin buffer, a few percent of 256 points' kernel work in 2D/3D. Double sums need no
     * such limit. The size test reads {@code Float.SIZE} in the generated float twin.
     */
    private static final int MAX_POINTS_PER_PASS = Double.SIZE == Long.SIZE ? Integer.MAX_VALUE : 256;

    private final TileLayout layout;
    private final KernelPolynomial kernel;
    private final SpreadKernels kernels;
    private final Workers workers;
    private final int dim;
    private final int[] n;
    private final int subBufferCells;
    /** Cells of the largest padded tile buffer (rows rounded as sub-bin buffers). */
    private final int tileBufferCells;
    /** d(Horner variable)/d(coordinate in radians), per dimension. */
    private final double[] scale;
    private final ConcurrentLinkedDeque<Scratch> scratches = new ConcurrentLinkedDeque<>();

    /** Per-task work arrays, reused across tasks. */
    private static final class Scratch {
        double[] buffer = new double[0];
        double[] values = new double[0];
        final int[] origin;
        final int[] extent;

        Scratch(int dim) {
            origin = new int[dim];
            extent = new int[dim];
        }

        void ensureValues(int length) {
            if (values.length < length) {
                values = new double[Math.max(length, values.length * 2)];
            }
        }
    }

    /**
     * Sizes the tile and sub-bin buffers for this layout and kernel width.
     *
     * @param layout the tiles, colours and sub-bins; fixes the fine grid sizes
     * @param kernel the piecewise polynomial of the spreading kernel, with its width w
     * @param kernels the inner loops (scalar or SIMD)
     * @param workers pool the tiles of a colour and the interpolation chunks run on
     */
    @SuppressWarnings("cast") // (double) is the rounding cast (float) in the float twin
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
            int len = layout.subBinEdge(d) + kernel.width();
            cells *= d == 0 ? roundUp(len, kernels.rowGranule()) : len;
        }
        this.subBufferCells = cells;
        int tileCells = 1;
        for (int d = 0; d < dim; d++) {
            int longest = 0;
            for (int i = 0; i < layout.tilesAlong(d); i++) {
                longest = Math.max(longest, layout.tileEnd(d, i) - layout.tileStart(d, i));
            }
            int len = longest + kernel.width();
            tileCells *= d == 0 ? roundUp(len, kernels.rowGranule()) : len;
        }
        this.tileBufferCells = tileCells;
        this.scale = new double[dim];
        for (int d = 0; d < dim; d++) {
            scale[d] = (double) (-n[d] / Math.PI);
        }
    }

    private static int roundUp(int v, int granule) {
        return (v + granule - 1) / granule * granule;
    }

    /**
     * The inner loops this spreader calls.
     *
     * @return the kernels given to the constructor
     */
    public SpreadKernels kernels() {
        return kernels;
    }

    /**
     * Spreads {@code batch} strength vectors into {@code batch} fine grids (overwritten).
     *
     * @param points the points sorted by the plan's {@link org.nufft4j.grid.BinSort} for this
     *     layout
     * @param in strengths c_j, M complex numbers per transform, interleaved (re, im), in the
     *     caller's point order
     * @param inOffset index in {@code in} of transform 0's strengths
     * @param inStride distance in array elements from one transform's strengths to the next
     * @param batch number of transforms
     * @param grid receives the fine grids, complex interleaved, dimension 1 fastest; grid b
     *     starts at {@code grid[b * gridStride]} and is overwritten
     * @param gridStride distance in array elements from one grid to the next
     */
    public void spread(SortedPoints points, double[] in, int inOffset, int inStride, int batch,
                       double[] grid, int gridStride) {
        spreadDipoles(points, in, inOffset, inStride, null, 0, 0, batch, grid, gridStride);
    }

    /**
     * Spreads strengths and dipoles (type 1 with dipoles, docs/design.md, NUFFT); with {@code dip} null,
     * plain spreading.
     *
     * @param points the points sorted by the plan's {@link org.nufft4j.grid.BinSort} for this
     *     layout
     * @param in strengths c_j, M complex numbers per transform, interleaved (re, im), in the
     *     caller's point order
     * @param inOffset index in {@code in} of transform 0's strengths
     * @param inStride distance in array elements from one transform's strengths to the next
     * @param dip dipole moments D_jd with respect to the coordinates in radians, {@code dim} x M
     *     complex numbers per transform, component by component (see the class comment); or
     *     null for plain spreading
     * @param dipOffset index in {@code dip} of transform 0's dipoles
     * @param dipStride distance in array elements from one transform's dipoles to the next
     * @param batch number of transforms
     * @param grid receives the fine grids, complex interleaved, dimension 1 fastest; grid b
     *     starts at {@code grid[b * gridStride]} and is overwritten
     * @param gridStride distance in array elements from one grid to the next
     */
    public void spreadDipoles(SortedPoints points, double[] in, int inOffset, int inStride,
                              double[] dip, int dipOffset, int dipStride, int batch, double[] grid, int gridStride) {
        zero(grid, gridStride * batch);
        for (int[] colour : layout.tilesByColour()) {
            workers.forEach(colour.length, c -> spreadTile(points, colour[c], in, inOffset, inStride,
                    dip, dipOffset, dipStride, batch, grid, gridStride));
        }
    }

    private void spreadTile(SortedPoints points, int tile, double[] in, int inOffset, int inStride,
                            double[] dip, int dipOffset, int dipStride, int batch, double[] grid, int gridStride) {
        int[] binStart = points.binStart();
        int firstBin = layout.binOffset(tile);
        int lastBin = layout.binOffset(tile + 1);
        if (binStart[firstBin] == binStart[lastBin]) {
            return;
        }
        int[] tileIdx = new int[dim];
        int[] binsAlong = new int[dim];
        for (int d = 0; d < dim; d++) {
            tileIdx[d] = layout.tileIndex(tile, d);
            binsAlong[d] = layout.subBinsAlong(d, tileIdx[d]);
        }
        int w = kernel.width();
        if (spreadWholeTile(points, tile, tileIdx, in, inOffset, inStride, dip, dipOffset, dipStride, batch, grid,
                gridStride)) {
            return;
        }
        Scratch sc = takeScratch(batch, subBufferCells);
        for (int g = firstBin; g < lastBin; g++) {
            int from = binStart[g];
            int to = binStart[g + 1];
            if (from == to) {
                continue;
            }
            if (Workers.stopRequested()) { // a dense tile can take seconds: stop between its sub-bins
                break;
            }
            int rest = g - firstBin;
            int cells = 1;
            int rowCells = 0;
            for (int d = 0; d < dim; d++) {
                int b = rest % binsAlong[d];
                rest /= binsAlong[d];
                int tileFrom = layout.tileStart(d, tileIdx[d]);
                int binFrom = tileFrom + b * layout.subBinEdge(d);
                int binTo = Math.min(binFrom + layout.subBinEdge(d), layout.tileEnd(d, tileIdx[d]));
                sc.origin[d] = binFrom - w / 2;
                sc.extent[d] = binTo - binFrom + w;
                if (d == 0) {
                    rowCells = sc.extent[0];
                    sc.extent[0] = roundUp(rowCells, kernels.rowGranule());
                }
                cells *= sc.extent[d];
            }
            int bufStride = 2 * cells;
            for (int p0 = from, p1; p0 < to; p0 = p1) {
                p1 = to - p0 > MAX_POINTS_PER_PASS ? p0 + MAX_POINTS_PER_PASS : to;
                Arrays.fill(sc.buffer, 0, bufStride * batch + kernels.bufferSlack(), 0);
                if (dip == null) {
                    sc.ensureValues(2 * (p1 - p0) * batch);
                    gather(points.perm(), p0, p1, in, inOffset, inStride, batch, sc.values);
                    kernels.spread(kernel, points, p0, p1, sc.values, batch, sc.buffer, bufStride, sc.origin,
                            sc.extent);
                } else {
                    sc.ensureValues(2 * (dim + 1) * (p1 - p0) * batch);
                    gatherDipoles(points, p0, p1, in, inOffset, inStride, dip, dipOffset, dipStride, batch,
                            sc.values);
                    kernels.spreadDipoles(kernel, points, p0, p1, sc.values, batch, sc.buffer, bufStride, sc.origin,
                            sc.extent);
                }
                for (int b = 0; b < batch; b++) {
                    addWrapped(sc.buffer, b * bufStride, sc.origin, sc.extent, rowCells, grid, b * gridStride);
                }
            }
        }
        scratches.push(sc);
    }

    /**
     * Spreads all points of a tile into one padded tile buffer and adds it into the grid once,
     * when that zeroes and adds fewer cells than one padded buffer per non-empty sub-bin: a
     * sub-bin's buffer is (sub-bin + w) cells per side, 13.5x its own 16x4x4 cells in 3D at
     * w = 8, and with few points per sub-bin zeroing and adding those buffers took a third of
     * 3D spreading (JFR, docs/performance.md, issue 19). The points are spread in the same
     * order (sub-bin, then point), so every cell still sums its contributions in an order fixed
     * by the points alone. Float plans use it only for tiles of at most
     * {@link #MAX_POINTS_PER_PASS} points (the two-level sum above). Returns false when the
     * sub-bin buffers are cheaper.
     */
    private boolean spreadWholeTile(SortedPoints points, int tile, int[] tileIdx, double[] in, int inOffset,
                                    int inStride, double[] dip, int dipOffset, int dipStride, int batch,
                                    double[] grid, int gridStride) {
        int[] binStart = points.binStart();
        int firstBin = layout.binOffset(tile);
        int lastBin = layout.binOffset(tile + 1);
        int from = binStart[firstBin];
        int to = binStart[lastBin];
        if (to - from > MAX_POINTS_PER_PASS) {
            return false;
        }
        long nonEmpty = 0;
        for (int g = firstBin; g < lastBin; g++) {
            if (binStart[g] != binStart[g + 1]) {
                nonEmpty++;
            }
        }
        int w = kernel.width();
        int cells = 1;
        int rowCells = 0;
        int[] origin = new int[dim];
        int[] extent = new int[dim];
        for (int d = 0; d < dim; d++) {
            int start = layout.tileStart(d, tileIdx[d]);
            origin[d] = start - w / 2;
            extent[d] = layout.tileEnd(d, tileIdx[d]) - start + w;
            if (d == 0) {
                rowCells = extent[0];
                extent[0] = roundUp(rowCells, kernels.rowGranule());
            }
            cells *= extent[d];
        }
        if (cells >= nonEmpty * subBufferCells) {
            return false;
        }
        Scratch sc = takeScratch(batch, tileBufferCells);
        System.arraycopy(origin, 0, sc.origin, 0, dim);
        System.arraycopy(extent, 0, sc.extent, 0, dim);
        int bufStride = 2 * cells;
        Arrays.fill(sc.buffer, 0, bufStride * batch + kernels.bufferSlack(), 0);
        // pieces only bound the gather array and let a dense tile stop early; they do not
        // change the order in which a cell receives its contributions
        for (int p0 = from, p1; p0 < to; p0 = p1) {
            if (Workers.stopRequested()) {
                break;
            }
            p1 = to - p0 > TILE_PIECE ? p0 + TILE_PIECE : to;
            if (dip == null) {
                sc.ensureValues(2 * (p1 - p0) * batch);
                gather(points.perm(), p0, p1, in, inOffset, inStride, batch, sc.values);
                kernels.spread(kernel, points, p0, p1, sc.values, batch, sc.buffer, bufStride, sc.origin, sc.extent);
            } else {
                sc.ensureValues(2 * (dim + 1) * (p1 - p0) * batch);
                gatherDipoles(points, p0, p1, in, inOffset, inStride, dip, dipOffset, dipStride, batch, sc.values);
                kernels.spreadDipoles(kernel, points, p0, p1, sc.values, batch, sc.buffer, bufStride, sc.origin,
                        sc.extent);
            }
        }
        for (int b = 0; b < batch; b++) {
            addWrapped(sc.buffer, b * bufStride, sc.origin, sc.extent, rowCells, grid, b * gridStride);
        }
        scratches.push(sc);
        return true;
    }

    private Scratch takeScratch(int batch, int bufferCells) {
        Scratch sc = scratches.poll();
        if (sc == null) {
            sc = new Scratch(dim);
        }
        int need = 2 * bufferCells * batch + kernels.bufferSlack();
        if (sc.buffer.length < need) {
            sc.buffer = new double[need];
        }
        return sc;
    }

    /** Strengths of sorted points from..to-1, in sorted order (layout of {@link SpreadKernels}). */
    private static void gather(int[] perm, int from, int to, double[] in, int inOffset, int inStride, int batch,
                               double[] v) {
        int count = to - from;
        for (int b = 0; b < batch; b++) {
            int src = inOffset + b * inStride;
            int dst = 2 * b * count - 2 * from;
            for (int s = from; s < to; s++) {
                int j = perm[s];
                v[dst + 2 * s] = in[src + 2 * j];
                v[dst + 2 * s + 1] = in[src + 2 * j + 1];
            }
        }
    }

    /** Strengths and scaled dipoles (c, D_1, .., D_dim) of sorted points from..to-1, in sorted order. */
    private void gatherDipoles(SortedPoints points, int from, int to, double[] in, int inOffset, int inStride,
                               double[] dip, int dipOffset, int dipStride, int batch, double[] v) {
        int[] perm = points.perm();
        int m = points.count();
        int count = to - from;
        int per = 2 * (dim + 1);
        for (int b = 0; b < batch; b++) {
            int src = inOffset + b * inStride;
            int dsrc = dipOffset + b * dipStride;
            for (int s = from; s < to; s++) {
                int j = perm[s];
                int dst = b * per * count + per * (s - from);
                v[dst] = in[src + 2 * j];
                v[dst + 1] = in[src + 2 * j + 1];
                for (int d = 0; d < dim; d++) {
                    int at = dsrc + 2 * (d * m + j);
                    v[dst + 2 + 2 * d] = dip[at] * scale[d];
                    v[dst + 3 + 2 * d] = dip[at + 1] * scale[d];
                }
            }
        }
    }

    /** grid[wrap(origin + i)] += buf[i] over the buffer's box (the first rowCells of each row). */
    private void addWrapped(double[] buf, int bufBase, int[] origin, int[] extent, int rowCells, double[] grid,
                            int gridBase) {
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
                int remaining = rowCells;
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
     *
     * @param points the points sorted by the plan's {@link org.nufft4j.grid.BinSort} for this
     *     layout
     * @param grid the fine grids, complex interleaved, dimension 1 fastest; grid b starts at
     *     {@code grid[b * gridStride]}
     * @param gridStride distance in array elements from one grid to the next
     * @param batch number of transforms
     * @param out receives the values, M complex numbers per transform, interleaved, in the
     *     caller's point order
     * @param outOffset index in {@code out} of transform 0's values
     * @param outStride distance in array elements from one transform's values to the next
     */
    public void interpolate(SortedPoints points, double[] grid, int gridStride, int batch,
                            double[] out, int outOffset, int outStride) {
        int m = points.count();
        int chunks = (m + INTERP_CHUNK - 1) / INTERP_CHUNK;
        workers.forEach(chunks, c -> {
            int from = c * INTERP_CHUNK;
            int to = Math.min(m, from + INTERP_CHUNK);
            int count = to - from;
            Scratch sc = takeScratch(batch, 0);
            sc.ensureValues(2 * count * batch);
            kernels.interpolate(kernel, points, from, to, grid, gridStride, n, batch, sc.values);
            int[] perm = points.perm();
            for (int b = 0; b < batch; b++) {
                int dst = outOffset + b * outStride;
                int src = 2 * b * count - 2 * from;
                for (int s = from; s < to; s++) {
                    int j = perm[s];
                    out[dst + 2 * j] = sc.values[src + 2 * s];
                    out[dst + 2 * j + 1] = sc.values[src + 2 * s + 1];
                }
            }
            scratches.push(sc);
        });
    }

    /**
     * Interpolates {@code batch} fine grids at the points with gradients (type 2 with
     * gradients, docs/design.md, NUFFT): values into {@code out}, gradients into {@code grad}.
     *
     * @param points the points sorted by the plan's {@link org.nufft4j.grid.BinSort} for this
     *     layout
     * @param grid the fine grids, complex interleaved, dimension 1 fastest; grid b starts at
     *     {@code grid[b * gridStride]}
     * @param gridStride distance in array elements from one grid to the next
     * @param batch number of transforms
     * @param out receives the values, M complex numbers per transform, interleaved, in the
     *     caller's point order
     * @param outOffset index in {@code out} of transform 0's values
     * @param outStride distance in array elements from one transform's values to the next
     * @param grad receives the gradients with respect to the coordinates in radians, {@code dim}
     *     x M complex numbers per transform, component by component (see the class comment)
     * @param gradOffset index in {@code grad} of transform 0's gradients
     * @param gradStride distance in array elements from one transform's gradients to the next
     */
    public void interpolateGradient(SortedPoints points, double[] grid, int gridStride, int batch,
                                    double[] out, int outOffset, int outStride,
                                    double[] grad, int gradOffset, int gradStride) {
        int m = points.count();
        int per = 2 * (dim + 1);
        int chunks = (m + INTERP_CHUNK - 1) / INTERP_CHUNK;
        workers.forEach(chunks, c -> {
            int from = c * INTERP_CHUNK;
            int to = Math.min(m, from + INTERP_CHUNK);
            int count = to - from;
            Scratch sc = takeScratch(batch, 0);
            sc.ensureValues(per * count * batch);
            kernels.interpolateGradient(kernel, points, from, to, grid, gridStride, n, batch, sc.values);
            int[] perm = points.perm();
            for (int b = 0; b < batch; b++) {
                int dst = outOffset + b * outStride;
                int gdst = gradOffset + b * gradStride;
                for (int s = from; s < to; s++) {
                    int j = perm[s];
                    int src = b * per * count + per * (s - from);
                    out[dst + 2 * j] = sc.values[src];
                    out[dst + 2 * j + 1] = sc.values[src + 1];
                    for (int d = 0; d < dim; d++) {
                        int at = gdst + 2 * (d * m + j);
                        grad[at] = sc.values[src + 2 + 2 * d] * scale[d];
                        grad[at + 1] = sc.values[src + 3 + 2 * d] * scale[d];
                    }
                }
            }
            scratches.push(sc);
        });
    }

    /**
     * Zeroes a[0..length) in parallel chunks.
     *
     * @param a the array, e.g. a batch of fine grids
     * @param length number of leading elements to zero
     */
    public void zero(double[] a, int length) {
        int chunk = 1 << 16;
        int chunks = (length + chunk - 1) / chunk;
        workers.forEach(chunks, c -> Arrays.fill(a, c * chunk, Math.min(length, (c + 1) * chunk), 0));
    }
}
