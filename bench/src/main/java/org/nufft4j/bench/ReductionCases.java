package org.nufft4j.bench;

import static org.nufft4j.reduce.Formulas.constant;
import static org.nufft4j.reduce.Formulas.mul;
import static org.nufft4j.reduce.Formulas.pm;
import static org.nufft4j.reduce.Formulas.vi;
import static org.nufft4j.reduce.Formulas.vj;

import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
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
 * Laplacian (generic symbolic and hand-fused), by the SIMD evaluator; each checked against the
 * scalar interpreter on a sample of rows, one line per case.
 */
final class ReductionCases {

    private static final int DIM = 3;
    private static final double SIGMA = 0.3;
    private static final double FACTOR = 1e-12;

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
        out.printf("%-28s %8s %8s %9s %10s %9s %s%n", "reduction (D=3, Gaussian)", "N", "M", "rel_err", "ms", "Gpairs/s",
                "check");
        int failures = 0;
        try (var workers = new Workers(threads)) {
            failures += line(out, "sum, generic SIMD", n, sum, data, samples, rnd,
                    () -> VectorReductions.evaluate(sum, data, workers).values());
            failures += line(out, "sum, hand-fused", n, sum, data, samples, rnd,
                    () -> GaussianKernels.sum(x, y, b, DIM, SIGMA, workers));
            failures += line(out, "gradient, generic SIMD", n, grad, data, samples, rnd,
                    () -> VectorReductions.evaluate(grad, data, workers).values());
            failures += line(out, "laplacian, generic SIMD", n, lap, data, samples, rnd,
                    () -> VectorReductions.evaluate(lap, data, workers).values());
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
        for (int s = 0; s < samples; s++) {
            int i = rnd.nextInt(n);
            double[] xi = new double[DIM];
            System.arraycopy(data.arrays()[0], i * DIM, xi, 0, DIM);
            var one = ReductionData.of(1, n, xi, data.arrays()[1], data.arrays()[2], data.arrays()[3]);
            double[] want = ScalarReductions.evaluate(r, one).values();
            for (int k = 0; k < dim; k++) {
                double d = got[i * dim + k] - want[k];
                num += d * d;
                den += want[k] * want[k];
            }
        }
        double err = Math.sqrt(num / den);
        boolean ok = err <= FACTOR;
        out.printf(Locale.ROOT, "%-28s %8d %8d %9.2e %10.1f %9.3f %s%n", name, n, n, err, best,
                (double) n * n / best / 1e6, ok ? "ok" : "FAIL");
        out.flush();
        return ok ? 0 : 1;
    }
}
