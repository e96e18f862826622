package org.nufft4j.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nufft4j.FastKernelSum;
import org.nufft4j.NufftOptions;
import org.nufft4j.reduce.Derivatives;
import org.nufft4j.reduce.Formula;
import org.nufft4j.reduce.Formulas;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.Reducer;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.reduce.ScalarReductions;

/**
 * The runner's fast Gaussian sums: D = 1, 2, 3, N = M points uniform in the unit box, sigma =
 * 0.05 (box / sigma = 10, half-width over sigma), mixed-sign weights; the sum, the sum with
 * gradients and the Laplacian, each checked on a sample of targets against the scalar
 * interpreter on the same formula: E = max |a - a*| / |b|_1 (gradients times sigma, Laplacians
 * times sigma^2) at most the tolerance.
 */
final class FastSumCases {

    private static final double SIGMA = 0.05;

    private FastSumCases() {
    }

    /** Runs the cases; returns the number that failed their check. */
    static int run(PrintStream out, int n, double tol, int threads, int samples, long seed) {
        out.printf("%-34s %8s %8s %6s %9s %9s %9s %s%n", "fast Gaussian sum (sigma=0.05)", "N", "M", "tol", "E",
                "setpts_ms", "exec_ms", "check");
        int failures = 0;
        for (int dim = 1; dim <= 3; dim++) {
            var rnd = new SplittableRandom(seed + dim);
            double[] x = rnd.doubles((long) n * dim).toArray();
            double[] y = rnd.doubles((long) n * dim).toArray();
            double[] b = rnd.doubles(n, -0.5, 0.5).toArray();
            double l1 = 0;
            for (double v : b) {
                l1 += Math.abs(v);
            }
            int[] rows = new int[Math.min(samples, n)];
            for (int s = 0; s < rows.length; s++) {
                rows[s] = rnd.nextInt(n);
            }
            double[] xs = new double[rows.length * dim];
            for (int s = 0; s < rows.length; s++) {
                System.arraycopy(x, rows[s] * dim, xs, s * dim, dim);
            }
            Formula xi = Formulas.vi(0, dim);
            Formula k = Formulas.exp(Formulas.neg(Formulas.div(Formulas.sqdist(xi, Formulas.vj(1, dim)),
                    Formulas.mul(Formulas.constant(2.0), Formulas.square(Formulas.pm(3, 1))))));
            Formula f = Formulas.mul(k, Formulas.vj(2, 1));
            var sampled = ReductionData.of(rows.length, n, xs, y, b, new double[] {SIGMA});
            double[] exactSum = ScalarReductions.evaluate(KernelReduction.overJ(f, Reducer.SUM), sampled).values();
            double[] exactGrad = ScalarReductions.evaluate(KernelReduction.overJ(
                    Derivatives.grad(f, xi, Formulas.constant(1.0)), Reducer.SUM), sampled).values();
            double[] exactLap = ScalarReductions.evaluate(KernelReduction.overJ(
                    Derivatives.laplacian(f, xi), Reducer.SUM), sampled).values();
            try (var fast = FastKernelSum.gaussian(dim, SIGMA, tol, NufftOptions.defaults().withThreads(threads))) {
                long t0 = System.nanoTime();
                fast.setPoints(x, y);
                double setpts = (System.nanoTime() - t0) * 1e-6;
                double[] a = new double[n];
                double[] g = new double[n * dim];
                double[] lap = new double[n];
                double best = Double.MAX_VALUE;
                for (int rep = 0; rep < 3; rep++) {
                    long t1 = System.nanoTime();
                    fast.sum(b, a);
                    best = Math.min(best, (System.nanoTime() - t1) * 1e-6);
                }
                failures += line(out, dim + "D sum", n, tol, error(a, exactSum, rows, 1) / l1, setpts, best);
                best = Double.MAX_VALUE;
                for (int rep = 0; rep < 3; rep++) {
                    long t1 = System.nanoTime();
                    fast.sumAndGradient(b, a, g);
                    best = Math.min(best, (System.nanoTime() - t1) * 1e-6);
                }
                double e = Math.max(error(a, exactSum, rows, 1) / l1, error(g, exactGrad, rows, dim) * SIGMA / l1);
                failures += line(out, dim + "D sum and gradient", n, tol, e, setpts, best);
                best = Double.MAX_VALUE;
                for (int rep = 0; rep < 3; rep++) {
                    long t1 = System.nanoTime();
                    fast.laplacian(b, lap);
                    best = Math.min(best, (System.nanoTime() - t1) * 1e-6);
                }
                failures += line(out, dim + "D laplacian", n, tol, error(lap, exactLap, rows, 1) * SIGMA * SIGMA / l1,
                        setpts, best);
            }
        }
        return failures;
    }

    /** Largest |got - exact| over the sampled rows, {@code width} values per row. */
    private static double error(double[] got, double[] exact, int[] rows, int width) {
        double worst = 0;
        for (int s = 0; s < rows.length; s++) {
            for (int c = 0; c < width; c++) {
                worst = Math.max(worst, Math.abs(got[rows[s] * width + c] - exact[s * width + c]));
            }
        }
        return worst;
    }

    private static int line(PrintStream out, String what, int n, double tol, double e, double setpts, double ms) {
        boolean ok = e <= tol;
        out.printf(Locale.ROOT, "%-34s %8d %8d %6.0e %9.2e %9.1f %9.1f %s%n", what, n, n, tol, e, setpts, ms,
                ok ? "ok" : "FAIL");
        return ok ? 0 : 1;
    }
}
