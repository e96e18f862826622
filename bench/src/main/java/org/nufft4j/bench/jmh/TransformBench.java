package org.nufft4j.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nufft4j.NufftOptions;
import org.nufft4j.NufftPlan;
import org.nufft4j.NufftType;
import org.nufft4j.Precision;
import org.nufft4j.SpreadKernelsChoice;
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
 * Whole transforms, {@code execute} only (points set in setup), as FINUFFT's reference
 * figures in issue 3: 1D N = 1e6, 2D N = 1000^2, 3D N = 100^3 modes, M = 1e7 points, tolerance
 * 1e-6, upsampling 2. {@code batch} transforms share the points; the score is per execute, so
 * divide by batch for the cost per transform. {@code precision=float} runs float plans.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 4, time = 3)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx16g"})
public class TransformBench {

    @Param({"1", "2", "3"})
    public int dim;

    @Param({"1", "2"})
    public int type;

    @Param({"10000000"})
    public int points;

    @Param({"1e-6"})
    public double tolerance;

    @Param({"1", "2"})
    public int threads;

    @Param({"simd"})
    public String kernels;

    @Param({"1"})
    public int batch;

    /** Modes per dimension; 0 means issue 3's defaults (1e6, 1000, 100). */
    @Param({"0"})
    public int modes;

    @Param({"double"})
    public String precision;

    private NufftPlan plan;
    private double[] in;
    private double[] out;
    private float[] floatIn;
    private float[] floatOut;

    @Setup(Level.Trial)
    public void setUp() {
        int[] defaults = {1_000_000, 1000, 100};
        int side = modes > 0 ? modes : defaults[dim - 1];
        int[] n = new int[dim];
        java.util.Arrays.fill(n, side);
        var options = NufftOptions.defaults().withThreads(threads).withBatchSize(batch)
                .withKernels(SpreadKernelsChoice.valueOf(kernels.toUpperCase(java.util.Locale.ROOT)))
                .withPrecision(Precision.valueOf(precision.toUpperCase(java.util.Locale.ROOT)));
        plan = NufftPlan.create(type == 1 ? NufftType.TYPE_1 : NufftType.TYPE_2, n, -1, tolerance, options);
        var rnd = new SplittableRandom(7);
        BenchPoints.set(plan, BenchPoints.uniform(rnd, dim, points));
        long nModes = 1;
        for (int v : n) {
            nModes *= v;
        }
        int inLen = (int) (2L * batch * (type == 1 ? points : nModes));
        int outLen = (int) (2L * batch * (type == 1 ? nModes : points));
        in = new double[inLen];
        for (int i = 0; i < inLen; i++) {
            in[i] = rnd.nextDouble() - 0.5;
        }
        out = new double[outLen];
        if (options.precision() == Precision.FLOAT) {
            floatIn = new float[inLen];
            for (int i = 0; i < inLen; i++) {
                floatIn[i] = (float) in[i];
            }
            floatOut = new float[outLen];
            in = null;
            out = null;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        plan.close();
    }

    @Benchmark
    public Object execute() {
        if (floatIn != null) {
            plan.execute(floatIn, floatOut);
            return floatOut;
        }
        plan.execute(in, out);
        return out;
    }
}
