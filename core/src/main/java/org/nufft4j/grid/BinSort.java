package org.nufft4j.grid;

import org.nufft4j.parallel.Workers;

/**
 * Folds points into the fine grid and sorts them by sub-bin (tile by tile) with a stable
 * counting sort.
 *
 * <p>Folding and tile lookup run in parallel over fixed chunks (each point is independent);
 * counting and scattering are sequential and stable, so the result does not depend on the
 * thread count.
 */
public final class BinSort {

    private BinSort() {
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
        int bins = layout.binCount();
        int[] start = new int[bins + 1];
        for (int j = 0; j < m; j++) {
            start[binOf[j] + 1]++;
        }
        for (int k = 0; k < bins; k++) {
            start[k + 1] += start[k];
        }
        int[] next = new int[bins];
        System.arraycopy(start, 0, next, 0, bins);
        int[] perm = new int[m];
        for (int j = 0; j < m; j++) {
            perm[next[binOf[j]]++] = j;
        }
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
