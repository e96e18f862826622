package org.nufft4j.bench;

import static org.nufft4j.reduce.Formulas.abs;
import static org.nufft4j.reduce.Formulas.add;
import static org.nufft4j.reduce.Formulas.constant;
import static org.nufft4j.reduce.Formulas.mul;
import static org.nufft4j.reduce.Formulas.pm;
import static org.nufft4j.reduce.Formulas.vi;
import static org.nufft4j.reduce.Formulas.vj;

import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.nufft4j.Precision;
import org.nufft4j.parallel.Workers;
import org.nufft4j.reduce.Derivatives;
import org.nufft4j.reduce.Formula;
import org.nufft4j.reduce.Formulas;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.reduce.Reducer;
import org.nufft4j.reduce.ScalarReductions;
import org.nufft4j.simd.GaussianKernels;
import org.nufft4j.simd.VectorReductions;

/**
 * The runner's kernel-reduction cases: a Gaussian kernel sum in D = 3, its gradient, and its
 * Laplacian (generic symbolic and hand-fused), by the SIMD evaluator, the generic sum and
 * Laplacian in double and in float; each checked against the double scalar interpreter on a
 * sample of rows, one line per case.
 *
 * <p>The float lines' check is a bound per sampled row, not {@value #FACTOR}: with u = 2^-24,
 * {@code |got - want| <= B u S}, S the row's sum of term magnitudes (the oracle on a majorant
 * formula: the same bound holds however much the terms cancel). B = A + P (docs/design.md,
 * Kernel reductions, Float reductions): A = 32 for the summation (a lane adds at most 32 terms
 * in float per block; the blocks' partials are added in double; the output's rounding), P the
 * relative error of one term with a = |x - y|^2 / (2 sigma^2) in [0, 16.7] here (x, y in the
 * unit cube, sigma = 0.3), to first order in u: the data rounded to float (x and y: 8.2 sqrt(a)
 * on a; sigma: a; b: 0.5), the argument computed in float (7 a), the float exp (4), the product
 * by b (1); at most 172 at a = 16.7. The Laplacian's factor 2c (2a - 3) adds at most 16 relative
 * to its majorant 2c (2a + 3) (the error of a times 2 / (2a + 3): 10; its operations: 6).
 */
final class ReductionCases {

    private static final int DIM = 3;
    private static final double SIGMA = 0.3;
    private static final double FACTOR = 1e-12;
    private static final double U = 0x1p-24;
    /** Bound B of the float sum line, in u times the row's sum of term magnitudes: 32 + 172. */
    private static final double FLOAT_SUM_BOUND = 204;
    /** Bound B of the float Laplacian line: 32 + 172 + 16. */
    private static final double FLOAT_LAPLACIAN_BOUND = 220;

    private ReductionCases() {
    }

    /** Runs the cases; returns the number that failed their check. */
    static int run(PrintStream out, int n, int threads, int samples, long seed) {
        var rnd = new SplittableRandom(seed);
        double[] x = new double[n * DIM];
        double[] y = new double[n * DIM];
        double[] b = new double[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble();
            y[i] = rnd.nextDouble();
        }
        for (int i = 0; i < n; i++) {
            b[i] = rnd.nextDouble() - 0.5;
        }
        Formula f = mul(Formulas.exp(Formulas.neg(Formulas.div(Formulas.sqdist(vi(0, DIM), vj(1, DIM)),
                mul(constant(2.0), Formulas.square(pm(3, 1)))))), vj(2, 1));
        var data = ReductionData.of(n, n, x, y, b, new double[] {SIGMA});
        var sum = KernelReduction.overJ(f, Reducer.SUM);
        var grad = KernelReduction.overJ(Derivatives.grad(f, vi(0, DIM), constant(1.0)), Reducer.SUM);
        var lap = KernelReduction.overJ(Derivatives.laplacian(f, vi(0, DIM)), Reducer.SUM);
        // majorants of the terms' magnitudes, for the float lines' bounds: |f|, and with
        // c = 1 / (2 sigma^2) and e = exp(-c |x - y|^2) the Laplacian's (4 c^2 |x - y|^2 + 6 c) e |b|
        Formula c = Formulas.div(constant(1.0), mul(constant(2.0), Formulas.square(pm(3, 1))));
        Formula sq = Formulas.sqdist(vi(0, DIM), vj(1, DIM));
        Formula e = Formulas.exp(Formulas.neg(mul(c, sq)));
        var sumMajorant = KernelReduction.overJ(abs(f), Reducer.SUM);
        var lapMajorant = KernelReduction.overJ(mul(add(mul(mul(constant(4.0), Formulas.square(c)), sq),
                mul(constant(6.0), c)), mul(e, abs(vj(2, 1)))), Reducer.SUM);
        out.printf("%-30s %8s %8s %9s %10s %9s %s%n", "reduction (D=3, Gaussian)", "N", "M", "rel_err", "ms", "Gpairs/s",
                "check");
        int failures = 0;
        try (var workers = new Workers(threads)) {
            failures += line(out, "sum, generic SIMD", n, sum, data, samples, rnd,
                    () -> VectorReductions.evaluate(sum, data, workers).values());
            failures += floatLine(out, "sum, generic SIMD float", n, sum, sumMajorant, FLOAT_SUM_BOUND, data, samples,
                    rnd, () -> VectorReductions.evaluate(sum, data, workers, Precision.FLOAT).values());
            failures += line(out, "sum, hand-fused", n, sum, data, samples, rnd,
                    () -> GaussianKernels.sum(x, y, b, DIM, SIGMA, workers));
            failures += line(out, "gradient, generic SIMD", n, grad, data, samples, rnd,
                    () -> VectorReductions.evaluate(grad, data, workers).values());
            failures += line(out, "laplacian, generic SIMD", n, lap, data, samples, rnd,
                    () -> VectorReductions.evaluate(lap, data, workers).values());
            failures += floatLine(out, "laplacian, generic SIMD float", n, lap, lapMajorant, FLOAT_LAPLACIAN_BOUND,
                    data, samples, rnd, () -> VectorReductions.evaluate(lap, data, workers, Precision.FLOAT).values());
            failures += line(out, "laplacian, hand-fused", n, lap, data, samples, rnd,
                    () -> GaussianKernels.laplacian(x, y, b, DIM, SIGMA, workers));
            failures += ode(out, workers, rnd);
        }
        return failures;
    }

    /** The Euler ODE example (N = 1000, M = 100, T = 50, D = 2): forward, backward, check. */
    private static int ode(PrintStream out, Workers workers, SplittableRandom rnd) {
        int n = 1000;
        int m = 100;
        double[] x0 = new double[2 * n];
        double[] y0 = new double[2 * m];
        for (int q = 0; q < x0.length; q++) {
            x0[q] = 2 * rnd.nextDouble() - 1;
        }
        for (int q = 0; q < y0.length; q++) {
            y0[q] = 2 * rnd.nextDouble() - 1;
        }
        var ode = new EulerOdeExample(n, m, 2, 50, 0.005, 0.5, workers);
        double fwd = Double.MAX_VALUE;
        double bwd = Double.MAX_VALUE;
        double[] g = null;
        for (int rep = 0; rep < 3; rep++) {
            long t0 = System.nanoTime();
            var tr = ode.run(x0, y0);
            long t1 = System.nanoTime();
            g = ode.gradientY0(tr);
            long t2 = System.nanoTime();
            fwd = Math.min(fwd, (t1 - t0) * 1e-6);
            bwd = Math.min(bwd, (t2 - t1) * 1e-6);
        }
        double worst = 0;
        for (int q : new int[] {3, 150}) {
            double fd = EulerOdeExample.richardson(ode, x0, y0, q, 1e-3);
            worst = Math.max(worst, Math.abs(fd - g[q]) / Math.max(1, Math.abs(fd)));
        }
        boolean ok = worst <= 1e-6;
        out.printf(Locale.ROOT, "%-28s forward %.1f ms, backward (dL/dY0) %.1f ms = %.2fx forward, "
                + "finite-difference (Richardson) error %.1e  %s%n", "Euler ODE N=1000 M=100 T=50", fwd, bwd, bwd / fwd, worst,
                ok ? "ok" : "FAIL");
        return ok ? 0 : 1;
    }

    private static int line(PrintStream out, String name, int n, KernelReduction r, ReductionData data, int samples,
                            SplittableRandom rnd, Supplier<double[]> fast) {
        return line(out, name, n, r, null, 0, data, samples, rnd, fast);
    }

    /** A float line: checked against {@code bound} u S per sampled row, S from {@code majorant}. */
    private static int floatLine(PrintStream out, String name, int n, KernelReduction r, KernelReduction majorant,
                                 double bound, ReductionData data, int samples, SplittableRandom rnd,
                                 Supplier<double[]> fast) {
        return line(out, name, n, r, majorant, bound, data, samples, rnd, fast);
    }

    /**
     * Times {@code fast} (best of 3), then compares a sample of its rows with the double scalar
     * interpreter: rel_err is the RMS error over the RMS value; the check is rel_err within
     * {@value #FACTOR}, or, with a majorant, every sampled value within {@code bound} u S.
     */
    private static int line(PrintStream out, String name, int n, KernelReduction r, KernelReduction majorant,
                            double bound, ReductionData data, int samples, SplittableRandom rnd,
                            Supplier<double[]> fast) {
        double best = Double.MAX_VALUE;
        double[] got = null;
        for (int rep = 0; rep < 3; rep++) {
            long t0 = System.nanoTime();
            got = fast.get();
            best = Math.min(best, (System.nanoTime() - t0) * 1e-6);
        }
        // the oracle on a sample of rows: restrict the i data to those rows
        int dim = r.outputDim();
        double num = 0;
        double den = 0;
        boolean withinBound = true;
        for (int s = 0; s < samples; s++) {
            int i = rnd.nextInt(n);
            double[] xi = new double[DIM];
            System.arraycopy(data.arrays()[0], i * DIM, xi, 0, DIM);
            var one = ReductionData.of(1, n, xi, data.arrays()[1], data.arrays()[2], data.arrays()[3]);
            double[] want = ScalarReductions.evaluate(r, one).values();
            double[] magnitude = majorant == null ? null : ScalarReductions.evaluate(majorant, one).values();
            for (int k = 0; k < dim; k++) {
                double d = got[i * dim + k] - want[k];
                num += d * d;
                den += want[k] * want[k];
                if (magnitude != null && !(Math.abs(d) <= bound * U * magnitude[k])) {
                    withinBound = false;
                }
            }
        }
        double err = Math.sqrt(num / den);
        boolean ok = majorant == null ? err <= FACTOR : withinBound;
        out.printf(Locale.ROOT, "%-30s %8d %8d %9.2e %10.1f %9.3f %s%n", name, n, n, err, best,
                (double) n * n / best / 1e6, ok ? "ok" : "FAIL");
        out.flush();
        return ok ? 0 : 1;
    }
}
