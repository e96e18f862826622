package org.nufft4j.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nufft4j.NufftOptions;
import org.nufft4j.NufftPlan;
import org.nufft4j.NufftType;
import org.nufft4j.grid.TileLayout;
import org.nufft4j.parallel.Workers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * {@code setPoints} alone (issue 17): fold and bin-sort M uniform points in [-pi, pi)^dim for a
 * type 1 plan with issue 3's grids (1D N = 1e6, 2D 1000², 3D 100³ modes, tolerance 1e-6,
 * upsampling 2), the same points every call, as a workload whose points change pays it on
 * every transform. {@code impl=plan} is {@code NufftPlan.setPoints}; {@code impl=baseline} is
 * the sort as it was before issue 17 ({@link BaselineSort}), for before/after ratios in one
 * run. {@code setPointsThenExecute} adds a type 1 execute (fresh points every transform).
 * Score: ms per call; divide by M for the cost per point.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx14g"})
public class SetPointsBench {

    @Param({"1", "2", "3"})
    public int dim;

    @Param({"100000", "1000000", "10000000"})
    public int points;

    @Param({"1", "2"})
    public int threads;

    @Param({"plan", "baseline"})
    public String impl;

    private NufftPlan plan;
    private double[][] x;
    private TileLayout layout;
    private Workers workers;
    private double[] strengths;
    private double[] modesOut;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        int[] defaults = {1_000_000, 1000, 100};
        int[] n = new int[dim];
        java.util.Arrays.fill(n, defaults[dim - 1]);
        plan = NufftPlan.create(NufftType.TYPE_1, n, -1, 1e-6, NufftOptions.defaults().withThreads(threads));
        var rnd = new SplittableRandom(7);
        x = BenchPoints.uniform(rnd, dim, points);
        if (impl.equals("baseline")) {
            layout = new TileLayout(plan.fineGridSize(), plan.kernel().width());
            workers = new Workers(threads);
        }
        if (params.getBenchmark().endsWith("setPointsThenExecute")) {
            strengths = new double[2 * points];
            for (int i = 0; i < strengths.length; i++) {
                strengths[i] = rnd.nextDouble() - 0.5;
            }
            modesOut = new double[2 * (int) Math.pow(defaults[dim - 1], dim)];
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        plan.close();
        if (workers != null) {
            workers.close();
        }
    }

    @Benchmark
    public Object setPoints() {
        if (workers != null) {
            return BaselineSort.setPoints(x, layout, workers);
        }
        BenchPoints.set(plan, x);
        return plan;
    }

    @Benchmark
    public Object setPointsThenExecute() {
        if (workers != null) {
            throw new IllegalStateException("run setPointsThenExecute with -p impl=plan");
        }
        BenchPoints.set(plan, x);
        plan.execute(strengths, modesOut);
        return modesOut;
    }
}
