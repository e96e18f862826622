package org.nufft4j.grid;

import org.nufft4j.parallel.Workers;

/**
 * Folds points into the fine grid and sorts them by sub-bin (tile by tile) with a stable
 * counting sort.
 *
 * <p>Folding and tile lookup run in parallel over fixed chunks (each point is independent).
 * The counting sort is stable and runs over a fixed number of point chunks: each chunk counts
 * its points per bin, a prefix sum over (bin, chunk) gives every chunk its own slots in every
 * bin, and chunks scatter in parallel. The permutation is the sequential stable sort's, for
 * any thread count.
 */
public final class BinSort {

    private BinSort() {
    }

    /** Point chunks of the counting sort: fixed, so the result never depends on the thread count. */
    private static final int SORT_CHUNKS = 16;

    /**
     * Stable counting sort of {@code key} (values in [0, bins)) into {@code perm}; returns the
     * start of every bin in {@code perm}, length bins + 1.
     */
    static int[] countingSort(int[] key, int bins, int[] perm, Workers workers) {
        int m = key.length;
        int chunks = m < (1 << 16) ? 1 : SORT_CHUNKS;
        int per = (m + chunks - 1) / chunks;
        int[][] counts = new int[chunks][bins];
        workers.forEach(chunks, c -> {
            int[] count = counts[c];
            for (int j = c * per, end = Math.min(m, (c + 1) * per); j < end; j++) {
                count[key[j]]++;
            }
        });
        int[] start = new int[bins + 1];
        int offset = 0;
        for (int b = 0; b < bins; b++) {
            start[b] = offset;
            for (int c = 0; c < chunks; c++) {
                int n = counts[c][b];
                counts[c][b] = offset; // becomes chunk c's next slot in bin b
                offset += n;
            }
        }
        start[bins] = offset;
        workers.forEach(chunks, c -> {
            int[] next = counts[c];
            for (int j = c * per, end = Math.min(m, (c + 1) * per); j < end; j++) {
                perm[next[key[j]]++] = j;
            }
        });
        return start;
    }

    /**
     * @param coords caller's coordinates per dimension (radians, any finite value); not kept
     */
    public static SortedPoints sort(double[][] coords, TileLayout layout, Workers workers) {
        int dim = layout.dimension();
        int m = coords[0].length;
        double[][] folded = new double[dim][m];
        int[] binOf = new int[m];
        int chunk = 1 << 14;
        int chunks = (m + chunk - 1) / chunk;
        workers.forEach(chunks, c -> {
            int from = c * chunk;
            int to = Math.min(m, from + chunk);
            for (int j = from; j < to; j++) {
                int tile = 0;
                int stride = 1;
                int local = 0;
                int localStride = 1;
                for (int d = 0; d < dim; d++) {
                    int n = layout.gridSize(d);
                    double t = Periodic.toZeroTwoPi(coords[d][j]) * (n / Periodic.TWO_PI);
                    if (t >= n) {
                        t -= n; // rounding at the top of [0, 2 pi)
                    }
                    folded[d][j] = t;
                    int cell = (int) t;
                    int idx = layout.tileOfCell(d, cell);
                    tile += idx * stride;
                    stride *= layout.tilesAlong(d);
                    local += (cell - layout.tileStart(d, idx)) / layout.subBinEdge(d) * localStride;
                    localStride *= layout.subBinsAlong(d, idx);
                }
                binOf[j] = layout.binOffset(tile) + local;
            }
        });
        int[] perm = new int[m];
        int[] start = countingSort(binOf, layout.binCount(), perm, workers);
        double[][] sorted = new double[dim][m];
        workers.forEach(chunks, c -> {
            int from = c * chunk;
            int to = Math.min(m, from + chunk);
            for (int d = 0; d < dim; d++) {
                double[] src = folded[d];
                double[] dst = sorted[d];
                for (int s = from; s < to; s++) {
                    dst[s] = src[perm[s]];
                }
            }
        });
        return new SortedPoints(dim, m, sorted, perm, start);
    }
}
