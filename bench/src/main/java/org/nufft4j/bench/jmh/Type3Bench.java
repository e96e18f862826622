package org.nufft4j.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nufft4j.ExecutionTimes;
import org.nufft4j.NufftGradients;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Type 3, {@code execute} (or {@code executeAdjoint}) only, in FINUFFT's test geometry of issue
 * 12: M = N = 1e6, sources in {@code (2, -3, 1) + pi [-1, 1]^d}, targets with coordinate d in
 * {@code (N_d / 2) (1.7 + [-1, 1])} for N_d = 1e6 (1D), 1000 (2D), 100 (3D); tolerance 1e-6.
 * The split of the time into phases (spread and interpolation, FFT, deconvolution and phases)
 * of the last call is printed at tear-down ({@link NufftPlan#lastTimes}). {@code vjp} and
 * {@code jvp} are the full products of {@link NufftGradients} (strengths, sources and targets),
 * to be read as ratios against {@code execute} of the same run; {@code upsampling} "plan" is the
 * plan's own choice (the cost model), a number forces both factors.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 4, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx8g"})
public class Type3Bench {

    @Param({"1", "2", "3"})
    public int dim;

    @Param({"1000000"})
    public int points;

    @Param({"1e-6"})
    public double tolerance;

    @Param({"1", "2"})
    public int threads;

    @Param({"simd"})
    public String kernels;

    @Param({"double"})
    public String precision;

    @Param({"plan"})
    public String upsampling;

    private NufftPlan plan;
    private NufftGradients gradients;
    private double[] vjpGradIn;
    private double[] vjpGradX;
    private double[] vjpGradS;
    private double[] tangentC;
    private double[] tangentX;
    private double[] tangentS;
    private double[] in;
    private double[] out;
    private double[] adjIn;
    private double[] adjOut;
    private float[] floatIn;
    private float[] floatOut;
    private float[] floatAdjIn;
    private float[] floatAdjOut;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        int[] side = {1_000_000, 1000, 100};
        double[] centre = {2, -3, 1};
        var rnd = new SplittableRandom(12);
        int n = 1;
        for (int d = 0; d < dim; d++) {
            n *= side[dim - 1];
        }
        double[][] x = new double[dim][points];
        double[][] s = new double[dim][n];
        for (int d = 0; d < dim; d++) {
            for (int j = 0; j < points; j++) {
                x[d][j] = centre[d] + Math.PI * (2 * rnd.nextDouble() - 1);
            }
            for (int k = 0; k < n; k++) {
                s[d][k] = side[dim - 1] / 2.0 * (1.7 + 2 * rnd.nextDouble() - 1);
            }
        }
        var options = NufftOptions.defaults().withThreads(threads)
                .withKernels(SpreadKernelsChoice.valueOf(kernels.toUpperCase(java.util.Locale.ROOT)))
                .withPrecision(Precision.valueOf(precision.toUpperCase(java.util.Locale.ROOT)));
        if (!upsampling.equals("plan")) {
            options = options.withUpsampling(Double.parseDouble(upsampling));
        }
        plan = NufftPlan.createType3(dim, 1, tolerance, options);
        plan.setPoints(x, s);
        String method = params.getBenchmark();
        if (method.endsWith(".vjp") || method.endsWith(".jvp")) {
            gradients = NufftGradients.create(NufftType.TYPE_3, dim, 1, tolerance, options);
            gradients.setPoints(x, s);
            vjpGradIn = new double[2 * points];
            vjpGradX = new double[dim * points];
            vjpGradS = new double[dim * n];
            tangentC = random(rnd, 2 * points);
            tangentX = random(rnd, dim * points);
            tangentS = random(rnd, dim * n);
        }
        in = random(rnd, 2 * points);
        out = new double[2 * n];
        adjIn = random(rnd, 2 * n);
        adjOut = new double[2 * points];
        if (options.precision() == Precision.FLOAT) {
            floatIn = new float[in.length];
            for (int i = 0; i < in.length; i++) {
                floatIn[i] = (float) in[i];
            }
            floatOut = new float[out.length];
            floatAdjIn = new float[adjIn.length];
            for (int i = 0; i < adjIn.length; i++) {
                floatAdjIn[i] = (float) adjIn[i];
            }
            floatAdjOut = new float[adjOut.length];
        }
    }

    private static double[] random(SplittableRandom rnd, int length) {
        double[] a = new double[length];
        for (int i = 0; i < length; i++) {
            a[i] = rnd.nextDouble() - 0.5;
        }
        return a;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ExecutionTimes t = plan.lastTimes();
        System.out.printf("%nlast call: setPoints %.1f ms, spread+interp %.1f ms, fft %.1f ms, phases+deconv %.1f ms;"
                        + " outer grid %s, inner %s, w %d%n", t.sort() * 1e-6, t.spreadOrInterpolate() * 1e-6,
                t.fft() * 1e-6, t.deconvolve() * 1e-6, java.util.Arrays.toString(plan.fineGridSize()),
                java.util.Arrays.toString(plan.innerGridSize()), plan.kernel().width());
        System.out.printf("upsampling outer/inner %s, inner w %d%n",
                java.util.Arrays.toString(plan.upsamplingFactors()), plan.innerKernel().width());
        plan.close();
        if (gradients != null) {
            gradients.close();
            gradients = null;
        }
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

    @Benchmark
    public Object vjp() {
        gradients.vjp(in, adjIn, vjpGradIn, vjpGradX, vjpGradS);
        return vjpGradS;
    }

    @Benchmark
    public Object jvp() {
        gradients.jvp(in, tangentC, tangentX, tangentS, out);
        return out;
    }

    @Benchmark
    public Object executeAdjoint() {
        if (floatAdjIn != null) {
            plan.executeAdjoint(floatAdjIn, floatAdjOut);
            return floatAdjOut;
        }
        plan.executeAdjoint(adjIn, adjOut);
        return adjOut;
    }
}
