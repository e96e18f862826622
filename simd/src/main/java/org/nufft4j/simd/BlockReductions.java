package org.nufft4j.simd;

import java.util.List;
import java.util.Objects;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nufft4j.parallel.Workers;
import org.nufft4j.reduce.Binary;
import org.nufft4j.reduce.Concat;
import org.nufft4j.reduce.Formula;
import org.nufft4j.reduce.Constant;
import org.nufft4j.reduce.Hoisting;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.PowerOf;
import org.nufft4j.reduce.Program;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.reduce.ReductionResult;
import org.nufft4j.reduce.Reducer;
import org.nufft4j.reduce.ReducerRule;
import org.nufft4j.reduce.Select;
import org.nufft4j.reduce.Unary;
import org.nufft4j.reduce.Variable;

/**
 * Blocked SIMD evaluation of kernel reductions (docs/design.md, Kernel reductions): a tile interpreter over the
 * formula's straight-line {@link Program}. Reached only through {@link VectorReductions}, which
 * touches no Vector API type, so that a JVM without the incubator module never loads this class.
 *
 * <p>For each output row, the reduced index runs in blocks of up to {@value #MAX_BLOCK_VECTORS} vectors;
 * every node's value for a block lives in a small workspace ({@code slot * bl + lane}, in L1),
 * never a row of the N x M matrix. Nodes that do not depend on the reduced index (functions of
 * the row's own variables, parameters and constants) are computed once per row. The data of
 * the reduced side is transposed once per call to component-major order, so a block of one
 * component is one contiguous load. Rows are split over the {@link Workers}; each row is
 * computed the same way on any thread, and partial sums are added in a fixed lane order, so
 * the result does not depend on the thread count. With fewer than {@value #SPLIT_BELOW_ROWS}
 * rows, the reduced index is also cut into chunks of {@value #BLOCKS_PER_CHUNK} blocks whose
 * lane partials are combined in chunk order: the split depends on the sizes only.
 *
 * <p>The blocks compute the formula as {@link Hoisting} rewrites it for this reduction axis
 * (quotients by row invariants become products, invariant factors one coefficient per row,
 * shared factors factored out, sums of squared differences one {@code sqdist}); the scalar
 * interpreter, the oracle, computes the formula as written.
 *
 * <p>Every reducer runs in blocks (the index bookkeeping of ARGMIN, ARGMAX and KMIN is scalar,
 * per pair, after the formula's lanes); a weighted LOGSUMEXP evaluates concat(F, W) as the
 * scalar interpreter does and keeps one scaled partial sum per weight component. exp runs in lanes
 * through {@link VectorMath#exp} (within 2 ulps of java.lang.Math, the same bits compiled or
 * interpreted); log, sin, cos and pow go lane by lane through java.lang.Math.
 */
final class BlockReductions {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MAX_BLOCK_VECTORS = 32;
    private static final int ROWS_PER_TASK = 16;
    /** Rows below which the reduced index is split into chunks too (a size rule, not a thread rule). */
    private static final int SPLIT_BELOW_ROWS = 64;
    /** Blocks per chunk of the reduced index when it is split. */
    private static final int BLOCKS_PER_CHUNK = 64;

    private BlockReductions() {
    }

    private static final boolean GENERATE = !"false".equals(System.getProperty(VectorReductions.GENERATE_PROPERTY));

    /**
     * @throws IllegalArgumentException when the data do not fit the formula, or the output
     *     ({@link KernelReduction#outputLength}) or the blocks' workspace cannot be allocated;
     *     before any output exists
     */
    public static ReductionResult evaluate(KernelReduction reduction, ReductionData data, Workers workers) {
        return evaluate(reduction, data, workers, GENERATE);
    }

    /**
     * What the blocks of one reduction run, prepared once per (formula, axis) and cached: the
     * program of the formula as written (to check the data against), and the formula rewritten
     * by {@link Hoisting} with its program and steps. The rewrite takes 20-250 us; an ODE step
     * evaluates the same few small reductions again and again. Kept for the JVM's life, like the
     * hash-consing table of {@link Formulas}.
     */
    private record Prepared(Program original, Formula root, Program program, List<Program.Step> steps) {
    }

    private record PreparedKey(Formula root, boolean overJ) {
    }

    private static final java.util.Map<PreparedKey, Prepared> PREPARED = new java.util.concurrent.ConcurrentHashMap<>();

    private static Prepared prepare(KernelReduction r) {
        return PREPARED.computeIfAbsent(new PreparedKey(r.pairFormula(), r.overJ()), k -> {
            Variable.Kind inner = k.overJ() ? Variable.Kind.J : Variable.Kind.I;
            Formula rewritten = Hoisting.rewrite(k.root(), inner);
            var program = new Program(rewritten);
            return new Prepared(new Program(k.root()), rewritten, program, List.copyOf(program.steps(inner)));
        });
    }

    /** Whether {@link #evaluate} runs this reduction's formula through a generated class. */
    public static boolean generates(KernelReduction reduction) {
        Objects.requireNonNull(reduction, "reduction");
        KernelReduction r = reduction;
        var p = prepare(r);
        Variable.Kind inner = r.overJ() ? Variable.Kind.J : Variable.Kind.I;
        return GENERATE && BlockCompiler.compile(p.root(), p.program(), p.steps(), inner).isPresent();
    }

    /**
     * @param generated true to run the formula through a class generated for it
     *     ({@link BlockCompiler}; the block interpreter when the formula is too long for that),
     *     false to interpret the block node by node
     */
    public static ReductionResult evaluate(KernelReduction reduction, ReductionData data, Workers workers,
                                           boolean generated) {
        Objects.requireNonNull(reduction, "reduction");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(workers, "workers");
        KernelReduction r = reduction;
        var prepared = prepare(r);
        data.check(prepared.original());
        int length = r.outputLength(data); // fails before anything is allocated
        Formula root = prepared.root();
        var program = prepared.program();
        Variable.Kind inner = r.overJ() ? Variable.Kind.J : Variable.Kind.I;
        List<Program.Step> steps = prepared.steps();
        var layout = Layout.of(r, program, steps, data, L);
        int rows = layout.rows();
        int count = layout.count();
        int bl = layout.bl();
        int padded = layout.padded();
        BlockCompiler.BlockProgram compiled = generated
                ? BlockCompiler.compile(root, program, steps, inner).orElse(null) : null;
        // component-major copies of the reduced side's variables: t[index][k * padded + q]
        double[][] transposed = new double[data.arrays().length][];
        for (var step : steps) {
            if (step.node() instanceof Variable v && v.kind() == inner && transposed[v.index()] == null) {
                double[] src = data.arrays()[v.index()];
                double[] t = new double[v.dim() * padded];
                for (int q = 0; q < count; q++) {
                    for (int k = 0; k < v.dim(); k++) {
                        t[k * padded + q] = src[q * v.dim() + k];
                    }
                }
                transposed[v.index()] = t;
            }
        }
        int outDim = r.outputDim();
        double[] out = new double[length];
        boolean indexed = r.reducer().rule().indexed();
        int[] idx = indexed ? new int[length] : null;
        if (layout.chunks() > 1) {
            int chunks = layout.chunks();
            RowState[] states = new RowState[rows * chunks];
            workers.forEach(layout.tasks(), t -> {
                int row = layout.firstRow(t);
                double[] w = new double[program.workspace() * bl];
                int from = layout.from(t);
                int to = layout.to(t);
                var st = RowState.of(r, bl, to - from);
                prepareRow(steps, data, row, w, bl);
                accumulate(r, program, steps, compiled, transposed, st, from, to, padded, w, bl);
                states[t] = st;
            });
            for (int row = 0; row < rows; row++) {
                var total = states[row * chunks];
                for (int c = 1; c < chunks; c++) {
                    total.combine(states[row * chunks + c]);
                }
                total.finish(out, row * outDim, idx, row * outDim);
            }
        } else {
            workers.forEach(layout.tasks(), task -> {
                double[] w = new double[program.workspace() * bl];
                for (int row = layout.firstRow(task); row < layout.lastRow(task); row++) {
                    var st = RowState.of(r, bl, count);
                    prepareRow(steps, data, row, w, bl);
                    accumulate(r, program, steps, compiled, transposed, st, 0, count, padded, w, bl);
                    st.finish(out, row * outDim, idx, row * outDim);
                }
            });
        }
        return new ReductionResult(rows, outDim, out, idx);
    }

    private static final int FL = FloatVectorOps.L;

    /**
     * Evaluates the reduction in float (docs/design.md, Kernel reductions, Float reductions): the
     * data rounded to float, the row invariants computed once per row in double on them (core's
     * scalar semantics, as in double) and rounded to float, the varying nodes in float lanes by
     * the float class {@link BlockCompiler} generates, each full block's lane sums accumulated in
     * float registers (at most {@value #MAX_BLOCK_VECTORS} terms per lane) and added to double lane
     * partials, the last partial block's pairs added in double; the output rounded to float.
     * SUM only: the other reducers, a formula too long to generate, and generation turned off
     * compute in double on the rounded data and round the output (the oracle's way). Each row
     * is computed the same way on any thread: the result does not depend on the thread count.
     *
     * @throws IllegalArgumentException as {@link #evaluate(KernelReduction, ReductionData, Workers)}
     */
    public static ReductionResult evaluateFloat(KernelReduction reduction, ReductionData data, Workers workers) {
        Objects.requireNonNull(reduction, "reduction");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(workers, "workers");
        KernelReduction r = reduction;
        var prepared = prepare(r);
        data.check(prepared.original());
        Variable.Kind inner = r.overJ() ? Variable.Kind.J : Variable.Kind.I;
        BlockCompiler.FloatBlockProgram compiled = GENERATE && r.reducer().rule() instanceof ReducerRule.Sum
                ? BlockCompiler.compileFloat(prepared.root(), prepared.program(), prepared.steps(), inner).orElse(null)
                : null;
        if (compiled == null) {
            return evaluate(r, data.roundedToFloat(), workers, GENERATE).roundedToFloat();
        }
        int length = r.outputLength(data); // fails before anything is allocated
        var program = prepared.program();
        List<Program.Step> steps = prepared.steps();
        var layout = Layout.of(r, program, steps, data, FL);
        // what the row invariants read (the reduced side is rounded as it is transposed)
        ReductionData rounded = data.roundedToFloat();
        int rows = layout.rows();
        int count = layout.count();
        int bl = layout.bl();
        int padded = layout.padded();
        float[][] transposed = new float[data.arrays().length][];
        for (var step : steps) {
            if (step.node() instanceof Variable v && v.kind() == inner && transposed[v.index()] == null) {
                double[] src = data.arrays()[v.index()];
                float[] t = new float[v.dim() * padded];
                for (int q = 0; q < count; q++) {
                    for (int k = 0; k < v.dim(); k++) {
                        t[k * padded + q] = (float) src[q * v.dim() + k];
                    }
                }
                transposed[v.index()] = t;
            }
        }
        int outDim = r.outputDim();
        int comps = r.formula().dim();
        double[] out = new double[length];
        int root = program.rootOffset();
        boolean fused = steps.get(steps.size() - 1).varies();
        int chunks = layout.chunks();
        double[][] parts = chunks > 1 ? new double[layout.tasks()][] : null;
        workers.forEach(layout.tasks(), task -> {
            float[] w = new float[program.workspace() * bl];
            double[] invariant = new double[program.workspace()];
            float[] blockSum = new float[comps * FL];
            // the lane partials: one row's at a time (a chunked task has one row, whose partials it keeps)
            double[] part = new double[comps * FL];
            int from = layout.from(task);
            int to = layout.to(task);
            for (int row = layout.firstRow(task); row < layout.lastRow(task); row++) {
                // the row invariants in double (lane 0 of a one-lane block), rounded, replicated
                for (var step : steps) {
                    if (!step.varies()) {
                        computeInvariant(step, rounded, row, invariant, 1);
                        for (int k = 0; k < step.node().dim(); k++) {
                            int at = (step.out() + k) * bl;
                            java.util.Arrays.fill(w, at, at + bl, (float) invariant[step.out() + k]);
                        }
                    }
                }
                java.util.Arrays.fill(part, 0.0);
                for (int q0 = from; q0 < to; q0 = to - q0 > bl ? q0 + bl : to) {
                    int valid = Math.min(bl, to - q0);
                    if (fused && valid == bl) {
                        java.util.Arrays.fill(blockSum, 0.0f);
                        compiled.block(w, transposed, q0, padded, bl, blockSum);
                        for (int l = 0; l < part.length; l++) {
                            part[l] += blockSum[l];
                        }
                        continue;
                    }
                    compiled.block(w, transposed, q0, padded, bl, null);
                    for (int k = 0; k < comps; k++) {
                        for (int l = 0; l < valid; l++) {
                            part[k * FL + l % FL] += w[(root + k) * bl + l];
                        }
                    }
                }
                if (chunks > 1) {
                    parts[task] = part;
                } else {
                    finishFloatSum(part, comps, out, row * outDim);
                }
            }
        });
        if (chunks > 1) {
            for (int row = 0; row < rows; row++) {
                double[] total = parts[row * chunks];
                for (int c = 1; c < chunks; c++) {
                    double[] p = parts[row * chunks + c];
                    for (int l = 0; l < total.length; l++) {
                        total[l] += p[l];
                    }
                }
                finishFloatSum(total, comps, out, row * outDim);
            }
        }
        return new ReductionResult(rows, outDim, out, null);
    }

    /** out[o + k] = the lane partials of component k added in lane order, rounded to float. */
    private static void finishFloatSum(double[] part, int comps, double[] out, int o) {
        for (int k = 0; k < comps; k++) {
            double acc = part[k * FL];
            for (int l = 1; l < FL; l++) {
                acc += part[k * FL + l];
            }
            out[o + k] = (float) acc;
        }
    }

    /**
     * How one evaluation cuts its pairs, the same in double and float (only the lanes per
     * vector differ): blocks of {@code bl} pairs, up to {@value #MAX_BLOCK_VECTORS} vectors and
     * no longer than the reduced index (long blocks spread the per-block work, short ones waste
     * no lanes on small sets), the reduced side padded to whole blocks, and the tasks: rows in
     * groups of {@value #ROWS_PER_TASK}, or, with few rows and many pairs per row, one row and
     * one chunk of {@value #BLOCKS_PER_CHUNK} blocks each (task t: row t / chunks, chunk
     * t % chunks), the chunks combined in order afterwards. A size rule, not a thread rule.
     *
     * @param padded the padded count, beyond int only without reduced-side variables (no
     *     copies), where it only counts blocks
     * @param chunks chunks per row (1 when the reduced index is not split)
     */
    private record Layout(int rows, int count, int bl, int padded, int chunks) {

        /** The layout of reduction r for vectors of {@code lanes} lanes; fails as {@link #checkBlockArrays}. */
        static Layout of(KernelReduction r, Program program, List<Program.Step> steps, ReductionData data,
                         int lanes) {
            int rows = r.outputRows(data);
            int count = r.overJ() ? data.rowsJ() : data.rowsI();
            int bl = lanes * (int) Math.max(1, Math.min(MAX_BLOCK_VECTORS, ((long) count + lanes - 1) / lanes));
            long paddedCount = ((long) count + bl - 1) / bl * bl;
            checkBlockArrays(r, program, steps, r.overJ() ? Variable.Kind.J : Variable.Kind.I, count, paddedCount,
                    bl);
            long blocks = paddedCount / bl;
            int chunks = rows < SPLIT_BELOW_ROWS && blocks > BLOCKS_PER_CHUNK
                    ? (int) ((blocks + BLOCKS_PER_CHUNK - 1) / BLOCKS_PER_CHUNK) : 1;
            return new Layout(rows, count, bl, (int) Math.min(paddedCount, Integer.MAX_VALUE), chunks);
        }

        int tasks() {
            return chunks > 1 ? rows * chunks : (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        }

        int firstRow(int task) {
            return chunks > 1 ? task / chunks : task * ROWS_PER_TASK;
        }

        int lastRow(int task) {
            return chunks > 1 ? firstRow(task) + 1 : Math.min(rows, (task + 1) * ROWS_PER_TASK);
        }

        /** First reduced index of the task (a multiple of bl, below count: fits). */
        int from(int task) {
            return chunks > 1 ? task % chunks * BLOCKS_PER_CHUNK * bl : 0;
        }

        /** End of the task's reduced indices. */
        int to(int task) {
            return chunks > 1 ? (int) Math.min(count, (long) (task % chunks + 1) * BLOCKS_PER_CHUNK * bl) : count;
        }
    }

    /**
     * Fails unless the arrays the blocks need fit in Java arrays: each worker's workspace (bl
     * lanes of every node) and the padded component-major copies of the reduced side.
     */
    private static void checkBlockArrays(KernelReduction r, Program program, List<Program.Step> steps,
                                         Variable.Kind inner, int count, long paddedCount, int bl) {
        long workspace = (long) program.workspace() * bl;
        if (workspace > KernelReduction.MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException("the formula's " + program.workspace() + " workspace doubles per "
                    + "pair, in blocks of " + bl + " pairs, exceed the largest array ("
                    + KernelReduction.MAX_ARRAY_LENGTH + "): " + r.formula());
        }
        for (var step : steps) {
            if (step.node() instanceof Variable v && v.kind() == inner
                    && v.dim() * paddedCount > KernelReduction.MAX_ARRAY_LENGTH) {
                throw new IllegalArgumentException(v + ": " + (inner == Variable.Kind.J ? "M" : "N") + " = " + count
                        + " rows padded to blocks of " + bl + " times dim " + v.dim() + " exceed the largest array ("
                        + KernelReduction.MAX_ARRAY_LENGTH + ")");
            }
        }
    }

    /** Once per row: every node that does not vary with the reduced index, replicated in bl lanes. */
    private static void prepareRow(List<Program.Step> steps, ReductionData data, int row, double[] w, int bl) {
        for (var step : steps) {
            if (!step.varies()) {
                computeInvariant(step, data, row, w, bl);
            }
        }
    }

    /** Adds the pairs of reduced indices [from, to) (from a multiple of bl) to a row's state. */
    private static void accumulate(KernelReduction r, Program program, List<Program.Step> steps,
                                   BlockCompiler.BlockProgram compiled, double[][] transposed, RowState st, int from,
                                   int to, int padded, double[] w, int bl) {
        int root = program.rootOffset();
        // a generated SUM over a full block adds the root to the lane partials itself
        boolean fusedSum = compiled != null && st instanceof SumState && steps.get(steps.size() - 1).varies();
        // the step never passes to: q0 + bl could overflow for a reduced count near Integer.MAX_VALUE
        for (int q0 = from; q0 < to; q0 = to - q0 > bl ? q0 + bl : to) {
            int valid = Math.min(bl, to - q0);
            if (fusedSum && valid == bl) {
                compiled.block(w, transposed, q0, padded, bl, st.part);
                continue;
            }
            if (compiled != null) {
                compiled.block(w, transposed, q0, padded, bl, null);
            } else {
                for (var step : steps) {
                    if (step.varies()) {
                        computeBlock(step, transposed, q0, padded, w, bl);
                    }
                }
            }
            // one call per block (not per pair): the reducer's own loop over the block's lanes
            st.block(w, root, bl, valid, q0);
        }
    }

    /**
     * The running state of one output row (or of one chunk of it), one subclass per reducer
     * (the block form of {@link ReducerRule}): lane partials, and what the reducer keeps beside
     * them. {@link #of} picks the class once per row; the blocks then call it once each.
     */
    private abstract static sealed class RowState permits SumState, ExtremumState, ArgState, LogSumExpState,
            KMinState {
        final int comps;
        final double[] part;

        RowState(int comps, int partLength, double identity) {
            this.comps = comps;
            part = new double[partLength];
            java.util.Arrays.fill(part, identity);
        }

        /**
         * The state of a row for reduction r.
         *
         * @param lanes lanes per block
         * @param pairs how many pairs this state will see (KMIN keeps at most that many)
         */
        static RowState of(KernelReduction r, int lanes, int pairs) {
            int fd = r.formula().dim();
            return switch (r.reducer().rule()) {
                case ReducerRule.Sum s -> new SumState(fd);
                case ReducerRule.Extremum e -> new ExtremumState(e, fd, lanes);
                case ReducerRule.ArgExtremum a -> new ArgState(a, lanes);
                case ReducerRule.LogSumExp l -> new LogSumExpState(r.weight() == null ? 1 : r.weight().dim(),
                        r.weight() != null, lanes);
                case ReducerRule.KMin k -> new KMinState(r.k(), pairs);
            };
        }

        /** Adds the block's first {@code valid} pairs (reduced indices from q0), the root at {@code root * bl}. */
        abstract void block(double[] w, int root, int bl, int valid, int q0);

        /** Adds the state of the next chunk, lane by lane. */
        abstract void combine(RowState o);

        /** Combines the lanes in a fixed order into the output row. */
        abstract void finish(double[] out, int o, int[] idx, int io);

        /** The lanes of each component combined in order (SUM, MIN, MAX; LOGSUMEXP's scaled sums). */
        final double lanes(ReducerRule rule, int k) {
            int lanes = part.length / comps;
            double acc = part[k * lanes];
            for (int l = 1; l < lanes; l++) {
                acc = rule.combine(acc, part[k * lanes + l]);
            }
            return acc;
        }
    }

    /** SUM: L lane sums per component, in registers in generated code. */
    private static final class SumState extends RowState {
        private static final ReducerRule RULE = Reducer.SUM.rule();

        SumState(int fd) {
            super(fd, fd * L, 0.0);
        }

        @Override
        void block(double[] w, int root, int bl, int valid, int q0) {
            // L lane sums per component, the block's vectors added in order (as generated code)
            for (int k = 0; k < comps; k++) {
                var acc = DoubleVector.fromArray(S, part, k * L);
                for (int v = 0; v < bl; v += L) {
                    acc = acc.add(DoubleVector.fromArray(S, w, (root + k) * bl + v), S.indexInRange(v, valid));
                }
                acc.intoArray(part, k * L);
            }
        }

        @Override
        void combine(RowState o) {
            RULE.combineRows(part, null, o.part, null, part, null, 1, part.length);
        }

        @Override
        void finish(double[] out, int o, int[] idx, int io) {
            for (int k = 0; k < comps; k++) {
                out[o + k] = lanes(RULE, k);
            }
        }
    }

    /** MIN or MAX: compare-and-blend per lane (NaN never compares smaller or larger, as the oracle). */
    private static final class ExtremumState extends RowState {
        private final ReducerRule.Extremum rule;
        private final boolean min;

        ExtremumState(ReducerRule.Extremum rule, int fd, int lanes) {
            super(fd, fd * lanes, rule.identity());
            this.rule = rule;
            this.min = rule.min();
        }

        @Override
        void block(double[] w, int root, int bl, int valid, int q0) {
            for (int k = 0; k < comps; k++) {
                int src = (root + k) * bl;
                for (int v = 0; v < bl; v += L) {
                    VectorMask<Double> mask = S.indexInRange(v, valid);
                    var x = DoubleVector.fromArray(S, w, src + v);
                    var acc = DoubleVector.fromArray(S, part, k * bl + v);
                    // the comparison a constant at each site, as the Vector API intrinsics need
                    var better = min ? x.compare(VectorOperators.LT, acc) : x.compare(VectorOperators.GT, acc);
                    acc.blend(x, better.and(mask)).intoArray(part, k * bl + v);
                }
            }
        }

        @Override
        void combine(RowState o) {
            rule.combineRows(part, null, o.part, null, part, null, 1, part.length);
        }

        @Override
        void finish(double[] out, int o, int[] idx, int io) {
            for (int k = 0; k < comps; k++) {
                out[o + k] = lanes(rule, k);
            }
        }
    }

    /** ARGMIN or ARGMAX: per lane the best value and its index. */
    private static final class ArgState extends RowState {
        private final ReducerRule.ArgExtremum rule;
        final int[] at; // index of each lane's best value, -1 if none

        ArgState(ReducerRule.ArgExtremum rule, int lanes) {
            super(1, lanes, rule.identity());
            this.rule = rule;
            at = new int[lanes];
            java.util.Arrays.fill(at, -1);
        }

        @Override
        void block(double[] w, int root, int bl, int valid, int q0) {
            // per lane, the first strictly better value wins (indices rise within a lane)
            for (int l = 0; l < valid; l++) {
                double f = w[root * bl + l];
                if (rule.better(f, part[l])) {
                    part[l] = f;
                    at[l] = q0 + l;
                }
            }
        }

        @Override
        void combine(RowState other) {
            var o = (ArgState) other;
            // a later chunk holds larger indices: it wins only when strictly better (one row per lane)
            rule.combineRows(part, at, o.part, o.at, part, at, part.length, 1);
        }

        @Override
        void finish(double[] out, int o, int[] idx, int io) {
            // best value over the lanes; among equal values the smallest index, as the oracle
            int best = -1;
            for (int l = 0; l < part.length; l++) {
                if (at[l] < 0) {
                    continue;
                }
                boolean better = best < 0 || rule.better(part[l], part[best])
                        || (part[l] == part[best] && at[l] < at[best]);
                if (better) {
                    best = l;
                }
            }
            out[o] = best < 0 ? part[0] : part[best];
            idx[io] = best < 0 ? -1 : at[best];
        }
    }

    /** LOGSUMEXP: the running maximum and one scaled lane sum per weight component. */
    private static final class LogSumExpState extends RowState {
        private static final ReducerRule RULE = Reducer.LOGSUMEXP.rule();
        private final boolean weighted;
        double max = Double.NEGATIVE_INFINITY;
        boolean nan;

        LogSumExpState(int comps, boolean weighted, int lanes) {
            super(comps, comps * lanes, RULE.identity());
            this.weighted = weighted;
        }

        @Override
        void block(double[] w, int root, int bl, int valid, int q0) {
            // block maximum first, then one exp per pair: m' = max(m, block max)
            double bm = Double.NEGATIVE_INFINITY;
            for (int l = 0; l < valid; l++) {
                double f = w[root * bl + l]; // invariant values are replicated in every lane
                if (Double.isNaN(f)) {
                    nan = true;
                } else if (f > bm) {
                    bm = f;
                }
            }
            if (bm == Double.NEGATIVE_INFINITY) {
                return;
            }
            double m = Math.max(max, bm);
            double scale = max == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(max - m);
            var mv = DoubleVector.broadcast(S, m);
            for (int v = 0; v < bl; v += L) {
                var mask = S.indexInRange(v, valid);
                var f = DoubleVector.fromArray(S, w, root * bl + v);
                var e = VectorMath.exp(f.sub(mv));
                for (int k = 0; k < comps; k++) {
                    // weight component k of the pair: component 1 + k of concat(F, W)
                    var term = weighted ? e.mul(DoubleVector.fromArray(S, w, (root + 1 + k) * bl + v)) : e;
                    var acc = DoubleVector.fromArray(S, part, k * bl + v).mul(scale);
                    acc.add(term, mask).intoArray(part, k * bl + v);
                }
            }
            max = m;
        }

        @Override
        void combine(RowState other) {
            var o = (LogSumExpState) other;
            nan |= o.nan;
            double m = Math.max(max, o.max);
            if (m == Double.NEGATIVE_INFINITY) {
                return;
            }
            double a = max == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(max - m);
            double b = o.max == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(o.max - m);
            for (int l = 0; l < part.length; l++) {
                part[l] = part[l] * a + o.part[l] * b;
            }
            max = m;
        }

        @Override
        void finish(double[] out, int o, int[] idx, int io) {
            for (int k = 0; k < comps; k++) {
                double acc = lanes(RULE, k);
                if (weighted) { // (m, s): sum exp(F) W = exp(m) s, as the scalar interpreter
                    out[o] = nan ? Double.NaN : max;
                    out[o + 1 + k] = nan ? Double.NaN : acc;
                } else {
                    out[o + k] = nan ? Double.NaN : max + Math.log(acc);
                }
            }
        }
    }

    /** KMIN: the smallest values so far, ascending, with their indices. */
    private static final class KMinState extends RowState {
        private final int k; // values per output row
        // the smallest so far, ascending (+inf where none), at most as many as the pairs this
        // state sees (a k beyond them only pads the output: no array of k per chunk)
        double[] kValues;
        int[] kIndices;

        KMinState(int k, int pairs) {
            super(1, 0, Double.POSITIVE_INFINITY);
            this.k = k;
            int kept = Math.min(k, pairs);
            kValues = new double[kept];
            kIndices = new int[kept];
            java.util.Arrays.fill(kValues, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(kIndices, -1);
        }

        @Override
        void block(double[] w, int root, int bl, int valid, int q0) {
            // sorted insertion in index order: a value enters only when strictly smaller, so
            // among equal values the earlier index stays first, as in the oracle
            double[] kv = kValues;
            int[] ki = kIndices;
            int n = kv.length;
            if (n == 0) {
                return;
            }
            for (int l = 0; l < valid; l++) {
                double f = w[root * bl + l];
                if (!(f < kv[n - 1])) {
                    continue;
                }
                int pos = n - 1;
                while (pos > 0 && f < kv[pos - 1]) {
                    kv[pos] = kv[pos - 1];
                    ki[pos] = ki[pos - 1];
                    pos--;
                }
                kv[pos] = f;
                ki[pos] = q0 + l;
            }
        }

        @Override
        void combine(RowState other) {
            var o = (KMinState) other;
            // stable merge: on equal values this (earlier) chunk's entries come first
            int na = kValues.length;
            int nb = o.kValues.length;
            int kept = (int) Math.min(k, (long) na + nb);
            double[] v = new double[kept];
            int[] i = new int[kept];
            int a = 0;
            int b = 0;
            for (int q = 0; q < kept; q++) {
                if (b >= nb || (a < na && !(o.kValues[b] < kValues[a]))) {
                    v[q] = kValues[a];
                    i[q] = kIndices[a++];
                } else {
                    v[q] = o.kValues[b];
                    i[q] = o.kIndices[b++];
                }
            }
            kValues = v;
            kIndices = i;
        }

        @Override
        void finish(double[] out, int o, int[] idx, int io) {
            // k beyond the pairs: the missing entries are +inf with index -1
            System.arraycopy(kValues, 0, out, o, kValues.length);
            System.arraycopy(kIndices, 0, idx, io, kIndices.length);
            java.util.Arrays.fill(out, o + kValues.length, o + k, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(idx, io + kIndices.length, io + k, -1);
        }
    }

    /**
     * A node that does not vary over the block: its value, replicated into all lanes. Operands
     * are invariant too; the node is evaluated on lane 0 by core's own scalar semantics
     * ({@link Program#evaluateNode}, components bl apart), then copied across the block.
     */
    private static void computeInvariant(Program.Step step, ReductionData data, int row, double[] w, int bl) {
        var f = step.node();
        int d = f.dim();
        int out = step.out() * bl;
        switch (f) {
            case Variable v -> {
                double[] src = data.arrays()[v.index()];
                int at = v.kind() == Variable.Kind.PARAMETER ? 0 : row * d;
                for (int k = 0; k < d; k++) {
                    w[out + k * bl] = src[at + k];
                }
            }
            case Constant c -> {
                for (int k = 0; k < d; k++) {
                    w[out + k * bl] = c.values()[k];
                }
            }
            default -> {
                int[] in = step.in().clone();
                for (int c = 0; c < in.length; c++) {
                    in[c] *= bl;
                }
                Program.evaluateNode(f, w, in, out, bl);
            }
        }
        for (int k = 0; k < d; k++) {
            java.util.Arrays.fill(w, out + k * bl + 1, out + (k + 1) * bl, w[out + k * bl]);
        }
    }

    /**
     * A node that varies over the block: bl lanes per component. The operation is chosen once
     * per node and block; each operation is a small loop of its own over the lanes, so that
     * vectors never cross a method boundary (they would be boxed) and C2 compiles each loop
     * tightly.
     */
    private static void computeBlock(Program.Step step, double[][] transposed, int q0, int padded, double[] w,
                                     int bl) {
        var f = step.node();
        int out = step.out();
        int[] in = step.in();
        switch (f) {
            case Variable v -> {
                double[] t = transposed[v.index()];
                for (int k = 0; k < v.dim(); k++) {
                    System.arraycopy(t, k * padded + q0, w, (out + k) * bl, bl);
                }
            }
            case Unary u -> {
                switch (u.op()) {
                    case SUM -> componentSum(w, in[0] * bl, u.a().dim(), out * bl, false, bl);
                    case SQNORM -> componentSum(w, in[0] * bl, u.a().dim(), out * bl, true, bl);
                    default -> {
                        for (int k = 0; k < u.dim(); k++) {
                            unaryLoop(u.op(), w, (in[0] + k) * bl, (out + k) * bl, bl);
                        }
                    }
                }
            }
            case Binary b -> {
                switch (b.op()) {
                    case DOT -> pairSum(w, in[0] * bl, in[1] * bl, b.a().dim(), out * bl, false, bl);
                    case SQDIST -> pairSum(w, in[0] * bl, in[1] * bl, b.a().dim(), out * bl, true, bl);
                    default -> {
                        int sa = b.a().dim() == 1 ? 0 : 1;
                        int sb = b.b().dim() == 1 ? 0 : 1;
                        for (int k = 0; k < b.dim(); k++) {
                            binaryLoop(b.op(), w, (in[0] + sa * k) * bl, (in[1] + sb * k) * bl, (out + k) * bl, bl);
                        }
                    }
                }
            }
            case PowerOf p -> {
                for (int k = 0; k < p.dim(); k++) {
                    VectorOps.pow(w, (in[0] + k) * bl, (out + k) * bl, p.exponent(), bl);
                }
            }
            case Select s -> System.arraycopy(w, (in[0] + s.index()) * bl, w, out * bl, bl);
            case Concat c -> {
                System.arraycopy(w, in[0] * bl, w, out * bl, c.a().dim() * bl);
                System.arraycopy(w, in[1] * bl, w, (out + c.a().dim()) * bl, c.b().dim() * bl);
            }
            case Constant c -> throw new AssertionError("constants never vary");
        }
    }

    /** w[o..o+bl) = sum over components c of w[a + c bl ..] (squared when {@code squares}). */
    private static void componentSum(double[] w, int a, int dim, int o, boolean squares, int bl) {
        for (int v = 0; v < bl; v += L) {
            var acc = VectorOps.zero();
            for (int c = 0; c < dim; c++) {
                var x = VectorOps.load(w, a + c * bl + v);
                acc = squares ? VectorOps.squareStep(acc, x) : VectorOps.sumStep(acc, x);
            }
            VectorOps.store(w, o + v, acc);
        }
    }

    /** dot (or squared distance) of two dim-component blocks. */
    private static void pairSum(double[] w, int a, int b, int dim, int o, boolean distance, int bl) {
        for (int v = 0; v < bl; v += L) {
            var acc = VectorOps.zero();
            for (int c = 0; c < dim; c++) {
                var x = VectorOps.load(w, a + c * bl + v);
                var y = VectorOps.load(w, b + c * bl + v);
                acc = distance ? VectorOps.distanceStep(acc, x, y) : VectorOps.dotStep(acc, x, y);
            }
            VectorOps.store(w, o + v, acc);
        }
    }

    /** An elementwise operation over a block, through the per-vector semantics of VectorOps. */
    private static void unaryLoop(Unary.Op op, double[] w, int a, int o, int bl) {
        for (int v = 0; v < bl; v += L) {
            if (op == Unary.Op.LOG || op == Unary.Op.SIN || op == Unary.Op.COS) {
                VectorOps.byLane(op, w, a + v, o + v);
                continue;
            }
            var x = VectorOps.load(w, a + v);
            VectorOps.store(w, o + v, switch (op) {
                case NEG -> VectorOps.neg(x);
                case EXP -> VectorOps.exp(x);

                case SQRT -> VectorOps.sqrt(x);
                case RSQRT -> VectorOps.rsqrt(x);
                case ABS -> VectorOps.abs(x);

                case STEP -> VectorOps.step(x);
                case SIGN -> VectorOps.sign(x);
                case INV -> VectorOps.inv(x);
                case SQUARE -> VectorOps.square(x);
                case LOG, SIN, COS, SUM, SQNORM -> throw new AssertionError(op);
            });
        }
    }

    private static void binaryLoop(Binary.Op op, double[] w, int a, int b, int o, int bl) {
        for (int v = 0; v < bl; v += L) {
            var x = VectorOps.load(w, a + v);
            var y = VectorOps.load(w, b + v);
            VectorOps.store(w, o + v, switch (op) {
                case ADD -> VectorOps.add(x, y);
                case SUB -> VectorOps.sub(x, y);
                case MUL -> VectorOps.mul(x, y);
                case DIV -> VectorOps.div(x, y);
                case MIN -> VectorOps.min(x, y);
                case MAX -> VectorOps.max(x, y);
                case DOT, SQDIST -> throw new AssertionError(op);
            });
        }
    }
}
