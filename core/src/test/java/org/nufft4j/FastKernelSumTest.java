package org.nufft4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nufft4j.reduce.Derivatives;
import org.nufft4j.reduce.Formula;
import org.nufft4j.reduce.Formulas;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.Reducer;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.reduce.ScalarReductions;

/**
 * The fast Gaussian sum against the scalar interpreter on the same formula (and its symbolic
 * gradient and Laplacian): E = max |a - a*| / |b|_1 at most the tolerance (gradients against
 * |b|_1 / sigma, Laplacians against |b|_1 / sigma^2), for D = 1, 2, 3, tolerances 1e-3 to
 * 1e-12, narrow and wide kernels, clustered points, mixed-sign weights; the kernel matrix (unit
 * weights, the worst case over all weights); the backward pass against central differences of
 * the exact sum.
 */
class FastKernelSumTest {

    enum Layout { UNIFORM, CLUSTERED, ONE_POINT }

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        long seed = 500;
        for (int dim = 1; dim <= 3; dim++) {
            for (double tol : new double[] {1e-3, 1e-6, 1e-8, 1e-10, 1e-12}) {
                for (double boxOverSigma : new double[] {0.5, 4, 12}) {
                    for (Layout layout : Layout.values()) {
                        list.add(Arguments.of(dim, tol, boxOverSigma, layout, seed++));
                    }
                }
            }
        }
        return list.stream();
    }

    /** a = exp(-|x - y|^2 / (2 s^2)) b_j with x = vi(0, d), y = vj(1, d), b = vj(2, 1), s = pm(3, 1). */
    static Formula gaussian(int dim) {
        Formula x = Formulas.vi(0, dim);
        Formula y = Formulas.vj(1, dim);
        Formula s = Formulas.pm(3, 1);
        return Formulas.exp(Formulas.neg(Formulas.div(Formulas.sqdist(x, y),
                Formulas.mul(Formulas.constant(2.0), Formulas.square(s)))));
    }

    static double[] points(SplittableRandom r, int count, int dim, double half, Layout layout) {
        double[] p = new double[count * dim];
        double[] centre = new double[dim];
        for (int d = 0; d < dim; d++) {
            centre[d] = r.nextDouble(-3, 3);
        }
        for (int i = 0; i < count; i++) {
            for (int d = 0; d < dim; d++) {
                p[i * dim + d] = switch (layout) {
                    case UNIFORM -> centre[d] + r.nextDouble(-half, half);
                    // most points in a small ball, a few spread over the box
                    case CLUSTERED -> centre[d] + (i % 10 == 0 ? r.nextDouble(-half, half) : 1e-3 * half * r.nextDouble());
                    case ONE_POINT -> centre[d];
                };
            }
        }
        return p;
    }

    @ParameterizedTest(name = "{0}D tol={1} box/sigma={2} {3} seed={4}")
    @MethodSource("cases")
    void sumGradientAndLaplacianMeetTheTolerance(int dim, double tol, double boxOverSigma, Layout layout, long seed) {
        var r = new SplittableRandom(seed);
        double sigma = 0.3;
        int n = layout == Layout.ONE_POINT ? 1 : 1 + r.nextInt(150);
        int m = layout == Layout.ONE_POINT ? 1 : 1 + r.nextInt(150);
        double[] x = points(r, n, dim, boxOverSigma * sigma, layout);
        double[] y = points(r, m, dim, boxOverSigma * sigma, layout);
        double[] b = new double[m];
        double l1 = 0;
        for (int j = 0; j < m; j++) {
            b[j] = r.nextDouble(-1, 1); // mixed signs
            l1 += Math.abs(b[j]);
        }
        double[] sums = new double[n];
        double[] values = new double[n];
        double[] gradient = new double[n * dim];
        double[] laplacian = new double[n];
        try (var fast = FastKernelSum.gaussian(dim, sigma, tol)) {
            fast.setPoints(x, y);
            fast.sum(b, sums);
            fast.sumAndGradient(b, values, gradient);
            fast.laplacian(b, laplacian);
        }
        Formula k = gaussian(dim);
        Formula xi = Formulas.vi(0, dim);
        var data = ReductionData.of(n, m, x, y, b, new double[] {sigma});
        Formula bj = Formulas.vj(2, 1);
        double[] exact = ScalarReductions.evaluate(KernelReduction.overJ(Formulas.mul(k, bj), Reducer.SUM), data)
                .values();
        double[] exactGradient = ScalarReductions.evaluate(KernelReduction.overJ(
                Formulas.mul(Derivatives.grad(k, xi, Formulas.constant(1.0)), bj), Reducer.SUM), data).values();
        double[] exactLaplacian = ScalarReductions.evaluate(KernelReduction.overJ(
                Formulas.mul(Derivatives.laplacian(k, xi), bj), Reducer.SUM), data).values();
        String where = dim + "D tol " + tol + " box/sigma " + boxOverSigma + " " + layout + " seed " + seed + ": ";
        assertTrue(maxDiff(sums, exact) <= tol * l1, where + "sum E = " + maxDiff(sums, exact) / l1);
        assertTrue(maxDiff(values, exact) <= tol * l1, where + "sumAndGradient values E = " + maxDiff(values, exact) / l1);
        assertTrue(maxDiff(gradient, exactGradient) <= tol * l1 / sigma,
                where + "gradient E = " + maxDiff(gradient, exactGradient) * sigma / l1);
        assertTrue(maxDiff(laplacian, exactLaplacian) <= tol * l1 / (sigma * sigma),
                where + "Laplacian E = " + maxDiff(laplacian, exactLaplacian) * sigma * sigma / l1);
    }

    /**
     * The worst cases of the error budget, positive weights (errors add up coherently): sources
     * and targets on opposite corners of the box (the nearest periodic image is the sharpest),
     * and all sources in one tight cluster (every spreading error at one offset of the grid).
     */
    static Stream<Arguments> adversarialCases() {
        List<Arguments> list = new ArrayList<>();
        long seed = 2000;
        for (int dim = 1; dim <= 3; dim++) {
            for (double tol : new double[] {1e-3, 1e-6, 1e-9}) {
                for (double boxOverSigma : new double[] {0.5, 4, 12}) {
                    for (boolean corners : new boolean[] {true, false}) {
                        list.add(Arguments.of(dim, tol, boxOverSigma, corners, seed++));
                    }
                }
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0}D tol={1} box/sigma={2} corners={3} seed={4}")
    @MethodSource("adversarialCases")
    void positiveWeightsOnCornersAndTightClustersMeetTheTolerance(int dim, double tol, double boxOverSigma,
                                                                  boolean corners, long seed) {
        var r = new SplittableRandom(seed);
        double sigma = 0.3;
        double half = boxOverSigma * sigma;
        int n = 120;
        int m = 120;
        double[] x = new double[n * dim];
        double[] y = new double[m * dim];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) {
                double side = i % 2 == 0 ? 1 : -1;
                x[i * dim + d] = corners ? side * half * (1 - 1e-3 * r.nextDouble()) : r.nextDouble(-half, half);
                y[i * dim + d] = corners ? -side * half * (1 - 1e-3 * r.nextDouble())
                        : 0.123 * half + 1e-9 * r.nextDouble();
            }
        }
        double[] b = r.doubles(m, 0.5, 1).toArray();
        double l1 = Arrays.stream(b).sum();
        double[] sums = new double[n];
        double[] gradient = new double[n * dim];
        double[] values = new double[n];
        double[] laplacian = new double[n];
        try (var fast = FastKernelSum.gaussian(dim, sigma, tol)) {
            fast.setPoints(x, y);
            fast.sum(b, sums);
            fast.sumAndGradient(b, values, gradient);
            fast.laplacian(b, laplacian);
        }
        Formula k = gaussian(dim);
        Formula xi = Formulas.vi(0, dim);
        Formula bj = Formulas.vj(2, 1);
        var data = ReductionData.of(n, m, x, y, b, new double[] {sigma});
        double[] exact = ScalarReductions.evaluate(KernelReduction.overJ(Formulas.mul(k, bj), Reducer.SUM), data)
                .values();
        double[] exactGradient = ScalarReductions.evaluate(KernelReduction.overJ(
                Formulas.mul(Derivatives.grad(k, xi, Formulas.constant(1.0)), bj), Reducer.SUM), data).values();
        double[] exactLaplacian = ScalarReductions.evaluate(KernelReduction.overJ(
                Formulas.mul(Derivatives.laplacian(k, xi), bj), Reducer.SUM), data).values();
        String where = dim + "D tol " + tol + " box/sigma " + boxOverSigma + " corners " + corners + " seed " + seed
                + ": ";
        assertTrue(maxDiff(sums, exact) <= tol * l1, where + "sum E = " + maxDiff(sums, exact) / l1);
        assertTrue(maxDiff(values, exact) <= tol * l1, where + "sumAndGradient values E = " + maxDiff(values, exact) / l1);
        assertTrue(maxDiff(gradient, exactGradient) <= tol * l1 / sigma,
                where + "gradient E = " + maxDiff(gradient, exactGradient) * sigma / l1);
        assertTrue(maxDiff(laplacian, exactLaplacian) <= tol * l1 / (sigma * sigma),
                where + "Laplacian E = " + maxDiff(laplacian, exactLaplacian) * sigma * sigma / l1);
    }

    static Stream<Arguments> matrixCases() {
        List<Arguments> list = new ArrayList<>();
        long seed = 3000;
        for (int dim = 1; dim <= 3; dim++) {
            for (double tol : new double[] {1e-3, 1e-6, 1e-9, 1e-12}) {
                for (double boxOverSigma : new double[] {0.5, 4, 12}) {
                    list.add(Arguments.of(dim, tol, boxOverSigma, seed++));
                }
            }
        }
        return list.stream();
    }

    /**
     * max_i |a_i - a*_i| / |b|_1 over all weights b is the largest entry of the error matrix
     * (K~ - K)(x_i, y_j) (attained at a unit weight): with the M unit vectors stacked as weights,
     * the fast sum returns K~ itself, and every entry, gradient and Laplacian entry must be within
     * the tolerance (tol, tol / sigma, tol / sigma^2). Half the sources in a tight cluster (one
     * offset from the grid), every third target on a corner of the box, the rest uniform.
     */
    @ParameterizedTest(name = "{0}D tol={1} box/sigma={2} seed={3}")
    @MethodSource("matrixCases")
    void kernelMatrixIsWithinTheToleranceEntryByEntry(int dim, double tol, double boxOverSigma, long seed) {
        var r = new SplittableRandom(seed);
        double sigma = 0.3;
        double half = boxOverSigma * sigma;
        int n = 41;
        int m = 37;
        double[] x = new double[n * dim];
        double[] y = new double[m * dim];
        for (int i = 0; i < n; i++) { // every third target on a corner, the rest uniform
            for (int d = 0; d < dim; d++) {
                x[i * dim + d] = i % 3 == 0 ? ((i / 3 + d) % 2 == 0 ? half : -half) : r.nextDouble(-half, half);
            }
        }
        for (int j = 0; j < m; j++) { // half the sources in a tight cluster, some on a corner
            for (int d = 0; d < dim; d++) {
                y[j * dim + d] = j % 2 == 0 ? 0.37 * half + 1e-9 * r.nextDouble()
                        : j % 3 == 0 ? -half : r.nextDouble(-half, half);
            }
        }
        double[] unit = new double[m * m];
        for (int j = 0; j < m; j++) {
            unit[j * m + j] = 1;
        }
        double[] sums = new double[m * n];
        double[] values = new double[m * n];
        double[] gradient = new double[m * n * dim];
        double[] laplacian = new double[m * n];
        try (var fast = FastKernelSum.gaussian(dim, sigma, tol)) {
            fast.setPoints(x, y);
            fast.sum(unit, sums);
            fast.sumAndGradient(unit, values, gradient);
            fast.laplacian(unit, laplacian);
        }
        double worst = 0;
        double worstGradient = 0;
        double worstLaplacian = 0;
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                double r2 = 0;
                for (int d = 0; d < dim; d++) {
                    double t = x[i * dim + d] - y[j * dim + d];
                    r2 += t * t;
                }
                double k = Math.exp(-r2 / (2 * sigma * sigma));
                worst = Math.max(worst, Math.max(Math.abs(sums[j * n + i] - k), Math.abs(values[j * n + i] - k)));
                for (int d = 0; d < dim; d++) {
                    double g = -k * (x[i * dim + d] - y[j * dim + d]) / (sigma * sigma);
                    worstGradient = Math.max(worstGradient, Math.abs(gradient[(j * n + i) * dim + d] - g) * sigma);
                }
                double lap = k * (r2 / (sigma * sigma) - dim) / (sigma * sigma);
                worstLaplacian = Math.max(worstLaplacian, Math.abs(laplacian[j * n + i] - lap) * sigma * sigma);
            }
        }
        String where = dim + "D tol " + tol + " box/sigma " + boxOverSigma + " seed " + seed + ": ";
        assertTrue(worst <= tol, where + "kernel E = " + worst / tol + " tol");
        assertTrue(worstGradient <= tol, where + "gradient E = " + worstGradient / tol + " tol");
        assertTrue(worstLaplacian <= tol, where + "Laplacian E = " + worstLaplacian / tol + " tol");
    }

    static double maxDiff(double[] a, double[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    /** Stacked weight vectors (packed two per complex transform) give what one at a time gives. */
    @Test
    void stackedVectorsMatchSingleOnes() {
        var r = new SplittableRandom(77);
        int n = 90;
        int m = 70;
        double[] x = points(r, n, 2, 2, Layout.UNIFORM);
        double[] y = points(r, m, 2, 2, Layout.UNIFORM);
        double[] b = r.doubles(3 * m, -1, 1).toArray();
        try (var fast = FastKernelSum.gaussian(2, 0.5, 1e-8)) {
            fast.setPoints(x, y);
            double[] all = new double[3 * n];
            double[] allGradient = new double[3 * n * 2];
            fast.sumAndGradient(b, all, allGradient);
            for (int v = 0; v < 3; v++) {
                double[] one = new double[n];
                double[] oneGradient = new double[2 * n];
                fast.sumAndGradient(Arrays.copyOfRange(b, v * m, (v + 1) * m), one, oneGradient);
                assertArrayEquals(one, Arrays.copyOfRange(all, v * n, (v + 1) * n), 1e-9, "vector " + v);
                assertArrayEquals(oneGradient, Arrays.copyOfRange(allGradient, 2 * v * n, 2 * (v + 1) * n), 1e-8,
                        "gradient " + v);
            }
        }
    }

    /** The backward pass against central differences of the exact sum, for L = sum_i w_i a_i. */
    @Test
    void vjpMatchesFiniteDifferencesOfTheExactSum() {
        for (int dim = 1; dim <= 3; dim++) {
            var r = new SplittableRandom(900 + dim);
            int n = 25;
            int m = 30;
            double sigma = 0.4;
            double[] x = points(r, n, dim, 1.5, Layout.UNIFORM);
            double[] y = points(r, m, dim, 1.5, Layout.UNIFORM);
            double[] b = r.doubles(m, -1, 1).toArray();
            double[] w = r.doubles(n, -1, 1).toArray();
            double[] bBar = new double[m];
            double[] xBar = new double[n * dim];
            double[] yBar = new double[m * dim];
            try (var fast = FastKernelSum.gaussian(dim, sigma, 1e-10)) {
                fast.setPoints(x, y);
                fast.vjp(b, w, bBar, xBar, yBar);
            }
            double h = 1e-5;
            for (int j = 0; j < m; j++) {
                double[] bp = b.clone();
                double[] bm = b.clone();
                bp[j] += h;
                bm[j] -= h;
                double fd = (loss(x, y, bp, w, sigma, dim) - loss(x, y, bm, w, sigma, dim)) / (2 * h);
                assertEquals(fd, bBar[j], 1e-7, dim + "D weightsBar[" + j + "]");
            }
            for (int c = 0; c < n * dim; c++) {
                double[] xp = x.clone();
                double[] xm = x.clone();
                xp[c] += h;
                xm[c] -= h;
                double fd = (loss(xp, y, b, w, sigma, dim) - loss(xm, y, b, w, sigma, dim)) / (2 * h);
                assertEquals(fd, xBar[c], 1e-6, dim + "D targetsBar[" + c + "]");
            }
            for (int c = 0; c < m * dim; c++) {
                double[] yp = y.clone();
                double[] ym = y.clone();
                yp[c] += h;
                ym[c] -= h;
                double fd = (loss(x, yp, b, w, sigma, dim) - loss(x, ym, b, w, sigma, dim)) / (2 * h);
                assertEquals(fd, yBar[c], 1e-6, dim + "D sourcesBar[" + c + "]");
            }
        }
    }

    /** L = sum_i w_i sum_j b_j K(x_i - y_j), summed directly. */
    static double loss(double[] x, double[] y, double[] b, double[] w, double sigma, int dim) {
        int n = x.length / dim;
        int m = y.length / dim;
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int d = 0; d < dim; d++) {
                    double t = x[i * dim + d] - y[j * dim + d];
                    s += t * t;
                }
                total += w[i] * b[j] * Math.exp(-s / (2 * sigma * sigma));
            }
        }
        return total;
    }

    @Test
    void badInputIsRejectedNamingTheArgument() {
        assertMessage(() -> FastKernelSum.gaussian(4, 1, 1e-6), "dimension");
        assertMessage(() -> FastKernelSum.gaussian(2, 0, 1e-6), "sigma");
        assertMessage(() -> FastKernelSum.gaussian(2, Double.NaN, 1e-6), "sigma");
        assertMessage(() -> FastKernelSum.gaussian(2, 1, 0.5), "tolerance");
        assertMessage(() -> FastKernelSum.gaussian(2, 1, 1e-14), "tolerance");
        try (var fast = FastKernelSum.gaussian(2, 0.5, 1e-6)) {
            assertThrows(IllegalStateException.class, () -> fast.sum(new double[2], new double[2]));
            assertMessage(() -> fast.setPoints(new double[3], new double[4]), "targets.length");
            assertMessage(() -> fast.setPoints(new double[] {0, Double.NaN}, new double[4]), "targets[1]");
            fast.setPoints(new double[4], new double[6]);
            double[] out = {7, 7};
            assertMessage(() -> fast.sum(new double[4], out), "weights.length");
            assertMessage(() -> fast.sum(new double[] {1, Double.POSITIVE_INFINITY, 0}, out), "weights[1]");
            assertMessage(() -> fast.sum(new double[3], new double[3]), "out.length");
            assertArrayEquals(new double[] {7, 7}, out, "nothing written");
            // an output that is also an input (N = M here) is refused, nothing written
            fast.setPoints(new double[] {0, 0, 0.1, 0.2}, new double[] {0.3, 0, 0, 0.1});
            double[] same = {1, 2};
            assertMessage(() -> fast.sum(same, same), "different arrays");
            assertMessage(() -> fast.vjp(same, new double[2], same, new double[4], new double[4]), "different arrays");
            assertArrayEquals(new double[] {1, 2}, same, "nothing written");
            // a kernel far too narrow for the box: refused before allocating, pointing to the direct reduction
            assertMessage(() -> fast.setPoints(new double[] {0, 0, 1e4, 1e4}, new double[2]), "direct reduction");
        }
    }

    /** Spellings of the Gaussian sum that tryFrom recognises, and near misses it must refuse. */
    @Test
    void tryFromRecognisesGaussianSumsOnly() {
        int dim = 2;
        Formula x = Formulas.vi(0, dim);
        Formula y = Formulas.vj(1, dim);
        Formula b = Formulas.vj(2, 1);
        Formula s = Formulas.pm(3, 1);
        Formula d2 = Formulas.sqdist(x, y);
        var recognised = List.of(
                Formulas.mul(gaussian(dim), b),
                Formulas.mul(b, gaussian(dim)),
                Formulas.mul(Formulas.exp(Formulas.mul(Formulas.constant(-2.0), d2)), b),
                Formulas.mul(Formulas.exp(Formulas.div(Formulas.neg(d2), Formulas.mul(s, s))), b),
                Formulas.exp(Formulas.mul(d2, Formulas.constant(-0.5)))); // no weights: b = 1
        var r = new SplittableRandom(4);
        int n = 60;
        int m = 80;
        double[] xs = points(r, n, dim, 1, Layout.UNIFORM);
        double[] ys = points(r, m, dim, 1, Layout.UNIFORM);
        double[] bs = r.doubles(m, -1, 1).toArray();
        var data = ReductionData.of(n, m, xs, ys, bs, new double[] {0.6});
        double l1 = Arrays.stream(bs).map(Math::abs).sum();
        for (Formula f : recognised) {
            var reduction = KernelReduction.overJ(f, Reducer.SUM);
            var fast = FastKernelSum.tryFrom(reduction, 1e-8).orElseThrow(() -> new AssertionError("not recognised: " + f));
            double[] exact = ScalarReductions.evaluate(reduction, data).values();
            double[] got = fast.evaluate(data).values();
            double scale = f.children().contains(b) ? l1 : m;
            assertTrue(maxDiff(got, exact) <= 1e-8 * scale, f + ": E = " + maxDiff(got, exact) / scale);
        }
        var refused = List.of(
                Formulas.mul(Formulas.exp(Formulas.mul(Formulas.constant(-2.0), Formulas.sqdist(x, Formulas.vi(4, dim)))),
                        b), // x against x: not a sum over sources
                Formulas.mul(Formulas.exp(Formulas.neg(Formulas.sqrt(d2))), b), // a Laplace kernel
                Formulas.mul(Formulas.exp(Formulas.mul(Formulas.neg(d2), d2)), b), // exp(-d^4)
                Formulas.mul(gaussian(dim), Formulas.vi(5, 1))); // an i-weight
        for (Formula f : refused) {
            assertTrue(FastKernelSum.tryFrom(KernelReduction.overJ(f, Reducer.SUM), 1e-6).isEmpty(), "recognised: " + f);
        }
        assertTrue(FastKernelSum.tryFrom(KernelReduction.overJ(Formulas.mul(gaussian(dim), b), Reducer.MAX), 1e-6)
                .isEmpty(), "a MAX reduction");
        assertTrue(FastKernelSum.tryFrom(KernelReduction.overI(Formulas.mul(gaussian(dim), b), Reducer.SUM), 1e-6)
                .isEmpty(), "a sum over i");
    }

    static void assertMessage(Runnable call, String fragment) {
        var e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
