package org.nufft4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nufft4j.DirectSum;
import org.nufft4j.ModeOrder;
import org.nufft4j.NufftOptions;
import org.nufft4j.NufftPlan;
import org.nufft4j.NufftType;

/**
 * Batches in {@code local[2]} (one session for the class): bitwise against plain plans, within
 * the tolerance against direct sums, the plan cache reused, bad rows named in the failure.
 */
class SparkNufftTest {

    private static final long SEED = 20261202L;
    private static final int[][] SHAPES = {{37}, {12, 10}, {6, 5, 4}};
    private static final double[] TOLERANCES = {1e-12, 1e-9, 1e-6};

    private static SparkSession spark;

    /** One transform, as the test builds it and as a row carries it. */
    private record Case(long id, NufftType type, int[] modes, int isign, double tol, double[][] points,
                        double[] input) {

        Row row() {
            return SparkNufft.row(id, type, modes, isign, tol, points, input);
        }

        PlanCache.Key key() {
            return new PlanCache.Key(type, modes, isign, tol, SparkNufft.defaultOptions());
        }

        /** The same transform through a plain plan in this JVM, with the batch's options. */
        double[] local() {
            try (var plan = NufftPlan.create(type, modes, isign, tol, SparkNufft.defaultOptions())) {
                switch (points.length) {
                    case 1 -> plan.setPoints(points[0]);
                    case 2 -> plan.setPoints(points[0], points[1]);
                    default -> plan.setPoints(points[0], points[1], points[2]);
                }
                double[] out = new double[type == NufftType.TYPE_1 ? 2 * modeCount() : 2 * points[0].length];
                plan.execute(input, out);
                return out;
            }
        }

        double[] direct() {
            return type == NufftType.TYPE_1 ? DirectSum.type1(points, input, modes, isign, ModeOrder.CMCL)
                    : DirectSum.type2(points, input, modes, isign, ModeOrder.CMCL);
        }

        int modeCount() {
            int n = 1;
            for (int m : modes) {
                n *= m;
            }
            return n;
        }
    }

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("nufft4j-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /**
     * {@code count} transforms cycling through 1D/2D/3D, types 1 and 2 and both signs (12 plan
     * keys, the tolerance fixed per dimension), each with its own number of points (1..300,
     * spread over three periods) and random input.
     */
    private static List<Case> mixed(long seed, long firstId, int count) {
        var random = new Random(seed);
        var cases = new ArrayList<Case>();
        for (int i = 0; i < count; i++) {
            int shape = i % 3;
            int[] modes = SHAPES[shape];
            NufftType type = (i / 3) % 2 == 0 ? NufftType.TYPE_1 : NufftType.TYPE_2;
            int isign = (i / 6) % 2 == 0 ? -1 : 1;
            int m = 1 + random.nextInt(300);
            double[][] points = new double[modes.length][m];
            for (double[] coordinate : points) {
                for (int j = 0; j < m; j++) {
                    coordinate[j] = 3 * Math.PI * (2 * random.nextDouble() - 1);
                }
            }
            int n = 1;
            for (int mode : modes) {
                n *= mode;
            }
            double[] input = new double[2 * (type == NufftType.TYPE_1 ? m : n)];
            for (int k = 0; k < input.length; k++) {
                input[k] = 2 * random.nextDouble() - 1;
            }
            cases.add(new Case(firstId + i, type, modes, isign, TOLERANCES[shape], points, input));
        }
        return cases;
    }

    private static Dataset<Row> dataset(List<Case> cases, int partitions) {
        List<Row> rows = cases.stream().map(Case::row).toList();
        return spark.createDataFrame(rows, SparkNufft.INPUT_SCHEMA).repartition(partitions);
    }

    /** Runs the batch and collects its outputs by id (each id exactly once). */
    private static Map<Long, double[]> run(List<Case> cases, int partitions) {
        Map<Long, double[]> byId = new HashMap<>();
        for (Row row : SparkNufft.transform(dataset(cases, partitions)).collectAsList()) {
            List<Double> output = row.getList(1);
            double[] values = new double[output.size()];
            for (int k = 0; k < values.length; k++) {
                values[k] = output.get(k);
            }
            double[] previous = byId.put(row.getLong(0), values);
            assertEquals(null, previous, "id " + row.getLong(0) + " twice in the result");
        }
        assertEquals(cases.size(), byId.size(), "one result row per input row");
        return byId;
    }

    @Test
    void sixtyFourMixedTransformsAreBitwiseThoseOfPlainPlans() {
        long seed = SEED;
        List<Case> cases = mixed(seed, 1000, 64);
        Map<Long, double[]> results = run(cases, 4);
        for (Case c : cases) {
            double[] expected = c.local();
            double[] actual = results.get(c.id());
            assertEquals(expected.length, actual.length, "seed " + seed + ", id " + c.id() + ": output length");
            for (int k = 0; k < expected.length; k++) {
                if (Double.doubleToRawLongBits(expected[k]) != Double.doubleToRawLongBits(actual[k])) {
                    throw new AssertionError("seed " + seed + ", id " + c.id() + " (" + c.type() + " "
                            + java.util.Arrays.toString(c.modes()) + ", M = " + c.points()[0].length + "): output["
                            + k + "] = " + actual[k] + " on Spark, " + expected[k] + " locally");
                }
            }
        }
    }

    @Test
    void smallTransformsMeetTheirToleranceAgainstDirectSums() {
        long seed = SEED + 1;
        List<Case> cases = mixed(seed, 2000, 12); // every shape, type and sign once
        Map<Long, double[]> results = run(cases, 2);
        for (Case c : cases) {
            double[] exact = c.direct();
            double[] actual = results.get(c.id());
            // the library's measure (README, Conventions): l2 error relative to
            // max(|exact|, sqrt(n) |input|), n the number of outputs; promised within 2 tol
            double err = 0;
            double size = 0;
            for (int k = 0; k < exact.length; k++) {
                err += (actual[k] - exact[k]) * (actual[k] - exact[k]);
                size += exact[k] * exact[k];
            }
            double in = 0;
            for (double v : c.input()) {
                in += v * v;
            }
            double scale = Math.max(Math.sqrt(size), Math.sqrt(exact.length / 2.0) * Math.sqrt(in));
            double relative = Math.sqrt(err) / scale;
            assertTrue(relative <= 2 * c.tol(), "seed " + seed + ", id " + c.id() + " (" + c.type() + " "
                    + java.util.Arrays.toString(c.modes()) + ", tol " + c.tol() + "): error " + relative);
        }
    }

    @Test
    void plansAreMadeOncePerShapeAndConcurrentTaskNotPerRow() {
        long seed = SEED + 2;
        List<Case> cases = mixed(seed, 3000, 64);
        Set<PlanCache.Key> keys = new HashSet<>();
        cases.forEach(c -> keys.add(c.key()));
        // a failed job's other tasks may still be ending (killed at their next row); none may
        // borrow plans while this test counts them
        awaitNoRunningTasks();
        PlanCache cache = SparkNufft.planCache();
        cache.clear(); // the earlier tests left plans of these keys: start cold
        long before = cache.creations();
        long evictedBefore = cache.evictions();
        for (int job = 0; job < 3; job++) {
            run(cases, 4);
        }
        long created = cache.creations() - before;
        // 3 x 64 rows in 3 x 4 tasks; local[2] runs at most two tasks at once, so a key never
        // needs more than two plans, over all three jobs; every key needs one
        assertTrue(created >= keys.size() && created <= 2L * keys.size(), "seed " + seed + ": " + created
                + " plans for " + keys.size() + " keys and 3 x 64 rows, " + cache);
        assertEquals(created, cache.size(), "every plan made is kept, " + cache);
        assertEquals(evictedBefore, cache.evictions(), "capacity " + cache.capacity() + " is enough here");
    }

    @Test
    void aRowWithANaNPointFailsTheJobWithItsIdAndTheLibrarysMessage() {
        long seed = SEED + 3;
        List<Case> cases = new ArrayList<>(mixed(seed, 4000, 6));
        Case bad = cases.get(4); // 2D
        bad.points()[1][0] = Double.NaN;
        Exception e = assertThrows(Exception.class, () -> run(cases, 2));
        String message = messages(e);
        assertTrue(message.contains("row id 4004: y[0] = NaN: coordinates must be finite"), "seed " + seed + ": "
                + message);
    }

    @Test
    void aRowWithAnInputOfTheWrongLengthFailsTheJobWithItsId() {
        long seed = SEED + 4;
        List<Case> cases = new ArrayList<>(mixed(seed, 5000, 6));
        Case c = cases.get(2); // 3D type 1
        Case bad = new Case(c.id(), c.type(), c.modes(), c.isign(), c.tol(), c.points(),
                java.util.Arrays.copyOf(c.input(), c.input().length - 2));
        cases.set(2, bad);
        Exception e = assertThrows(Exception.class, () -> run(cases, 2));
        String message = messages(e);
        assertTrue(message.contains("row id 5002: input.length = " + bad.input().length + ", expected 2 * M * "
                + "batchSize = " + c.input().length), "seed " + seed + ": " + message);
    }

    @Test
    void theSchemaIsCheckedOnTheDriver() {
        Dataset<Row> rows = dataset(mixed(SEED, 0, 1), 1).drop("tol");
        var e = assertThrows(IllegalArgumentException.class, () -> SparkNufft.transform(rows));
        assertTrue(e.getMessage().startsWith("rows: no column tol"), e.getMessage());
        var f = assertThrows(IllegalArgumentException.class, () -> SparkNufft.transform(
                dataset(mixed(SEED, 0, 1), 1), NufftOptions.defaults().withBatchSize(2)));
        assertEquals("options.batchSize must be 1 (one transform per row), got 2", f.getMessage());
    }

    private static void awaitNoRunningTasks() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (java.util.Arrays.stream(spark.sparkContext().statusTracker().getExecutorInfos())
                .mapToInt(org.apache.spark.SparkExecutorInfo::numRunningTasks).sum() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("tasks of earlier jobs still running after 30 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** The messages of an exception and its causes (Spark wraps the task's exception). */
    private static String messages(Throwable e) {
        var all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
