package org.nufft4j.reduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ReducerRule#combineRows} against its oracle: each row's values cut at a random point
 * (both ends included, so a side may be empty), each side reduced by the scalar interpreter's
 * {@link ReducerRule.Accumulator} with its global indices, the two partials combined, against
 * the accumulator over the whole row. Bitwise for the selections and for SUM (integer data: its
 * sums are exact), within 1e-13 relative for the s of LOGSUMEXP (two roundings orders of a sum
 * of positive terms; its m is exact). Data have ties, NaN and infinities.
 */
class ReducerRuleCombineTest {

    private static final long SEED = 20261202L;
    private static final int ROWS = 40;
    private static final int N = 9; // values per row, small so that ties and empty sides are common

    /** Values from a small set, with NaN and the infinities now and then. */
    private static double value(Random rnd) {
        int c = rnd.nextInt(20);
        return switch (c) {
            case 0 -> Double.NaN;
            case 1 -> Double.POSITIVE_INFINITY;
            case 2 -> Double.NEGATIVE_INFINITY;
            default -> rnd.nextInt(4) - 1.0;
        };
    }

    /** The rows of r's accumulator over values [from, to) of each row (width values per pair). */
    private static void reduce(KernelReduction r, double[][] pairs, int width, int[] from, int[] to, double[] out,
            int[] idx) {
        int dim = r.outputDim();
        for (int row = 0; row < pairs.length; row++) {
            var acc = r.reducer().rule().accumulator(r, to[row] - from[row]);
            for (int q = from[row]; q < to[row]; q++) {
                acc.add(pairs[row], q * width, q);
            }
            acc.finish(out, row * dim, idx, row * dim);
        }
    }

    /** Combines random cuts of random rows and checks them against the whole, then with out = a. */
    private static void check(KernelReduction r, int width, long seed, boolean lse) {
        var rnd = new Random(seed);
        var rule = r.reducer().rule();
        int dim = r.outputDim();
        double[][] pairs = new double[ROWS][N * width];
        int[] zero = new int[ROWS];
        int[] cut = new int[ROWS];
        int[] all = new int[ROWS];
        for (int row = 0; row < ROWS; row++) {
            for (int q = 0; q < N; q++) {
                for (int c = 0; c < width; c++) {
                    pairs[row][q * width + c] = lse && c > 0 ? 0.25 + rnd.nextDouble() : value(rnd);
                }
            }
            if (lse && row % 4 == 0) { // rows whose F is -inf on a side or on both: m = -inf there
                int stop = row % 8 == 0 ? N : N / 2;
                for (int q = 0; q < stop; q++) {
                    pairs[row][q * width] = Double.NEGATIVE_INFINITY;
                }
            }
            cut[row] = rnd.nextInt(N + 1);
            all[row] = N;
        }
        int n = ROWS * dim;
        boolean indexed = rule.indexed();
        double[] a = new double[n];
        double[] b = new double[n];
        double[] want = new double[n];
        int[] ai = indexed ? new int[n] : null;
        int[] bi = indexed ? new int[n] : null;
        int[] wi = indexed ? new int[n] : null;
        // KMIN: every side keeps its k entries, padded with +inf and -1 (the count is N for all)
        reduce(r, pairs, width, zero, cut, a, ai);
        reduce(r, pairs, width, cut, all, b, bi);
        reduce(r, pairs, width, zero, all, want, wi);
        double[] got = new double[n];
        int[] gi = indexed ? new int[n] : null;
        rule.combineRows(a, ai, b, bi, got, gi, ROWS, dim);
        String what = rule + " seed " + seed;
        compare(want, got, dim, lse, what);
        if (indexed) {
            assertArrayEquals(wi, gi, what + " indices");
        }
        // in place: out the same arrays as a
        rule.combineRows(a, ai, b, bi, a, ai, ROWS, dim);
        assertArrayEquals(bits(got), bits(a), what + " in place");
        if (indexed) {
            assertArrayEquals(gi, ai, what + " in place, indices");
        }
    }

    private static long[] bits(double[] v) {
        return Arrays.stream(v).mapToLong(Double::doubleToLongBits).toArray();
    }

    /** Bitwise, but for LOGSUMEXP's s: within 1e-13 relative (NaN and -inf rows bitwise). */
    private static void compare(double[] want, double[] got, int dim, boolean lse, String what) {
        for (int q = 0; q < want.length; q++) {
            String where = what + " row " + q / dim + " component " + q % dim + ": " + got[q] + " vs " + want[q];
            if (lse && q % dim > 0 && !Double.isNaN(want[q])) {
                assertTrue(Math.abs(got[q] - want[q]) <= 1e-13 * Math.abs(want[q]), where);
            } else {
                assertEquals(Double.doubleToLongBits(want[q]), Double.doubleToLongBits(got[q]), where);
            }
        }
    }

    @Test
    void sumAddsThePartials() {
        check(KernelReduction.overJ(Formulas.vj(0, 3), Reducer.SUM), 3, SEED, false);
    }

    @Test
    void minAndMaxSelectStrictly() {
        check(KernelReduction.overJ(Formulas.vj(0, 2), Reducer.MIN), 2, SEED + 1, false);
        check(KernelReduction.overJ(Formulas.vj(0, 2), Reducer.MAX), 2, SEED + 2, false);
    }

    @Test
    void argMinAndArgMaxKeepTheEarlierIndexOnTies() {
        check(KernelReduction.overJ(Formulas.vj(0, 1), Reducer.ARGMIN), 1, SEED + 3, false);
        check(KernelReduction.overJ(Formulas.vj(0, 1), Reducer.ARGMAX), 1, SEED + 4, false);
    }

    @Test
    void kMinMergesStablyWithPadding() {
        for (int k : new int[] {1, 3, N, N + 4}) { // N + 4: every row padded with +inf and -1
            check(KernelReduction.kMinOverJ(Formulas.vj(0, 1), k), 1, SEED + 5 + k, false);
        }
    }

    @Test
    void logSumExpRescalesThePairs() {
        check(KernelReduction.logSumExpOverJ(Formulas.vj(0, 1), Formulas.vj(1, 2)), 3, SEED + 20, true);
    }

    @Test
    void logSumExpOfEmptyAndNaNRows() {
        var rule = Reducer.LOGSUMEXP.rule();
        double inf = Double.POSITIVE_INFINITY;
        double[] a = {Double.NEGATIVE_INFINITY, 0.0, 1.0, 2.0, Double.NEGATIVE_INFINITY, 0.0, Double.NaN, Double.NaN,
            inf, 3.0};
        double[] b = {Double.NEGATIVE_INFINITY, 0.0, Double.NEGATIVE_INFINITY, 0.0, 0.5, 4.0, 1.0, 1.0, 1.0, 5.0};
        double[] out = new double[a.length];
        rule.combineRows(a, null, b, null, out, null, 5, 2);
        // both empty; b empty; a empty; a NaN; m = +inf keeps its s (no exp(inf - inf))
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 0.0, 1.0, 2.0, 0.5, 4.0, Double.NaN, Double.NaN,
            inf, 3.0}, out);
    }

    @Test
    void badArgumentsFailBeforeAnyOutput() {
        var out = new double[] {7, 7};
        var oi = new int[] {7, 7};
        double[] v = {1, 2};
        int[] i = {0, 1};
        var sum = Reducer.SUM.rule();
        var arg = Reducer.ARGMIN.rule();
        var kmin = Reducer.KMIN.rule();
        var lse = Reducer.LOGSUMEXP.rule();
        assertEquals("a", assertThrows(NullPointerException.class,
                () -> sum.combineRows(null, null, v, null, out, null, 1, 2)).getMessage());
        assertEquals("bi", assertThrows(NullPointerException.class,
                () -> arg.combineRows(v, i, v, null, out, oi, 2, 1)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> kmin.combineRows(v, i, v, i, out, oi, 1, 3))
                .getMessage().contains("a holds"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sum.combineRows(v, null, v, null, out, null, -1,
                1)).getMessage().contains("rows"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> lse.combineRows(v, null, v, null, out, null, 2,
                1)).getMessage().contains("dim"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> arg.combineRows(v, i, v, i, new double[1], oi,
                2, 1)).getMessage().contains("out"));
        assertArrayEquals(new double[] {7, 7}, out);
        assertArrayEquals(new int[] {7, 7}, oi);
    }
}
