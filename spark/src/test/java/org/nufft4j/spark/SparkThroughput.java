package org.nufft4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.nufft4j.NufftOptions;
import org.nufft4j.NufftPlan;
import org.nufft4j.NufftType;

/**
 * The measurement behind docs/performance.md, "Spark batches" (not a test: a main in the test
 * scope, run through exec:exec): R 2D type 1 transforms, each with its own M points, through
 * {@link SparkNufft#transform} in {@code local[T]} against the same rows through plain plans in
 * this JVM on T threads (one plan per thread, rows taken from a shared counter). Both read the
 * same data already in memory (Spark: a persisted Dataset; local: the arrays), both allocate
 * each output; runs alternate and the medians are compared.
 *
 * <p>Arguments, {@code key=value}: rows (256), modes (256, per dimension), points (100000), tol
 * (1e-6), threads (2), partitions (16), reps (5), path (rows: {@link SparkNufft#transform};
 * shared: {@link SparkNufft#transformShared}, one set of points, batch size {@code batch}).
 */
public final class SparkThroughput {

    private SparkThroughput() {
    }

    /** Row i's data, from its own seed, so that executors and the local run make the same. */
    static double[][] data(long i, int m) {
        var random = new Random(20261202L + i);
        double[][] a = new double[3][];
        for (int c = 0; c < 2; c++) {
            a[c] = new double[m];
            for (int j = 0; j < m; j++) {
                a[c][j] = Math.PI * (2 * random.nextDouble() - 1);
            }
        }
        a[2] = new double[2 * m];
        for (int j = 0; j < 2 * m; j++) {
            a[2][j] = 2 * random.nextDouble() - 1;
        }
        return a;
    }

    /** Makes the rows of a partition of spark.range on the executor. */
    private record Generate(int[] modes, double tol, int m) implements MapPartitionsFunction<Long, Row> {
        @Override
        public Iterator<Row> call(Iterator<Long> ids) {
            List<Row> rows = new ArrayList<>();
            while (ids.hasNext()) {
                long i = ids.next();
                double[][] a = data(i, m);
                rows.add(SparkNufft.row(i, NufftType.TYPE_1, modes, -1, tol, new double[][] {a[0], a[1]}, a[2]));
            }
            return rows.iterator();
        }
    }

    /** The same for transformShared: id and strengths only. */
    private record GenerateShared(int m) implements MapPartitionsFunction<Long, Row> {
        @Override
        public Iterator<Row> call(Iterator<Long> ids) {
            List<Row> rows = new ArrayList<>();
            while (ids.hasNext()) {
                long i = ids.next();
                rows.add(SparkNufft.sharedRow(i, data(i, m)[2]));
            }
            return rows.iterator();
        }
    }

    /**
     * Runs the comparison and prints one line per run and a summary.
     *
     * @param args key=value pairs (class comment)
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        var arg = new java.util.HashMap<String, String>();
        for (String a : args) {
            String[] kv = a.split("=", 2);
            arg.put(kv[0], kv[1]);
        }
        int rows = Integer.parseInt(arg.getOrDefault("rows", "256"));
        int n = Integer.parseInt(arg.getOrDefault("modes", "256"));
        int m = Integer.parseInt(arg.getOrDefault("points", "100000"));
        double tol = Double.parseDouble(arg.getOrDefault("tol", "1e-6"));
        int threads = Integer.parseInt(arg.getOrDefault("threads", "2"));
        int partitions = Integer.parseInt(arg.getOrDefault("partitions", "16"));
        int reps = Integer.parseInt(arg.getOrDefault("reps", "5"));
        String path = arg.getOrDefault("path", "rows");
        int batch = Integer.parseInt(arg.getOrDefault("batch", "1"));
        boolean shared = path.equals("shared");
        int[] modes = {n, n};
        NufftOptions options = SparkNufft.defaultOptions().withBatchSize(shared ? batch : 1);
        System.out.printf("nufft4j spark throughput: %s, %d rows, 2D type 1, modes %dx%d, M %d, tol %g, local[%d],"
                + " %d partitions, batch %d, JDK %s, %d cores%n", path, rows, n, n, m, tol, threads, partitions, batch,
                Runtime.version(), Runtime.getRuntime().availableProcessors());

        SparkSession spark = SparkSession.builder().master("local[" + threads + "]").appName("nufft4j-throughput")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            var ids = spark.range(0, rows, 1, partitions).as(Encoders.LONG());
            Dataset<Row> input = shared
                    ? ids.mapPartitions(new GenerateShared(m), Encoders.row(SparkNufft.SHARED_INPUT_SCHEMA))
                    : ids.mapPartitions(new Generate(modes, tol, m), Encoders.row(SparkNufft.INPUT_SCHEMA));
            input = input.persist(StorageLevel.MEMORY_ONLY());
            if (input.count() != rows) {
                throw new AssertionError("rows");
            }
            double[][][] local = new double[rows][][];
            for (int i = 0; i < rows; i++) {
                local[i] = data(i, m);
            }
            double[][] sharedPoints = {local[0][0], local[0][1]};
            var broadcast = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .broadcast(sharedPoints);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            NufftPlan[] plans = new NufftPlan[threads];
            for (int t = 0; t < threads; t++) {
                plans[t] = NufftPlan.create(NufftType.TYPE_1, modes, -1, tol, options);
                if (shared) {
                    plans[t].setPoints(sharedPoints[0], sharedPoints[1]);
                }
            }
            Dataset<Row> in = input;
            double[] sparkTimes = new double[reps];
            double[] localTimes = new double[reps];
            double[] taskTimes = new double[reps];
            for (int rep = -1; rep < reps; rep++) { // rep -1 warms both paths (JIT, plan cache)
                long t0 = System.nanoTime();
                Dataset<Row> out = shared
                        ? SparkNufft.transformShared(broadcast, NufftType.TYPE_1, modes, -1, tol, in, options,
                                SparkNufft.BadRows.FAIL)
                        : SparkNufft.transform(in, options);
                out.write().format("noop").mode("overwrite").save();
                long t1 = System.nanoTime();
                runLocal(pool, plans, local, shared, batch, modes);
                long t2 = System.nanoTime();
                // the cost of a task with nothing to do: partitions empty tasks on the same slots
                spark.range(0, partitions, 1, partitions).write().format("noop").mode("overwrite").save();
                long t3 = System.nanoTime();
                if (rep >= 0) {
                    sparkTimes[rep] = (t1 - t0) * 1e-9;
                    localTimes[rep] = (t2 - t1) * 1e-9;
                    taskTimes[rep] = (t3 - t2) * 1e-9 * threads / partitions;
                    System.out.printf("run %d: spark %.3f s, local %.3f s, ratio %.3f, empty task %.2f ms%n", rep,
                            sparkTimes[rep], localTimes[rep], localTimes[rep] / sparkTimes[rep], 1e3 * taskTimes[rep]);
                }
            }
            double s = median(sparkTimes);
            double l = median(localTimes);
            System.out.printf("median: spark %.3f s = %.1f rows/s, local %.3f s = %.1f rows/s, throughput ratio"
                    + " spark/local %.3f, overhead per row %.2f ms (per slot), empty task %.2f ms%n", s, rows / s, l,
                    rows / l, l / s, 1e3 * (s - l) * threads / rows, 1e3 * median(taskTimes));
            if (!shared) {
                pieces(spark, in, 2 * n * n, reps);
            }
            for (NufftPlan p : plans) {
                p.close();
            }
            pool.shutdown();
            System.out.println(SparkNufft.planCache());
        } finally {
            spark.stop();
        }
    }

    private static void runLocal(ExecutorService pool, NufftPlan[] plans, double[][][] local, boolean shared,
            int batch, int[] modes) throws Exception {
        var next = new AtomicInteger();
        int outLength = 2 * modes[0] * modes[1];
        List<Future<?>> done = new ArrayList<>();
        for (NufftPlan plan : plans) {
            done.add(pool.submit(() -> {
                if (!shared) {
                    for (int i; (i = next.getAndIncrement()) < local.length; ) {
                        plan.setPoints(local[i][0], local[i][1]);
                        plan.execute(local[i][2], new double[outLength]);
                    }
                    return null;
                }
                int inLength = local[0][2].length;
                for (int i; (i = next.getAndAdd(batch)) < local.length; ) {
                    double[] packed = new double[batch * inLength];
                    for (int r = i; r < Math.min(local.length, i + batch); r++) {
                        System.arraycopy(local[r][2], 0, packed, (r - i) * inLength, inLength);
                    }
                    double[] out = new double[batch * outLength];
                    plan.execute(packed, out);
                    for (int r = i; r < Math.min(local.length, i + batch); r++) {
                        Arrays.copyOfRange(out, (r - i) * outLength, (r - i + 1) * outLength);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
    }

    /**
     * The Spark path's parts without the transforms, through the batch's own route (internal
     * rows in, beans out): reading every row's arrays, and writing a result of the batch's size
     * for every row.
     */
    private static void pieces(SparkSession spark, Dataset<Row> in, int outLength, int reps) {
        double[] read = new double[reps];
        double[] write = new double[reps];
        for (int rep = -1; rep < reps; rep++) {
            long t0 = System.nanoTime();
            var rows = in.queryExecution().toRdd().toJavaRDD().mapPartitions(it -> {
                List<TransformResult> ids = new ArrayList<>();
                while (it.hasNext()) {
                    var r = it.next();
                    r.getArray(5).getArray(0).toDoubleArray();
                    r.getArray(5).getArray(1).toDoubleArray();
                    r.getArray(6).toDoubleArray();
                    ids.add(new TransformResult(r.getLong(0), new double[0], null, null));
                }
                return ids.iterator();
            });
            spark.createDataset(rows.rdd(), Encoders.bean(TransformResult.class)).select("id", "output").write()
                    .format("noop").mode("overwrite").save();
            long t1 = System.nanoTime();
            var outs = in.queryExecution().toRdd().toJavaRDD().mapPartitions(it -> {
                return new Iterator<TransformResult>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public TransformResult next() {
                        return new TransformResult(it.next().getLong(0), new double[outLength], null, null);
                    }
                };
            });
            spark.createDataset(outs.rdd(), Encoders.bean(TransformResult.class)).select("id", "output").write()
                    .format("noop").mode("overwrite").save();
            long t2 = System.nanoTime();
            if (rep >= 0) {
                read[rep] = (t1 - t0) * 1e-9;
                write[rep] = (t2 - t1) * 1e-9;
            }
        }
        System.out.printf("pieces (median): read the rows' arrays %.3f s, write the outputs %.3f s%n", median(read),
                median(write));
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
