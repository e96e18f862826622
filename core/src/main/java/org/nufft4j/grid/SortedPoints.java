package org.nufft4j.grid;

/**
 * Non-uniform points folded into the fine grid and sorted by tile.
 *
 * <p>{@code t[d][s]} is the coordinate along dimension d of the s-th point in sorted order, in
 * fine-grid cells, in [0, n_d). {@code perm[s]} is the caller's index of that point.
 * Points of global sub-bin {@code g} (see {@link TileLayout}) are
 * {@code binStart[g] .. binStart[g+1]-1}, in the caller's order within a sub-bin (the sort is
 * stable), so the layout never depends on the thread count; the points of tile k start at
 * {@code binStart[layout.binOffset(k)]}.
 *
 * <p>The arrays are owned by the plan's {@link BinSort}, reused by its next sort and never
 * exposed to callers; they may be longer than {@code count} (a sort of fewer points reuses
 * them), so only indices below {@code count} are read.
 *
 * @param dimension number of coordinates per point, 1 to 3
 * @param count number of points sorted; entries at and above it are stale
 * @param t per dimension, the sorted points' coordinates in fine-grid cells, in [0, n_d)
 * @param perm for each sorted position s, the caller's index of the point
 * @param binStart for each global sub-bin g, the first sorted position of its points, with
 *     one more entry ending the last sub-bin
 */
public record SortedPoints(int dimension, int count, double[][] t, int[] perm, int[] binStart) {

    /**
     * Sorted coordinates along dimension 1.
     *
     * @return {@code t[0]}, the array itself (not a copy)
     */
    public double[] t1() {
        return t[0];
    }

    /**
     * Sorted coordinates along dimension 2.
     *
     * @return {@code t[1]} itself, or null in 1D
     */
    public double[] t2() {
        return dimension > 1 ? t[1] : null;
    }

    /**
     * Sorted coordinates along dimension 3.
     *
     * @return {@code t[2]} itself, or null below 3D
     */
    public double[] t3() {
        return dimension > 2 ? t[2] : null;
    }
}
