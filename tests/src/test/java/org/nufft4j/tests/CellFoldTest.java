package org.nufft4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nufft4j.SpreadKernelsChoice;
import org.nufft4j.grid.BinSort;
import org.nufft4j.grid.CellFold;
import org.nufft4j.grid.Periodic;
import org.nufft4j.grid.TileLayout;
import org.nufft4j.parallel.Workers;
import org.nufft4j.spread.Spreaders;

/** The SIMD coordinate fold of the sort gives the scalar fold's bits, and so the same sort. */
class CellFoldTest {

    private static CellFold simd() {
        CellFold f = Spreaders.resolveFold(SpreadKernelsChoice.SIMD);
        assertTrue(f != CellFold.SCALAR, "the simd module's fold is not in use");
        return f;
    }

    /**
     * Coordinates where a fold can go wrong: ±0, multiples of pi and 2 pi and their neighbours,
     * the ends of the division-free range [-2 pi, 4 pi), subnormals, huge ones.
     */
    private static double[] awkward(long seed, int m) {
        var rnd = new SplittableRandom(seed);
        double[] x = new double[m];
        for (int j = 0; j < m; j++) {
            double k = rnd.nextInt(-1000, 1000);
            double[] ends = {-2 * Math.PI, 0.0, 2 * Math.PI, 4 * Math.PI};
            double end = ends[rnd.nextInt(ends.length)];
            x[j] = switch (j % 11) {
                case 7 -> rnd.nextBoolean() ? Math.nextUp(end) : Math.nextDown(end);
                case 8 -> rnd.nextBoolean() ? end : -3 * Double.MIN_VALUE;
                case 0 -> j % 2 == 0 ? 0.0 : -0.0;
                case 1 -> k * Math.PI;
                case 2 -> Math.nextUp(k * 2 * Math.PI);
                case 3 -> Math.nextDown(k * 2 * Math.PI);
                case 4 -> (rnd.nextDouble() - 0.5) * 1e15;
                case 5 -> j % 97 == 5 ? (rnd.nextDouble() - 0.5) * 1e300 : Math.nextDown(0x1p45);
                case 6 -> Double.MIN_VALUE * (j % 2 == 0 ? 1 : -1);
                default -> (rnd.nextDouble() - 0.5) * 2 * Math.PI;
            };
        }
        return x;
    }

    /** Coordinates all in the division-free range [-2 pi, 4 pi), its ends and zeros among them. */
    private static double[] nearby(long seed, int m) {
        var rnd = new SplittableRandom(seed);
        double[] edges = {-2 * Math.PI, Math.nextUp(-2 * Math.PI), -Math.PI, -0.0, 0.0, -Double.MIN_VALUE,
            Math.nextDown(2 * Math.PI), 2 * Math.PI, Math.nextUp(2 * Math.PI), Math.nextDown(4 * Math.PI)};
        double[] x = new double[m];
        for (int j = 0; j < m; j++) {
            x[j] = j % 5 == 0 ? edges[rnd.nextInt(edges.length)] : -2 * Math.PI + rnd.nextDouble() * 6 * Math.PI;
        }
        return x;
    }

    @Test
    void simdFoldGivesTheScalarBits() {
        CellFold simd = simd();
        for (int n : new int[] {2, 16, 2000, 4_000_000}) {
            double scale = n / Periodic.TWO_PI;
            for (int sized : new int[] {0, 1, 7, 8, 9, 63, 1000, -1000}) {
                int count = Math.abs(sized); // negative: the points all in [-2 pi, 4 pi)
                double[] x = sized >= 0 ? awkward(n + count, count + 3) : nearby(n - sized, count + 3);
                double[] a = new double[count + 5];
                double[] b = new double[count + 5];
                assertTrue(CellFold.SCALAR.fold(x, 3, count, scale, n, a, 2));
                assertTrue(simd.fold(x, 3, count, scale, n, b, 2));
                for (int i = 0; i < a.length; i++) {
                    assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]),
                            "n=" + n + " count=" + count + " i=" + i + " x=" + (i >= 2 && i < count + 2 ? x[i + 1] : 0));
                }
            }
        }
    }

    @Test
    void simdFoldRejectsWhatIsNotFinite() {
        CellFold simd = simd();
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            for (int at : new int[] {0, 5, 8, 30}) {
                double[] x = awkward(at, 40);
                x[at] = bad;
                assertFalse(simd.fold(x, 0, 40, 1, 6, new double[40], 0), bad + " at " + at);
            }
        }
    }

    @Test
    void sortWithTheSimdFoldIsTheScalarSort() {
        var layout = new TileLayout(new int[] {400, 360, 336}, 8);
        var rnd = new SplittableRandom(3);
        int m = 150_000;
        double[][] x = new double[3][];
        for (int d = 0; d < 3; d++) {
            x[d] = awkward(rnd.nextLong(), m);
        }
        try (var w = new Workers(2)) {
            var scalar = new BinSort(layout, w).sort(x);
            var lanes = new BinSort(layout, w, simd()).sort(x);
            org.junit.jupiter.api.Assertions.assertArrayEquals(scalar.perm(), lanes.perm());
            org.junit.jupiter.api.Assertions.assertArrayEquals(scalar.binStart(), lanes.binStart());
            for (int d = 0; d < 3; d++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(scalar.t()[d], lanes.t()[d]);
            }
        }
    }

    /**
     * Once C2 has compiled it, the SIMD fold allocates nothing. A lane operation the CPU lacks
     * (AVX2 has no double-to-long conversion) makes the Vector API fall back to Java code that
     * allocates hundreds of bytes per point and runs 3x slower, with the right bits: only the
     * allocation shows it. Rounds of calls until one allocates nothing (C2 compiles in the
     * background); fails if none does.
     */
    @Test
    void simdFoldAllocatesNothingOnceCompiled() {
        CellFold simd = simd();
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        double[] x = awkward(11, 4096);
        for (int j = 0; j < x.length; j++) {
            x[j] = Math.IEEEremainder(x[j], 100.0); // all on the lane path
        }
        double[] out = new double[x.length];
        double scale = 2000 / Periodic.TWO_PI;
        long last = -1;
        for (int round = 0; round < 200; round++) {
            long before = threads.getThreadAllocatedBytes(self);
            for (int call = 0; call < 500; call++) {
                simd.fold(x, call % 8, 4000, scale, 2000, out, 0);
            }
            last = threads.getThreadAllocatedBytes(self) - before;
            if (last == 0) {
                return;
            }
        }
        throw new AssertionError("the SIMD fold still allocates " + last + " bytes per 500 calls of 4000 "
                + "points after 200 rounds: a lane operation is not intrinsified on this CPU ("
                + simd.name() + ")");
    }
}
