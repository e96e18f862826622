package org.nufft4j.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nufft4j.grid.BinSort;
import org.nufft4j.grid.FineGridSize;
import org.nufft4j.grid.TileLayout;
import org.nufft4j.kernel.EsKernel;
import org.nufft4j.kernel.KernelPolynomial;
import org.nufft4j.parallel.Workers;
import org.nufft4j.spread.FloatScalarSpreadKernels;
import org.nufft4j.spread.FloatTiledSpreader;
import org.nufft4j.spread.ScalarSpreadKernels;
import org.nufft4j.spread.Spreaders;
import org.nufft4j.spread.TiledSpreader;

/**
 * The SIMD kernels against their scalar twin, for every kernel width 2..16 in 1D, 2D and 3D,
 * on awkward point sets: clustered in one cell, exactly at -pi and pi, far outside, plus
 * uniform ones; batches of 3. They differ only by rounding (fma versus mul + add, lane
 * order), so the relative l2 difference must stay at the level of a few ulps: 1e-14 in double,
 * {@value #ULPS_FLOAT} for the float twins (float's ulp is 2^-24 = 6e-8).
 */
class SimdVersusScalarTest {

    static final double ULPS = 1e-14;
    static final double ULPS_FLOAT = 5e-7;
    /**
     * Float dipole spreading: each cell sums k A + k' B over many points, where k' takes both
     * signs and is ~n/pi larger than k, so the terms cancel and rounding relative to the output
     * norm is amplified (measured up to 7.5e-7; the double twin stays below 1e-14).
     */
    static final double ULPS_FLOAT_DIPOLES = 2e-6;

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (int dim = 1; dim <= 3; dim++) {
            for (int w = 2; w <= 16; w++) {
                list.add(Arguments.of(dim, w, 7000L + 100 * dim + w));
            }
        }
        return list.stream();
    }

    private static double[][] awkwardPoints(long seed, int dim, int m, int n) {
        var rnd = new SplittableRandom(seed);
        double[][] x = new double[dim][m];
        double cell = 2 * Math.PI / n;
        for (int d = 0; d < dim; d++) {
            for (int j = 0; j < m; j++) {
                x[d][j] = switch (j % 5) {
                    case 0 -> 0.7 + cell * rnd.nextDouble();          // one cell
                    case 1 -> rnd.nextBoolean() ? Math.PI : -Math.PI; // the edges
                    case 2 -> (rnd.nextDouble() - 0.5) * 2e3 * Math.PI; // far outside
                    case 3 -> Math.PI - 1e-3 * rnd.nextDouble();     // just inside the top edge
                    default -> Math.PI * (2 * rnd.nextDouble() - 1);
                };
            }
        }
        return x;
    }

    /** A fine grid for modes 97 / 41 / 19 (by dimension), a kernel of width w, awkward points. */
    record Grid(int cells, KernelPolynomial kernel, TileLayout layout, double[][] x) {

        static Grid of(int dim, int w, long seed, double tolerance) {
            int[] modes = {97, 41, 19};
            int[] n = new int[dim];
            int cells = 1;
            for (int d = 0; d < dim; d++) {
                n[d] = (int) FineGridSize.forModes(modes[dim - 1], 2.0, w);
                cells *= n[d];
            }
            var kernel = KernelPolynomial.fit(new EsKernel(w, 2.30 * w, 2.0), tolerance);
            return new Grid(cells, kernel, new TileLayout(n, w), awkwardPoints(seed, dim, 1500, n[0]));
        }

        int points() {
            return x[0].length;
        }
    }

    @ParameterizedTest(name = "dim={0} w={1} seed={2}")
    @MethodSource("cases")
    void spreadAndInterpolateAgreeToRounding(int dim, int w, long seed) {
        var simd = Spreaders.simd().orElseThrow(() -> new AssertionError("SIMD kernels must load in this module"));
        var c = Grid.of(dim, w, seed, Math.pow(10, -(w - 1)));
        int cells = c.cells();
        int m = c.points();
        int batch = 3;
        var layout = c.layout();
        var kernel = c.kernel();
        double[][] x = c.x();
        var rnd = new SplittableRandom(seed + 1);
        double[] strengths = new double[2 * m * batch];
        for (int i = 0; i < strengths.length; i++) {
            strengths[i] = rnd.nextDouble() - 0.5;
        }
        double[] gridIn = new double[2 * cells * batch];
        for (int i = 0; i < gridIn.length; i++) {
            gridIn[i] = rnd.nextDouble() - 0.5;
        }
        try (var workers = new Workers(2)) {
            var points = BinSort.sort(x, layout, workers);
            var fast = new TiledSpreader(layout, kernel, simd, workers);
            var plain = new TiledSpreader(layout, kernel, ScalarSpreadKernels.INSTANCE, workers);
            double[] g1 = new double[2 * cells * batch];
            double[] g2 = new double[2 * cells * batch];
            fast.spread(points, strengths, 0, 2 * m, batch, g1, 2 * cells);
            plain.spread(points, strengths, 0, 2 * m, batch, g2, 2 * cells);
            double eSpread = relative(g1, g2);
            assertTrue(eSpread <= ULPS, () -> "seed " + seed + ": spread differs by " + eSpread);
            double[] v1 = new double[2 * m * batch];
            double[] v2 = new double[2 * m * batch];
            fast.interpolate(points, gridIn, 2 * cells, batch, v1, 0, 2 * m);
            plain.interpolate(points, gridIn, 2 * cells, batch, v2, 0, 2 * m);
            double eInterp = relative(v1, v2);
            assertTrue(eInterp <= ULPS, () -> "seed " + seed + ": interpolation differs by " + eInterp);
        }
    }

    @ParameterizedTest(name = "dim={0} w={1} seed={2}")
    @MethodSource("cases")
    void floatSpreadAndInterpolateAgreeToRounding(int dim, int w, long seed) {
        var simd = Spreaders.simdFloat().orElseThrow(() -> new AssertionError("SIMD kernels must load in this module"));
        var c = Grid.of(dim, w, seed, Math.max(1e-6, Math.pow(10, -(w - 1))));
        int cells = c.cells();
        int m = c.points();
        int batch = 3;
        var layout = c.layout();
        var kernel = c.kernel();
        double[][] x = c.x();
        var rnd = new SplittableRandom(seed + 1);
        float[] strengths = new float[2 * m * batch];
        for (int i = 0; i < strengths.length; i++) {
            strengths[i] = (float) (rnd.nextDouble() - 0.5);
        }
        float[] gridIn = new float[2 * cells * batch];
        for (int i = 0; i < gridIn.length; i++) {
            gridIn[i] = (float) (rnd.nextDouble() - 0.5);
        }
        try (var workers = new Workers(2)) {
            var points = BinSort.sort(x, layout, workers);
            var fast = new FloatTiledSpreader(layout, kernel, simd, workers);
            var plain = new FloatTiledSpreader(layout, kernel, FloatScalarSpreadKernels.INSTANCE, workers);
            float[] g1 = new float[2 * cells * batch];
            float[] g2 = new float[2 * cells * batch];
            fast.spread(points, strengths, 0, 2 * m, batch, g1, 2 * cells);
            plain.spread(points, strengths, 0, 2 * m, batch, g2, 2 * cells);
            double eSpread = relative(widen(g1), widen(g2));
            assertTrue(eSpread <= ULPS_FLOAT, () -> "seed " + seed + ": spread differs by " + eSpread);
            float[] v1 = new float[2 * m * batch];
            float[] v2 = new float[2 * m * batch];
            fast.interpolate(points, gridIn, 2 * cells, batch, v1, 0, 2 * m);
            plain.interpolate(points, gridIn, 2 * cells, batch, v2, 0, 2 * m);
            double eInterp = relative(widen(v1), widen(v2));
            assertTrue(eInterp <= ULPS_FLOAT, () -> "seed " + seed + ": interpolation differs by " + eInterp);
        }
    }

    /** The gradient forms (dipole spreading, interpolation with gradients), double and float. */
    @ParameterizedTest(name = "dim={0} w={1} seed={2}")
    @MethodSource("cases")
    void gradientFormsAgreeToRounding(int dim, int w, long seed) {
        var c = Grid.of(dim, w, seed, Math.max(1e-6, Math.pow(10, -(w - 1))));
        int cells = c.cells();
        int m = c.points();
        int batch = 2;
        var rnd = new SplittableRandom(seed + 1);
        double[] strengths = new double[2 * m * batch];
        double[] dipoles = new double[2 * m * dim * batch];
        double[] gridIn = new double[2 * cells * batch];
        for (double[] a : new double[][] {strengths, dipoles, gridIn}) {
            for (int i = 0; i < a.length; i++) {
                a[i] = rnd.nextDouble() - 0.5;
            }
        }
        try (var workers = new Workers(2)) {
            var points = BinSort.sort(c.x(), c.layout(), workers);
            var fast = new TiledSpreader(c.layout(), c.kernel(), Spreaders.simd().orElseThrow(), workers);
            var plain = new TiledSpreader(c.layout(), c.kernel(), ScalarSpreadKernels.INSTANCE, workers);
            double[][] grids = new double[2][2 * cells * batch];
            double[][] values = new double[2][2 * m * batch];
            double[][] grads = new double[2][2 * m * dim * batch];
            int q = 0;
            for (var sp : new TiledSpreader[] {fast, plain}) {
                sp.spreadDipoles(points, strengths, 0, 2 * m, dipoles, 0, 2 * m * dim, batch, grids[q], 2 * cells);
                sp.interpolateGradient(points, gridIn, 2 * cells, batch, values[q], 0, 2 * m, grads[q], 0, 2 * m * dim);
                q++;
            }
            double e1 = relative(grids[0], grids[1]);
            double e2 = relative(values[0], values[1]);
            double e3 = relative(grads[0], grads[1]);
            assertTrue(e1 <= ULPS && e2 <= ULPS && e3 <= ULPS,
                    () -> "seed " + seed + ": dipole spread, values, gradients differ by " + e1 + ", " + e2 + ", " + e3);

            var fastF = new FloatTiledSpreader(c.layout(), c.kernel(), Spreaders.simdFloat().orElseThrow(), workers);
            var plainF = new FloatTiledSpreader(c.layout(), c.kernel(), FloatScalarSpreadKernels.INSTANCE, workers);
            float[] sF = narrow(strengths);
            float[] dF = narrow(dipoles);
            float[] gF = narrow(gridIn);
            float[][] gridsF = new float[2][2 * cells * batch];
            float[][] valuesF = new float[2][2 * m * batch];
            float[][] gradsF = new float[2][2 * m * dim * batch];
            q = 0;
            for (var sp : new FloatTiledSpreader[] {fastF, plainF}) {
                sp.spreadDipoles(points, sF, 0, 2 * m, dF, 0, 2 * m * dim, batch, gridsF[q], 2 * cells);
                sp.interpolateGradient(points, gF, 2 * cells, batch, valuesF[q], 0, 2 * m, gradsF[q], 0, 2 * m * dim);
                q++;
            }
            double f1 = relative(widen(gridsF[0]), widen(gridsF[1]));
            double f2 = relative(widen(valuesF[0]), widen(valuesF[1]));
            double f3 = relative(widen(gradsF[0]), widen(gradsF[1]));
            assertTrue(f1 <= ULPS_FLOAT_DIPOLES && f2 <= ULPS_FLOAT && f3 <= ULPS_FLOAT,
                    () -> "seed " + seed + ": float dipole spread, values, gradients differ by " + f1 + ", " + f2 + ", " + f3);
        }
    }

    private static float[] narrow(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    private static double[] widen(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static double relative(double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }
}
