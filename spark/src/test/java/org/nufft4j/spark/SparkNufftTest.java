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
        awaitNoRunningTasks(spark);
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

    private static double[] uniform(Random random, int n, double scale) {
        double[] a = new double[n];
        for (int k = 0; k < n; k++) {
            a[k] = scale * (2 * random.nextDouble() - 1);
        }
        return a;
    }

    /** Collects {@code id -> column} of a result (each id once). */
    private static Map<Long, double[]> byId(Dataset<Row> result, String column) {
        Map<Long, double[]> byId = new HashMap<>();
        for (Row row : result.collectAsList()) {
            List<Double> values = row.isNullAt(row.fieldIndex(column)) ? null : row.getList(row.fieldIndex(column));
            assertTrue(!byId.containsKey(row.getLong(0)), "id " + row.getLong(0) + " twice in the result");
            byId.put(row.getLong(0), doubles(values));
        }
        return byId;
    }

    @Test
    void sharedPointsAreSetOncePerPlanAndBatchedRowsAreBitwiseThoseOfPlainPlans() {
        long seed = SEED + 10;
        var random = new Random(seed);
        int[] modes = {24, 20};
        int m = 700;
        double[][] points = {uniform(random, m, 3 * Math.PI), uniform(random, m, 3 * Math.PI)};
        int batch = 4;
        NufftOptions options = SparkNufft.defaultOptions().withBatchSize(batch);
        PlanCache cache = SparkNufft.planCache();
        for (NufftType type : List.of(NufftType.TYPE_1, NufftType.TYPE_2)) {
            int inLength = type == NufftType.TYPE_1 ? 2 * m : 2 * 24 * 20;
            int outLength = type == NufftType.TYPE_1 ? 2 * 24 * 20 : 2 * m;
            int count = 30; // over 3 partitions: batches of 4 and short ones, padded
            List<double[]> inputs = new ArrayList<>();
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                inputs.add(uniform(random, inLength, 1));
                rows.add(SparkNufft.sharedRow(i, inputs.get(i)));
            }
            Dataset<Row> in = spark.createDataFrame(rows, SparkNufft.SHARED_INPUT_SCHEMA).repartition(3);
            awaitNoRunningTasks(spark);
            long created = cache.creations();
            long prepared = cache.preparations();
            var broadcast = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .broadcast(points);
            Map<Long, double[]> first = null;
            for (int job = 0; job < 2; job++) {
                Map<Long, double[]> out = byId(SparkNufft.transformShared(broadcast, type, modes, -1, 1e-9, in,
                        options, SparkNufft.BadRows.FAIL), "output");
                assertEquals(count, out.size());
                first = first == null ? out : first;
            }
            long plans = cache.creations() - created;
            // two jobs of 3 tasks, at most 2 at once: 1 or 2 plans, each given the points once
            assertTrue(plans >= 1 && plans <= 2, "seed " + seed + " " + type + ": " + plans + " plans, " + cache);
            assertEquals(plans, cache.preparations() - prepared, "one setPoints per plan, " + cache);
            // the oracles: a plain batch-size-1 plan per row, and a plain plan of the batch size
            // over the test's own grouping (rows 4 at a time, the last 2 padded with zeros)
            try (var single = NufftPlan.create(type, modes, -1, 1e-9, SparkNufft.defaultOptions());
                 var batched = NufftPlan.create(type, modes, -1, 1e-9, options)) {
                single.setPoints(points[0], points[1]);
                batched.setPoints(points[0], points[1]);
                for (int b0 = 0; b0 < count; b0 += batch) {
                    double[] packed = new double[batch * inLength];
                    for (int r = b0; r < Math.min(count, b0 + batch); r++) {
                        System.arraycopy(inputs.get(r), 0, packed, (r - b0) * inLength, inLength);
                    }
                    double[] packedOut = new double[batch * outLength];
                    batched.execute(packed, packedOut);
                    for (int r = b0; r < Math.min(count, b0 + batch); r++) {
                        double[] alone = new double[outLength];
                        single.execute(inputs.get(r), alone);
                        String what = "seed " + seed + ", " + type + " shared, id " + r;
                        assertBitwise(alone, first.get((long) r), what + " (batch-size-1 plan)");
                        assertBitwise(java.util.Arrays.copyOfRange(packedOut, (r - b0) * outLength,
                                (r - b0 + 1) * outLength), first.get((long) r), what + " (batched plan)");
                    }
                }
            }
            broadcast.destroy();
        }
    }

    @Test
    void sharedPointsAndTheInputsSchemaAreCheckedOnTheDriver() {
        double[][] points = {{0.1, 0.2, 0.3}, {0.4, Double.NaN, 0.6}};
        Dataset<Row> in = spark.createDataFrame(List.of(SparkNufft.sharedRow(0, new double[6])),
                SparkNufft.SHARED_INPUT_SCHEMA);
        var e = assertThrows(IllegalArgumentException.class, () -> SparkNufft.transformShared(spark,
                NufftType.TYPE_1, new int[] {8, 8}, -1, 1e-9, points, in, SparkNufft.defaultOptions()));
        assertEquals("y[1] = NaN: coordinates must be finite", e.getMessage());
        var f = assertThrows(IllegalArgumentException.class, () -> SparkNufft.transformShared(spark,
                NufftType.TYPE_1, new int[] {8, 8}, -1, 1e-9, new double[][] {{0.1}, {0.2}}, in.drop("input"),
                SparkNufft.defaultOptions()));
        assertTrue(f.getMessage().startsWith("inputs: no column input"), f.getMessage());
    }

    @Test
    void sharedRowsOfTheWrongLengthGoToTheErrorColumnWhenAsked() {
        double[][] points = {{0.1, 0.2, 0.3}};
        List<Row> rows = List.of(SparkNufft.sharedRow(0, new double[] {1, 0, 0, 1, 0.5, 0.5}),
                SparkNufft.sharedRow(1, new double[4]), SparkNufft.sharedRow(2, new double[] {0, 1, 1, 0, 2, 0}));
        Dataset<Row> in = spark.createDataFrame(rows, SparkNufft.SHARED_INPUT_SCHEMA).coalesce(1);
        var broadcast = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(points);
        NufftOptions options = SparkNufft.defaultOptions().withBatchSize(2);
        Map<Long, String> errors = new HashMap<>();
        Map<Long, double[]> outputs = new HashMap<>();
        for (Row row : SparkNufft.transformShared(broadcast, NufftType.TYPE_1, new int[] {10}, 1, 1e-9, in, options,
                SparkNufft.BadRows.ERROR_COLUMN).collectAsList()) {
            errors.put(row.getLong(0), row.getString(2));
            outputs.put(row.getLong(0), row.isNullAt(1) ? null : doubles(row.getList(1)));
        }
        assertEquals("row id 1: input.length = 4, expected 6 (2 M, M the shared points)", errors.get(1L));
        assertEquals(null, outputs.get(1L));
        try (var plan = NufftPlan.create(NufftType.TYPE_1, new int[] {10}, 1, 1e-9, SparkNufft.defaultOptions())) {
            plan.setPoints(points[0]);
            for (long id : new long[] {0, 2}) {
                assertEquals(null, errors.get(id));
                double[] expected = new double[20];
                plan.execute(rows.get((int) id).<double[]>getAs(1), expected);
                assertBitwise(expected, outputs.get(id), "shared row " + id);
            }
        }
        var e = assertThrows(Exception.class, () -> SparkNufft.transformShared(broadcast, NufftType.TYPE_1,
                new int[] {10}, 1, 1e-9, in, options, SparkNufft.BadRows.FAIL).collectAsList());
        assertTrue(messages(e).contains("row id 1: input.length = 4, expected 6"), messages(e));
        broadcast.destroy();
    }

    @Test
    void badRowsGoToTheErrorColumnWhenAskedAndTheOthersAreBitwiseCorrect() {
        long seed = SEED + 11;
        List<Case> cases = new ArrayList<>(mixed(seed, 6000, 9));
        cases.get(4).points()[1][0] = Double.NaN; // 2D
        Case c = cases.get(2);
        cases.set(2, new Case(c.id(), c.type(), c.modes(), c.isign(), c.tol(), c.points(),
                java.util.Arrays.copyOf(c.input(), c.input().length - 2)));
        Dataset<Row> result = SparkNufft.transform(dataset(cases, 2), SparkNufft.defaultOptions(),
                SparkNufft.BadRows.ERROR_COLUMN);
        assertEquals(SparkNufft.outputSchema(false, true).simpleString(), result.schema().simpleString());
        Map<Long, String> errors = new HashMap<>();
        Map<Long, double[]> outputs = new HashMap<>();
        for (Row row : result.collectAsList()) {
            errors.put(row.getLong(0), row.getString(2));
            outputs.put(row.getLong(0), row.isNullAt(1) ? null : doubles(row.getList(1)));
        }
        assertEquals(cases.size(), errors.size());
        assertEquals("row id 6004: y[0] = NaN: coordinates must be finite", errors.get(6004L), "seed " + seed);
        assertTrue(errors.get(6002L).startsWith("row id 6002: input.length = "), errors.get(6002L));
        for (Case k : cases) {
            if (k.id() == 6002 || k.id() == 6004) {
                assertEquals(null, outputs.get(k.id()));
            } else {
                assertEquals(null, errors.get(k.id()));
                assertBitwise(k.local(), outputs.get(k.id()), "seed " + seed + ", id " + k.id());
            }
        }
    }

    @Test
    void aNullElementInAnArrayDeclaredNullableNamesItsRowAndIndex() {
        // internal rows are read with toDoubleArray, which would read a null as 0: checked first
        var nullable = new org.apache.spark.sql.types.StructType(java.util.Arrays.stream(SparkNufft.INPUT_SCHEMA
                .fields()).map(f -> f.name().equals("input") ? org.apache.spark.sql.types.DataTypes.createStructField(
                        "input", org.apache.spark.sql.types.DataTypes.createArrayType(
                                org.apache.spark.sql.types.DataTypes.DoubleType, true), false) : f)
                .toArray(org.apache.spark.sql.types.StructField[]::new));
        Row row = org.apache.spark.sql.RowFactory.create(9000L, "TYPE_1", new int[] {8}, 1, 1e-9,
                new double[][] {{0.1, 0.2}}, java.util.Arrays.asList(1.0, 0.0, null, 1.0));
        Dataset<Row> in = spark.createDataFrame(List.of(row), nullable);
        Row out = SparkNufft.transform(in, SparkNufft.defaultOptions(), SparkNufft.BadRows.ERROR_COLUMN).first();
        assertEquals("row id 9000: input[2] is null", out.getString(2));
    }

    /** A type 3 or gradient-form row and what a plain plan gives for it (output, gradient). */
    private record FormCase(Row row, double[] output, double[] gradient) {
    }

    private static FormCase formCase(Random random, long id, NufftType type, int dim, SparkNufft.Form form) {
        int m = 1 + random.nextInt(150);
        int nt = 1 + random.nextInt(150);
        int[] modes = {9, 8, 6};
        modes = java.util.Arrays.copyOf(modes, dim);
        double tol = 1e-9;
        int isign = random.nextBoolean() ? 1 : -1;
        double[][] points = new double[dim][];
        double[][] targets = type == NufftType.TYPE_3 ? new double[dim][] : null;
        for (int d = 0; d < dim; d++) {
            points[d] = uniform(random, m, 2);
            if (targets != null) {
                targets[d] = uniform(random, nt, 12);
            }
        }
        int n = 1;
        for (int k : modes) {
            n *= k;
        }
        double[] input = uniform(random, 2 * (type == NufftType.TYPE_2 ? n : m), 1);
        double[] dipoles = form == SparkNufft.Form.DIPOLES ? uniform(random, 2 * m * dim, 1) : null;
        try (var plan = type == NufftType.TYPE_3 ? NufftPlan.createType3(dim, isign, tol, SparkNufft.defaultOptions())
                : NufftPlan.create(type, modes, isign, tol, SparkNufft.defaultOptions())) {
            if (targets != null) {
                plan.setPoints(points, targets);
            } else {
                BatchFunction.setPoints(plan, points, "points");
            }
            int outCount = switch (type) {
                case TYPE_1 -> n;
                case TYPE_2 -> m;
                case TYPE_3 -> nt;
            };
            double[] output = new double[2 * outCount];
            double[] gradient = null;
            switch (form) {
                case PLAIN -> plan.execute(input, output);
                case DIPOLES -> plan.executeDipoles(input, dipoles, output);
                case GRADIENT -> {
                    gradient = new double[2 * outCount * dim];
                    plan.executeGradient(input, output, gradient);
                }
            }
            return new FormCase(SparkNufft.row(id, type, type == NufftType.TYPE_3 ? null : modes, isign, tol, points,
                    targets, form, input, dipoles), output, gradient);
        }
    }

    @Test
    void type3RowsAndGradientFormsAreBitwiseThoseOfPlainPlans() {
        long seed = SEED + 12;
        var random = new Random(seed);
        List<FormCase> cases = new ArrayList<>();
        long id = 7000;
        for (int dim = 1; dim <= 3; dim++) {
            cases.add(formCase(random, id++, NufftType.TYPE_3, dim, SparkNufft.Form.PLAIN));
            cases.add(formCase(random, id++, NufftType.TYPE_3, dim, SparkNufft.Form.DIPOLES));
            cases.add(formCase(random, id++, NufftType.TYPE_3, dim, SparkNufft.Form.GRADIENT));
            cases.add(formCase(random, id++, NufftType.TYPE_1, dim, SparkNufft.Form.DIPOLES));
            cases.add(formCase(random, id++, NufftType.TYPE_2, dim, SparkNufft.Form.GRADIENT));
            cases.add(formCase(random, id++, NufftType.TYPE_1, dim, SparkNufft.Form.PLAIN));
        }
        Dataset<Row> in = spark.createDataFrame(cases.stream().map(FormCase::row).toList(),
                SparkNufft.FULL_INPUT_SCHEMA).repartition(3);
        Dataset<Row> result = SparkNufft.transform(in);
        assertEquals(SparkNufft.outputSchema(true, false).simpleString(), result.schema().simpleString());
        Map<Long, double[]> outputs = byId(result, "output");
        Map<Long, double[]> gradients = byId(result, "gradient");
        for (FormCase c : cases) {
            long k = c.row().getLong(0);
            String what = "seed " + seed + ", id " + k + " (" + c.row().getString(1) + " " + c.row().getString(8) + ")";
            assertBitwise(c.output(), outputs.get(k), what);
            if (c.gradient() != null) {
                assertBitwise(c.gradient(), gradients.get(k), what + " gradient");
            } else {
                assertEquals(null, gradients.get(k), what);
            }
        }
        // the type 3 values against the exact sum too (the plain plan is tested in core; this
        // checks the row's columns reach the plan as documented: sources, targets, isign)
        FormCase t3 = cases.get(6); // 2D TYPE_3 PLAIN
        double[][] sources = toArrays(t3.row().get(5));
        double[][] targets = toArrays(t3.row().get(7));
        double[] exact = org.nufft4j.DirectSum.type3(sources, t3.row().<double[]>getAs(6), targets,
                t3.row().getInt(3));
        double err = 0;
        double size = 0;
        for (int j = 0; j < exact.length; j++) {
            err += (exact[j] - outputs.get(t3.row().getLong(0))[j]) * (exact[j] - outputs.get(t3.row().getLong(0))[j]);
            size += exact[j] * exact[j];
        }
        assertTrue(Math.sqrt(err / size) < 1e-7, "seed " + seed + ": type 3 error " + Math.sqrt(err / size));
    }

    private static double[][] toArrays(Object o) {
        return (double[][]) o;
    }

    @Test
    void aFormThatDoesNotFitItsTypeNamesTheRow() {
        var random = new Random(SEED + 13);
        FormCase ok = formCase(random, 1, NufftType.TYPE_2, 1, SparkNufft.Form.PLAIN);
        Row r = ok.row();
        Row bad = org.apache.spark.sql.RowFactory.create(8000L, "TYPE_2", r.get(2), r.get(3), r.get(4), r.get(5),
                r.get(6), null, "DIPOLES", null);
        Dataset<Row> in = spark.createDataFrame(List.of(bad), SparkNufft.FULL_INPUT_SCHEMA);
        Row out = SparkNufft.transform(in, SparkNufft.defaultOptions(), SparkNufft.BadRows.ERROR_COLUMN).first();
        assertEquals("row id 8000: form DIPOLES needs type TYPE_1 or TYPE_3, got TYPE_2", out.getString(3));
    }

    /**
     * Shared points with the gradient forms and type 3: rows batched 3 at a time over 2
     * partitions, bitwise against a batch-size-1 plan per row (each transform of a batch is
     * computed as alone), one setPoints per plan.
     */
    @Test
    void sharedPointsOfType3AndTheGradientFormsAreBitwiseThoseOfPlainPlans() {
        long seed = SEED + 14;
        var random = new Random(seed);
        int batch = 3;
        NufftOptions options = SparkNufft.defaultOptions().withBatchSize(batch);
        PlanCache cache = SparkNufft.planCache();
        var context = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext());
        record Shared(NufftType type, int dim, SparkNufft.Form form) {
        }
        var shapes = List.of(new Shared(NufftType.TYPE_1, 2, SparkNufft.Form.DIPOLES),
                new Shared(NufftType.TYPE_2, 3, SparkNufft.Form.GRADIENT),
                new Shared(NufftType.TYPE_3, 1, SparkNufft.Form.PLAIN),
                new Shared(NufftType.TYPE_3, 2, SparkNufft.Form.DIPOLES),
                new Shared(NufftType.TYPE_3, 3, SparkNufft.Form.GRADIENT));
        for (Shared shape : shapes) {
            int dim = shape.dim();
            int m = 50 + random.nextInt(100);
            int nt = 50 + random.nextInt(100);
            int[] modes = java.util.Arrays.copyOf(new int[] {10, 9, 6}, dim);
            int n = 1;
            for (int k : modes) {
                n *= k;
            }
            boolean type3 = shape.type() == NufftType.TYPE_3;
            double[][] points = new double[dim][];
            double[][] targets = type3 ? new double[dim][] : null;
            for (int d = 0; d < dim; d++) {
                points[d] = uniform(random, m, type3 ? 2 : 3 * Math.PI);
                if (type3) {
                    targets[d] = uniform(random, nt, 12);
                }
            }
            int inLength = 2 * (shape.type() == NufftType.TYPE_2 ? n : m);
            int outCount = switch (shape.type()) {
                case TYPE_1 -> n;
                case TYPE_2 -> m;
                case TYPE_3 -> nt;
            };
            boolean dipoles = shape.form() == SparkNufft.Form.DIPOLES;
            int count = 10; // over 2 partitions: full batches and short padded ones
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                double[] input = uniform(random, inLength, 1);
                rows.add(dipoles ? SparkNufft.sharedRow(i, input, uniform(random, inLength * dim, 1))
                        : SparkNufft.sharedRow(i, input));
            }
            Dataset<Row> in = spark.createDataFrame(rows,
                    dipoles ? SparkNufft.SHARED_DIPOLE_INPUT_SCHEMA : SparkNufft.SHARED_INPUT_SCHEMA).repartition(2);
            awaitNoRunningTasks(spark);
            long created = cache.creations();
            long prepared = cache.preparations();
            var sources = context.broadcast(points);
            var shared = type3 ? context.broadcast(targets) : null;
            Dataset<Row> result = type3
                    ? SparkNufft.transformSharedType3(sources, shared, -1, 1e-9, shape.form(), in, options,
                            SparkNufft.BadRows.FAIL)
                    : SparkNufft.transformShared(sources, shape.type(), modes, -1, 1e-9, shape.form(), in, options,
                            SparkNufft.BadRows.FAIL);
            boolean gradient = shape.form() == SparkNufft.Form.GRADIENT;
            assertEquals(SparkNufft.outputSchema(gradient, false).simpleString(), result.schema().simpleString());
            Map<Long, double[]> outputs = byId(result, "output");
            Map<Long, double[]> gradients = gradient ? byId(result, "gradient") : Map.of();
            long plans = cache.creations() - created;
            String what = "seed " + seed + ", shared " + shape;
            assertTrue(plans >= 1 && plans <= 2, what + ": " + plans + " plans, " + cache);
            assertEquals(plans, cache.preparations() - prepared, what + ": one setPoints per plan, " + cache);
            try (var single = type3 ? NufftPlan.createType3(dim, -1, 1e-9, SparkNufft.defaultOptions())
                    : NufftPlan.create(shape.type(), modes, -1, 1e-9, SparkNufft.defaultOptions())) {
                if (type3) {
                    single.setPoints(points, targets);
                } else {
                    BatchFunction.setPoints(single, points, "points");
                }
                for (Row row : rows) {
                    long r = row.getLong(0);
                    double[] output = new double[2 * outCount];
                    double[] grad = gradient ? new double[2 * outCount * dim] : null;
                    switch (shape.form()) {
                        case PLAIN -> single.execute(row.<double[]>getAs(1), output);
                        case DIPOLES -> single.executeDipoles(row.<double[]>getAs(1), row.<double[]>getAs(2), output);
                        case GRADIENT -> single.executeGradient(row.<double[]>getAs(1), output, grad);
                    }
                    assertBitwise(output, outputs.get(r), what + ", id " + r);
                    if (gradient) {
                        assertBitwise(grad, gradients.get(r), what + ", id " + r + " gradient");
                    }
                }
            }
            sources.destroy();
            if (shared != null) {
                shared.destroy();
            }
        }
    }

    @Test
    void sharedGradientFormsAreCheckedOnTheDriverAndBadDipolesNameTheirRow() {
        double[][] points = {{0.1, 0.2, 0.3}};
        Dataset<Row> plain = spark.createDataFrame(List.of(SparkNufft.sharedRow(0, new double[6])),
                SparkNufft.SHARED_INPUT_SCHEMA);
        var e = assertThrows(IllegalArgumentException.class, () -> SparkNufft.transformShared(spark,
                NufftType.TYPE_1, new int[] {8}, -1, 1e-9, SparkNufft.Form.GRADIENT, points, plain,
                SparkNufft.defaultOptions()));
        assertEquals("form GRADIENT needs type TYPE_2 or TYPE_3, got TYPE_1", e.getMessage());
        var f = assertThrows(IllegalArgumentException.class, () -> SparkNufft.transformShared(spark,
                NufftType.TYPE_1, new int[] {8}, -1, 1e-9, SparkNufft.Form.DIPOLES, points, plain,
                SparkNufft.defaultOptions()));
        assertTrue(f.getMessage().startsWith("inputs: no column dipoles (the schema is "
                + SparkNufft.SHARED_DIPOLE_INPUT_SCHEMA.simpleString()), f.getMessage());
        var g = assertThrows(IllegalArgumentException.class, () -> SparkNufft.transformSharedType3(spark, 1, 1e-9,
                SparkNufft.Form.PLAIN, points, new double[][] {{1.0, Double.POSITIVE_INFINITY}}, plain,
                SparkNufft.defaultOptions()));
        assertTrue(g.getMessage().contains("Infinity"), g.getMessage());
        List<Row> rows = List.of(SparkNufft.sharedRow(0, new double[6], new double[6]),
                SparkNufft.sharedRow(1, new double[6], new double[5]));
        Dataset<Row> in = spark.createDataFrame(rows, SparkNufft.SHARED_DIPOLE_INPUT_SCHEMA).coalesce(1);
        var broadcast = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(points);
        Map<Long, String> errors = new HashMap<>();
        for (Row row : SparkNufft.transformShared(broadcast, NufftType.TYPE_1, new int[] {8}, 1, 1e-9,
                SparkNufft.Form.DIPOLES, in, SparkNufft.defaultOptions(), SparkNufft.BadRows.ERROR_COLUMN)
                .collectAsList()) {
            errors.put(row.getLong(0), row.getString(2));
        }
        assertEquals(null, errors.get(0L));
        assertEquals("row id 1: dipoles.length = 5, expected 6 (2 M dim, component d of point j at 2 (d M + j))",
                errors.get(1L));
        broadcast.destroy();
    }

    /** The doubles of an array column as Spark returns it. */
    static double[] doubles(List<Double> list) {
        if (list == null) {
            return null;
        }
        double[] values = new double[list.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = list.get(k);
        }
        return values;
    }

    /** Bitwise equality, naming the first index that differs. */
    static void assertBitwise(double[] expected, double[] actual, String what) {
        assertTrue(actual != null, what + ": no output");
        assertEquals(expected.length, actual.length, what + ": output length");
        for (int k = 0; k < expected.length; k++) {
            if (Double.doubleToRawLongBits(expected[k]) != Double.doubleToRawLongBits(actual[k])) {
                throw new AssertionError(what + ": [" + k + "] = " + actual[k] + " on Spark, " + expected[k]
                        + " locally");
            }
        }
    }

    static void awaitNoRunningTasks(SparkSession spark) {
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
