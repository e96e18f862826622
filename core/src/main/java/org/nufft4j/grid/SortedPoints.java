package org.nufft4j.grid;

/**
 * Non-uniform points folded into the fine grid and sorted by tile.
 *
 * <p>{@code t[d][s]} is the coordinate along dimension d of the s-th point in sorted order, in
 * fine-grid cells, in [0, n_d). {@code perm[s]} is the caller's index of that point.
 * Points of tile {@code k} are {@code tileStart[k] .. tileStart[k+1]-1}, in the caller's
 * order within a tile (the sort is stable), so the layout never depends on the thread count.
 *
 * <p>The arrays are owned by the plan and never exposed to callers.
 */
public record SortedPoints(int dimension, int count, double[][] t, int[] perm, int[] tileStart) {

    public double[] t1() {
        return t[0];
    }

    public double[] t2() {
        return dimension > 1 ? t[1] : null;
    }

    public double[] t3() {
        return dimension > 2 ? t[2] : null;
    }
}
