package org.nufft4j.bench.jmh;

import org.nufft4j.grid.Periodic;
import org.nufft4j.grid.SortedPoints;
import org.nufft4j.grid.TileLayout;
import org.nufft4j.parallel.Workers;

/**
 * {@code NufftPlan.setPoints} as it was before issue 17 (commit 824219f: the finiteness check,
 * then {@code BinSort.sort}), kept in the bench only so that {@link SetPointsBench} can time
 * the old and the new code in one run. Not used by the library.
 */
final class BaselineSort {

    private BaselineSort() {
    }

    private static final int SORT_CHUNKS = 16;

    static SortedPoints setPoints(double[][] coords, TileLayout layout, Workers workers) {
        for (double[] c : coords) {
            for (int j = 0; j < c.length; j++) {
                if (!Double.isFinite(c[j])) {
                    throw new IllegalArgumentException("coordinates must be finite");
                }
            }
        }
        return sort(coords, layout, workers);
    }

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
                counts[c][b] = offset;
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

    static SortedPoints sort(double[][] coords, TileLayout layout, Workers workers) {
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
                        t -= n;
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
