package org.nufft4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.nufft4j.kernel.EsKernel;

/**
 * The type 3 upsampling choice (docs/design.md, "Type 3", "Upsampling"): every pair of
 * candidate factors the cost model may pick meets the 2x pin of {@link Type3Test} (plain and
 * adjoint) and the gradient pin of {@link Type3GradientTest} against the exact sums; the rule
 * picks the pair of least modelled cost, which is (2, 2) when spreading dominates and smaller
 * factors when the FFT does; a forced factor overrides it; the heap and index check of the
 * gradient forms' work array.
 */
class Type3UpsamplingTest {

    static Stream<Arguments> pairs() {
        List<Arguments> list = new ArrayList<>();
        long seed = 9100;
        for (int dim = 1; dim <= 3; dim++) {
            for (double tol : new double[] {1e-3, 1e-6, 1e-9}) {
                for (double o : Type3Plan.CANDIDATES) {
                    for (double i : Type3Plan.CANDIDATES) {
                        list.add(Arguments.of(dim, tol, o, i, seed++));
                    }
                }
            }
        }
        return list.stream();
    }

    private static boolean reachable(double tol, double sigma, int dim) {
        try {
            EsKernel.forTolerance(tol, sigma, dim);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Plain, adjoint and the three gradient forms at a forced candidate pair, offset boxes. */
    @ParameterizedTest(name = "dim={0} tol={1} outer={2} inner={3} seed={4}")
    @MethodSource("pairs")
    void everyCandidatePairMeetsThePins(int dim, double tol, double outer, double inner, long seed) {
        int isign = seed % 2 == 0 ? 1 : -1;
        int m = 300 + (int) (seed % 5) * 40;
        int n = 250 + (int) (seed % 3) * 50;
        double[][][] g = Type3Test.geometry(seed, dim, m, n, true);
        double[] c = TestData.complex(seed + 2, m);
        double[] fIn = TestData.complex(seed + 3, n);
        double[] dip = TestData.complex(seed + 4, m * dim);
        double[] f = new double[2 * n];
        double[] back = new double[2 * m];
        double[] fd = new double[2 * n];
        double[] f2 = new double[2 * n];
        double[] grad = new double[2 * n * dim];
        double[] back2 = new double[2 * m];
        double[] backGrad = new double[2 * m * dim];
        try (var plan = NufftPlan.createType3(dim, isign, tol)) {
            if (!reachable(tol, outer, dim) || !reachable(tol, inner, dim)) {
                assertThrows(IllegalArgumentException.class, () -> plan.type3Plan().forceFactors(
                        new double[] {outer, inner}), "a candidate out of reach cannot be chosen");
                return;
            }
            plan.type3Plan().forceFactors(new double[] {outer, inner});
            plan.setPoints(g[0], g[1]);
            assertArrayEquals(new double[] {outer, inner}, plan.upsamplingFactors());
            plan.execute(c, f);
            plan.executeAdjoint(fIn, back);
            plan.executeDipoles(c, dip, fd);
            plan.executeGradient(c, f2, grad);
            plan.executeAdjointGradient(fIn, back2, backGrad);
        }
        double err = TestData.relativeError(f, DirectSum.type3(g[0], c, g[1], isign));
        double errAdj = TestData.relativeError(back, DirectSum.type3(g[1], fIn, g[0], -isign));
        double ups = Math.max(outer, inner);
        double xMax = maxNorm(g[0]);
        double sMax = maxNorm(g[1]);
        double[] fdExact = DirectSum.type3Dipoles(g[0], c, dip, g[1], isign);
        double plainDip = 0;
        for (int d = 0; d < dim; d++) {
            double[] comp = java.util.Arrays.copyOfRange(dip, 2 * d * m, 2 * (d + 1) * m);
            plainDip = Math.hypot(plainDip, Type3Test.norm(DirectSum.type3(g[0], comp, g[1], isign)));
        }
        double rDip = distance(fd, fdExact) / (tol * (Type3Test.norm(fdExact) + ups * sMax * plainDip));
        double[][] fg = DirectSum.type3Gradient(g[0], c, g[1], isign);
        double rGrad = distance(grad, fg[1]) / (tol * (Type3Test.norm(fg[1]) + ups * xMax * Type3Test.norm(fg[0])));
        double[][] bg = DirectSum.type3Gradient(g[1], fIn, g[0], -isign);
        double rBack = distance(backGrad, bg[1]) / (tol * (Type3Test.norm(bg[1]) + ups * sMax * Type3Test.norm(bg[0])));
        String line = String.format(Locale.ROOT, "type3 upsampling dim=%d tol=%.0e outer=%.2f inner=%.2f: plain %.2f tol,"
                        + " adjoint %.2f tol; ratio to the gradient bound: dipoles %.3f, target %.3f, source %.3f",
                dim, tol, outer, inner, err / tol, errAdj / tol, rDip, rGrad, rBack);
        System.out.println(line);
        assertTrue(err <= Type3Test.FACTOR * tol && errAdj <= Type3Test.FACTOR * tol, () -> "seed " + seed + ": " + line);
        assertTrue(rDip <= Type3GradientTest.FACTOR && rGrad <= Type3GradientTest.FACTOR
                && rBack <= Type3GradientTest.FACTOR, () -> "seed " + seed + ": " + line);
    }

    /** Small X S and many points: spreading dominates, the smallest kernels (factor 2) win. */
    @Test
    void spreadingBoundProblemsKeepFactorTwo() {
        double[] half = {Math.PI, Math.PI, Math.PI};
        double[] band = {5, 5, 5};
        for (int dim = 1; dim <= 3; dim++) {
            double[] x = java.util.Arrays.copyOf(half, dim);
            double[] s = java.util.Arrays.copyOf(band, dim);
            assertArrayEquals(new double[] {2, 2}, chosen(dim, 1e-6, x, s, 1_000_000, 1_000_000), "dim " + dim);
        }
    }

    /** A large X S and few points: the FFT dominates, the smallest factors reaching the tolerance win. */
    @Test
    void fftBoundProblemsTakeSmallFactors() {
        double[] x = {Math.PI, Math.PI, Math.PI};
        double[] s = {100, 100, 100};
        assertArrayEquals(new double[] {1.25, 1.25}, chosen(3, 1e-6, x, s, 1000, 1000));
        // 1.25 does not reach 1e-10: the smallest candidate that does
        double smallest = 0;
        for (double f : Type3Plan.CANDIDATES) {
            if (smallest == 0 && reachable(1e-10, f, 3)) {
                smallest = f;
            }
        }
        assertTrue(smallest > 1.25);
        assertArrayEquals(new double[] {smallest, smallest}, chosen(3, 1e-10, x, s, 1000, 1000));
    }

    /** The choice is the least cost of the model among all reachable pairs, for FINUFFT's test cases too. */
    @Test
    void choiceIsTheLeastModelledCost() {
        int[] side = {1_000_000, 1000, 100};
        for (int dim = 1; dim <= 3; dim++) {
            for (double tol : new double[] {1e-3, 1e-6, 1e-9, 1e-12}) {
                double[] x = new double[dim];
                double[] s = new double[dim];
                java.util.Arrays.fill(x, Math.PI);
                java.util.Arrays.fill(s, side[dim - 1] / 2.0);
                double[] got = chosen(dim, tol, x, s, 1_000_000, 1_000_000);
                double best = Double.POSITIVE_INFINITY;
                for (double o : Type3Plan.CANDIDATES) {
                    for (double i : Type3Plan.CANDIDATES) {
                        if (reachable(tol, o, dim) && reachable(tol, i, dim)) {
                            best = Math.min(best, cost(dim, tol, x, s, o, i));
                        }
                    }
                }
                assertEquals(best, cost(dim, tol, x, s, got[0], got[1]), 0, "dim " + dim + " tol " + tol);
                System.out.printf(Locale.ROOT, "type3 choice FINUFFT geometry dim=%d tol=%.0e: outer %.2f inner %.2f,"
                        + " modelled %.0f ms/thread against %.0f at (2, 2)%n", dim, tol, got[0], got[1],
                        best * 1e-6, cost(dim, tol, x, s, 2, 2) * 1e-6);
            }
        }
    }

    /** A forced factor is used for both steps whatever the points. */
    @Test
    void forcedFactorOverridesTheModel() {
        double[][][] g = Type3Test.geometry(5, 3, 50, 40, false);
        for (double f : new double[] {1.25, 2.0, 3.0}) {
            try (var plan = NufftPlan.createType3(3, 1, 1e-6, NufftOptions.defaults().withUpsampling(f))) {
                plan.setPoints(g[0], g[1]);
                assertArrayEquals(new double[] {f, f}, plan.upsamplingFactors());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> NufftOptions.defaults().withUpsampling(0.5));
        assertTrue(NufftOptions.defaults().automaticUpsampling());
    }

    /** The chosen grids are those of the chosen factors, and a new box can change the choice. */
    @Test
    void choiceFollowsThePoints() {
        try (var plan = NufftPlan.createType3(3, 1, 1e-6)) {
            // many points, narrow band: spreading-bound
            double[][] xs = TestData.points(6, 3, 20_000, -Math.PI, Math.PI);
            double[][] ss = TestData.points(7, 3, 20_000, -2, 2);
            plan.setPoints(xs, ss);
            assertArrayEquals(new double[] {2, 2}, plan.upsamplingFactors());
            // few points, wide band: FFT-bound
            double[][] x = TestData.points(7, 3, 20, -Math.PI, Math.PI);
            double[][] s = TestData.points(8, 3, 20, -100, 100);
            plan.setPoints(x, s);
            double[] got = plan.upsamplingFactors();
            assertTrue(got[0] < 2 && got[1] < 2, () -> java.util.Arrays.toString(got));
            var geometry = plan.type3Plan().geometry();
            int[][] grids = Type3Geometry.grids(geometry.halfX, geometry.halfS, got[0], plan.kernel().width(), got[1],
                    plan.innerKernel().width());
            assertArrayEquals(grids[0], plan.fineGridSize());
            assertArrayEquals(grids[1], plan.innerGridSize());
            double[] c = TestData.complex(9, 20);
            double[] f = new double[40];
            plan.execute(c, f);
            assertTrue(TestData.relativeError(f, DirectSum.type3(x, c, s, 1)) <= Type3Test.FACTOR * 1e-6);
        }
    }

    /**
     * The gradient forms' work array (2 max(M, N) dim numbers per transform) counts with the
     * grids against half the heap and an int index: fewer transforms per pass, or none.
     */
    @Test
    void gradientWorkArrayCountsAgainstTheHeap() {
        long heap = 1L << 30;
        // plain: grids 1e6 + 8e6 cells, work 1e6: 160 MB a transform, 3 fit in 512 MiB
        assertEquals(3, Type3Geometry.chunkThatFits(1_000_000, 8_000_000, 1_000_000, 0, 8, 16, heap));
        // gradient forms in 3D add 3e6 cells a transform: 208 MB, 2 fit
        assertEquals(2, Type3Geometry.chunkThatFits(1_000_000, 8_000_000, 1_000_000, 3, 8, 16, heap));
        // float: half the bytes
        assertEquals(5, Type3Geometry.chunkThatFits(1_000_000, 8_000_000, 1_000_000, 3, 8, 8, heap));
        // the work array alone over half the heap: none
        assertEquals(0, Type3Geometry.chunkThatFits(10, 10, 20_000_000, 3, 8, 16, heap));
        // within the heap but past an int index: 2 * 1e8 * 3 * k <= 2^31 - 9 gives k = 3
        assertEquals(3, Type3Geometry.chunkThatFits(10, 10, 100_000_000, 3, 8, 16, Long.MAX_VALUE));
        assertEquals(0, Type3Geometry.chunkThatFits(10, 10, 400_000_000, 3, 8, 16, Long.MAX_VALUE));
        // the actual plan: a batch of 8 gradient forms runs in passes and matches one by one
        int m = 300;
        int n = 200;
        double[][][] g = Type3Test.geometry(12, 2, m, n, true);
        double[] c = TestData.complex(13, m * 8);
        double[] all = new double[2 * n * 8];
        double[] allGrad = new double[2 * n * 2 * 8];
        try (var plan = NufftPlan.createType3(2, 1, 1e-6, NufftOptions.defaults().withBatchSize(8))) {
            plan.setPoints(g[0], g[1]);
            plan.executeGradient(c, all, allGrad);
        }
        try (var plan = NufftPlan.createType3(2, 1, 1e-6)) {
            plan.setPoints(g[0], g[1]);
            double[] one = new double[2 * n];
            double[] oneGrad = new double[2 * n * 2];
            for (int b = 0; b < 8; b++) {
                plan.executeGradient(java.util.Arrays.copyOfRange(c, 2 * m * b, 2 * m * (b + 1)), one, oneGrad);
                assertArrayEquals(one, java.util.Arrays.copyOfRange(all, 2 * n * b, 2 * n * (b + 1)), 0);
                assertArrayEquals(oneGrad, java.util.Arrays.copyOfRange(allGrad, 4 * n * b, 4 * n * (b + 1)), 0);
            }
        }
    }

    private static double[] chosen(int dim, double tol, double[] halfX, double[] halfS, int m, int n) {
        // points at the corners of the boxes give exactly these half-widths (centred: no 10% shift)
        double[][] x = new double[dim][m];
        double[][] s = new double[dim][n];
        for (int d = 0; d < dim; d++) {
            for (int j = 0; j < m; j++) {
                x[d][j] = (j % 2 == 0 ? -1 : 1) * halfX[d];
            }
            for (int k = 0; k < n; k++) {
                s[d][k] = (k % 2 == 0 ? -1 : 1) * halfS[d];
            }
        }
        try (var plan = NufftPlan.createType3(dim, 1, tol)) {
            plan.setPoints(x, s);
            return plan.upsamplingFactors();
        }
    }

    private static double cost(int dim, double tol, double[] x, double[] s, double o, double i) {
        return Type3Plan.cost(x, s, 1_000_000, 1_000_000, o, EsKernel.forTolerance(tol, o, dim).width(), i,
                EsKernel.forTolerance(tol, i, dim).width());
    }

    private static double maxNorm(double[][] p) {
        double best = 0;
        for (int j = 0; j < p[0].length; j++) {
            double r = 0;
            for (double[] c : p) {
                r = Math.hypot(r, c[j]);
            }
            best = Math.max(best, r);
        }
        return best;
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }
}
