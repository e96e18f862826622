package org.nufft4j.bench.jmh;

import static org.nufft4j.reduce.Formulas.constant;
import static org.nufft4j.reduce.Formulas.mul;
import static org.nufft4j.reduce.Formulas.pm;
import static org.nufft4j.reduce.Formulas.vi;
import static org.nufft4j.reduce.Formulas.vj;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nufft4j.Precision;
import org.nufft4j.parallel.Workers;
import org.nufft4j.reduce.Backprop;
import org.nufft4j.reduce.Derivatives;
import org.nufft4j.reduce.Formula;
import org.nufft4j.reduce.Formulas;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.reduce.ReductionResult;
import org.nufft4j.reduce.Reducer;
import org.nufft4j.reduce.ScalarReductions;
import org.nufft4j.simd.GaussianKernels;
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
 * Gaussian kernel reductions in D = 3 (issue 5): the scalar interpreter, the SIMD evaluator on
 * the generic formula, and the hand-fused kernel, for the sum and for the Laplacian (generic:
 * {@code Derivatives.laplacian} of the formula); and the backward pass (gradients for x, y and
 * b) against the forward pass. N = M (default 1e4: the scalar interpreter at 1e5 takes minutes
 * per operation). Score: ms per reduction; pairs/s = N M / score. {@code precision} (default
 * DOUBLE; {@code -p precision=DOUBLE,FLOAT} for both) is the precision of the generic SIMD sum and
 * Laplacian ({@link VectorReductions#evaluate(KernelReduction, ReductionData, Workers, Precision)});
 * the other methods ignore it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class ReductionBench {

    @Param({"10000"})
    public int size;

    @Param({"2"})
    public int threads;

    @Param({"DOUBLE"})
    public Precision precision;

    private static final int DIM = 3;
    private static final double SIGMA = 0.5;

    private Workers workers;
    private double[] x;
    private double[] y;
    private double[] b;
    private ReductionData data;
    private ReductionData backwardData;
    private KernelReduction gaussSum;
    private KernelReduction gaussLaplacian;
    private KernelReduction gaussGradient;
    private KernelReduction[] backward;

    @Setup(Level.Trial)
    public void setUp() {
        workers = new Workers(threads);
        var rnd = new SplittableRandom(5);
        x = new double[DIM * size];
        y = new double[DIM * size];
        b = new double[size];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble();
            y[i] = rnd.nextDouble();
        }
        for (int i = 0; i < size; i++) {
            b[i] = rnd.nextDouble() - 0.5;
        }
        Formula k = Formulas.exp(Formulas.neg(Formulas.div(Formulas.sqdist(vi(0, DIM), vj(1, DIM)),
                mul(constant(2.0), Formulas.square(pm(3, 1))))));
        Formula f = mul(k, vj(2, 1));
        gaussSum = KernelReduction.overJ(f, Reducer.SUM);
        gaussLaplacian = KernelReduction.overJ(Derivatives.laplacian(f, vi(0, DIM)), Reducer.SUM);
        // the gradient of a_i in x_i (three components per row), issue 16's "within 1.3x of the sum"
        gaussGradient = KernelReduction.overJ(Derivatives.grad(f, vi(0, DIM), constant(1.0)), Reducer.SUM);
        data = ReductionData.of(size, size, x, y, b, new double[] {SIGMA});
        double[] g = new double[size];
        java.util.Arrays.fill(g, 1.0);
        backwardData = ReductionData.of(size, size, x, y, b, new double[] {SIGMA}, g, new double[size]);
        // two reductions: x (over j), then y and b together (over i)
        backward = Backprop.gradients(gaussSum, java.util.List.of(vi(0, DIM), vj(1, DIM), vj(2, 1)), 4, 5).stream()
                .map(Backprop.Group::reduction).toArray(KernelReduction[]::new);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        workers.close();
    }

    @Benchmark
    public ReductionResult sumScalarInterpreter() {
        return ScalarReductions.evaluate(gaussSum, data);
    }

    @Benchmark
    public ReductionResult sumSimdGeneric() {
        return VectorReductions.evaluate(gaussSum, data, workers, precision);
    }

    @Benchmark
    public double[] sumSimdFused() {
        return GaussianKernels.sum(x, y, b, DIM, SIGMA, workers);
    }

    @Benchmark
    public ReductionResult laplacianSimdGeneric() {
        return VectorReductions.evaluate(gaussLaplacian, data, workers, precision);
    }

    @Benchmark
    public ReductionResult gradientSimdGeneric() {
        return VectorReductions.evaluate(gaussGradient, data, workers, precision);
    }

    @Benchmark
    public double[] laplacianSimdFused() {
        return GaussianKernels.laplacian(x, y, b, DIM, SIGMA, workers);
    }

    /** The first backward reduction alone: dL/dx, over j (three components per row i). */
    @Benchmark
    public ReductionResult backwardXSimdGeneric() {
        return VectorReductions.evaluate(backward[0], backwardData, workers);
    }

    /** The second backward reduction alone: dL/dy and dL/db, over i (four components per row j). */
    @Benchmark
    public ReductionResult backwardYBSimdGeneric() {
        return VectorReductions.evaluate(backward[1], backwardData, workers);
    }

    @Benchmark
    public double backwardSimdGeneric() {
        double s = 0;
        for (var r : backward) {
            s += VectorReductions.evaluate(r, backwardData, workers).values()[0];
        }
        return s;
    }
}
