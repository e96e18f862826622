package org.nufft4j.spark.examples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nufft4j.DirectSum;
import org.nufft4j.ModeOrder;
import org.nufft4j.NufftType;
import org.nufft4j.spark.SparkNufft;

/**
 * A batch job of mixed transforms on Spark, checked against exact direct sums: 1D, 2D and 3D
 * type 1 and 2 rows, type 3 rows, a type 2 row with gradients, then a batch of strength vectors
 * for one set of shared points. Prints each checked row's relative l2 error against
 * {@link DirectSum} and its tolerance, and exits with status 1 if one misses twice its tolerance.
 *
 * <p>In local mode (the default master is {@code local[*]}), from the repository's root:
 * <pre>{@code
 * ./mvnw -q -pl spark -am compile exec:exec
 * }</pre>
 * (arguments go in {@code -Dexample.args="rows=96 master=local[2]"}). On a cluster, with
 * {@code nufft4j-core}, {@code nufft4j-simd} and {@code nufft4j-spark} jars at hand
 * ({@code spark-submit} already adds {@code --add-modules=jdk.incubator.vector} to the driver
 * and the executors):
 * <pre>{@code
 * spark-submit --master spark://host:7077 --class org.nufft4j.spark.examples.BatchExample \
 *     --jars nufft4j-core-0.1.0-SNAPSHOT.jar,nufft4j-simd-0.1.0-SNAPSHOT.jar \
 *     nufft4j-spark-0.1.0-SNAPSHOT.jar rows=10000 master=
 * }</pre>
 * ({@code master=} empty: the master comes from {@code spark-submit}).
 */
public final class BatchExample {

    private BatchExample() {
    }

    /**
     * Runs the job.
     *
     * @param args {@code rows=N} (transforms of the mixed batch, default 48), {@code master=URL}
     *     (default {@code local[*]}; empty for spark-submit's), {@code seed=S}
     */
    public static void main(String[] args) {
        int rows = 48;
        String master = "local[*]";
        long seed = 20261202L;
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            switch (kv[0]) {
                case "rows" -> rows = Integer.parseInt(kv[1]);
                case "master" -> master = kv.length > 1 ? kv[1] : "";
                case "seed" -> seed = Long.parseLong(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + arg
                        + " (rows=N, master=URL, seed=S)");
            }
        }
        var builder = SparkSession.builder().appName("nufft4j batch example").config("spark.ui.enabled", "false");
        if (!master.isEmpty()) {
            builder.master(master);
        }
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN"); // Spark's default is INFO: the checks would drown
        boolean ok;
        try {
            ok = mixed(spark, rows, seed) & shared(spark, seed + 1);
        } finally {
            spark.stop();
        }
        System.out.println(ok ? "all checks passed" : "A CHECK FAILED");
        if (!ok) {
            System.exit(1);
        }
    }

    private static final int[][] SHAPES = {{200}, {48, 40}, {16, 12, 10}};

    private static double[] uniform(Random random, int n, double scale) {
        double[] a = new double[n];
        for (int k = 0; k < n; k++) {
            a[k] = scale * (2 * random.nextDouble() - 1);
        }
        return a;
    }

    /** A row of the mixed batch with what the check needs. */
    private record Job(Row row, NufftType type, int[] modes, int isign, double tol, double[][] points,
                       double[][] targets, double[] input) {

        double[] exact() {
            return switch (type) {
                case TYPE_1 -> DirectSum.type1(points, input, modes, isign, ModeOrder.CMCL);
                case TYPE_2 -> DirectSum.type2(points, input, modes, isign, ModeOrder.CMCL);
                case TYPE_3 -> DirectSum.type3(points, input, targets, isign);
            };
        }
    }

    private static boolean mixed(SparkSession spark, int count, long seed) {
        var random = new Random(seed);
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            NufftType type = NufftType.values()[i % 3];
            int dim = 1 + (i / 3) % 3;
            int[] modes = SHAPES[dim - 1];
            int isign = (i / 9) % 2 == 0 ? -1 : 1;
            double tol = i % 2 == 0 ? 1e-9 : 1e-6;
            int m = 100 + random.nextInt(900);
            double[][] points = new double[dim][];
            double[][] targets = type == NufftType.TYPE_3 ? new double[dim][] : null;
            int nt = 50 + random.nextInt(300);
            for (int d = 0; d < dim; d++) {
                points[d] = uniform(random, m, type == NufftType.TYPE_3 ? 3 : Math.PI);
                if (targets != null) {
                    targets[d] = uniform(random, nt, 20);
                }
            }
            int n = 1;
            for (int k : modes) {
                n *= k;
            }
            double[] input = uniform(random, 2 * (type == NufftType.TYPE_2 ? n : m), 1);
            // one row in nine asks for the gradients too (type 2 and type 3 have them)
            var form = i % 9 == 4 ? SparkNufft.Form.GRADIENT : SparkNufft.Form.PLAIN;
            Row row = SparkNufft.row(i, type, type == NufftType.TYPE_3 ? null : modes, isign, tol, points, targets,
                    form, input, null);
            jobs.add(new Job(row, type, modes, isign, tol, points, targets, input));
        }
        Dataset<Row> in = spark.createDataFrame(jobs.stream().map(Job::row).toList(), SparkNufft.FULL_INPUT_SCHEMA);
        long t0 = System.nanoTime();
        Map<Long, double[]> out = collect(SparkNufft.transform(in));
        System.out.printf("mixed batch: %d rows (types 1, 2, 3; 1D to 3D) in %.2f s%n", count,
                (System.nanoTime() - t0) * 1e-9);
        boolean ok = true;
        for (int i = 0; i < Math.min(count, 12); i++) { // a sample: direct sums cost M N each
            Job job = jobs.get(i);
            ok &= check("row " + i + " " + job.type() + " " + job.points().length + "D", job.exact(),
                    out.get((long) i), job.input(), job.tol());
        }
        return ok;
    }

    private static boolean shared(SparkSession spark, long seed) {
        var random = new Random(seed);
        int[] modes = {64, 64};
        int m = 5000;
        double[][] points = {uniform(random, m, Math.PI), uniform(random, m, Math.PI)};
        List<Row> rows = new ArrayList<>();
        List<double[]> strengths = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            strengths.add(uniform(random, 2 * m, 1));
            rows.add(SparkNufft.sharedRow(i, strengths.get(i)));
        }
        Dataset<Row> in = spark.createDataFrame(rows, SparkNufft.SHARED_INPUT_SCHEMA);
        long t0 = System.nanoTime();
        Map<Long, double[]> out = collect(SparkNufft.transformShared(spark, NufftType.TYPE_1, modes, 1, 1e-9, points,
                in, SparkNufft.defaultOptions().withBatchSize(4)));
        System.out.printf("shared points: 64 strength vectors for %d points, 4 per batched execute, in %.2f s%n", m,
                (System.nanoTime() - t0) * 1e-9);
        boolean ok = true;
        for (int i = 0; i < 3; i++) {
            ok &= check("shared row " + i, DirectSum.type1(points, strengths.get(i), modes, 1, ModeOrder.CMCL),
                    out.get((long) i), strengths.get(i), 1e-9);
        }
        return ok;
    }

    private static Map<Long, double[]> collect(Dataset<Row> result) {
        Map<Long, double[]> byId = new HashMap<>();
        for (Row row : result.collectAsList()) {
            List<Double> list = row.getList(1);
            double[] values = new double[list.size()];
            for (int k = 0; k < values.length; k++) {
                values[k] = list.get(k);
            }
            byId.put(row.getLong(0), values);
        }
        return byId;
    }

    /**
     * The library's measure (README, "Tolerance"): l2 error relative to max(|exact|, sqrt(n)
     * |input|), n the number of outputs; the library promises at most 2 tol.
     */
    private static boolean check(String what, double[] exact, double[] actual, double[] input, double tol) {
        double err = 0;
        double size = 0;
        for (int k = 0; k < exact.length; k++) {
            err += (actual[k] - exact[k]) * (actual[k] - exact[k]);
            size += exact[k] * exact[k];
        }
        double in = 0;
        for (double v : input) {
            in += v * v;
        }
        double relative = Math.sqrt(err) / Math.max(Math.sqrt(size), Math.sqrt(exact.length / 2.0 * in));
        boolean ok = relative <= 2 * tol;
        System.out.printf("  %-22s relative l2 error %.2e (tol %.0e) %s%n", what, relative, tol, ok ? "ok" : "FAILED");
        return ok;
    }
}
