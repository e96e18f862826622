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

    /**
     * On [-2 pi, 4 pi) the reduction finds m = floor(x / 2 pi) by comparisons, not a division:
     * the bits must be the Cody–Waite step's, computed here as it is for larger coordinates.
     * Dense random points, the ends of the range, multiples of 2 pi and their neighbours, zeros
     * and subnormals; seed printed on failure.
     */
    @Test
    void divisionFreeReductionGivesTheCodyWaiteBits() {
        long seed = 20261203L;
        var rnd = new java.util.SplittableRandom(seed);
        double p = Periodic.TWO_PI;
        var xs = new java.util.ArrayList<Double>();
        for (double c : new double[] {-p, -Math.PI, 0.0, Math.PI, p, 1.5 * p, 2 * p}) {
            double up = c;
            double down = c;
            for (int k = 0; k < 40; k++) {
                xs.add(up);
                xs.add(down);
                up = Math.nextUp(up);
                down = Math.nextDown(down);
            }
        }
        for (double tiny : new double[] {Double.MIN_VALUE, 2 * Double.MIN_VALUE, 3 * Double.MIN_VALUE,
            4 * Double.MIN_VALUE, Double.MIN_NORMAL, 1e-300, 1e-17}) {
            xs.add(tiny);
            xs.add(-tiny);
        }
        xs.add(-0.0);
        for (int i = 0; i < 2_000_000; i++) {
            xs.add(-1.25 * p + rnd.nextDouble() * 3.5 * p);
        }
        for (double x : xs) {
            double m = Math.floor(x / p);
            double r = Math.fma(-m, p, x) - m * Periodic.TWO_PI_TAIL;
            if (r < 0) {
                r += p;
            }
            if (r >= p) {
                r -= p;
            }
            assertEquals(Double.doubleToRawLongBits(r), Double.doubleToRawLongBits(Periodic.toZeroTwoPi(x)),
                    "x = " + x + " (seed " + seed + ")");
        }
    }

    /**
     * Every finite double folds into [0, 2 pi), and to the exact remainder: checked against
     * BigDecimal with pi from the Gauss–Legendre AGM (the code under test uses Machin's formula).
     */
    @Test
    void everyFiniteDoubleReducesToItsExactRemainder() {
        var mc = new java.math.MathContext(460);
        java.math.BigDecimal twoPi = agmPi(mc).multiply(java.math.BigDecimal.TWO);
        double[] xs = {5e17, -5e17, 1e22, -1e22, 1e50, 1e300, -1e300, Double.MAX_VALUE, -Double.MAX_VALUE,
            0x1p53 * 2 * Math.PI, Math.nextDown(0x1p45), 0x1p45, Math.nextUp(0x1p45), -0x1p45, 3e15, -7.5e12,
            Double.MIN_VALUE, -Double.MIN_VALUE, -0.0, 1e-300};
        for (double x : xs) {
            double r = Periodic.toZeroTwoPi(x);
            assertTrue(r >= 0 && r < 2 * Math.PI, "x = " + x + " reduced to " + r);
            var bx = new java.math.BigDecimal(x);
            var turns = bx.divide(twoPi, new java.math.MathContext(460, java.math.RoundingMode.FLOOR))
                    .setScale(0, java.math.RoundingMode.FLOOR);
            var rem = bx.subtract(turns.multiply(twoPi));
            double exact = rem.doubleValue();
            // the same point of the circle: compare on the circle, so 0 and 2 pi - tiny agree
            double diff = Math.abs(r - exact);
            diff = Math.min(diff, 2 * Math.PI - diff);
            assertTrue(diff <= 1e-15, "x = " + x + ": " + r + " against the exact " + exact);
        }
    }

    /** pi by the Gauss–Legendre arithmetic-geometric mean iteration. */
    private static java.math.BigDecimal agmPi(java.math.MathContext mc) {
        var two = java.math.BigDecimal.TWO;
        var a = java.math.BigDecimal.ONE;
        var b = java.math.BigDecimal.ONE.divide(two.sqrt(mc), mc);
        var t = new java.math.BigDecimal("0.25");
        var p = java.math.BigDecimal.ONE;
        for (int i = 0; i < 12; i++) { // digits double every step: 12 steps give far more than 460
            var next = a.add(b).divide(two, mc);
            b = a.multiply(b, mc).sqrt(mc);
            var d = a.subtract(next);
            t = t.subtract(p.multiply(d.multiply(d, mc), mc), mc);
            a = next;
            p = p.multiply(two);
        }
        var s = a.add(b);
        return s.multiply(s, mc).divide(t.multiply(new java.math.BigDecimal(4), mc), mc);
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

    /**
     * The sort against a reference: each point's sub-bin computed as the sort of 824219f did
     * (tile from the layout's table, sub-bin by division), then a stable sort by sub-bin; the
     * folded coordinates bit for bit. Layouts sorted in one scatter and in two levels, 1D to 3D,
     * ties, clusters in one tile, coordinates far outside [-pi, pi) and past the Cody–Waite
     * range; 1 and 3 threads; one sorter reused for a larger, a smaller and the same M.
     */
    @Test
    void sortMatchesAStableSortBySubBinForEveryLayoutAndReuse() {
        int[][] grids = {{2048}, {4_000_000}, {96, 80}, {1200, 1000}, {48, 40, 32}, {128, 128, 136}};
        boolean[] twoLevel = {false, true, false, true, false, true};
        for (int gi = 0; gi < grids.length; gi++) {
            int[] n = grids[gi];
            var layout = new TileLayout(n, 7);
            try (var w1 = new org.nufft4j.parallel.Workers(1); var w3 = new org.nufft4j.parallel.Workers(3)) {
                var reused = new BinSort(layout, w3);
                assertEquals(!twoLevel[gi], reused.singleLevel(), java.util.Arrays.toString(n));
                for (int m : new int[] {100_000, 30_000, 30_000, 0, 5}) {
                    double[][] x = awkwardPoints(new java.util.SplittableRandom(31L * m + gi), n.length, m);
                    SortedPoints got = reused.sort(x);
                    SortedPoints fresh = new BinSort(layout, w1).sort(x);
                    String what = java.util.Arrays.toString(n) + " M=" + m;
                    int[] expectPerm = referencePermutation(x, layout);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(expectPerm, java.util.Arrays.copyOf(got.perm(), m), what);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(expectPerm, java.util.Arrays.copyOf(fresh.perm(), m), what);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(got.binStart(), fresh.binStart(), what);
                    for (int g = 0; g < layout.binCount(); g++) {
                        for (int s = got.binStart()[g]; s < got.binStart()[g + 1]; s++) {
                            assertEquals(g, referenceBin(x, got.perm()[s], layout), what + " bin " + g);
                        }
                    }
                    for (int d = 0; d < n.length; d++) {
                        for (int s = 0; s < m; s++) {
                            double v = Periodic.toZeroTwoPi(x[d][got.perm()[s]]) * (n[d] / Periodic.TWO_PI);
                            if (v >= n[d]) {
                                v -= n[d];
                            }
                            assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(got.t()[d][s]),
                                    what + " d=" + d + " s=" + s);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aNonFiniteCoordinateLeavesThePreviousSortUntouched() {
        var layout = new TileLayout(new int[] {1200, 1000}, 7);
        try (var w = new org.nufft4j.parallel.Workers(2)) {
            var sorter = new BinSort(layout, w);
            double[][] x = awkwardPoints(new java.util.SplittableRandom(5), 2, 50_000);
            SortedPoints first = sorter.sort(x);
            int[] perm = first.perm().clone();
            double[] t2 = first.t2().clone();
            double[][] bad = {x[0].clone(), x[1].clone()};
            bad[1][40_000] = Double.NaN;
            assertEquals(null, sorter.sort(bad));
            bad[1][40_000] = Double.NEGATIVE_INFINITY;
            assertEquals(null, sorter.sort(bad));
            org.junit.jupiter.api.Assertions.assertArrayEquals(perm, first.perm());
            org.junit.jupiter.api.Assertions.assertArrayEquals(t2, first.t2());
        }
    }

    /** Uniform points, with ties, a cluster inside one cell, far turns and values past 2^45. */
    private static double[][] awkwardPoints(java.util.SplittableRandom rnd, int dim, int m) {
        double[][] x = new double[dim][m];
        for (int j = 0; j < m; j++) {
            for (int d = 0; d < dim; d++) {
                double u = rnd.nextDouble();
                x[d][j] = switch (j % 7) {
                    case 0 -> 0.5;
                    case 1 -> 1e-3 * u;
                    case 2 -> 200 * (u - 0.5);
                    case 3 -> j % 1001 == 3 ? (u - 0.5) * 1e18 : -0.0;
                    default -> 2 * Math.PI * (u - 0.5);
                };
            }
        }
        return x;
    }

    private static int referenceBin(double[][] x, int j, TileLayout layout) {
        int tile = 0;
        int stride = 1;
        int local = 0;
        int localStride = 1;
        for (int d = 0; d < layout.dimension(); d++) {
            int n = layout.gridSize(d);
            double t = Periodic.toZeroTwoPi(x[d][j]) * (n / Periodic.TWO_PI);
            if (t >= n) {
                t -= n;
            }
            int cell = (int) t;
            int idx = layout.tileOfCell(d, cell);
            tile += idx * stride;
            stride *= layout.tilesAlong(d);
            local += (cell - layout.tileStart(d, idx)) / layout.subBinEdge(d) * localStride;
            localStride *= layout.subBinsAlong(d, idx);
        }
        return layout.binOffset(tile) + local;
    }

    private static int[] referencePermutation(double[][] x, TileLayout layout) {
        int m = x[0].length;
        long[] keyed = new long[m];
        for (int j = 0; j < m; j++) {
            keyed[j] = (long) referenceBin(x, j, layout) << 32 | j; // by bin, then index: stable
        }
        java.util.Arrays.sort(keyed);
        int[] perm = new int[m];
        for (int s = 0; s < m; s++) {
            perm[s] = (int) keyed[s];
        }
        return perm;
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
