package org.nufft4j.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nufft4j.FastKernelSum;
import org.nufft4j.NufftOptions;
import org.nufft4j.parallel.Workers;
import org.nufft4j.reduce.Formula;
import org.nufft4j.reduce.Formulas;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.reduce.Reducer;
import org.nufft4j.simd.VectorReductions;
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
 * Fast Gaussian sums (issue 13) against the direct generic SIMD reduction of the same formula:
 * N = M points uniform in the unit box, sigma = 0.05 (box / sigma = 10), tol 1e-6, mixed-sign
 * weights. {@code fast*} include nothing but the call (setPoints once per trial; {@code
 * setPoints} alone is its own benchmark). The direct reduction at N = M = 1e5 in 3D takes
 * seconds per operation: run it with {@code -p size=100000 -f 1 -wi 1 -i 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx8g"})
public class FastSumBench {

    @Param({"100000"})
    public int size;

    @Param({"1", "2", "3"})
    public int dim;

    @Param({"2"})
    public int threads;

    @Param({"1e-6"})
    public double tol;

    private static final double SIGMA = 0.05;

    private double[] x;
    private double[] y;
    private double[] b;
    private double[] out;
    private double[] gradient;
    private FastKernelSum fast;
    private Workers workers;
    private KernelReduction direct;
    private ReductionData data;

    @Setup(Level.Trial)
    public void setUp() {
        var rnd = new SplittableRandom(13);
        x = rnd.doubles((long) size * dim).toArray();
        y = rnd.doubles((long) size * dim).toArray();
        b = rnd.doubles(size, -0.5, 0.5).toArray();
        out = new double[size];
        gradient = new double[size * dim];
        fast = FastKernelSum.gaussian(dim, SIGMA, tol, NufftOptions.defaults().withThreads(threads));
        fast.setPoints(x, y);
        workers = new Workers(threads);
        Formula k = Formulas.exp(Formulas.neg(Formulas.div(Formulas.sqdist(Formulas.vi(0, dim), Formulas.vj(1, dim)),
                Formulas.mul(Formulas.constant(2.0), Formulas.square(Formulas.pm(3, 1))))));
        direct = KernelReduction.overJ(Formulas.mul(k, Formulas.vj(2, 1)), Reducer.SUM);
        data = ReductionData.of(size, size, x, y, b, new double[] {SIGMA});
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fast.close();
        workers.close();
    }

    @Benchmark
    public double[] fastSum() {
        fast.sum(b, out);
        return out;
    }

    @Benchmark
    public double[] fastSumAndGradient() {
        fast.sumAndGradient(b, out, gradient);
        return gradient;
    }

    @Benchmark
    public double[] fastLaplacian() {
        fast.laplacian(b, out);
        return out;
    }

    @Benchmark
    public double[] fastSetPoints() {
        fast.setPoints(x, y);
        return x;
    }

    @Benchmark
    public double[] directSum() {
        return VectorReductions.evaluate(direct, data, workers).values();
    }
}
