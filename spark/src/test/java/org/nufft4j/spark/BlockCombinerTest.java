package org.nufft4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nufft4j.reduce.Formulas.constant;
import static org.nufft4j.reduce.Formulas.exp;
import static org.nufft4j.reduce.Formulas.mul;
import static org.nufft4j.reduce.Formulas.neg;
import static org.nufft4j.reduce.Formulas.sqdist;
import static org.nufft4j.reduce.Formulas.vi;
import static org.nufft4j.reduce.Formulas.vj;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nufft4j.parallel.Workers;
import org.nufft4j.reduce.Formula;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.Reducer;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.reduce.ReductionEvaluators;
import org.nufft4j.reduce.ReductionResult;

/**
 * The block path without Spark: the data cut into blocks ({@link SparkReductions#split}), every
 * pair evaluated as an executor does ({@link SparkReductions#evaluatePair}) and folded in
 * reduced-block order ({@link BlockCombiner}), against one evaluation of the whole: bitwise for
 * the selections (with ties and NaN), within the rounding bound for SUM and LOGSUMEXP.
 */
class BlockCombinerTest {

    private static final long SEED = 20261203L;

    /** The fold of every block pair, in the order the executors' fold uses. */
    static ReductionResult blocked(KernelReduction r, ReductionData data, int bi, int bj) {
        var blocks = SparkReductions.split(r, data, bi, bj);
        var br = BlockCombiner.blockReduction(r);
        int arrays = data.arrays().length;
        var outs = r.overJ() ? blocks.iBlocks() : blocks.jBlocks();
        var reds = r.overJ() ? blocks.jBlocks() : blocks.iBlocks();
        int[][] iv = vars(data, blocks.iBlocks());
        int[][] jv = vars(data, blocks.jBlocks());
        int dim = r.outputDim();
        int rows = r.outputRows(data);
        double[] values = new double[rows * dim];
        boolean indexed = r.reducer() == Reducer.ARGMIN || r.reducer() == Reducer.ARGMAX || r.reducer() == Reducer.KMIN;
        int[] idx = indexed ? new int[rows * dim] : null;
        for (var out : outs) {
            BlockCombiner.Partial acc = null;
            for (var red : reds) {
                var ib = r.overJ() ? out : red;
                var jb = r.overJ() ? red : out;
                var p = SparkReductions.evaluatePair(br, iv, jv, blocks.parameters(), arrays, ib, jb);
                acc = acc == null ? p : BlockCombiner.combine(r.reducer(), acc, p);
            }
            var res = BlockCombiner.finish(r, acc);
            System.arraycopy(res.values(), 0, values, res.offset() * dim, res.values().length);
            if (indexed) {
                System.arraycopy(res.indices(), 0, idx, res.offset() * dim, res.indices().length);
            }
        }
        return new ReductionResult(rows, dim, values, idx);
    }

    /** The (index, dim) pairs of the arrays a side's blocks carry. */
    private static int[][] vars(ReductionData data, List<ReductionBlock> side) {
        var b = side.get(0);
        return java.util.stream.IntStream.range(0, b.arrays().length).filter(q -> b.arrays()[q] != null)
                .mapToObj(q -> new int[] {q, b.arrays()[q].length / b.rows()}).toArray(int[][]::new);
    }

    static ReductionResult whole(KernelReduction r, ReductionData data) {
        try (var w = new Workers(2)) {
            return ReductionEvaluators.resolve().evaluate(r, data, w);
        }
    }

    @Test
    void evaluatorIsSimd() {
        assertTrue(ReductionEvaluators.simd().isPresent(), "the tests run with the Vector API: "
                + ReductionEvaluators.unavailableReason().orElse(""));
        assertEquals("simd", ReductionEvaluators.resolve().name());
    }

    /** Integer points on a small grid: many exactly equal distances, and NaN rows on both sides. */
    @Test
    void selectionsAreExactWithTiesAndNaN() {
        var random = new Random(SEED);
        int n = 301;
        int m = 437;
        double[] x = new double[2 * n];
        double[] y = new double[2 * m];
        for (int q = 0; q < x.length; q++) {
            x[q] = random.nextInt(5);
        }
        for (int q = 0; q < y.length; q++) {
            y[q] = random.nextInt(5);
        }
        y[2 * 17] = Double.NaN;
        y[2 * 300 + 1] = Double.NaN;
        x[2 * 5] = Double.NaN;
        var data = ReductionData.of(n, m, x, y);
        Formula d = sqdist(vi(0, 2), vj(1, 2));
        var reductions = List.of(KernelReduction.overJ(d, Reducer.MIN), KernelReduction.overJ(d, Reducer.MAX),
                KernelReduction.overJ(d, Reducer.ARGMIN), KernelReduction.overJ(d, Reducer.ARGMAX),
                KernelReduction.kMinOverJ(d, 7), KernelReduction.kMinOverJ(d, 1), KernelReduction.overI(d, Reducer.ARGMIN),
                KernelReduction.overI(d, Reducer.MAX), new KernelReduction(d, false, Reducer.KMIN, null, 4));
        int[][] splits = {{1, 1}, {1, 2}, {3, 4}, {7, 5}, {2, 13}};
        for (var r : reductions) {
            var expected = whole(r, data);
            for (int[] s : splits) {
                var got = blocked(r, data, s[0], s[1]);
                String what = r.reducer() + (r.overJ() ? " over j" : " over i") + " k=" + r.k() + " blocks " + s[0]
                        + " x " + s[1] + " seed " + SEED;
                assertArrayEquals(expected.values(), got.values(), what);
                if (expected.indices() != null) {
                    assertArrayEquals(expected.indices(), got.indices(), what);
                }
            }
        }
    }

    /** KMIN with k beyond a block's rows (and beyond M): the padding merges away exactly. */
    @Test
    void kMinPaddingMerges() {
        var random = new Random(SEED + 1);
        int n = 40;
        int m = 9;
        double[] x = random.doubles(n).toArray();
        double[] y = random.doubles(m).toArray();
        var data = ReductionData.of(n, m, x, y);
        for (int k : new int[] {3, 9, 12}) {
            var r = KernelReduction.kMinOverJ(sqdist(vi(0, 1), vj(1, 1)), k);
            var expected = whole(r, data);
            for (int bj : new int[] {2, 4, 9}) {
                var got = blocked(r, data, 3, bj);
                assertArrayEquals(expected.values(), got.values(), "k " + k + " jBlocks " + bj + " seed " + SEED);
                assertArrayEquals(expected.indices(), got.indices(), "k " + k + " jBlocks " + bj + " seed " + SEED);
            }
        }
    }

    /**
     * SUM and LOGSUMEXP of positive terms: within 1e-13 relative of the whole (observed far
     * below; the proven bound is 2 gamma_(M-1) of the sum); the m of a weighted LOGSUMEXP is a
     * maximum, exact; a NaN row stays NaN.
     */
    @Test
    void sumsAndLogSumExpWithinRounding() {
        var random = new Random(SEED + 2);
        int n = 500;
        int m = 3001;
        double[] x = random.doubles(3L * n).toArray();
        double[] y = random.doubles(3L * m).toArray();
        double[] b = random.doubles(m, 0.5, 1.5).toArray();
        x[7] = Double.NaN;
        var data = ReductionData.of(n, m, x, y, b);
        Formula g = mul(exp(mul(constant(-12.5), sqdist(vi(0, 3), vj(1, 3)))), vj(2, 1));
        Formula f = neg(mul(constant(40.0), sqdist(vi(0, 3), vj(1, 3))));
        var sum = KernelReduction.overJ(g, Reducer.SUM);
        var sumI = KernelReduction.overI(g, Reducer.SUM);
        var lse = KernelReduction.overJ(f, Reducer.LOGSUMEXP);
        var wlse = KernelReduction.logSumExpOverJ(f, vj(2, 1));
        for (int[] s : new int[][] {{1, 1}, {2, 3}, {4, 4}, {3, 7}}) {
            String what = " blocks " + s[0] + " x " + s[1] + " seed " + (SEED + 2);
            assertClose(whole(sum, data).values(), blocked(sum, data, s[0], s[1]).values(), 1e-13, 0, "SUM" + what);
            assertClose(whole(sumI, data).values(), blocked(sumI, data, s[0], s[1]).values(), 1e-13, 0, "SUM over i" + what);
            assertClose(whole(lse, data).values(), blocked(lse, data, s[0], s[1]).values(), 1e-13, 1, "LOGSUMEXP" + what);
            double[] we = whole(wlse, data).values();
            double[] wg = blocked(wlse, data, s[0], s[1]).values();
            for (int row = 0; row < n; row++) {
                assertEquals(Double.doubleToLongBits(we[2 * row]), Double.doubleToLongBits(wg[2 * row]),
                        "weighted LOGSUMEXP m, row " + row + what);
            }
            assertClose(we, wg, 1e-13, 0, "weighted LOGSUMEXP (m, s)" + what);
        }
    }

    /**
     * Both NaN, or {@code |a - b| <= rel max(floor, |a|)}: floor 0 for sums (relative), 1 for
     * logarithms (absolute near 0, where a log-sum crosses zero).
     */
    static void assertClose(double[] expected, double[] got, double rel, double floor, String what) {
        assertEquals(expected.length, got.length, what);
        for (int q = 0; q < expected.length; q++) {
            if (Double.isNaN(expected[q]) || Double.isNaN(got[q])) {
                assertTrue(Double.isNaN(expected[q]) && Double.isNaN(got[q]), what + " at " + q + ": " + expected[q]
                        + " vs " + got[q]);
                continue;
            }
            double err = Math.abs(expected[q] - got[q]);
            assertTrue(err <= rel * Math.max(floor, Math.abs(expected[q])), what + " at " + q + ": " + expected[q]
                    + " vs " + got[q] + " (" + err + ")");
        }
    }
}
