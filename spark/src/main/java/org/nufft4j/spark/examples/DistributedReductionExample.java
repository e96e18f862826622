package org.nufft4j.spark.examples;

import static org.nufft4j.reduce.Formulas.constant;
import static org.nufft4j.reduce.Formulas.exp;
import static org.nufft4j.reduce.Formulas.mul;
import static org.nufft4j.reduce.Formulas.sqdist;
import static org.nufft4j.reduce.Formulas.vi;
import static org.nufft4j.reduce.Formulas.vj;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.nufft4j.parallel.Workers;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.Reducer;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.reduce.ReductionEvaluators;
import org.nufft4j.reduce.ReductionResult;
import org.nufft4j.spark.SparkReductions;

/**
 * A distributed kernel reduction (docs/design.md, "Spark: reductions and fast sums over a
 * cluster"): a Gaussian sum {@code a_i = sum_j exp(-|x_i - y_j|^2 / (2 s^2)) b_j} and the
 * nearest neighbour {@code argmin_j |x_i - y_j|^2} of N random points in the unit cube among M,
 * in i-blocks x j-blocks on Spark, checked against the same reductions in this JVM (SUM within
 * 1e-13 relative, ARGMIN bitwise), with the pairs per second of both.
 *
 * <p>In local mode ({@code local[*]} unless {@code spark.master} is set), from the repository:
 * <pre>
 * ./mvnw -q -DskipTests -pl spark -am package exec:exec@reduction-example \
 *     -Dreduction.example.args="n=20000 m=20000 iblocks=4 jblocks=4 repeats=3"
 * </pre>
 * On a cluster (Spark 4.2+; nufft4j's core and simd jars shipped with {@code --jars}; the
 * launcher adds {@code jdk.incubator.vector} to every JVM):
 * <pre>
 * spark-submit --master spark://host:7077 --class org.nufft4j.spark.examples.DistributedReductionExample \
 *     --jars nufft4j-core-0.1.0-SNAPSHOT.jar,nufft4j-simd-0.1.0-SNAPSHOT.jar \
 *     nufft4j-spark-0.1.0-SNAPSHOT.jar n=1000000 m=1000000 iblocks=64 jblocks=16 check=false
 * </pre>
 * ({@code check=false} skips the one-JVM oracle, which takes N M / (1e9 pairs/s) on the driver.)
 */
public final class DistributedReductionExample {

    private DistributedReductionExample() {
    }

    /**
     * Runs the example.
     *
     * @param args {@code key=value}: {@code n}, {@code m} (points, default 20000 each),
     *     {@code iblocks}, {@code jblocks} (default 4 each), {@code partitions} (default the
     *     cluster's default parallelism), {@code repeats} (timed runs, default 3),
     *     {@code check} (compare with one JVM, default true), {@code seed}
     */
    public static void main(String[] args) {
        int n = 20_000;
        int m = 20_000;
        int iBlocks = 4;
        int jBlocks = 4;
        int partitions = 0;
        int repeats = 3;
        boolean check = true;
        long seed = 14L;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("argument '" + a + "': expected key=value");
            }
            switch (kv[0]) {
                case "n" -> n = Integer.parseInt(kv[1]);
                case "m" -> m = Integer.parseInt(kv[1]);
                case "iblocks" -> iBlocks = Integer.parseInt(kv[1]);
                case "jblocks" -> jBlocks = Integer.parseInt(kv[1]);
                case "partitions" -> partitions = Integer.parseInt(kv[1]);
                case "repeats" -> repeats = Integer.parseInt(kv[1]);
                case "check" -> check = Boolean.parseBoolean(kv[1]);
                case "seed" -> seed = Long.parseLong(kv[1]);
                default -> throw new IllegalArgumentException("argument '" + a
                        + "': expected n, m, iblocks, jblocks, partitions, repeats, check or seed");
            }
        }
        var conf = new SparkConf().setAppName("nufft4j distributed reduction");
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        var spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            spark.sparkContext().setLogLevel("WARN");
            var sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            int parts = partitions > 0 ? partitions : sc.defaultParallelism();
            var random = new Random(seed);
            var data = ReductionData.of(n, m, random.doubles(3L * n).toArray(), random.doubles(3L * m).toArray(),
                    random.doubles(m, 0.5, 1.5).toArray());
            double s = 0.1;
            var sum = KernelReduction.overJ(mul(exp(mul(constant(-0.5 / (s * s)), sqdist(vi(0, 3), vj(1, 3)))),
                    vj(2, 1)), Reducer.SUM);
            var nearest = KernelReduction.overJ(sqdist(vi(0, 3), vj(1, 3)), Reducer.ARGMIN);
            System.out.printf(Locale.ROOT, "master %s, %d cores, evaluator %s; N = %d, M = %d, %d x %d blocks,"
                    + " %d partitions, seed %d%n", sc.master(), sc.defaultParallelism(),
                    ReductionEvaluators.resolve().name(), n, m, iBlocks, jBlocks, parts, seed);
            double pairs = (double) n * m;
            int bi = iBlocks;
            int bj = jBlocks;
            ReductionResult[] spark2 = new ReductionResult[2];
            Runnable onSpark = () -> {
                spark2[0] = SparkReductions.evaluate(sc, sum, data, bi, bj, parts);
                spark2[1] = SparkReductions.evaluate(sc, nearest, data, bi, bj, parts);
            };
            int threads = Runtime.getRuntime().availableProcessors();
            ReductionResult[] one = new ReductionResult[2];
            double[] sparkSeconds = new double[Math.max(1, repeats)];
            double[] localSeconds = new double[sparkSeconds.length];
            try (var workers = new Workers(threads)) {
                var evaluator = ReductionEvaluators.resolve();
                Runnable local = () -> {
                    one[0] = evaluator.evaluate(sum, data, workers);
                    one[1] = evaluator.evaluate(nearest, data, workers);
                };
                // warm-up, then rounds that alternate the two, so that a load change on a shared
                // machine falls on both
                onSpark.run();
                if (check) {
                    local.run();
                }
                for (int r = 0; r < sparkSeconds.length; r++) {
                    sparkSeconds[r] = seconds(onSpark);
                    localSeconds[r] = check ? seconds(local) : Double.NaN;
                }
            }
            double sparkMedian = median(sparkSeconds);
            System.out.printf(Locale.ROOT, "spark: SUM + ARGMIN in %.3f s (median of %d, range %.3f-%.3f), %.3g pairs/s%n",
                    sparkMedian, sparkSeconds.length, sparkSeconds[0], sparkSeconds[sparkSeconds.length - 1],
                    2 * pairs / sparkMedian);
            if (!check) {
                return;
            }
            double localMedian = median(localSeconds);
            System.out.printf(Locale.ROOT, "one JVM, %d threads: SUM + ARGMIN in %.3f s (range %.3f-%.3f), %.3g pairs/s;"
                    + " spark / one JVM = %.2f%n", threads, localMedian, localSeconds[0],
                    localSeconds[localSeconds.length - 1], 2 * pairs / localMedian, localMedian / sparkMedian);
            double worst = 0;
            for (int i = 0; i < n; i++) {
                worst = Math.max(worst, Math.abs(spark2[0].values()[i] - one[0].values()[i]) / one[0].values()[i]);
            }
            boolean argminSame = Arrays.equals(spark2[1].indices(), one[1].indices())
                    && Arrays.equals(spark2[1].values(), one[1].values());
            System.out.printf(Locale.ROOT, "check: SUM max relative difference %.2e (bound 1e-13) %s;"
                    + " ARGMIN bitwise equal: %s%n", worst, worst <= 1e-13 ? "ok" : "FAILED", argminSame ? "ok" : "FAILED");
            if (worst > 1e-13 || !argminSame) {
                throw new IllegalStateException("the distributed result differs from one JVM's");
            }
        } finally {
            spark.stop();
        }
    }

    private static double seconds(Runnable body) {
        long start = System.nanoTime();
        body.run();
        return (System.nanoTime() - start) * 1e-9;
    }

    /** Sorts the times in place and returns their median. */
    private static double median(double[] t) {
        Arrays.sort(t);
        return t[t.length / 2];
    }
}
