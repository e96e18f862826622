package org.nufft4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nufft4j.reduce.Formulas.constant;
import static org.nufft4j.reduce.Formulas.exp;
import static org.nufft4j.reduce.Formulas.mul;
import static org.nufft4j.reduce.Formulas.neg;
import static org.nufft4j.reduce.Formulas.pm;
import static org.nufft4j.reduce.Formulas.sqdist;
import static org.nufft4j.reduce.Formulas.vi;
import static org.nufft4j.reduce.Formulas.vj;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nufft4j.FastKernelSum;
import org.nufft4j.parallel.Workers;
import org.nufft4j.reduce.Backprop;
import org.nufft4j.reduce.Formula;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.Reducer;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.reduce.ReductionEvaluators;
import org.nufft4j.reduce.ReductionResult;

/**
 * Reductions and fast sums in {@code local[2]} (one session for the class), against one
 * evaluation on one machine: the N = M = 2e4 split 4 x 4, bitwise reproducibility over
 * Spark partition counts, backprop through the cluster path, a blocked fast sum against the
 * direct sum, and bad input failing on the driver.
 */
class SparkReductionsTest {

    private static final long SEED = 20261204L;

    private static SparkSession spark;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("nufft4j-spark-reductions-test")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static ReductionResult local(KernelReduction r, ReductionData data) {
        try (var w = new Workers(2)) {
            return ReductionEvaluators.resolve().evaluate(r, data, w);
        }
    }

    /** N x 3 and M x 3 uniform points in the unit cube, M weights in [0.5, 1.5). */
    private static ReductionData gaussianData(long seed, int n, int m) {
        var random = new Random(seed);
        return ReductionData.of(n, m, random.doubles(3L * n).toArray(), random.doubles(3L * m).toArray(),
                random.doubles(m, 0.5, 1.5).toArray());
    }

    /** {@code exp(-c |x - y|^2) b}, c a parameter at index 3. */
    private static final Formula GAUSS = mul(exp(mul(neg(pm(3, 1)), sqdist(vi(0, 3), vj(1, 3)))), vj(2, 1));
    private static final Formula DIST = sqdist(vi(0, 3), vj(1, 3));

    private static ReductionData withC(ReductionData d, double c) {
        return ReductionData.of(d.rowsI(), d.rowsJ(), d.arrays()[0], d.arrays()[1], d.arrays()[2], new double[] {c});
    }

    /**
     * The test: N = M = 2e4 in 4 x 4 blocks against the SIMD evaluator on one machine;
     * SUM within 1e-13 relative, the selections bitwise, LOGSUMEXP within 1e-13 (its s is a sum).
     */
    @Test
    void twentyThousandSquaredInFourByFour() {
        int n = 20_000;
        var data = withC(gaussianData(SEED, n, n), 12.5);
        var sum = KernelReduction.overJ(GAUSS, Reducer.SUM);
        String what = " (N = M = 2e4, 4 x 4 blocks, seed " + SEED + ")";
        BlockCombinerTest.assertClose(local(sum, data).values(),
                SparkReductions.evaluate(sc, sum, data, 4, 4, 4).values(), 1e-13, 0, "SUM" + what);
        for (var r : List.of(KernelReduction.overJ(DIST, Reducer.MIN), KernelReduction.overJ(DIST, Reducer.MAX),
                KernelReduction.overJ(DIST, Reducer.ARGMIN), KernelReduction.kMinOverJ(DIST, 4))) {
            var expected = local(r, data);
            var got = SparkReductions.evaluate(sc, r, data, 4, 4, 4);
            assertArrayEquals(expected.values(), got.values(), r.reducer() + what);
            if (expected.indices() != null) {
                assertArrayEquals(expected.indices(), got.indices(), r.reducer() + " indices" + what);
            }
        }
        var lse = KernelReduction.overJ(neg(mul(constant(40.0), DIST)), Reducer.LOGSUMEXP);
        BlockCombinerTest.assertClose(local(lse, data).values(),
                SparkReductions.evaluate(sc, lse, data, 4, 4, 4).values(), 1e-13, 1, "LOGSUMEXP" + what);
    }

    /**
     * One block partitioning, several Spark partition counts (1 to 7: other task counts, other
     * shuffles, other schedules): bitwise the same SUM, LOGSUMEXP and ARGMAX; and another block
     * partitioning within the rounding bound.
     */
    @Test
    void bitwiseOverSparkPartitions() {
        var data = withC(gaussianData(SEED + 1, 3000, 4000), 8.0);
        var reductions = List.of(KernelReduction.overJ(GAUSS, Reducer.SUM), KernelReduction.overI(GAUSS, Reducer.SUM),
                KernelReduction.overJ(neg(mul(constant(20.0), DIST)), Reducer.LOGSUMEXP),
                KernelReduction.overJ(DIST, Reducer.ARGMAX));
        for (var r : reductions) {
            var first = SparkReductions.evaluate(sc, r, data, 3, 5, 1);
            for (int partitions : new int[] {2, 7}) {
                var again = SparkReductions.evaluate(sc, r, data, 3, 5, partitions);
                assertArrayEquals(first.values(), again.values(), r.reducer() + " overJ=" + r.overJ()
                        + ", 3 x 5 blocks, partitions 1 vs " + partitions + ", seed " + (SEED + 1));
            }
            if (r.reducer() == Reducer.SUM) {
                BlockCombinerTest.assertClose(first.values(), SparkReductions.evaluate(sc, r, data, 2, 2, 3).values(),
                        1e-13, 0, "SUM, 3 x 5 vs 2 x 2 blocks, seed " + (SEED + 1));
            }
        }
    }

    /**
     * Backprop's reductions through the cluster: dL/dx (over j), dL/dy (over i, the sides
     * swapped) and dL/dc (rows summed) of a Gaussian SUM, and dL/dx of a LOGSUMEXP whose
     * forward output also comes from the cluster; against the same reductions on one machine.
     */
    @Test
    void backpropThroughTheCluster() {
        int n = 2500;
        int m = 3100;
        var base = withC(gaussianData(SEED + 2, n, m), 10.0);
        var random = new Random(SEED + 3);
        double[] g = random.doubles(n, -1, 1).toArray();
        var forward = KernelReduction.overJ(GAUSS, Reducer.SUM);
        String what = ", 3 x 2 blocks, seed " + (SEED + 2) + "/" + (SEED + 3);
        // g at index 4; the output index is not read by a SUM's gradient
        var data = ReductionData.of(n, m, base.arrays()[0], base.arrays()[1], base.arrays()[2], base.arrays()[3], g);
        for (Formula wrt : List.of(vi(0, 3), vj(1, 3), vj(2, 1), pm(3, 1))) {
            var grad = Backprop.gradient(forward, wrt, 4, 5);
            var expected = local(grad, data);
            var got = SparkReductions.evaluate(sc, grad, data, 3, 2, 3);
            assertWithinAbsSum(expected.values(), got.values(), absSum(grad, data), "dL/d" + wrt + what);
            if (wrt.equals(pm(3, 1))) {
                BlockCombinerTest.assertClose(Backprop.sumRows(expected), Backprop.sumRows(got), 1e-13, 0,
                        "dL/dc summed" + what);
            }
        }
        var lse = KernelReduction.overJ(neg(mul(constant(30.0), DIST)), Reducer.LOGSUMEXP);
        double[] a = SparkReductions.evaluate(sc, lse, base, 3, 2, 3).values();
        var lseData = ReductionData.of(n, m, base.arrays()[0], base.arrays()[1], null, null, g, a);
        var grad = Backprop.gradient(lse, vi(0, 3), 4, 5);
        assertWithinAbsSum(local(grad, lseData).values(), SparkReductions.evaluate(sc, grad, lseData, 3, 2, 3).values(),
                absSum(grad, lseData), "LOGSUMEXP dL/dx" + what);
    }

    /** {@code sum |f|} per output component: the scale of a sum's rounding when its terms cancel. */
    private static double[] absSum(KernelReduction r, ReductionData data) {
        return local(new KernelReduction(org.nufft4j.reduce.Formulas.abs(r.formula()), r.overJ(), Reducer.SUM, null, 0),
                data).values();
    }

    /**
     * Gradients have terms of both signs, so a relative bound on the sum means nothing where they
     * cancel: {@code |a - b| <= 1e-13 sum |f|} instead (proven: 2 gamma_(M-1) sum |f|).
     */
    private static void assertWithinAbsSum(double[] expected, double[] got, double[] absSum, String what) {
        assertEquals(expected.length, got.length, what);
        for (int q = 0; q < expected.length; q++) {
            double err = Math.abs(expected[q] - got[q]);
            assertTrue(err <= 1e-13 * absSum[q], what + " at " + q + ": " + expected[q] + " vs " + got[q] + " (" + err
                    + ", sum |f| = " + absSum[q] + ")");
        }
    }

    /**
     * A 2D fast sum in 3 x 2 blocks against the direct sum (the evaluator's SUM): within the
     * fast sum's bound, tol |b|_1, as one fast sum on one machine; and against that fast sum.
     */
    @Test
    void fastSumOverBlocks() {
        int n = 6000;
        int m = 5000;
        double sigma = 0.08;
        double tol = 1e-8;
        var random = new Random(SEED + 4);
        double[] x = random.doubles(2L * n).toArray();
        double[] y = random.doubles(2L * m).toArray();
        double[] b = random.doubles(m, -1, 1).toArray();
        double[] fast = SparkFastSums.gaussianSum(sc, 2, sigma, tol, x, y, b, 3, 2, 3);
        var direct = local(KernelReduction.overJ(mul(exp(mul(constant(-0.5 / (sigma * sigma)),
                sqdist(vi(0, 2), vj(1, 2)))), vj(2, 1)), Reducer.SUM), ReductionData.of(n, m, x, y, b)).values();
        double[] one = new double[n];
        try (var f = FastKernelSum.gaussian(2, sigma, tol)) {
            f.setPoints(x, y);
            f.sum(b, one);
        }
        double l1 = 0;
        for (double w : b) {
            l1 += Math.abs(w);
        }
        double worst = 0;
        double worstLocal = 0;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, Math.abs(fast[i] - direct[i]) / l1);
            worstLocal = Math.max(worstLocal, Math.abs(fast[i] - one[i]) / l1);
        }
        String what = " (N = " + n + ", M = " + m + ", sigma " + sigma + ", 3 x 2 blocks, seed " + (SEED + 4) + ")";
        assertTrue(worst <= tol, "blocked fast sum vs direct: E = " + worst + " > tol = " + tol + what);
        assertTrue(worstLocal <= 2 * tol, "blocked vs one fast sum: " + worstLocal + " > 2 tol" + what);
        assertArrayEquals(fast, SparkFastSums.gaussianSum(sc, 2, sigma, tol, x, y, b, 3, 2, 1),
                "bitwise over partition counts" + what);
    }

    /**
     * The RDD entry points (shapes checked by a job, output left in the cluster) give what the
     * driver-array ones give, bitwise; a KMIN over i on output blocks in order.
     */
    @Test
    void rddPathMatches() {
        var data = withC(gaussianData(SEED + 6, 700, 900), 5.0);
        var r = new KernelReduction(DIST, false, Reducer.KMIN, null, 3);
        var blocks = SparkReductions.split(r, data, 3, 4);
        var out = SparkReductions.reduce(r, sc.parallelize(blocks.iBlocks(), 2), sc.parallelize(blocks.jBlocks(), 3),
                blocks.parameters(), 2);
        var viaRdd = SparkReductions.collect(r, out);
        var viaArrays = SparkReductions.evaluate(sc, r, data, 3, 4, 2);
        var one = local(r, data);
        String what = "KMIN over i, 3 x 4 blocks, seed " + (SEED + 6);
        assertArrayEquals(one.values(), viaRdd.values(), what);
        assertArrayEquals(one.indices(), viaRdd.indices(), what);
        assertArrayEquals(viaArrays.values(), viaRdd.values(), what);
        List<Integer> order = out.map(ReductionBlockResult::block).collect();
        assertEquals(List.of(0, 1, 2, 3), order, "output blocks in order, " + what);

        var random = new Random(SEED + 7);
        double[] x = random.doubles(2 * 400).toArray();
        double[] y = random.doubles(2 * 300).toArray();
        double[] b = random.doubles(300, -1, 1).toArray();
        var ts = List.of(new ReductionBlock(0, 0, 150, new double[][] {Arrays.copyOfRange(x, 0, 300)}),
                new ReductionBlock(1, 150, 250, new double[][] {Arrays.copyOfRange(x, 300, 800)}));
        var ss = List.of(new ReductionBlock(0, 0, 300, new double[][] {y, b}));
        double[] fast = new double[400];
        for (var res : SparkFastSums.gaussianSum(2, 0.1, 1e-9, sc.parallelize(ts, 2), sc.parallelize(ss, 1), 2)
                .collect()) {
            System.arraycopy(res.values(), 0, fast, res.offset(), res.rows());
        }
        // each target block has its own bounding box, so its own grid: within 2 tol |b|_1, not bitwise
        double[] whole = SparkFastSums.gaussianSum(sc, 2, 0.1, 1e-9, x, y, b, 1, 1, 1);
        double l1 = Arrays.stream(b).map(Math::abs).sum();
        for (int i = 0; i < 400; i++) {
            assertTrue(Math.abs(whole[i] - fast[i]) <= 2e-9 * l1, "fast sum: 2 uneven target blocks vs 1 at " + i
                    + ": " + whole[i] + " vs " + fast[i] + ", seed " + (SEED + 7));
        }
        var noWeights = List.of(new ReductionBlock(0, 0, 300, new double[][] {y}));
        assertMessage("sourceBlocks: block 0, arrays[1] is missing", () -> SparkFastSums.gaussianSum(2, 0.1, 1e-9,
                sc.parallelize(ts, 2), sc.parallelize(noWeights, 1), 2));
    }

    @Test
    void badInputFailsOnTheDriver() {
        var data = withC(gaussianData(SEED + 5, 50, 40), 1.0);
        var sum = KernelReduction.overJ(GAUSS, Reducer.SUM);
        assertMessage("iBlocks", () -> SparkReductions.evaluate(sc, sum, data, 0, 2, 2));
        assertMessage("jBlocks", () -> SparkReductions.evaluate(sc, sum, data, 2, 41, 2));
        assertMessage("partitions", () -> SparkReductions.evaluate(sc, sum, data, 2, 2, 0));
        var shortY = ReductionData.of(50, 40, data.arrays()[0], new double[7], data.arrays()[2], data.arrays()[3]);
        assertMessage("data array 1", () -> SparkReductions.evaluate(sc, sum, shortY, 2, 2, 2));
        assertThrows(NullPointerException.class, () -> SparkReductions.evaluate(sc, null, data, 2, 2, 2));
        var blocks = SparkReductions.split(sum, data, 2, 2);
        var is = sc.parallelize(blocks.iBlocks(), 2);
        var js = sc.parallelize(blocks.jBlocks(), 2);
        assertMessage("parameters[3]", () -> SparkReductions.reduce(sum, is, js, new double[3][], 2));
        var gap = sc.parallelize(List.of(blocks.jBlocks().get(0), new ReductionBlock(1, 25, 20,
                blocks.jBlocks().get(1).arrays())), 2);
        assertMessage("jBlocks: block 1 has offset 25", () -> SparkReductions.reduce(sum, is, gap, blocks.parameters(), 2));
        var twice = sc.parallelize(List.of(blocks.iBlocks().get(0), blocks.iBlocks().get(0)), 1);
        assertMessage("iBlocks: block numbers", () -> SparkReductions.reduce(sum, twice, js, blocks.parameters(), 2));
        double[] x = new double[20];
        double[] y = new double[30];
        assertMessage("weights.length", () -> SparkFastSums.gaussianSum(sc, 2, 0.1, 1e-6, x, y, new double[14], 2, 2, 2));
        x[3] = Double.NaN;
        assertMessage("targets[3]", () -> SparkFastSums.gaussianSum(sc, 2, 0.1, 1e-6, x, y, new double[15], 2, 2, 2));
        assertMessage("sigma", () -> SparkFastSums.gaussianSum(sc, 2, -1, 1e-6, y, y, new double[15], 2, 2, 2));
        assertMessage("sourceBlocks", () -> SparkFastSums.gaussianSum(sc, 2, 0.1, 1e-6, y, y, new double[15], 2, 16, 2));
    }

    private static void assertMessage(String start, org.junit.jupiter.api.function.Executable call) {
        var e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(start), "expected a message naming " + start + ", got: " + e.getMessage());
    }
}
