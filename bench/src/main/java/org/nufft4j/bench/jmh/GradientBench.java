package org.nufft4j.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nufft4j.NufftOptions;
import org.nufft4j.NufftPlan;
import org.nufft4j.NufftType;
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

/**
 * The gradient forms against what autodiff wrappers do today (issue 4), on the same points and
 * tolerance: {@code gradient} is one type 2 with gradients (or one type 1 with dipoles);
 * {@code separate} is d + 1 plain transforms of the same type, one after another (the values and
 * one per gradient component: i k_d f for type 2, the dipole components for type 1);
 * {@code batched} is one plain transform with a batch of d + 1 vectors. The mode-space products
 * (multiplying by i k_d) that the wrappers also pay are not counted. Score: ms per gradient.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx16g"})
public class GradientBench {

    @Param({"2", "3"})
    public int dim;

    @Param({"2"})
    public int type;

    @Param({"100000"})
    public int points;

    @Param({"gradient", "separate", "batched"})
    public String form;

    @Param({"1e-6"})
    public double tolerance;

    @Param({"2"})
    public int threads;

    private NufftPlan plan;
    private double[] in;
    private double[] dipoles;
    private double[] out;
    private double[] gradient;

    @Setup(Level.Trial)
    public void setUp() {
        int side = dim == 1 ? 1_000_000 : dim == 2 ? 1000 : 100;
        int[] n = new int[dim];
        java.util.Arrays.fill(n, side);
        int batch = form.equals("batched") ? dim + 1 : 1;
        var t = type == 1 ? NufftType.TYPE_1 : NufftType.TYPE_2;
        plan = NufftPlan.create(t, n, -1, tolerance, NufftOptions.defaults().withThreads(threads).withBatchSize(batch));
        var rnd = new SplittableRandom(11);
        BenchPoints.set(plan, BenchPoints.uniform(rnd, dim, points));
        long modes = (long) Math.pow(side, dim);
        long inCount = t == NufftType.TYPE_1 ? points : modes;
        long outCount = t == NufftType.TYPE_1 ? modes : points;
        in = random(rnd, 2 * inCount * batch);
        out = new double[(int) (2 * outCount * batch)];
        if (form.equals("gradient")) {
            if (t == NufftType.TYPE_1) {
                dipoles = random(rnd, 2L * points * dim);
            } else {
                gradient = new double[2 * points * dim];
            }
        }
    }

    private static double[] random(SplittableRandom rnd, long length) {
        double[] a = new double[(int) length];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextDouble() - 0.5;
        }
        return a;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        plan.close();
    }

    @Benchmark
    public double[] run() {
        switch (form) {
            case "gradient" -> {
                if (type == 1) {
                    plan.executeDipoles(in, dipoles, out);
                } else {
                    plan.executeGradient(in, out, gradient);
                }
            }
            case "separate" -> {
                for (int q = 0; q <= dim; q++) {
                    plan.execute(in, out);
                }
            }
            default -> plan.execute(in, out);
        }
        return out;
    }
}
