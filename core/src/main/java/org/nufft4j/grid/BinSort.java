package org.nufft4j.grid;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.nufft4j.parallel.Workers;

/**
 * Folds points into the fine grid and sorts them by sub-bin, tile by tile (the order of
 * {@link SortedPoints}): a stable sort, so the permutation is the sequential stable sort's
 * for any thread count.
 *
 * <p>A two-level radix sort in up to three passes, each parallel over blocks whose size
 * depends only on M and the layout, never on the thread count:
 * <ol>
 *   <li>keys: every chunk of points (in the caller's order) folds its coordinates (a block at
 *       a time, through {@link CellFold}: SIMD lanes when the simd module is present), checks
 *       they are finite, writes each point's key and counts keys per chunk;</li>
 *   <li>scatter: a prefix sum over (key, chunk) gives every chunk its own slots per key; the
 *       chunks fold again and write the caller's index and the folded coordinates straight
 *       into their sorted places (no gather through the permutation afterwards);</li>
 *   <li>sub-bins: every group's points, now contiguous, are counting-sorted by sub-bin
 *       through a per-task scratch.</li>
 * </ol>
 * The key of the first two passes is a group of consecutive tiles (at most
 * {@value #MAX_GROUPS} groups), so the scatter writes to few places at a time and stays in
 * cache; the third pass sorts one group's sub-bins, again few places. Layouts with at most
 * {@value #SINGLE_LEVEL_BINS} sub-bins are keyed by sub-bin directly and skip the third pass.
 *
 * <p>An instance belongs to one plan and keeps its arrays between calls: the sorted
 * coordinates and permutation ({@code 8 dim + 4} bytes per point), the keys (4 bytes per
 * point), the per-chunk counts (at most {@value #MAX_CHUNKS} x keys ints) and per-task
 * scratch for the largest group's points. Calls with the same M (or a smaller one, down to
 * half) allocate nothing large. The returned points share those arrays: the next call
 * overwrites them.
 */
public final class BinSort {

    /** Dimensions up to this many cells look their cells' keys up in a table (int per cell). */
    private static final int TABLE_CELLS = 1 << 16;
    /** Layouts with at most this many sub-bins are sorted in one scatter by sub-bin. */
    static final int SINGLE_LEVEL_BINS = 1024;
    /** Most groups of tiles, the keys of the scatter. */
    static final int MAX_GROUPS = 256;
    /** Smallest chunk of points of the first two passes. */
    private static final int MIN_CHUNK = 1 << 13;
    /** Most chunks: bounds the per-chunk counts, leaves plenty of tasks to balance. */
    private static final int MAX_CHUNKS = 128;
    /** Points folded at a time into a task's block buffers (stays in L1). */
    private static final int BLOCK = 512;

    private final TileLayout layout;
    private final Workers workers;
    private final CellFold cellFold;
    private final int dim;
    private final boolean singleLevel;
    /** log2 of the tiles per group (0 when single-level). */
    private final int groupShift;
    /** Number of distinct keys: groups of tiles, or sub-bins when single-level. */
    private final int keyCount;
    private final int[] n;
    /** n_d / 2 pi, as the fold multiplies it (the same double as {@code n / Periodic.TWO_PI}). */
    private final double[] scale;
    /**
     * Per dimension and cell, the cell's share of the point's virtual sub-bin
     * {@code V = (tile << localBits) | (s_3 << b_1 + b_2 | s_2 << b_1 | s_1)}, where tile is the
     * linear tile index and s_d the sub-bin along d inside the tile, each given b_d bits: V
     * is the sum of one entry per dimension, and V's order is the order of SortedPoints
     * (tile, then sub-bin with dimension 1 fastest). Null for dimensions too long for a table.
     */
    private final int[][] part;
    /** Tile bounds per dimension (for dimensions without a table). */
    private final int[][] bounds;
    /** Tile of the first cell of each block of 2^blockShift[d] cells (a block meets at most one bound). */
    private final int[][] blockTile;
    private final int[] blockShift;
    private final int[] tileStride;
    private final int[] subShift;
    private final int[] localShift;
    /** Bits of V below the tile index. */
    private final int localBits;
    /** Real sub-bin of each virtual one, -1 for the virtual sub-bins no tile has. */
    private final int[] binOfVirtual;
    private final ConcurrentLinkedDeque<Scratch> scratches = new ConcurrentLinkedDeque<>();

    private double[][] t = new double[0][];
    private int[] perm = new int[0];
    private int[] key = new int[0];
    private int capacity = -1;
    private int[] counts = new int[0];
    private boolean[] notFinite = new boolean[0];
    private final int[] binStart;
    private final int[] keyStart;

    /** Per-task arrays: fold blocks, and the group pass's scratch, grown to the largest group seen. */
    private static final class Scratch {
        final double[][] block;
        final double[][] t;
        int[] perm = new int[0];
        int[] local = new int[0];
        int[] count = new int[0];

        Scratch(int dim) {
            block = new double[dim][BLOCK];
            t = new double[dim][0];
        }

        void ensure(int points, int bins) {
            if (perm.length < points) {
                int cap = Math.max(points, perm.length + (perm.length >> 1));
                perm = new int[cap];
                local = new int[cap];
                for (int d = 0; d < t.length; d++) {
                    t[d] = new double[cap];
                }
            }
            if (count.length < bins + 1) {
                count = new int[bins + 1];
            }
        }
    }

    /**
     * A sorter for the scalar fold.
     *
     * @param layout the tiles and sub-bins the points are sorted into; fixes the fine grid
     * @param workers pool the passes run their chunks on
     */
    public BinSort(TileLayout layout, Workers workers) {
        this(layout, workers, CellFold.SCALAR);
    }

    /**
     * A sorter that folds coordinates with {@code cellFold} (the sorted result is the same for
     * every fold, which all give the bits of {@link CellFold#SCALAR}).
     *
     * @param layout the tiles and sub-bins the points are sorted into; fixes the fine grid
     * @param workers pool the passes run their chunks on
     * @param cellFold folds coordinates into fine-grid cells, e.g. the simd module's lanes
     */
    public BinSort(TileLayout layout, Workers workers, CellFold cellFold) {
        this.layout = layout;
        this.workers = workers;
        this.cellFold = cellFold;
        this.dim = layout.dimension();
        this.n = new int[dim];
        this.scale = new double[dim];
        this.part = new int[dim][];
        this.bounds = new int[dim][];
        this.blockTile = new int[dim][];
        this.blockShift = new int[dim];
        this.tileStride = new int[dim];
        this.subShift = new int[dim];
        this.localShift = new int[dim];
        int bits = 0;
        int stride = 1;
        for (int d = 0; d < dim; d++) {
            n[d] = layout.gridSize(d);
            scale[d] = n[d] / Periodic.TWO_PI;
            int edge = layout.subBinEdge(d);
            if (Integer.bitCount(edge) != 1) {
                throw new IllegalStateException("sub-bin edge " + edge + " is not a power of two");
            }
            subShift[d] = Integer.numberOfTrailingZeros(edge);
            int tiles = layout.tilesAlong(d);
            tileStride[d] = stride;
            stride *= tiles;
            bounds[d] = new int[tiles + 1];
            int shortest = Integer.MAX_VALUE;
            int most = 1;
            for (int i = 0; i < tiles; i++) {
                bounds[d][i] = layout.tileStart(d, i);
                shortest = Math.min(shortest, layout.tileEnd(d, i) - layout.tileStart(d, i));
                most = Math.max(most, layout.subBinsAlong(d, i));
            }
            bounds[d][tiles] = n[d];
            localShift[d] = bits;
            bits += 32 - Integer.numberOfLeadingZeros(most - 1);
            int shift = 31 - Integer.numberOfLeadingZeros(shortest);
            blockShift[d] = shift;
            blockTile[d] = new int[((n[d] - 1) >>> shift) + 1];
            for (int b = 0, i = 0; b < blockTile[d].length; b++) {
                while (bounds[d][i + 1] <= b << shift) {
                    i++;
                }
                blockTile[d][b] = i;
            }
        }
        this.localBits = bits;
        if ((long) layout.tileCount() << bits > Integer.MAX_VALUE) {
            throw new IllegalStateException("too many tiles and sub-bins for an int key");
        }
        for (int d = 0; d < dim; d++) {
            if (n[d] <= TABLE_CELLS) {
                part[d] = new int[n[d]];
                for (int c = 0; c < n[d]; c++) {
                    part[d][c] = partOf(d, c);
                }
            }
        }
        int virtualCount = layout.tileCount() << bits;
        this.binOfVirtual = new int[virtualCount];
        Arrays.fill(binOfVirtual, -1);
        for (int tile = 0; tile < layout.tileCount(); tile++) {
            int[] along = new int[3];
            for (int d = 0; d < 3; d++) {
                along[d] = d < dim ? layout.subBinsAlong(d, layout.tileIndex(tile, d)) : 1;
            }
            int bin = layout.binOffset(tile);
            for (int s3 = 0; s3 < along[2]; s3++) {
                for (int s2 = 0; s2 < along[1]; s2++) {
                    for (int s1 = 0; s1 < along[0]; s1++) {
                        int v = (tile << bits) | s1 << localShift[0] | (dim > 1 ? s2 << localShift[1] : 0)
                                | (dim > 2 ? s3 << localShift[2] : 0);
                        binOfVirtual[v] = bin++;
                    }
                }
            }
        }
        this.singleLevel = layout.binCount() <= SINGLE_LEVEL_BINS;
        int shift = 0;
        while (!singleLevel && (layout.tileCount() + (1 << shift) - 1) >>> shift > MAX_GROUPS) {
            shift++;
        }
        this.groupShift = shift;
        this.keyCount = singleLevel ? virtualCount : (layout.tileCount() + (1 << shift) - 1) >>> shift;
        this.binStart = new int[layout.binCount() + 1];
        this.keyStart = new int[keyCount + 1];
    }

    /** Cell c's share of V along d (see {@link #part}). */
    private int partOf(int d, int c) {
        int i = blockTile[d][c >>> blockShift[d]];
        i += (bounds[d][i + 1] - 1 - c) >>> 31; // the next tile when c is past its bound: no branch to mispredict
        return (i * tileStride[d]) << localBits | ((c - bounds[d][i]) >>> subShift[d]) << localShift[d];
    }

    /** V of the point in cells (c1, c2, c3) (0 for missing dimensions). */
    private int virtualBin(int c1, int c2, int c3) {
        int v = part[0] != null ? part[0][c1] : partOf(0, c1);
        if (dim > 1) {
            v += part[1] != null ? part[1][c2] : partOf(1, c2);
            if (dim > 2) {
                v += part[2] != null ? part[2][c3] : partOf(2, c3);
            }
        }
        return v;
    }

    /** Whether this layout is sorted in one scatter by sub-bin (tests). */
    boolean singleLevel() {
        return singleLevel;
    }

    /**
     * Sorts with a sorter of its own (tests and benchmarks; plans keep one {@link BinSort}).
     *
     * @param coords caller's coordinates per dimension (radians, any finite value); not kept
     * @param layout the tiles and sub-bins to sort into
     * @param workers pool the passes run on
     * @return the sorted points, owning their arrays (no later sort overwrites them)
     * @throws IllegalArgumentException if a coordinate is not finite
     */
    public static SortedPoints sort(double[][] coords, TileLayout layout, Workers workers) {
        SortedPoints p = new BinSort(layout, workers).sort(coords);
        if (p == null) {
            throw new IllegalArgumentException("coordinates must be finite");
        }
        return p;
    }

    /**
     * Folds and sorts {@code coords} (one array per dimension, equal lengths, not kept).
     *
     * @param coords the points' coordinates, {@code coords[d][j]} in radians along dimension d
     *     of point j, as many arrays as the layout has dimensions
     * @return the sorted points, sharing this sorter's arrays; null if a coordinate is not
     *     finite, in which case the arrays of the previous call are untouched
     * @throws java.util.concurrent.CancellationException if the caller is interrupted; the
     *     arrays (and so the points of the previous call) may then be partly overwritten
     */
    public SortedPoints sort(double[][] coords) {
        int m = coords[0].length;
        int per = MIN_CHUNK;
        while ((long) per * MAX_CHUNKS < m) {
            per <<= 1;
        }
        int chunk = per;
        int chunks = (m + chunk - 1) / chunk;
        if (key.length < m || key.length / 2 > m) {
            key = new int[m];
        }
        if (counts.length < chunks * keyCount) {
            counts = new int[chunks * keyCount];
        }
        if (notFinite.length < chunks) {
            notFinite = new boolean[chunks];
        }
        int[] keys = key;
        int[] hist = counts;
        boolean[] bad = notFinite;
        workers.forEach(chunks, c -> {
            int from = c * chunk;
            int base = c * keyCount;
            Arrays.fill(hist, base, base + keyCount, 0);
            bad[c] = !keys(coords, from, Math.min(m, from + chunk), keys, hist, base);
        });
        for (int c = 0; c < chunks; c++) {
            if (bad[c]) {
                return null;
            }
        }
        // Slots: key by key, chunk by chunk within a key, so the scatter keeps the caller's order.
        int offset = 0;
        for (int k = 0; k < keyCount; k++) {
            keyStart[k] = offset;
            for (int c = 0, at = k; c < chunks; c++, at += keyCount) {
                int count = hist[at];
                hist[at] = offset;
                offset += count;
            }
        }
        keyStart[keyCount] = offset;
        if (capacity < m || capacity / 2 > m) {
            t = new double[dim][m];
            perm = new int[m];
            capacity = m;
        }
        double[][] sorted = t;
        int[] order = perm;
        workers.forEach(chunks, c -> {
            int from = c * chunk;
            scatter(coords, from, Math.min(m, from + chunk), keys, hist, c * keyCount, sorted, order);
        });
        binStart[layout.binCount()] = m;
        if (singleLevel) {
            for (int v = 0; v < keyCount; v++) {
                int real = binOfVirtual[v];
                if (real >= 0) {
                    binStart[real] = keyStart[v];
                }
            }
        } else {
            workers.forEach(keyCount, g -> sortGroup(g, keyStart[g], keyStart[g + 1], sorted, order));
        }
        return new SortedPoints(dim, m, sorted, order, binStart);
    }

    /** Drops the arrays (the plan is closed). */
    public void release() {
        t = new double[0][];
        perm = new int[0];
        key = new int[0];
        counts = new int[0];
        capacity = -1;
        scratches.clear();
    }

    private Scratch takeScratch() {
        Scratch sc = scratches.poll();
        return sc != null ? sc : new Scratch(dim);
    }

    /** Key of the scatter: the group of the point's tile, or its virtual sub-bin when single-level. */
    private int keyOf(int c1, int c2, int c3) {
        int v = virtualBin(c1, c2, c3);
        return singleLevel ? v : v >>> (localBits + groupShift);
    }

    /** Pass 1 over points from..to-1: keys and their counts; false if a coordinate is not finite. */
    private boolean keys(double[][] x, int from, int to, int[] keys, int[] hist, int base) {
        Scratch sc = takeScratch();
        double[] b1 = sc.block[0];
        double[] b2 = dim > 1 ? sc.block[1] : b1;
        double[] b3 = dim > 2 ? sc.block[2] : b1;
        try {
            for (int j0 = from; j0 < to; j0 += BLOCK) {
                int len = Math.min(BLOCK, to - j0);
                for (int d = 0; d < dim; d++) {
                    if (!cellFold.fold(x[d], j0, len, scale[d], n[d], sc.block[d], 0)) {
                        return false;
                    }
                }
                for (int i = 0; i < len; i++) {
                    int k = keyOf((int) b1[i], dim > 1 ? (int) b2[i] : 0, dim > 2 ? (int) b3[i] : 0);
                    keys[j0 + i] = k;
                    hist[base + k]++;
                }
            }
            return true;
        } finally {
            scratches.push(sc);
        }
    }

    /** Pass 2 over points from..to-1: folded coordinates and indices into their slots. */
    private void scatter(double[][] x, int from, int to, int[] keys, int[] next, int base, double[][] t,
                         int[] order) {
        Scratch sc = takeScratch();
        for (int j0 = from; j0 < to; j0 += BLOCK) {
            int len = Math.min(BLOCK, to - j0);
            for (int d = 0; d < dim; d++) {
                cellFold.fold(x[d], j0, len, scale[d], n[d], sc.block[d], 0); // finite: checked in pass 1
            }
            switch (dim) {
                case 1 -> scatter1(j0, len, keys, next, base, sc.block[0], t[0], order);
                case 2 -> scatter2(j0, len, keys, next, base, sc.block, t[0], t[1], order);
                default -> scatter3(j0, len, keys, next, base, sc.block, t[0], t[1], t[2], order);
            }
        }
        scratches.push(sc);
    }

    private static void scatter1(int j0, int len, int[] keys, int[] next, int base, double[] b1, double[] u1,
                                 int[] order) {
        for (int i = 0; i < len; i++) {
            int s = next[base + keys[j0 + i]]++;
            order[s] = j0 + i;
            u1[s] = b1[i];
        }
    }

    private static void scatter2(int j0, int len, int[] keys, int[] next, int base, double[][] b, double[] u1,
                                 double[] u2, int[] order) {
        double[] b1 = b[0];
        double[] b2 = b[1];
        for (int i = 0; i < len; i++) {
            int s = next[base + keys[j0 + i]]++;
            order[s] = j0 + i;
            u1[s] = b1[i];
            u2[s] = b2[i];
        }
    }

    private static void scatter3(int j0, int len, int[] keys, int[] next, int base, double[][] b, double[] u1,
                                 double[] u2, double[] u3, int[] order) {
        double[] b1 = b[0];
        double[] b2 = b[1];
        double[] b3 = b[2];
        for (int i = 0; i < len; i++) {
            int s = next[base + keys[j0 + i]]++;
            order[s] = j0 + i;
            u1[s] = b1[i];
            u2[s] = b2[i];
            u3[s] = b3[i];
        }
    }

    /**
     * Pass 3 for one group of tiles: its points from..to-1 (contiguous after the scatter, in
     * the caller's order) sorted stably by sub-bin; fills the group's entries of binStart.
     */
    private void sortGroup(int group, int from, int to, double[][] t, int[] order) {
        int firstTile = group << groupShift;
        int endTile = Math.min(layout.tileCount(), (group + 1) << groupShift);
        int firstBin = layout.binOffset(firstTile);
        int lastBin = layout.binOffset(endTile);
        if (lastBin - firstBin == 1 || to == from) {
            Arrays.fill(binStart, firstBin, lastBin, from);
            return;
        }
        int firstVirtual = firstTile << localBits;
        int bins = (endTile - firstTile) << localBits;
        double[] u1 = t[0];
        double[] u2 = dim > 1 ? t[1] : u1;
        double[] u3 = dim > 2 ? t[2] : u1;
        Scratch sc = takeScratch();
        sc.ensure(to - from, bins);
        int[] count = sc.count;
        int[] local = sc.local;
        Arrays.fill(count, 0, bins + 1, 0);
        for (int s = from, i = 0; s < to; s++, i++) {
            int v = virtualBin((int) u1[s], dim > 1 ? (int) u2[s] : 0, dim > 2 ? (int) u3[s] : 0) - firstVirtual;
            local[i] = v; // in the task's warm scratch, not the cold key array
            count[v + 1]++;
        }
        boolean oneBin = false;
        for (int b = 0; b < bins; b++) {
            oneBin |= count[b + 1] == to - from;
            count[b + 1] += count[b];
            int real = binOfVirtual[firstVirtual + b];
            if (real >= 0) {
                binStart[real] = from + count[b];
            }
        }
        if (!oneBin) {
            // each point to its slot in the scratch, then the group back in place
            int[] p = sc.perm;
            double[] v1 = sc.t[0];
            double[] v2 = dim > 1 ? sc.t[1] : v1;
            double[] v3 = dim > 2 ? sc.t[2] : v1;
            for (int s = from, i = 0; s < to; s++, i++) {
                int q = count[local[i]]++;
                p[q] = order[s];
                v1[q] = u1[s];
                if (dim > 1) {
                    v2[q] = u2[s];
                    if (dim > 2) {
                        v3[q] = u3[s];
                    }
                }
            }
            System.arraycopy(p, 0, order, from, to - from);
            for (int d = 0; d < dim; d++) {
                System.arraycopy(sc.t[d], 0, t[d], from, to - from);
            }
        }
        scratches.push(sc);
    }
}
