package org.nufft4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nufft4j.NufftPlan;
import org.nufft4j.NufftType;
import org.nufft4j.reduce.Formula;
import org.nufft4j.reduce.Formulas;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.Reducer;
import org.nufft4j.reduce.ReductionData;

/**
 * Failures that are not the rows' own, in {@code local[2,2]} (two threads, each task tried up
 * to twice; a session of its own, since the retry count is fixed when the context starts): a
 * task that fails on its first attempt is retried and the job's results are still bitwise those
 * of plain plans; a job cancelled mid-row leaves the plan cache consistent, its interrupted
 * plans closed, not reused.
 */
class SparkRetryTest {

    private static final long SEED = 20261203L;
    private static SparkSession spark;

    /** First attempts that failed on purpose (local mode: the executor is this JVM). */
    static final AtomicInteger INJECTED = new AtomicInteger();

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2,2]").appName("nufft4j-spark-retry-test")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /**
     * The test's hook: delegates to the batch's function, but on the first attempt of
     * partition 0 throws after that partition's first result row (so a partly written partition
     * is thrown away and redone).
     */
    private record FailFirstAttempt(FlatMapFunction<Iterator<InternalRow>, TransformResult> delegate)
            implements FlatMapFunction<Iterator<InternalRow>, TransformResult> {

        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<TransformResult> call(Iterator<InternalRow> rows) throws Exception {
            Iterator<TransformResult> results = delegate.call(rows);
            TaskContext task = TaskContext.get();
            if (task.partitionId() != 0 || task.attemptNumber() != 0) {
                return results;
            }
            return new Iterator<>() {
                private int given;

                @Override
                public boolean hasNext() {
                    return results.hasNext();
                }

                @Override
                public TransformResult next() {
                    if (given++ == 1) {
                        INJECTED.incrementAndGet();
                        throw new IllegalStateException("injected: first attempt of partition 0 fails");
                    }
                    return results.next();
                }
            };
        }
    }

    private static double[] random(Random random, int n, double scale) {
        double[] a = new double[n];
        for (int k = 0; k < n; k++) {
            a[k] = scale * (2 * random.nextDouble() - 1);
        }
        return a;
    }

    private record Case(long id, int[] modes, double[][] points, double[] input) {

        Row row() {
            return SparkNufft.row(id, NufftType.TYPE_1, modes, 1, 1e-9, points, input);
        }

        double[] local() {
            try (var plan = NufftPlan.create(NufftType.TYPE_1, modes, 1, 1e-9, SparkNufft.defaultOptions())) {
                BatchFunction.setPoints(plan, points, "points");
                double[] out = new double[2 * BatchFunction.modeCount(plan)];
                plan.execute(input, out);
                return out;
            }
        }
    }

    private static List<Case> cases(long seed, int count, int[] modes, int m) {
        var random = new Random(seed);
        var cases = new ArrayList<Case>();
        for (int i = 0; i < count; i++) {
            double[][] points = new double[modes.length][];
            for (int d = 0; d < modes.length; d++) {
                points[d] = random(random, m, Math.PI);
            }
            cases.add(new Case(i, modes, points, random(random, 2 * m, 1)));
        }
        return cases;
    }

    private static Dataset<Row> dataset(List<Case> cases, int partitions) {
        return spark.createDataFrame(cases.stream().map(Case::row).toList(), SparkNufft.INPUT_SCHEMA)
                .repartition(partitions);
    }

    @Test
    void aTaskThatFailsOnItsFirstAttemptIsRetriedAndTheResultsAreBitwiseCorrect() {
        long seed = SEED;
        List<Case> cases = cases(seed, 24, new int[] {16, 12}, 200);
        int before = INJECTED.get();
        List<Row> rows = SparkNufft.transform(dataset(cases, 4), SparkNufft.defaultOptions(),
                SparkNufft.BadRows.FAIL, FailFirstAttempt::new).collectAsList();
        assertEquals(1, INJECTED.get() - before, "partition 0's first attempt failed once, its retry did not");
        Map<Long, double[]> byId = new HashMap<>();
        for (Row row : rows) {
            assertEquals(null, byId.put(row.getLong(0), SparkNufftTest.doubles(row.getList(1))),
                    "seed " + seed + ": id " + row.getLong(0) + " twice (a failed attempt's rows kept?)");
        }
        assertEquals(cases.size(), byId.size());
        for (Case c : cases) {
            SparkNufftTest.assertBitwise(c.local(), byId.get(c.id()), "seed " + seed + ", id " + c.id());
        }
    }

    @Test
    void aJobCancelledMidRowLeavesThePlanCacheConsistent() throws Exception {
        long seed = SEED + 1;
        // rows of a few tens of ms each, so that the cancel finds rows running
        List<Case> cases = cases(seed, 16, new int[] {128, 128}, 30_000);
        Dataset<Row> input = dataset(cases, 2).cache();
        assertEquals(cases.size(), input.count());
        PlanCache cache = SparkNufft.planCache();
        long discardedBefore = cache.discards();
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread job = new Thread(() -> {
            spark.sparkContext().setJobGroup("cancel-me", "a job to cancel", true);
            try {
                SparkNufft.transform(input).collectAsList();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        job.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (cache.inUse() == 0 && job.isAlive()) { // a row holds a plan: cancel now
            assertTrue(System.nanoTime() < deadline, "no row started in 60 s");
            Thread.sleep(1);
        }
        spark.sparkContext().cancelJobGroup("cancel-me");
        job.join(60_000);
        assertTrue(failure.get() != null, "the job was cancelled, it cannot have succeeded");
        SparkNufftTest.awaitNoRunningTasks(spark);
        // Spark counts a killed task as ended before its thread has left the row it was in
        long end = System.nanoTime() + 30_000_000_000L;
        while (cache.inUse() > 0 && System.nanoTime() < end) {
            Thread.sleep(1);
        }
        assertEquals(0, cache.inUse(), "every plan lent was given back within 30 s of the cancel, " + cache);
        // an interrupted row's plan is closed, never reused; the kill may also land between rows
        assertTrue(cache.discards() >= discardedBefore, cache.toString());
        // the cache still serves correct results, with the plans it kept
        List<Case> again = cases.subList(0, 6);
        Map<Long, double[]> byId = new HashMap<>();
        for (Row row : SparkNufft.transform(dataset(again, 2)).collectAsList()) {
            byId.put(row.getLong(0), SparkNufftTest.doubles(row.getList(1)));
        }
        for (Case c : again) {
            SparkNufftTest.assertBitwise(c.local(), byId.get(c.id()), "seed " + seed + ", id " + c.id());
        }
        input.unpersist();
    }

    @Test
    void aRowInterruptedMidExecuteClosesItsPlan() throws Exception {
        long seed = SEED + 2;
        var cache = new PlanCache(4);
        Case big = cases(seed, 1, new int[] {256, 256}, 400_000).getFirst();
        var key = new PlanCache.Key(NufftType.TYPE_1, big.modes(), 1, 1e-9, SparkNufft.defaultOptions());
        var thrown = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread row = new Thread(() -> {
            try {
                BatchFunction.run(cache, key, big.points(), big.input());
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        row.start();
        while (cache.inUse() == 0 && row.isAlive()) {
            Thread.onSpinWait();
        }
        row.interrupt();
        row.join();
        assertTrue(thrown.get() instanceof java.util.concurrent.CancellationException,
                "seed " + seed + ": the interrupt cancels the row, got " + thrown.get());
        assertEquals(0, cache.inUse());
        assertEquals(1, cache.discards(), "the interrupted plan is closed");
        assertEquals(0, cache.size(), "and not kept");
        // the next row of the key makes a new plan and is correct
        SparkNufftTest.assertBitwise(big.local(), BatchFunction.run(cache, key, big.points(), big.input()),
                "seed " + seed);
        assertEquals(2, cache.creations());
    }

    /** Passes the j-blocks through, but fails the first attempt of partition 0 of each stage it runs in. */
    private static final class FailFirstJBlock implements Function<ReductionBlock, ReductionBlock> {

        private static final long serialVersionUID = 1L;

        @Override
        public ReductionBlock call(ReductionBlock block) {
            TaskContext task = TaskContext.get();
            if (task.partitionId() == 0 && task.attemptNumber() == 0) {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("injected failure of a first attempt (test)");
            }
            return block;
        }
    }

    /**
     * Issue 14's failure behaviour through the reduction path: with the j-blocks' first attempt
     * failing, Spark retries the task and SUM and ARGMIN come out bitwise those of the same
     * blocking without failures (a retry recomputes a block pair from the same blocks).
     */
    @Test
    void reductionRetriedAfterAFailedFirstAttempt() {
        long seed = SEED + 20;
        var random = new Random(seed);
        int n = 900;
        int m = 1100;
        var data = ReductionData.of(n, m, random.doubles(3L * n).toArray(), random.doubles(3L * m).toArray(),
                random.doubles(m, 0.5, 1.5).toArray());
        Formula dist = Formulas.sqdist(Formulas.vi(0, 3), Formulas.vj(1, 3));
        var sum = KernelReduction.overJ(Formulas.mul(Formulas.exp(Formulas.neg(dist)), Formulas.vj(2, 1)), Reducer.SUM);
        var argmin = KernelReduction.overJ(dist, Reducer.ARGMIN);
        var sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        for (var r : List.of(sum, argmin)) {
            var blocks = SparkReductions.split(r, data, 3, 3);
            var expected = SparkReductions.collect(r, SparkReductions.reduce(r, sc.parallelize(blocks.iBlocks(), 2),
                    sc.parallelize(blocks.jBlocks(), 2), blocks.parameters(), 2));
            int before = INJECTED.get();
            var failing = sc.parallelize(blocks.jBlocks(), 2).map(new FailFirstJBlock());
            var got = SparkReductions.collect(r, SparkReductions.reduce(r, sc.parallelize(blocks.iBlocks(), 2),
                    failing, blocks.parameters(), 2));
            String what = r.reducer() + ", 3 x 3 blocks, seed " + seed;
            assertTrue(INJECTED.get() > before, "a first attempt failed: " + what);
            assertArrayEquals(expected.values(), got.values(), what);
            if (expected.indices() != null) {
                assertArrayEquals(expected.indices(), got.indices(), what);
            }
        }
    }
}
