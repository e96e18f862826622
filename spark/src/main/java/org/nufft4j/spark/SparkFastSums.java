package org.nufft4j.spark;

import java.util.ArrayList;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.PairFunction;
import org.nufft4j.FastKernelSum;
import org.nufft4j.NufftOptions;
import org.nufft4j.reduce.Reducer;
import scala.Tuple2;

/**
 * Fast Gaussian sums {@code a_i = sum_j b_j exp(-|x_i - y_j|^2 / (2 sigma^2))} over a Spark
 * cluster (docs/design.md, "Spark: reductions and fast sums over a cluster"): targets and
 * sources cut into blocks, one {@link FastKernelSum} per (target block, source block) pair on an
 * executor (one thread), the partial sums of each target block added in increasing source-block
 * order, as {@link SparkReductions} folds a SUM.
 *
 * <p>Accuracy: each pair's sum is within {@code tolerance * |b_c|_1} of the exact one (the fast
 * sum's measure, {@code b_c} the weights of source block c), so the combined sums are within
 * {@code tolerance * |b|_1} (the sum over the blocks) plus the rounding of {@code C - 1}
 * additions ({@code (C - 1) u |b|_1}, u = 2^-53, C source blocks): the bound of one fast sum on
 * one machine. Bitwise reproducible for a fixed block partitioning.
 *
 * <p>Cost: every pair pays a fast sum's grid (O(n^d log n) for its own bounding box) and its
 * O(N_b + M_c) spreading and interpolation, so C source blocks multiply the grid work on the
 * targets by C; cut the sources only as far as memory or parallelism needs.
 */
public final class SparkFastSums {

    /** Index of the coordinates in a block's arrays (targets and sources). */
    public static final int POINTS = 0;
    /** Index of the weights in a source block's arrays. */
    public static final int WEIGHTS = 1;

    private SparkFastSums() {
    }

    /**
     * The Gaussian sums of arrays on the driver, cut into blocks and collected back.
     *
     * @param sc the Spark context
     * @param dimension d = 1, 2 or 3
     * @param sigma the Gaussian's width, positive and finite
     * @param tolerance the fast sum's tolerance, in [{@link FastKernelSum#MIN_TOLERANCE},
     *     {@link FastKernelSum#MAX_TOLERANCE}]
     * @param targets the N targets, point-major ({@code targets[i d + e]}), finite
     * @param sources the M sources, laid out the same way, finite
     * @param weights the M real weights, finite
     * @param targetBlocks the number of target blocks, in {@code [1, N]}
     * @param sourceBlocks the number of source blocks, in {@code [1, M]}
     * @param partitions the Spark partitions of each side and of the output, {@code >= 1}
     * @return the N sums
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException naming the argument that is out of range, before any
     *     job runs
     */
    public static double[] gaussianSum(JavaSparkContext sc, int dimension, double sigma, double tolerance,
                                       double[] targets, double[] sources, double[] weights, int targetBlocks,
                                       int sourceBlocks, int partitions) {
        Objects.requireNonNull(sc, "sc");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(weights, "weights");
        FastKernelSum.gaussian(dimension, sigma, tolerance).close(); // checks the three, allocates nothing
        checkFinite("targets", targets, dimension);
        checkFinite("sources", sources, dimension);
        int n = targets.length / dimension;
        int m = sources.length / dimension;
        if (weights.length != m) {
            throw new IllegalArgumentException("weights.length = " + weights.length + ", expected M = " + m
                    + " (one per source)");
        }
        checkFinite("weights", weights, 1);
        SparkReductions.checkBlocks("targetBlocks", targetBlocks, n, "N");
        SparkReductions.checkBlocks("sourceBlocks", sourceBlocks, m, "M");
        SparkReductions.checkPositive("partitions", partitions);
        var ts = new ArrayList<ReductionBlock>();
        for (int b = 0; b < targetBlocks; b++) {
            int from = (int) ((long) b * n / targetBlocks);
            int to = (int) ((long) (b + 1) * n / targetBlocks);
            ts.add(new ReductionBlock(b, from, to - from,
                    new double[][] {java.util.Arrays.copyOfRange(targets, from * dimension, to * dimension)}));
        }
        var ss = new ArrayList<ReductionBlock>();
        for (int c = 0; c < sourceBlocks; c++) {
            int from = (int) ((long) c * m / sourceBlocks);
            int to = (int) ((long) (c + 1) * m / sourceBlocks);
            ss.add(new ReductionBlock(c, from, to - from, new double[][] {
                java.util.Arrays.copyOfRange(sources, from * dimension, to * dimension),
                java.util.Arrays.copyOfRange(weights, from, to)}));
        }
        var results = build(dimension, sigma, tolerance, sc.parallelize(ts, Math.min(targetBlocks, partitions)),
                sc.parallelize(ss, Math.min(sourceBlocks, partitions)), partitions, targetBlocks, sourceBlocks)
                .collect();
        double[] out = new double[n];
        for (var r : results) {
            System.arraycopy(r.values(), 0, out, r.offset(), r.rows());
        }
        return out;
    }

    /**
     * The distributed Gaussian sums, lazily (the blocks' shapes are checked on the driver now,
     * by one small job over each side).
     *
     * @param dimension d = 1, 2 or 3
     * @param sigma the Gaussian's width, positive and finite
     * @param tolerance the fast sum's tolerance, in [{@link FastKernelSum#MIN_TOLERANCE},
     *     {@link FastKernelSum#MAX_TOLERANCE}]
     * @param targetBlocks target blocks numbered 0 .. B - 1 in row order, each with its
     *     {@code rows * d} coordinates at {@link #POINTS}
     * @param sourceBlocks source blocks likewise, each with its coordinates at {@link #POINTS}
     *     and its {@code rows} weights at {@link #WEIGHTS}
     * @param partitions the partitions of the output (and of the shuffle), {@code >= 1}
     * @return one {@link ReductionBlockResult} (dim 1) per target block, in block order; a
     *     coordinate or weight that is not finite fails its task with the fast sum's message
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException naming the argument that is out of range or a block that
     *     does not fit
     */
    public static JavaRDD<ReductionBlockResult> gaussianSum(int dimension, double sigma, double tolerance,
                                                            JavaRDD<ReductionBlock> targetBlocks,
                                                            JavaRDD<ReductionBlock> sourceBlocks, int partitions) {
        Objects.requireNonNull(targetBlocks, "targetBlocks");
        Objects.requireNonNull(sourceBlocks, "sourceBlocks");
        FastKernelSum.gaussian(dimension, sigma, tolerance).close();
        SparkReductions.checkPositive("partitions", partitions);
        int nt = SparkReductions.checkShapes("targetBlocks", targetBlocks, new int[][] {{POINTS, dimension}});
        int ns = SparkReductions.checkShapes("sourceBlocks", sourceBlocks,
                new int[][] {{POINTS, dimension}, {WEIGHTS, 1}});
        return build(dimension, sigma, tolerance, targetBlocks, sourceBlocks, partitions, nt, ns);
    }

    private static JavaRDD<ReductionBlockResult> build(int dimension, double sigma, double tolerance,
                                                       JavaRDD<ReductionBlock> targetBlocks,
                                                       JavaRDD<ReductionBlock> sourceBlocks, int partitions, int nt,
                                                       int ns) {
        var partials = targetBlocks.cartesian(sourceBlocks).mapToPair(new SumPair(dimension, sigma, tolerance));
        return SparkReductions.fold(partials, null, Reducer.SUM, nt, ns, partitions);
    }

    private static void checkFinite(String name, double[] values, int dimension) {
        if (values.length % dimension != 0) {
            throw new IllegalArgumentException(name + ".length = " + values.length + " is not a multiple of d = "
                    + dimension);
        }
        for (int q = 0; q < values.length; q++) {
            if (!Double.isFinite(values[q])) {
                throw new IllegalArgumentException(name + "[" + q + "] = " + values[q] + ": expected finite values");
            }
        }
    }

    /** One (target block, source block) pair: a fast sum with one thread. */
    private record SumPair(int dimension, double sigma, double tolerance)
            implements PairFunction<Tuple2<ReductionBlock, ReductionBlock>, Long, BlockCombiner.Partial> {
        private static final long serialVersionUID = 1L;

        @Override
        public Tuple2<Long, BlockCombiner.Partial> call(Tuple2<ReductionBlock, ReductionBlock> pair) {
            ReductionBlock t = pair._1();
            ReductionBlock s = pair._2();
            double[] out = new double[t.rows()];
            try (var fast = FastKernelSum.gaussian(dimension, sigma, tolerance, NufftOptions.defaults().withThreads(1))) {
                fast.setPoints(t.arrays()[POINTS], s.arrays()[POINTS]);
                fast.sum(s.arrays()[WEIGHTS], out);
            }
            var p = new BlockCombiner.Partial(t.block(), t.offset(), s.block(), t.rows(), 1, out, null);
            return new Tuple2<>(SparkReductions.key(t.block(), s.block()), p);
        }
    }
}
