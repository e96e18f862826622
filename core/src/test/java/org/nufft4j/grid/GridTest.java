package org.nufft4j.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

class GridTest {

    @Test
    void next235EvenHasOnlyFactorsTwoThreeFive() {
        assertEquals(2, FineGridSize.next235Even(1));
        assertEquals(16, FineGridSize.next235Even(15));
        assertEquals(18, FineGridSize.next235Even(17));
        assertEquals(2000, FineGridSize.next235Even(1999));
        assertEquals(2048, FineGridSize.next235Even(2026));
        assertEquals(16, FineGridSize.forModes(1, 2.0, 8));
        assertEquals(-1, FineGridSize.next235Even(Integer.MAX_VALUE));
    }

    @Test
    void reductionIntoZeroTwoPi() {
        assertEquals(0.0, Periodic.toZeroTwoPi(0.0));
        assertEquals(Math.PI, Periodic.toZeroTwoPi(-Math.PI), 1e-15);
        assertEquals(Math.PI, Periodic.toZeroTwoPi(Math.PI), 1e-15);
        for (double x : new double[] {-1e6, -3141.5, -7, 1e-300, 6.283185307179586, 1e3 * Math.PI, 123456.789}) {
            double r = Periodic.toZeroTwoPi(x);
            assertTrue(r >= 0 && r < 2 * Math.PI, "x = " + x + " reduced to " + r);
            // sin and cos of the reduced value agree with the JDK's exact argument reduction
            assertEquals(Math.sin(x), Math.sin(r), 1e-15 * Math.max(1, Math.abs(x) / 1e3), "x = " + x);
            assertEquals(Math.cos(x), Math.cos(r), 1e-15 * Math.max(1, Math.abs(x) / 1e3), "x = " + x);
        }
    }

    @Test
    void sortIsStableGroupedByBinAndIndependentOfThreads() {
        var rnd = new java.util.SplittableRandom(99);
        int m = 200_000; // above the threshold where the sort splits into chunks
        int[] n = {96, 80};
        var layout = new TileLayout(n, 7);
        double[][] x = new double[2][m];
        for (int j = 0; j < m; j++) {
            x[0][j] = (j % 3 == 0) ? 0.5 : 20 * (rnd.nextDouble() - 0.5); // many ties
            x[1][j] = 20 * (rnd.nextDouble() - 0.5);
        }
        SortedPoints one;
        SortedPoints three;
        try (var w1 = new org.nufft4j.parallel.Workers(1); var w3 = new org.nufft4j.parallel.Workers(3)) {
            one = BinSort.sort(x, layout, w1);
            three = BinSort.sort(x, layout, w3);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(one.perm(), three.perm());
        org.junit.jupiter.api.Assertions.assertArrayEquals(one.binStart(), three.binStart());
        assertEquals(m, one.binStart()[layout.binCount()]);
        boolean[] seen = new boolean[m];
        for (int g = 0; g < layout.binCount(); g++) {
            for (int s = one.binStart()[g]; s < one.binStart()[g + 1]; s++) {
                int j = one.perm()[s];
                seen[j] = true;
                if (s > one.binStart()[g]) {
                    assertTrue(one.perm()[s - 1] < j, "stable within bin " + g);
                }
                assertEquals(Periodic.toZeroTwoPi(x[0][j]) * n[0] / Periodic.TWO_PI, one.t1()[s], 1e-12);
            }
        }
        for (int j = 0; j < m; j++) {
            assertTrue(seen[j], "point " + j + " missing");
        }
    }

    @Test
    void tilesOfOneColourHaveDisjointPaddedRanges() {
        for (int[] n : new int[][] {{2048}, {130, 96}, {48, 40, 32}, {16, 18, 20}, {200, 30}}) {
            for (int w : new int[] {2, 7, 16}) {
                var layout = new TileLayout(n, w);
                for (int[] colour : layout.tilesByColour()) {
                    var cells = new HashSet<Long>();
                    for (int tile : colour) {
                        long count = 0;
                        var seen = new HashSet<Long>();
                        forEachPaddedCell(layout, tile, key -> {
                            seen.add(key);
                        });
                        count += seen.size();
                        int before = cells.size();
                        cells.addAll(seen);
                        assertEquals(before + count, cells.size(),
                                "overlap in colour for n=" + java.util.Arrays.toString(n) + " w=" + w + " tile " + tile);
                    }
                }
            }
        }
    }

    private static void forEachPaddedCell(TileLayout layout, int tile, java.util.function.LongConsumer sink) {
        int dim = layout.dimension();
        int[] o = new int[3];
        int[] e = {1, 1, 1};
        int[] n = {1, 1, 1};
        for (int d = 0; d < dim; d++) {
            int idx = layout.tileIndex(tile, d);
            o[d] = layout.paddedStart(d, idx);
            e[d] = layout.paddedLength(d, idx);
            n[d] = layout.gridSize(d);
        }
        for (int a = 0; a < e[2]; a++) {
            for (int b = 0; b < e[1]; b++) {
                for (int c = 0; c < e[0]; c++) {
                    long g1 = Math.floorMod(o[0] + c, n[0]);
                    long g2 = Math.floorMod(o[1] + b, n[1]);
                    long g3 = Math.floorMod(o[2] + a, n[2]);
                    sink.accept(g1 + n[0] * (g2 + (long) n[1] * g3));
                }
            }
        }
    }
}
