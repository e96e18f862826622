package org.nufft4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.PairFunction;
import org.nufft4j.parallel.Workers;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.Program;
import org.nufft4j.reduce.Reducer;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.reduce.ReductionEvaluators;
import org.nufft4j.reduce.ReductionResult;
import org.nufft4j.reduce.Variable;
import scala.Tuple2;

/**
 * Kernel reductions {@code a_i = Red_j F(x_i, y_j, p)} (and {@code Red_i}) over a Spark cluster
 * (docs/design.md, "Spark: reductions and fast sums over a cluster"): the i rows and the j rows
 * are cut into blocks, every (i-block, j-block) pair is one evaluation of the SIMD evaluator
 * ({@link ReductionEvaluators#resolve}) on an executor, and the partial results of each output
 * block are folded in increasing reduced-block order. Backprop's reductions
 * ({@link org.nufft4j.reduce.Backprop#gradient}) are reductions like any other and take the same path.
 *
 * <pre>{@code
 * var r = KernelReduction.overJ(Formulas.exp(Formulas.sqdist(vi(0, 3), vj(1, 3)).times(-0.5)).times(vj(2, 1)),
 *         Reducer.SUM);
 * ReductionResult a = SparkReductions.evaluate(jsc, r, ReductionData.of(n, m, x, y, b), 4, 4, 8);
 * }</pre>
 *
 * <p>Results: for a fixed block partitioning (the numbers of i-blocks and j-blocks, or the
 * blocks given), bitwise the same whatever the Spark partitions, the executors or the order in
 * which tasks finish. MIN, MAX, ARGMIN, ARGMAX and KMIN are selections, combined exactly: their
 * values and indices are bitwise those of one evaluation on one machine, ties to the first index.
 * SUM, and the s of LOGSUMEXP, round differently for another partitioning: within the bound
 * docs/design.md states.
 *
 * <p>Two entry points: {@link #evaluate} cuts arrays on the driver into blocks and collects the
 * result to the driver (for data that fit one machine's memory but not its patience);
 * {@link #reduce} reads RDDs of blocks and returns an RDD of output blocks, so that neither
 * side nor the output ever passes through the driver.
 */
public final class SparkReductions {

    private SparkReductions() {
    }

    /**
     * A reduction's data cut into blocks: what {@link #reduce} reads.
     *
     * @param iBlocks the blocks of the i side, in order
     * @param jBlocks the blocks of the j side, in order
     * @param parameters by variable index, the parameters' values (other entries null)
     */
    public record Blocks(List<ReductionBlock> iBlocks, List<ReductionBlock> jBlocks, double[][] parameters) {

        /**
         * Copies the lists into unmodifiable ones.
         *
         * @throws NullPointerException when an argument is null
         */
        public Blocks {
            iBlocks = List.copyOf(iBlocks);
            jBlocks = List.copyOf(jBlocks);
            Objects.requireNonNull(parameters, "parameters");
        }
    }

    /**
     * Cuts the data of a reduction into {@code iBlocks} blocks of i rows and {@code jBlocks}
     * blocks of j rows, as even as can be (block b holds rows {@code floor(b n / B)} up to
     * {@code floor((b + 1) n / B)}), copying the rows of the variables the reduction reads.
     *
     * @param reduction the reduction (its formula and weight name the variables)
     * @param data the data, checked against the reduction
     * @param iBlocks the number of i-blocks, in {@code [1, N]}
     * @param jBlocks the number of j-blocks, in {@code [1, M]}
     * @return the blocks and the parameters
     * @throws NullPointerException when {@code reduction} or {@code data} is null
     * @throws IllegalArgumentException when the data do not fit the reduction, or a block count
     *     is out of range
     */
    public static Blocks split(KernelReduction reduction, ReductionData data, int iBlocks, int jBlocks) {
        Objects.requireNonNull(reduction, "reduction");
        Objects.requireNonNull(data, "data");
        var program = program(reduction);
        data.check(program);
        checkBlocks("iBlocks", iBlocks, data.rowsI(), "N");
        checkBlocks("jBlocks", jBlocks, data.rowsJ(), "M");
        reduction.outputLength(data);
        double[][] parameters = new double[data.arrays().length][];
        for (Variable v : program.variables()) {
            if (v.kind() == Variable.Kind.PARAMETER) {
                parameters[v.index()] = data.arrays()[v.index()].clone();
            }
        }
        return new Blocks(cut(program, data, Variable.Kind.I, iBlocks), cut(program, data, Variable.Kind.J, jBlocks),
                parameters);
    }

    /**
     * Evaluates a reduction on a Spark cluster and collects the result to the driver: the data
     * are cut into blocks ({@link #split}), each side parallelized in
     * {@code min(blocks, partitions)} slices, and the output folded in {@code partitions}
     * partitions ({@link #reduce}).
     *
     * @param sc the Spark context
     * @param reduction the reduction
     * @param data its data, on the driver
     * @param iBlocks the number of i-blocks, in {@code [1, N]}
     * @param jBlocks the number of j-blocks, in {@code [1, M]}
     * @param partitions the number of Spark partitions of each side and of the output, {@code >= 1}
     * @return the result, as one evaluation on one machine would return it (bitwise for MIN,
     *     MAX, ARGMIN, ARGMAX and KMIN; within the stated bound for SUM and LOGSUMEXP)
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when the data do not fit the reduction, a count is out
     *     of range, or the output cannot be allocated; before any job runs
     */
    public static ReductionResult evaluate(JavaSparkContext sc, KernelReduction reduction, ReductionData data,
                                           int iBlocks, int jBlocks, int partitions) {
        Objects.requireNonNull(sc, "sc");
        checkPositive("partitions", partitions);
        Blocks blocks = split(reduction, data, iBlocks, jBlocks);
        var is = sc.parallelize(blocks.iBlocks(), Math.min(iBlocks, partitions));
        var js = sc.parallelize(blocks.jBlocks(), Math.min(jBlocks, partitions));
        // split made and checked the blocks: no shape jobs (about 30 ms each in local[2])
        return collect(reduction, build(reduction, is, js, blocks.parameters(), partitions, iBlocks, jBlocks));
    }

    /**
     * The distributed reduction, lazily: the blocks' shapes are checked on the driver now (one
     * small job over each side, returning block numbers and array lengths), the work runs when
     * the result is computed. Each (i-block, j-block) pair of the cartesian product is one
     * evaluation on an executor, one thread (Spark runs a task per core); its partial result is
     * shuffled to the partition of its output block, sorted there by reduced block, and folded
     * in that order.
     *
     * @param reduction the reduction
     * @param iBlocks the i side: blocks numbered 0 .. B_i - 1, each once, contiguous in row order,
     *     each holding the i-variables' rows
     * @param jBlocks the j side, likewise
     * @param parameters by variable index, the values of the reduction's parameters (entries no
     *     parameter reads may be null; the array may be shorter when no parameter needs it)
     * @param partitions the number of partitions of the output (and of the shuffle), {@code >= 1}
     * @return one {@link ReductionBlockResult} per output block (i-blocks for a reduction over j),
     *     output blocks in increasing order across and within partitions
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when a block's number, offset or arrays do not fit, a
     *     parameter is missing or has another length, or {@code partitions < 1}
     */
    public static JavaRDD<ReductionBlockResult> reduce(KernelReduction reduction, JavaRDD<ReductionBlock> iBlocks,
                                                       JavaRDD<ReductionBlock> jBlocks, double[][] parameters,
                                                       int partitions) {
        Objects.requireNonNull(reduction, "reduction");
        Objects.requireNonNull(iBlocks, "iBlocks");
        Objects.requireNonNull(jBlocks, "jBlocks");
        Objects.requireNonNull(parameters, "parameters");
        checkPositive("partitions", partitions);
        return build(reduction, iBlocks, jBlocks, parameters, partitions, -1, -1);
    }

    /** The job; block counts of -1 are learnt from the blocks' shapes, checked on the driver. */
    private static JavaRDD<ReductionBlockResult> build(KernelReduction reduction, JavaRDD<ReductionBlock> iBlocks,
                                                       JavaRDD<ReductionBlock> jBlocks, double[][] parameters,
                                                       int partitions, int knownI, int knownJ) {
        var program = program(reduction);
        int arrayCount = 0;
        for (Variable v : program.variables()) {
            arrayCount = Math.max(arrayCount, v.index() + 1);
        }
        double[][] params = new double[arrayCount][];
        for (Variable v : program.variables()) {
            if (v.kind() == Variable.Kind.PARAMETER) {
                if (v.index() >= parameters.length || parameters[v.index()] == null) {
                    throw new IllegalArgumentException("parameters[" + v.index() + "]: no values for " + v);
                }
                if (parameters[v.index()].length != v.dim()) {
                    throw new IllegalArgumentException("parameters[" + v.index() + "].length = "
                            + parameters[v.index()].length + ", expected dim = " + v.dim() + " for " + v);
                }
                params[v.index()] = parameters[v.index()].clone();
            }
        }
        int[][] iVars = sideVariables(program, Variable.Kind.I);
        int[][] jVars = sideVariables(program, Variable.Kind.J);
        int ni = knownI > 0 ? knownI : checkShapes("iBlocks", iBlocks, iVars);
        int nj = knownJ > 0 ? knownJ : checkShapes("jBlocks", jBlocks, jVars);
        int outBlocks = reduction.overJ() ? ni : nj;
        int redBlocks = reduction.overJ() ? nj : ni;
        var partials = iBlocks.cartesian(jBlocks).mapToPair(
                new EvaluatePair(BlockCombiner.blockReduction(reduction), iVars, jVars, params, arrayCount));
        return fold(partials, reduction, reduction.reducer(), outBlocks, redBlocks, partitions);
    }

    /**
     * Collects the output blocks of {@link #reduce} into one result on the driver.
     *
     * @param reduction the reduction the blocks come from (for the layout of a row)
     * @param results the output blocks
     * @return the result: the blocks' rows in order
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when the output exceeds one array
     *     ({@link KernelReduction#MAX_ARRAY_LENGTH})
     */
    public static ReductionResult collect(KernelReduction reduction, JavaRDD<ReductionBlockResult> results) {
        Objects.requireNonNull(reduction, "reduction");
        Objects.requireNonNull(results, "results");
        var blocks = new ArrayList<>(results.collect());
        blocks.sort(Comparator.comparingInt(ReductionBlockResult::block));
        long rows = 0;
        for (var b : blocks) {
            rows += b.rows();
        }
        int dim = reduction.outputDim();
        if (rows * dim > KernelReduction.MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException("the output has " + rows + " rows of " + dim
                    + " components, more than one array holds: read the blocks of reduce(...) instead");
        }
        boolean indexed = reduction.reducer() == Reducer.ARGMIN || reduction.reducer() == Reducer.ARGMAX
                || reduction.reducer() == Reducer.KMIN;
        double[] values = new double[(int) (rows * dim)];
        int[] indices = indexed ? new int[values.length] : null;
        for (var b : blocks) {
            System.arraycopy(b.values(), 0, values, b.offset() * dim, b.values().length);
            if (indexed) {
                System.arraycopy(b.indices(), 0, indices, b.offset() * dim, b.indices().length);
            }
        }
        return new ReductionResult((int) rows, dim, values, indices);
    }

    /**
     * Shuffles the partials to the partitions of their output blocks, sorts each partition by
     * (output block, reduced block) and folds each output block's partials in that order.
     */
    static JavaRDD<ReductionBlockResult> fold(JavaPairRDD<Long, BlockCombiner.Partial> partials,
                                              KernelReduction reduction, Reducer reducer, int outBlocks,
                                              int redBlocks, int partitions) {
        return partials.repartitionAndSortWithinPartitions(new OutBlockPartitioner(outBlocks, partitions))
                .mapPartitions(new FoldPartials(reduction, reducer, redBlocks));
    }

    /** The sort key of a partial: output block in the high half, reduced block in the low one. */
    static long key(int outBlock, int redBlock) {
        return ((long) outBlock << 32) | redBlock;
    }

    private static Program program(KernelReduction r) {
        return new Program(r.pairFormula());
    }

    /** The (index, dim) of each distinct array this side's variables read. */
    private static int[][] sideVariables(Program program, Variable.Kind kind) {
        var out = new ArrayList<int[]>();
        for (Variable v : program.variables()) {
            if (v.kind() == kind && out.stream().noneMatch(e -> e[0] == v.index())) {
                out.add(new int[] {v.index(), v.dim()});
            }
        }
        return out.toArray(new int[0][]);
    }

    private static List<ReductionBlock> cut(Program program, ReductionData data, Variable.Kind kind, int blocks) {
        int rows = kind == Variable.Kind.I ? data.rowsI() : data.rowsJ();
        int[][] vars = sideVariables(program, kind);
        var out = new ArrayList<ReductionBlock>(blocks);
        for (int b = 0; b < blocks; b++) {
            int from = (int) ((long) b * rows / blocks);
            int to = (int) ((long) (b + 1) * rows / blocks);
            double[][] arrays = new double[data.arrays().length][];
            for (int[] v : vars) {
                arrays[v[0]] = Arrays.copyOfRange(data.arrays()[v[0]], from * v[1], to * v[1]);
            }
            out.add(new ReductionBlock(b, from, to - from, arrays));
        }
        return out;
    }

    static void checkBlocks(String name, int blocks, int rows, String rowsName) {
        if (blocks < 1 || blocks > Math.max(1, rows)) {
            throw new IllegalArgumentException(name + " must be in [1, " + rowsName + " = " + rows
                    + "] (every block holds at least one row), got " + blocks);
        }
        if (rows == 0) {
            throw new IllegalArgumentException(name + ": " + rowsName + " = 0 rows, expected at least one"
                    + " (a block holds at least one row)");
        }
    }

    static void checkPositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    /** What the driver learns about a block without fetching its data. */
    private record Shape(int block, int offset, int rows, int[] lengths) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Fetches the blocks' shapes and fails unless they are numbered 0 .. B-1 in row order with
     * contiguous offsets and every variable's array has {@code rows * dim} values.
     *
     * @return the number of blocks
     */
    static int checkShapes(String name, JavaRDD<ReductionBlock> blocks, int[][] vars) {
        List<Shape> shapes = new ArrayList<>(blocks.map(b -> {
            int[] lengths = new int[vars.length];
            for (int q = 0; q < vars.length; q++) {
                int index = vars[q][0];
                lengths[q] = index < b.arrays().length && b.arrays()[index] != null ? b.arrays()[index].length : -1;
            }
            return new Shape(b.block(), b.offset(), b.rows(), lengths);
        }).collect());
        if (shapes.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty: expected at least one block");
        }
        shapes.sort(Comparator.comparingInt(Shape::block));
        long next = 0;
        for (int q = 0; q < shapes.size(); q++) {
            Shape s = shapes.get(q);
            if (s.block() != q) {
                throw new IllegalArgumentException(name + ": block numbers must be 0 .. " + (shapes.size() - 1)
                        + ", each once; got block " + s.block() + " where " + q + " was expected");
            }
            if (s.offset() != next) {
                throw new IllegalArgumentException(name + ": block " + q + " has offset " + s.offset()
                        + ", expected " + next + " (the rows of the blocks before it)");
            }
            for (int v = 0; v < vars.length; v++) {
                long expected = (long) s.rows() * vars[v][1];
                if (s.lengths()[v] != expected) {
                    throw new IllegalArgumentException(name + ": block " + q + ", arrays[" + vars[v][0] + "] "
                            + (s.lengths()[v] < 0 ? "is missing" : "has length " + s.lengths()[v]) + ", expected rows * dim = "
                            + s.rows() + " * " + vars[v][1] + " = " + expected);
                }
            }
            next += s.rows();
        }
        return shapes.size();
    }

    /** One block pair: its data assembled by variable index, one evaluation, indices made global. */
    static BlockCombiner.Partial evaluatePair(KernelReduction blockReduction, int[][] iVars, int[][] jVars,
                                              double[][] params, int arrayCount, ReductionBlock ib, ReductionBlock jb) {
        double[][] arrays = new double[arrayCount][];
        for (int q = 0; q < arrayCount; q++) {
            arrays[q] = params[q];
        }
        for (int[] v : iVars) {
            arrays[v[0]] = ib.arrays()[v[0]];
        }
        for (int[] v : jVars) {
            arrays[v[0]] = jb.arrays()[v[0]];
        }
        var data = new ReductionData(ib.rows(), jb.rows(), arrays);
        ReductionResult res;
        try (var workers = new Workers(1)) {
            res = ReductionEvaluators.resolve().evaluate(blockReduction, data, workers);
        }
        boolean overJ = blockReduction.overJ();
        ReductionBlock out = overJ ? ib : jb;
        ReductionBlock red = overJ ? jb : ib;
        int[] idx = res.indices();
        if (idx != null && red.offset() != 0) {
            for (int q = 0; q < idx.length; q++) {
                if (idx[q] >= 0) {
                    idx[q] += red.offset();
                }
            }
        }
        return new BlockCombiner.Partial(out.block(), out.offset(), red.block(), res.rows(), res.dim(), res.values(),
                idx);
    }

    /** The executors' side of one block pair. */
    private record EvaluatePair(KernelReduction blockReduction, int[][] iVars, int[][] jVars, double[][] params,
                                int arrayCount)
            implements PairFunction<Tuple2<ReductionBlock, ReductionBlock>, Long, BlockCombiner.Partial> {
        private static final long serialVersionUID = 1L;

        @Override
        public Tuple2<Long, BlockCombiner.Partial> call(Tuple2<ReductionBlock, ReductionBlock> pair) {
            var p = evaluatePair(blockReduction, iVars, jVars, params, arrayCount, pair._1(), pair._2());
            return new Tuple2<>(key(p.outBlock(), p.redBlock()), p);
        }
    }

    /** Output blocks to partitions in contiguous ranges, so the output is in block order. */
    static final class OutBlockPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int outBlocks;
        private final int partitions;

        OutBlockPartitioner(int outBlocks, int partitions) {
            this.outBlocks = outBlocks;
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            long outBlock = ((Long) key) >>> 32;
            return (int) (outBlock * partitions / outBlocks);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof OutBlockPartitioner p && p.outBlocks == outBlocks && p.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return 31 * outBlocks + partitions;
        }
    }

    /**
     * Folds a sorted partition: consecutive partials of one output block, reduced blocks
     * 0 .. B-1 in order (checked), into one finished output block each, lazily.
     */
    private record FoldPartials(KernelReduction reduction, Reducer reducer, int redBlocks)
            implements FlatMapFunction<Iterator<Tuple2<Long, BlockCombiner.Partial>>, ReductionBlockResult> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<ReductionBlockResult> call(Iterator<Tuple2<Long, BlockCombiner.Partial>> in) {
            return new Iterator<>() {
                private BlockCombiner.Partial pending = in.hasNext() ? in.next()._2() : null;

                @Override
                public boolean hasNext() {
                    return pending != null;
                }

                @Override
                public ReductionBlockResult next() {
                    if (pending == null) {
                        throw new NoSuchElementException();
                    }
                    BlockCombiner.Partial acc = pending;
                    expect(acc, 0);
                    pending = null;
                    int seen = 1;
                    while (in.hasNext()) {
                        var p = in.next()._2();
                        if (p.outBlock() != acc.outBlock()) {
                            pending = p;
                            break;
                        }
                        expect(p, seen++);
                        acc = BlockCombiner.combine(reducer, acc, p);
                    }
                    if (seen != redBlocks) {
                        throw new IllegalStateException("output block " + acc.outBlock() + " got " + seen
                                + " partials, expected " + redBlocks);
                    }
                    return BlockCombiner.finish(reduction, acc);
                }

                private void expect(BlockCombiner.Partial p, int redBlock) {
                    if (p.redBlock() != redBlock) {
                        throw new IllegalStateException("output block " + p.outBlock() + ": partial of reduced block "
                                + p.redBlock() + " where " + redBlock + " was expected (duplicated or missing)");
                    }
                }
            };
        }
    }
}
