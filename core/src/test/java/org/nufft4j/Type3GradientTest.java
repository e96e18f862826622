package org.nufft4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The type 3 gradient forms (docs/design.md, "Type 3", "Gradient forms") against the direct
 * sums of the derivatives: dipoles, target gradients, the adjoint's source gradients; the
 * adjoint identity between the dipole form and the source gradients; finite differences of
 * the direct sum only (to check the oracles themselves); bitwise across thread counts; bad
 * input named and nothing written.
 *
 * <p>The pin, as README "Gradient forms" states it for types 1 and 2, with ups the upsampling:
 * target gradients {@code |g - g*| <= 4 tol (|g*| + ups |x|max |f*|)}, dipoles {@code |f - f*|
 * <= 4 tol (|f*| + ups |s|max |D*|)} (D* the plain type 3 of the dipole components), source
 * gradients {@code |g - g*| <= 4 tol (|g*| + ups |s|max |c*|)}; |x|max and |s|max the largest
 * Euclidean norms of the sources and of the targets.
 */
class Type3GradientTest {

    static final double FACTOR = 4.0;

    static Stream<Arguments> cases() {
        double[] tolerances = {1e-2, 1e-4, 1e-6, 1e-9, 1e-12};
        List<Arguments> list = new ArrayList<>();
        long seed = 7000;
        for (int dim = 1; dim <= 3; dim++) {
            for (double tol : tolerances) {
                for (int isign : new int[] {-1, 1}) {
                    for (boolean offset : new boolean[] {false, true}) {
                        list.add(Arguments.of(dim, tol, isign, offset, seed++));
                    }
                }
            }
        }
        return list.stream();
    }

    /** The three forms against their direct sums; prints the ratios to the pinned bound. */
    @ParameterizedTest(name = "dim={0} tol={1} isign={2} offset={3} seed={4}")
    @MethodSource("cases")
    void formsMatchDirectSums(int dim, double tol, int isign, boolean offset, long seed) {
        int m = 400 + (int) (seed % 7) * 40;
        int n = 300 + (int) (seed % 5) * 50;
        double[][][] g = Type3Test.geometry(seed, dim, m, n, offset);
        double[][] x = g[0];
        double[][] s = g[1];
        double[] c = TestData.complex(seed + 2, m);
        double[] dip = TestData.complex(seed + 3, m * dim);
        double[] fIn = TestData.complex(seed + 4, n);
        double[] fd = new double[2 * n];
        double[] f = new double[2 * n];
        double[] grad = new double[2 * n * dim];
        double[] back = new double[2 * m];
        double[] backGrad = new double[2 * m * dim];
        double ups;
        try (var plan = NufftPlan.createType3(dim, isign, tol)) {
            plan.setPoints(x, s);
            ups = plan.upsamplingFactors()[0]; // the factors follow the points (cost model)
            plan.executeDipoles(c, dip, fd);
            plan.executeGradient(c, f, grad);
            plan.executeAdjointGradient(fIn, back, backGrad);
        }
        double xMax = maxNorm(x);
        double sMax = maxNorm(s);
        // dipoles: scale |f*| + ups |s|max |D*|, D* the plain type 3 of every dipole component
        double[] fdExact = DirectSum.type3Dipoles(x, c, dip, s, isign);
        double plainDip = 0;
        for (int d = 0; d < dim; d++) {
            double[] comp = java.util.Arrays.copyOfRange(dip, 2 * d * m, 2 * (d + 1) * m);
            plainDip = Math.hypot(plainDip, Type3Test.norm(DirectSum.type3(x, comp, s, isign)));
        }
        double rDip = distance(fd, fdExact) / (tol * (Type3Test.norm(fdExact) + ups * sMax * plainDip));
        double[][] fg = DirectSum.type3Gradient(x, c, s, isign);
        double errF = TestData.relativeError(f, fg[0]);
        double rGrad = distance(grad, fg[1]) / (tol * (Type3Test.norm(fg[1]) + ups * xMax * Type3Test.norm(fg[0])));
        double[][] bg = DirectSum.type3Gradient(s, fIn, x, -isign);
        double errB = TestData.relativeError(back, bg[0]);
        double rBack = distance(backGrad, bg[1]) / (tol * (Type3Test.norm(bg[1]) + ups * sMax * Type3Test.norm(bg[0])));
        String line = String.format(Locale.ROOT,
                "type3 grad dim=%d tol=%.0e isign=%+d offset=%b: values %.2e (%.2f tol) | ratio to bound: dipoles %.3f,"
                        + " target gradient %.3f, source gradient %.3f | relative: dipoles %.2e, target gradient %.2e,"
                        + " adjoint %.2e, source gradient %.2e",
                dim, tol, isign, offset, errF, errF / tol, rDip, rGrad, rBack, TestData.relativeError(fd, fdExact),
                TestData.relativeError(grad, fg[1]), errB, TestData.relativeError(backGrad, bg[1]));
        System.out.println(line);
        assertTrue(errF <= Type3Test.FACTOR * tol, () -> "seed " + seed + ": " + line);
        assertTrue(errB <= Type3Test.FACTOR * tol, () -> "seed " + seed + ": " + line);
        assertTrue(rDip <= FACTOR && rGrad <= FACTOR && rBack <= FACTOR, () -> "seed " + seed + ": " + line);
    }

    /**
     * {@code <F(c, d), y> = <c, A y> + <d, grad_x A y>} (F the dipole form, A the adjoint):
     * the fast dipole form and the fast adjoint gradient are exact transposes, to rounding.
     */
    @Test
    void dipolesAreTheTransposeOfSourceGradients() {
        for (int dim = 1; dim <= 3; dim++) {
            for (int isign : new int[] {-1, 1}) {
                long seed = 71 + 2L * dim + isign;
                int m = 600;
                int n = 500;
                double[][][] g = Type3Test.geometry(seed, dim, m, n, true);
                double[] c = TestData.complex(seed + 2, m);
                double[] dip = TestData.complex(seed + 3, m * dim);
                double[] y = TestData.complex(seed + 4, n);
                double[] f = new double[2 * n];
                double[] back = new double[2 * m];
                double[] backGrad = new double[2 * m * dim];
                try (var plan = NufftPlan.createType3(dim, isign, 1e-6)) {
                    plan.setPoints(g[0], g[1]);
                    plan.executeDipoles(c, dip, f);
                    plan.executeAdjointGradient(y, back, backGrad);
                }
                double[] lhs = Type3Test.dot(f, y);
                double[] r1 = Type3Test.dot(c, back);
                double[] r2 = Type3Test.dot(dip, backGrad);
                double scale = Type3Test.norm(f) * Type3Test.norm(y);
                double gap = Math.hypot(lhs[0] - r1[0] - r2[0], lhs[1] - r1[1] - r2[1]) / scale;
                int d = dim;
                assertTrue(gap <= 1e-13, () -> "dim " + d + " isign " + isign + " seed " + seed
                        + ": <F(c, d), y> - <c, A y> - <d, grad A y> = " + gap + " relative");
            }
        }
    }

    /**
     * The oracles themselves against central differences of DirectSum.type3 (the only finite
     * differences here): moving the targets gives the target gradient, moving the sources by
     * t v gives the dipole form with {@code d_j = c_j v_j} minus the plain sum, over t.
     */
    @Test
    void oraclesMatchFiniteDifferencesOfTheDirectSum() {
        long seed = 88;
        int m = 40;
        int n = 30;
        double h = 1e-6;
        for (int dim = 1; dim <= 3; dim++) {
            double[][][] g = Type3Test.geometry(seed + dim, dim, m, n, true);
            double[][] x = g[0];
            double[][] s = g[1];
            double[] c = TestData.complex(seed + 10 + dim, m);
            double[][] v = TestData.points(seed + 20 + dim, dim, m, -1, 1);
            double[][] w = TestData.points(seed + 30 + dim, dim, n, -1, 1);
            // d/dt f(s + t w) = sum_d w_d grad_d f
            double[][] fg = DirectSum.type3Gradient(x, c, s, -1);
            double[] fdS = centralDifference(t -> DirectSum.type3(x, c, shift(s, w, t), -1), h);
            double[] dirS = new double[2 * n];
            for (int k = 0; k < n; k++) {
                for (int d = 0; d < dim; d++) {
                    dirS[2 * k] += w[d][k] * fg[1][2 * (d * n + k)];
                    dirS[2 * k + 1] += w[d][k] * fg[1][2 * (d * n + k) + 1];
                }
            }
            // d/dt f(x + t v) = the dipole form with zero strengths and d_j = c_j v_j
            double[] dip = new double[2 * m * dim];
            for (int d = 0; d < dim; d++) {
                for (int j = 0; j < m; j++) {
                    dip[2 * (d * m + j)] = c[2 * j] * v[d][j];
                    dip[2 * (d * m + j) + 1] = c[2 * j + 1] * v[d][j];
                }
            }
            double[] dirX = DirectSum.type3Dipoles(x, new double[2 * m], dip, s, -1);
            double[] fdX = centralDifference(t -> DirectSum.type3(shift(x, v, t), c, s, -1), h);
            double eS = TestData.relativeError(fdS, dirS);
            double eX = TestData.relativeError(fdX, dirX);
            int d = dim;
            assertTrue(eS <= 1e-7 && eX <= 1e-7, () -> "dim " + d + " seed " + (seed + d)
                    + ": finite differences of the direct sum vs its derivatives: targets " + eS + ", sources " + eX);
        }
    }

    /**
     * Data whose exact target gradient is small where the values are not: sources in pairs
     * +-x_j with equal strengths, so grad_s f(0) = 0 and grad_s f(s) = O(|s| |x|^2 |c|) for
     * targets near 0. The relative gradient error is then far above tol (a bound relative to
     * |g*| alone cannot hold), but the pinned bound holds.
     */
    @Test
    void boundHoldsWhereTheRelativeErrorCannot() {
        long seed = 99;
        int half = 300;
        int n = 200;
        for (int dim = 1; dim <= 3; dim++) {
            double[][] x0 = TestData.points(seed + dim, dim, half, -Math.PI, Math.PI);
            double[][] x = new double[dim][2 * half];
            for (int d = 0; d < dim; d++) {
                for (int j = 0; j < half; j++) {
                    x[d][j] = x0[d][j];
                    x[d][half + j] = -x0[d][j];
                }
            }
            double[] c0 = TestData.complex(seed + 10 + dim, half);
            double[] c = new double[4 * half];
            System.arraycopy(c0, 0, c, 0, 2 * half);
            System.arraycopy(c0, 0, c, 2 * half, 2 * half);
            // targets in a box of half-width 20, all but a few within 1e-3 of 0
            double[][] s = TestData.points(seed + 20 + dim, dim, n, -1e-3, 1e-3);
            for (int d = 0; d < dim; d++) {
                s[d][0] = 20;
                s[d][1] = -20;
            }
            double tol = 1e-6;
            double[] f = new double[2 * n];
            double[] grad = new double[2 * n * dim];
            double ups;
            try (var plan = NufftPlan.createType3(dim, 1, tol)) {
                plan.setPoints(x, s);
                ups = plan.upsamplingFactors()[0];
                plan.executeGradient(c, f, grad);
            }
            double[][] exact = DirectSum.type3Gradient(x, c, s, 1);
            int[] inner = java.util.stream.IntStream.range(2, n).toArray();
            double relInner = distance(select(grad, inner, n, dim), select(exact[1], inner, n, dim))
                    / Type3Test.norm(select(exact[1], inner, n, dim));
            double ratio = distance(grad, exact[1])
                    / (tol * (Type3Test.norm(exact[1]) + ups * maxNorm(x) * Type3Test.norm(exact[0])));
            int d = dim;
            System.out.printf(Locale.ROOT, "type3 low-moment data dim=%d: relative gradient error near s = 0 %.2e,"
                    + " ratio to bound %.3f%n", dim, relInner, ratio);
            assertTrue(ratio <= FACTOR, () -> "dim " + d + " seed " + (seed + d) + ": ratio to bound " + ratio);
        }
    }

    /** Batches of 3 equal the transforms run one by one, bit for bit; 1 and 2 threads agree bitwise. */
    @Test
    void batchesAndThreadsBitwise() {
        for (int dim = 1; dim <= 3; dim++) {
            long seed = 130 + dim;
            int m = 3000;
            int n = 2500;
            int batch = 3;
            double[][][] g = Type3Test.geometry(seed, dim, m, n, true);
            double[] c = TestData.complex(seed + 2, m * batch);
            double[] dip = TestData.complex(seed + 3, m * dim * batch);
            double[] y = TestData.complex(seed + 4, n * batch);
            double[][][] runs = new double[3][][];
            for (int t = 0; t < 2; t++) {
                var options = NufftOptions.defaults().withThreads(t + 1).withBatchSize(batch);
                try (var plan = NufftPlan.createType3(dim, -1, 1e-7, options)) {
                    runs[t] = forms(plan, g, c, dip, y, m, n, dim, batch);
                }
            }
            double[][] one = new double[5][];
            try (var plan = NufftPlan.createType3(dim, -1, 1e-7, NufftOptions.defaults().withThreads(2))) {
                for (int b = 0; b < batch; b++) {
                    double[][] r = forms(plan, g, slice(c, b, 2 * m), slice(dip, b, 2 * m * dim), slice(y, b, 2 * n),
                            m, n, dim, 1);
                    for (int i = 0; i < r.length; i++) {
                        one[i] = one[i] == null ? r[i] : concat(one[i], r[i]);
                    }
                }
            }
            runs[2] = one;
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(runs[0][i], runs[1][i], "dim " + dim + " output " + i + ": 1 vs 2 threads");
                assertArrayEquals(runs[1][i], runs[2][i], "dim " + dim + " output " + i + ": batch vs one by one");
            }
        }
    }

    /** Float plans: within the same bound of the exact sums at 1e-2 .. 1e-5 (phases stay double). */
    @Test
    void floatPlansMatchDirectSums() {
        long seed = 1900;
        for (int dim = 1; dim <= 3; dim++) {
            for (double tol : new double[] {1e-2, 1e-4, 1e-5}) {
                long sd = seed++;
                int m = 500;
                int n = 400;
                double[][][] g = Type3Test.geometry(sd, dim, m, n, true);
                double[] c = TestData.complex(sd + 2, m);
                double[] dip = TestData.complex(sd + 3, m * dim);
                double[] y = TestData.complex(sd + 4, n);
                float[] fd = new float[2 * n];
                float[] f = new float[2 * n];
                float[] grad = new float[2 * n * dim];
                float[] back = new float[2 * m];
                float[] backGrad = new float[2 * m * dim];
                double ups;
                try (var plan = NufftPlan.createType3(dim, 1, tol,
                        NufftOptions.defaults().withPrecision(Precision.FLOAT))) {
                    plan.setPoints(g[0], g[1]);
                    ups = plan.upsamplingFactors()[0];
                    plan.executeDipoles(TestData.toFloat(c), TestData.toFloat(dip), fd);
                    plan.executeGradient(TestData.toFloat(c), f, grad);
                    plan.executeAdjointGradient(TestData.toFloat(y), back, backGrad);
                }
                double[][] fg = DirectSum.type3Gradient(g[0], c, g[1], 1);
                double[][] bg = DirectSum.type3Gradient(g[1], y, g[0], -1);
                double[] fdExact = DirectSum.type3Dipoles(g[0], c, dip, g[1], 1);
                double xMax = maxNorm(g[0]);
                double sMax = maxNorm(g[1]);
                double rGrad = distance(TestData.toDouble(grad), fg[1])
                        / (tol * (Type3Test.norm(fg[1]) + ups * xMax * Type3Test.norm(fg[0])));
                double rBack = distance(TestData.toDouble(backGrad), bg[1])
                        / (tol * (Type3Test.norm(bg[1]) + ups * sMax * Type3Test.norm(bg[0])));
                // |D*| <= |d| sqrt(N) is not needed: the plain part alone bounds below, use the
                // relative error of the dipole form against its own norm plus the plain scale
                double plainDip = 0;
                for (int d = 0; d < dim; d++) {
                    double[] comp = java.util.Arrays.copyOfRange(dip, 2 * d * m, 2 * (d + 1) * m);
                    plainDip = Math.hypot(plainDip, Type3Test.norm(DirectSum.type3(g[0], comp, g[1], 1)));
                }
                double rDip = distance(TestData.toDouble(fd), fdExact)
                        / (tol * (Type3Test.norm(fdExact) + ups * sMax * plainDip));
                double errF = TestData.relativeError(TestData.toDouble(f), fg[0]);
                double errB = TestData.relativeError(TestData.toDouble(back), bg[0]);
                int d = dim;
                double t = tol;
                String line = String.format(Locale.ROOT, "float type3 grad dim=%d tol=%.0e seed %d: values %.2e,"
                        + " adjoint %.2e, ratios dipoles %.3f, target gradient %.3f, source gradient %.3f",
                        d, t, sd, errF, errB, rDip, rGrad, rBack);
                System.out.println(line);
                assertTrue(errF <= Type3Test.FACTOR * tol && errB <= Type3Test.FACTOR * tol, line);
                assertTrue(rDip <= FACTOR && rGrad <= FACTOR && rBack <= FACTOR, line);
            }
        }
    }

    /** M = 0: values and gradients are empty sums (zero); N = 0 writes nothing. */
    @Test
    void emptySets() {
        try (var plan = NufftPlan.createType3(2, 1, 1e-6)) {
            double[][] none = {new double[0], new double[0]};
            double[][] some = TestData.points(5, 2, 7, -3, 3);
            plan.setPoints(none, some);
            double[] f = new double[14];
            double[] grad = new double[28];
            java.util.Arrays.fill(f, 9);
            java.util.Arrays.fill(grad, 9);
            plan.executeGradient(new double[0], f, grad);
            assertArrayEquals(new double[14], f);
            assertArrayEquals(new double[28], grad);
            java.util.Arrays.fill(f, 9);
            plan.executeDipoles(new double[0], new double[0], f);
            assertArrayEquals(new double[14], f);
            plan.executeAdjointGradient(TestData.complex(6, 7), new double[0], new double[0]);
            plan.setPoints(some, none);
            double[] c = new double[14];
            double[] cg = new double[28];
            java.util.Arrays.fill(c, 9);
            java.util.Arrays.fill(cg, 9);
            plan.executeAdjointGradient(new double[0], c, cg);
            assertArrayEquals(new double[14], c);
            assertArrayEquals(new double[28], cg);
        }
    }

    /** One source and one target, all sources equal, all targets equal: against the direct sums. */
    @Test
    void degenerateBoxes() {
        long seed = 950;
        for (int dim = 1; dim <= 3; dim++) {
            for (int variant = 0; variant < 3; variant++) {
                long sd = seed++;
                int m = variant == 2 ? 1 : 200;
                int n = variant == 2 ? 1 : 150;
                double[][][] g = Type3Test.geometry(sd, dim, m, n, true);
                for (int d = 0; d < dim; d++) {
                    if (variant == 0) {
                        java.util.Arrays.fill(g[0][d], 1.25 + d);
                    } else if (variant == 1) {
                        java.util.Arrays.fill(g[1][d], -7.5 * (d + 1));
                    }
                }
                double[] c = TestData.complex(sd + 2, m);
                double[] dip = TestData.complex(sd + 3, m * dim);
                double[] y = TestData.complex(sd + 4, n);
                double[][] r;
                try (var plan = NufftPlan.createType3(dim, -1, 1e-9)) {
                    r = forms(plan, g, c, dip, y, m, n, dim, 1);
                }
                double[][] fg = DirectSum.type3Gradient(g[0], c, g[1], -1);
                double[][] bg = DirectSum.type3Gradient(g[1], y, g[0], 1);
                double[] fdExact = DirectSum.type3Dipoles(g[0], c, dip, g[1], -1);
                double[] errs = {
                    TestData.relativeError(r[0], fdExact), TestData.relativeError(r[1], fg[0]),
                    distance(r[2], fg[1]) / (Type3Test.norm(fg[1]) + maxNorm(g[0]) * Type3Test.norm(fg[0])),
                    TestData.relativeError(r[3], bg[0]),
                    distance(r[4], bg[1]) / (Type3Test.norm(bg[1]) + maxNorm(g[1]) * Type3Test.norm(bg[0]))};
                int d = dim;
                int v = variant;
                for (double e : errs) {
                    assertTrue(e <= 8e-9, () -> "dim " + d + " variant " + v + " seed " + sd + ": errors "
                            + java.util.Arrays.toString(errs));
                }
            }
        }
    }

    @Test
    void badInputFailsFastNamingTheArgument() {
        try (var plan = NufftPlan.createType3(2, 1, 1e-6)) {
            double[][][] g = Type3Test.geometry(9, 2, 10, 6, false);
            assertThrows(IllegalStateException.class, () -> plan.executeAdjointGradient(new double[12], new double[20],
                    new double[40]));
            plan.setPoints(g[0], g[1]);
            double[] out = new double[12];
            double[] grad = new double[24];
            double[] back = new double[20];
            double[] backGrad = new double[40];
            java.util.Arrays.fill(out, 5);
            java.util.Arrays.fill(grad, 5);
            java.util.Arrays.fill(back, 5);
            java.util.Arrays.fill(backGrad, 5);
            message(() -> plan.executeDipoles(new double[20], new double[30], out), "dipoles.length = 30",
                    "2 * M * dim * batchSize = 40");
            message(() -> plan.executeDipoles(new double[18], new double[40], out), "strengths.length = 18");
            message(() -> plan.executeGradient(new double[20], out, new double[12]), "targetGradient.length = 12",
                    "2 * N * dim * batchSize = 24");
            message(() -> plan.executeGradient(new double[20], new double[10], grad), "out.length = 10");
            message(() -> plan.executeAdjointGradient(new double[12], back, new double[20]),
                    "sourceGradient.length = 20", "2 * M * dim * batchSize = 40");
            message(() -> plan.executeAdjointGradient(new double[10], back, backGrad), "in.length = 10");
            message(() -> plan.executeGradient(new double[20], grad, grad), "different arrays");
            message(() -> plan.executeAdjointGradient(new double[12], back, back), "different arrays");
            message(() -> plan.executeAdjointGradient(new float[12], new float[20], new float[40]), "precision");
            assertThrows(NullPointerException.class, () -> plan.executeAdjointGradient(new double[12], back, null));
            double[] five = new double[40];
            java.util.Arrays.fill(five, 5);
            assertArrayEquals(java.util.Arrays.copyOf(five, 12), out, "nothing written on rejected arguments");
            assertArrayEquals(java.util.Arrays.copyOf(five, 24), grad, "nothing written on rejected arguments");
            assertArrayEquals(java.util.Arrays.copyOf(five, 20), back, "nothing written on rejected arguments");
            assertArrayEquals(five, backGrad, "nothing written on rejected arguments");
        }
        try (var t2 = NufftPlan.create(NufftType.TYPE_2, new int[] {8}, 1, 1e-6)) {
            t2.setPoints(new double[] {1, 2});
            assertThrows(IllegalStateException.class, () -> t2.executeAdjointGradient(new double[16], new double[4],
                    new double[4]));
        }
    }

    /** executeDipoles, executeGradient (values, gradient), executeAdjointGradient (values, gradient). */
    private static double[][] forms(NufftPlan plan, double[][][] g, double[] c, double[] dip, double[] y, int m, int n,
                                    int dim, int batch) {
        double[] fd = new double[2 * n * batch];
        double[] f = new double[2 * n * batch];
        double[] grad = new double[2 * n * dim * batch];
        double[] back = new double[2 * m * batch];
        double[] backGrad = new double[2 * m * dim * batch];
        plan.setPoints(g[0], g[1]);
        plan.executeDipoles(c, dip, fd);
        plan.executeGradient(c, f, grad);
        plan.executeAdjointGradient(y, back, backGrad);
        return new double[][] {fd, f, grad, back, backGrad};
    }

    private static double[] slice(double[] a, int b, int length) {
        return java.util.Arrays.copyOfRange(a, b * length, (b + 1) * length);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static double[] select(double[] grad, int[] indices, int n, int dim) {
        double[] r = new double[2 * indices.length * dim];
        for (int d = 0; d < dim; d++) {
            for (int q = 0; q < indices.length; q++) {
                r[2 * (d * indices.length + q)] = grad[2 * (d * n + indices[q])];
                r[2 * (d * indices.length + q) + 1] = grad[2 * (d * n + indices[q]) + 1];
            }
        }
        return r;
    }

    private static double[][] shift(double[][] p, double[][] v, double t) {
        double[][] r = new double[p.length][];
        for (int d = 0; d < p.length; d++) {
            r[d] = p[d].clone();
            for (int j = 0; j < r[d].length; j++) {
                r[d][j] += t * v[d][j];
            }
        }
        return r;
    }

    private static double[] centralDifference(java.util.function.DoubleFunction<double[]> f, double h) {
        double[] a = f.apply(h);
        double[] b = f.apply(-h);
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = (a[i] - b[i]) / (2 * h);
        }
        return r;
    }

    private static void message(org.junit.jupiter.api.function.Executable call, String... parts) {
        var e = assertThrows(IllegalArgumentException.class, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "message lacks '" + part + "': " + e.getMessage());
        }
    }

    static double maxNorm(double[][] p) {
        double r = 0;
        for (int j = 0; j < p[0].length; j++) {
            double q = 0;
            for (double[] c : p) {
                q += c[j] * c[j];
            }
            r = Math.max(r, q);
        }
        return Math.sqrt(r);
    }

    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }
}
