package org.nufft4j.simd;

import java.util.ArrayList;
import java.util.List;
import org.nufft4j.fft.FftShape;
import org.nufft4j.fft.GridFft;
import org.nufft4j.parallel.Workers;

/**
 * The FFT of the fine grid in SIMD lanes (docs/design.md, "The FFT"): every transform is a
 * batch of 1D transforms with one line per lane ({@link LaneFft}).
 *
 * <p>2D and 3D: one pass per dimension. Dimension 1: L rows at a time are transposed into a
 * lane buffer, transformed and transposed back. Dimensions 2 and 3: L adjacent columns at a
 * time, whose cells are adjacent in memory, are split into real and imaginary vectors
 * ({@link LaneCopy}). The lane buffers of a block are at most 2 * 2 n L doubles (L1 for n up
 * to about 200, L2 beyond). 1D: the four-step split ({@link FourStepFft}) turns one long
 * transform into two batches of short ones.
 *
 * <p>Pruning (see {@link FftShape.Pruning}): with the input zero outside the mode box, the
 * pass along dimension d transforms only lines whose indices along the dimensions not yet
 * transformed (d+1, ...) lie in the box: the others are zero and stay zero. With only the
 * box's outputs needed, it transforms only lines whose indices along the dimensions already
 * transformed (1 .. d-1) lie in the box: the others feed no kept output. At upsampling 2 that
 * is 1/4 + 1/2 + 1 of the 3 full passes in 3D (42% less work) and 1/2 + 1 of 2 in 2D. 1D
 * transforms are not pruned.
 *
 * <p>Threads: each pass is a list of blocks of L lines fixed when the transform is made; the
 * workers share the blocks out, and each block is computed by the same arithmetic whoever
 * runs it, so results are bitwise identical for any thread count. Cancellation is checked by
 * {@link Workers#forEach} between blocks.
 *
 * <p>Template of {@code FloatVectorGridFft} (core/src/build/FloatTwins.java).
 */
public final class VectorGridFft implements GridFft {

    private static final int L = LaneFft.L;

    private final int[] n;
    private final Workers workers;
    /** 1D only. */
    private final FourStepFft fourStep;
    /** 2D and 3D: the pass along dimension 1, or null when n_1 = 1. */
    private final RowPass rowPass;
    /** 2D and 3D: the passes along dimensions 2 and 3 (sizes 1 have none). */
    private final ColumnPass[] columnPasses;
    /**
     * 3D with n_1, n_2 > 1: the passes along dimensions 1 and 2 run plane by plane (one task
     * per plane of constant index along dimension 3), so a plane's n_1 n_2 cells stay in cache
     * between them instead of the whole grid streaming through memory twice.
     */
    private final boolean planeByPlane;
    /** 2D and 3D: the lane buffers every pass borrows (null in 1D). */
    private final LaneScratch.Pool scratch;

    /**
     * A transform of this shape on these workers; its twiddles and lane buffers are made here.
     *
     * @param shape the grid's sizes (products of 2, 3 and 5 only), sign and pruning
     * @param workers the pool the lines of every pass are split over
     * @throws IllegalArgumentException when a size has a prime factor other than 2, 3 and 5
     */
    public VectorGridFft(FftShape shape, Workers workers) {
        this.n = shape.sizes();
        this.workers = workers;
        for (int size : n) {
            if (!LaneFft.supports(size)) {
                throw new IllegalArgumentException("size " + size + " has a prime factor other than 2, 3 and 5");
            }
        }
        int isign = shape.isign();
        if (n.length == 1) {
            fourStep = new FourStepFft(n[0], isign, workers);
            rowPass = null;
            columnPasses = new ColumnPass[0];
            planeByPlane = false;
            scratch = null;
            return;
        }
        fourStep = null;
        int longest = 1;
        for (int size : n) {
            longest = Math.max(longest, size);
        }
        scratch = new LaneScratch.Pool(workers.threads(), 2 * L * longest);
        rowPass = n[0] > 1 ? new RowPass(shape, new LaneFft(n[0], isign), scratch) : null;
        List<ColumnPass> cols = new ArrayList<>();
        for (int d = 1; d < n.length; d++) {
            if (n[d] > 1) {
                cols.add(new ColumnPass(shape, d, new LaneFft(n[d], isign), scratch));
            }
        }
        columnPasses = cols.toArray(new ColumnPass[0]);
        planeByPlane = n.length == 3 && n[0] > 1 && n[1] > 1;
    }

    /**
     * Whether this FFT can transform a grid of these sizes.
     *
     * @param sizes the grid's size in each dimension
     * @return true when every size is a product of 2, 3 and 5
     */
    public static boolean supports(int[] sizes) {
        for (int size : sizes) {
            if (!LaneFft.supports(size)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String name() {
        return "simd-" + LaneFft.S.vectorBitSize() + "bit";
    }

    @Override
    public void transform(double[] grid, int stride, int count) {
        if (fourStep != null) {
            for (int b = 0; b < count; b++) {
                fourStep.transform(grid, b * stride);
            }
            return;
        }
        int first = 0;
        if (planeByPlane) {
            ColumnPass second = columnPasses[0];
            int planes = n[2];
            workers.forEach(count * planes, t -> {
                int base = (t / planes) * stride;
                int plane = t % planes;
                LaneScratch sc = scratch.take();
                rowPass.runBlocks(grid, base, rowPass.planeFirst[plane], rowPass.planeFirst[plane + 1], sc);
                second.runBlocks(grid, base, second.planeFirst[plane], second.planeFirst[plane + 1], sc);
                scratch.give(sc);
            });
            first = 1;
        } else if (rowPass != null) {
            rowPass.run(workers, grid, stride, count);
        }
        for (int c = first; c < columnPasses.length; c++) {
            columnPasses[c].run(workers, grid, stride, count);
        }
    }

    /**
     * The lines of dimension 1 that a pass transforms: with the input zero outside the mode
     * box, only rows whose indices along dimensions 2 and 3 are in the box. Blocks of up to L
     * rows never straddle a plane (an index along dimension 3), so a plane's rows are the
     * blocks {@code planeFirst[p] .. planeFirst[p+1]-1}.
     */
    private static final class RowPass {
        private final LaneFft fft;
        private final int len;
        private final int[] rows;
        /** Per block: its first entry of {@link #rows}, and its lanes. */
        private final int[] blockFrom;
        private final int[] blockLanes;
        /** Per plane p (index along dimension 3, or the single plane of a 2D grid): its first block; one more entry. */
        final int[] planeFirst;
        private final LaneScratch.Pool scratch;

        RowPass(FftShape shape, LaneFft fft, LaneScratch.Pool scratch) {
            int[] n = shape.sizes();
            this.fft = fft;
            this.len = n[0];
            this.scratch = scratch;
            boolean zeroOutside = shape.pruning() == FftShape.Pruning.ZERO_OUTSIDE_MODES;
            int count = 1;
            for (int d = 1; d < n.length; d++) {
                count *= n[d];
            }
            int rowsPerPlane = n.length == 3 && n[1] > 1 ? n[1] : count; // planes only where they are fused
            int planes = count / rowsPerPlane;
            int[] kept = new int[count];
            int k = 0;
            for (int r = 0; r < count; r++) {
                if (!zeroOutside || inBox(shape, r, 1, n.length)) {
                    kept[k++] = r;
                }
            }
            this.rows = java.util.Arrays.copyOf(kept, k);
            int[] from = new int[k];
            int[] lanes = new int[k];
            this.planeFirst = new int[planes + 1];
            int blocks = 0;
            int i = 0;
            for (int p = 0; p < planes; p++) {
                planeFirst[p] = blocks;
                while (i < k && rows[i] / rowsPerPlane == p) {
                    int start = i;
                    while (i < k && i - start < L && rows[i] / rowsPerPlane == p) {
                        i++;
                    }
                    from[blocks] = start;
                    lanes[blocks] = i - start;
                    blocks++;
                }
            }
            planeFirst[planes] = blocks;
            this.blockFrom = java.util.Arrays.copyOf(from, blocks);
            this.blockLanes = java.util.Arrays.copyOf(lanes, blocks);
        }

        void run(Workers workers, double[] grid, int stride, int count) {
            int blocks = blockFrom.length;
            workers.forEach(count * blocks, t -> {
                int b = t % blocks;
                LaneScratch sc = scratch.take();
                runBlocks(grid, (t / blocks) * stride, b, b + 1, sc);
                scratch.give(sc);
            });
        }

        /** Blocks {@code from .. to-1} of the grid that starts at {@code base}, in the buffers of sc. */
        void runBlocks(double[] grid, int base, int from, int to, LaneScratch sc) {
            for (int b = from; b < to; b++) {
                LaneCopy.gatherRows(grid, base, rows, blockFrom[b], blockLanes[b], len, sc.index, sc.a);
                double[] y = fft.transform(sc.a, sc.b);
                LaneCopy.scatterRows(y, grid, base, rows, blockFrom[b], blockLanes[b], len, sc.index);
            }
        }
    }

    /**
     * The lines of dimension d (2 or 3) that a pass transforms, in blocks of up to L adjacent
     * columns: with the input zero outside the box, only lines whose indices along the later
     * dimension are in the box; with only the box's outputs needed, only lines whose indices
     * along the earlier dimensions are in the box. A block never straddles a skipped column.
     */
    private static final class ColumnPass {
        private final LaneFft fft;
        private final int len;
        private final int elementStride;
        /** Per block: first double of its first column (within one grid), and its lanes. */
        private final int[] blockStart;
        private final int[] blockLanes;
        /** Per index o along the dimensions after d: its first block; one more entry. */
        final int[] planeFirst;
        private final LaneScratch.Pool scratch;

        ColumnPass(FftShape shape, int d, LaneFft fft, LaneScratch.Pool scratch) {
            int[] n = shape.sizes();
            this.fft = fft;
            this.len = n[d];
            this.scratch = scratch;
            int inner = 1;
            for (int e = 0; e < d; e++) {
                inner *= n[e];
            }
            int outer = 1;
            for (int e = d + 1; e < n.length; e++) {
                outer *= n[e];
            }
            this.elementStride = 2 * inner;
            boolean zeroOutside = shape.pruning() == FftShape.Pruning.ZERO_OUTSIDE_MODES;
            boolean onlyModes = shape.pruning() == FftShape.Pruning.ONLY_MODES_NEEDED;
            List<int[]> blocks = new ArrayList<>();
            this.planeFirst = new int[outer + 1];
            for (int o = 0; o < outer; o++) {
                planeFirst[o] = blocks.size();
                if (zeroOutside && !inBox(shape, o, d + 1, n.length)) {
                    continue;
                }
                int c = 0;
                while (c < inner) {
                    if (onlyModes && !inBox(shape, c, 0, d)) {
                        c++;
                        continue;
                    }
                    int lanes = 1;
                    while (lanes < L && c + lanes < inner && (!onlyModes || inBox(shape, c + lanes, 0, d))) {
                        lanes++;
                    }
                    blocks.add(new int[] {2 * (o * inner * len + c), lanes});
                    c += lanes;
                }
            }
            planeFirst[outer] = blocks.size();
            this.blockStart = new int[blocks.size()];
            this.blockLanes = new int[blocks.size()];
            for (int b = 0; b < blocks.size(); b++) {
                blockStart[b] = blocks.get(b)[0];
                blockLanes[b] = blocks.get(b)[1];
            }
        }

        void run(Workers workers, double[] grid, int stride, int count) {
            int blocks = blockStart.length;
            workers.forEach(count * blocks, t -> {
                int b = t % blocks;
                LaneScratch sc = scratch.take();
                runBlocks(grid, (t / blocks) * stride, b, b + 1, sc);
                scratch.give(sc);
            });
        }

        /** Blocks {@code from .. to-1} of the grid that starts at {@code gridBase}, in the buffers of sc. */
        void runBlocks(double[] grid, int gridBase, int from, int to, LaneScratch sc) {
            for (int b = from; b < to; b++) {
                int base = gridBase + blockStart[b];
                LaneCopy.gatherColumns(grid, base, elementStride, len, blockLanes[b], sc.a);
                double[] y = fft.transform(sc.a, sc.b);
                LaneCopy.scatterColumns(y, grid, base, elementStride, len, blockLanes[b]);
            }
        }
    }

    /**
     * Whether the cell whose indices along dimensions {@code from .. to-1} are encoded in
     * {@code index} (dimension {@code from} fastest) lies in the mode box along all of them.
     */
    private static boolean inBox(FftShape shape, int index, int from, int to) {
        int[] n = shape.sizes();
        for (int d = from; d < to; d++) {
            if (!shape.inModes(d, index % n[d])) {
                return false;
            }
            index /= n[d];
        }
        return true;
    }
}
