package org.nufft4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Type 3 and its adjoint against the exact direct sums (docs/design.md, "Type 3"): d = 1, 2,
 * 3; isign +-1; tolerances 1e-2 .. 1e-12; centred boxes and boxes offset as in FINUFFT's tests
 * (sources around C = (2, -3, 1), targets around 1.7 S); the edge cases of the design; batches,
 * threads, resources and bad input.
 *
 * <p>Pinned factor, as for types 1 and 2: relative l2 error of the whole output at most
 * {@value #FACTOR} times the tolerance. Measured when the pin was set (M = N = 800): at most
 * 0.21 tol in 1D, 0.35 in 2D, 0.40 in 3D, largest at 1e-12.
 */
class Type3Test {

    static final double FACTOR = 2.0;
    /** Half-widths of the target boxes per dimension: space-bandwidth products pi S of 30 .. 125. */
    private static final double[] BAND = {40, 12, 5};
    private static final double[] CENTRE = {2, -3, 1};

    /** M sources in C + pi [-1, 1]^d (C = 0 unless offset) and N targets in (D + S [-1, 1])^d. */
    static double[][][] geometry(long seed, int dim, int m, int n, boolean offset) {
        double[][] x = TestData.points(seed, dim, m, -Math.PI, Math.PI);
        double[][] s = TestData.points(seed + 1, dim, n, -BAND[dim - 1], BAND[dim - 1]);
        if (offset) {
            for (int d = 0; d < dim; d++) {
                for (int j = 0; j < m; j++) {
                    x[d][j] += CENTRE[d];
                }
                for (int k = 0; k < n; k++) {
                    s[d][k] += 1.7 * BAND[dim - 1];
                }
            }
        }
        return new double[][][] {x, s};
    }

    static Stream<Arguments> cases() {
        double[] tolerances = {1e-2, 1e-4, 1e-6, 1e-9, 1e-12};
        List<Arguments> list = new ArrayList<>();
        long seed = 3000;
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

    @ParameterizedTest(name = "dim={0} tol={1} isign={2} offset={3} seed={4}")
    @MethodSource("cases")
    void matchesDirectSum(int dim, double tol, int isign, boolean offset, long seed) {
        int m = 500 + (int) (seed % 7) * 50;
        int n = 400 + (int) (seed % 5) * 60;
        double[][][] g = geometry(seed, dim, m, n, offset);
        double[] c = TestData.complex(seed + 2, m);
        double[] f = new double[2 * n];
        double[] back = new double[2 * m];
        double[] fIn = TestData.complex(seed + 3, n);
        try (var plan = NufftPlan.createType3(dim, isign, tol)) {
            plan.setPoints(g[0], g[1]);
            plan.execute(c, f);
            plan.executeAdjoint(fIn, back);
        }
        double err = TestData.relativeError(f, DirectSum.type3(g[0], c, g[1], isign));
        assertTrue(err <= FACTOR * tol, () -> "seed " + seed + ": relative error " + err + " > " + FACTOR + " * " + tol);
        double errAdj = TestData.relativeError(back, DirectSum.type3(g[1], fIn, g[0], -isign));
        assertTrue(errAdj <= FACTOR * tol,
                () -> "seed " + seed + ": adjoint relative error " + errAdj + " > " + FACTOR + " * " + tol);
    }

    /** {@code <T c, f> = <c, T^H f>}: the fast adjoint is the exact transpose of the fast transform. */
    @Test
    void adjointIdentityToRounding() {
        for (int dim = 1; dim <= 3; dim++) {
            long seed = 41 + dim;
            int m = 700;
            int n = 900;
            double[][][] g = geometry(seed, dim, m, n, true);
            double[] c = TestData.complex(seed + 2, m);
            double[] fIn = TestData.complex(seed + 3, n);
            double[] f = new double[2 * n];
            double[] back = new double[2 * m];
            try (var plan = NufftPlan.createType3(dim, -1, 1e-6)) {
                plan.setPoints(g[0], g[1]);
                plan.execute(c, f);
                plan.executeAdjoint(fIn, back);
            }
            double[] lhs = dot(f, fIn);
            double[] rhs = dot(c, back);
            double scale = norm(f) * norm(fIn);
            double gap = Math.hypot(lhs[0] - rhs[0], lhs[1] - rhs[1]) / scale;
            int d = dim;
            assertTrue(gap <= 1e-13, () -> "dim " + d + ", seed " + seed + ": <Tc, f> - <c, T^H f> = " + gap
                    + " relative");
        }
    }

    /** M and N from 1 to a few thousand, 1D to 3D, at 1e-8. */
    @Test
    void sizesFromOneToThousands() {
        int[][] sizes = {{1, 1}, {1, 500}, {500, 1}, {2, 3}, {3000, 700}, {700, 3000}};
        long seed = 500;
        for (int dim = 1; dim <= 3; dim++) {
            for (int[] mn : sizes) {
                long sd = seed++;
                double[][][] g = geometry(sd, dim, mn[0], mn[1], sd % 2 == 0);
                double[] c = TestData.complex(sd + 2, mn[0]);
                double[] f = new double[2 * mn[1]];
                try (var plan = NufftPlan.createType3(dim, 1, 1e-8)) {
                    plan.setPoints(g[0], g[1]);
                    plan.execute(c, f);
                }
                double err = TestData.relativeError(f, DirectSum.type3(g[0], c, g[1], 1));
                int d = dim;
                assertTrue(err <= FACTOR * 1e-8, () -> "dim " + d + " M, N = " + Arrays.toString(mn) + " seed " + sd
                        + ": relative error " + err);
            }
        }
    }

    /**
     * The degenerate boxes of the design (§ "Edge cases"): all sources equal (X = 0), all
     * targets equal (S = 0), both, a tiny X S, far-offset data; each against the direct sum.
     */
    @Test
    void degenerateBoxes() {
        long seed = 900;
        for (int dim = 1; dim <= 3; dim++) {
            for (int variant = 0; variant < 5; variant++) {
                long sd = seed++;
                int m = 300;
                int n = 200;
                double[][][] g = geometry(sd, dim, m, n, true);
                for (int d = 0; d < dim; d++) {
                    switch (variant) {
                        case 0 -> Arrays.fill(g[0][d], 1.25 + d); // X = 0
                        case 1 -> Arrays.fill(g[1][d], -7.5 * (d + 1)); // S = 0
                        case 2 -> { // X = S = 0
                            Arrays.fill(g[0][d], 0.5);
                            Arrays.fill(g[1][d], 3);
                        }
                        case 3 -> { // X S = 1e-6: the grid floors at 2w
                            for (int k = 0; k < n; k++) {
                                g[1][d][k] *= 1e-6 / BAND[dim - 1];
                            }
                        }
                        default -> { // far offsets: C = 1e4, D = 3e3 (phases near 3e7 radians)
                            for (int j = 0; j < m; j++) {
                                g[0][d][j] += 1e4;
                            }
                            for (int k = 0; k < n; k++) {
                                g[1][d][k] += 3e3;
                            }
                        }
                    }
                }
                double[] c = TestData.complex(sd + 2, m);
                double[] f = new double[2 * n];
                try (var plan = NufftPlan.createType3(dim, -1, 1e-9)) {
                    plan.setPoints(g[0], g[1]);
                    plan.execute(c, f);
                }
                double err = TestData.relativeError(f, DirectSum.type3(g[0], c, g[1], -1));
                int d = dim;
                int v = variant;
                assertTrue(err <= FACTOR * 1e-9, () -> "dim " + d + " variant " + v + " seed " + sd
                        + ": relative error " + err);
            }
        }
    }

    /** M = 0: every output an empty sum; N = 0: nothing to write; both directions. */
    @Test
    void emptySets() {
        try (var plan = NufftPlan.createType3(2, 1, 1e-6)) {
            double[][] none = {new double[0], new double[0]};
            double[][] some = TestData.points(5, 2, 7, -3, 3);
            plan.setPoints(none, some);
            double[] f = new double[14];
            Arrays.fill(f, 9);
            plan.execute(new double[0], f);
            assertArrayEquals(new double[14], f);
            plan.executeAdjoint(TestData.complex(6, 7), new double[0]);
            plan.setPoints(some, none);
            plan.execute(TestData.complex(7, 7), new double[0]);
            double[] c = new double[14];
            Arrays.fill(c, 9);
            plan.executeAdjoint(new double[0], c);
            assertArrayEquals(new double[14], c);
            assertEquals(7, plan.pointCount());
            assertEquals(0, plan.targetCount());
        }
    }

    /**
     * Float plans (FloatType3Steps, generated from the double template; phases in double):
     * within the 2x pin of the exact sums from 1e-2 to 1e-6, both directions, batches of 2, and
     * close to the double plan.
     */
    @Test
    void floatPlansMatchDirectSumAndDouble() {
        long seed = 1700;
        for (int dim = 1; dim <= 3; dim++) {
            for (double tol : new double[] {1e-2, 1e-4, 1e-6}) {
                long sd = seed++;
                int m = 600;
                int n = 500;
                double[][][] g = geometry(sd, dim, m, n, true);
                double[] c = TestData.complex(sd + 2, 2 * m);
                double[] fIn = TestData.complex(sd + 3, 2 * n);
                float[] f = new float[4 * n];
                float[] back = new float[4 * m];
                double[] fd = new double[4 * n];
                var options = NufftOptions.defaults().withBatchSize(2);
                try (var single = NufftPlan.createType3(dim, 1, tol, options.withPrecision(Precision.FLOAT));
                     var dbl = NufftPlan.createType3(dim, 1, tol, options)) {
                    single.setPoints(g[0], g[1]);
                    single.execute(TestData.toFloat(c), f);
                    single.executeAdjoint(TestData.toFloat(fIn), back);
                    dbl.setPoints(g[0], g[1]);
                    dbl.execute(c, fd);
                }
                for (int b = 0; b < 2; b++) {
                    double[] cb = Arrays.copyOfRange(c, 2 * m * b, 2 * m * (b + 1));
                    double[] fb = Arrays.copyOfRange(fIn, 2 * n * b, 2 * n * (b + 1));
                    double err = TestData.relativeError(
                            TestData.toDouble(Arrays.copyOfRange(f, 2 * n * b, 2 * n * (b + 1))),
                            DirectSum.type3(g[0], cb, g[1], 1));
                    double errAdj = TestData.relativeError(
                            TestData.toDouble(Arrays.copyOfRange(back, 2 * m * b, 2 * m * (b + 1))),
                            DirectSum.type3(g[1], fb, g[0], -1));
                    int d = dim;
                    double t = tol;
                    assertTrue(err <= FACTOR * tol && errAdj <= FACTOR * tol, () -> "dim " + d + " tol " + t
                            + " seed " + sd + ": float errors " + err + " (adjoint " + errAdj + ")");
                }
                double gap = TestData.relativeError(TestData.toDouble(f), fd);
                int d = dim;
                double t = tol;
                assertTrue(gap <= FACTOR * tol, () -> "dim " + d + " tol " + t + ": float vs double " + gap);
            }
        }
    }

    /** A batch equals its transforms run one by one, bit for bit; both directions. */
    @Test
    void batchesMatchSingleTransforms() {
        int dim = 2;
        int m = 400;
        int n = 300;
        int batch = 3;
        double[][][] g = geometry(77, dim, m, n, true);
        double[] c = TestData.complex(78, m * batch);
        double[] fIn = TestData.complex(79, n * batch);
        double[] f = new double[2 * n * batch];
        double[] back = new double[2 * m * batch];
        try (var plan = NufftPlan.createType3(dim, 1, 1e-7, NufftOptions.defaults().withBatchSize(batch));
             var one = NufftPlan.createType3(dim, 1, 1e-7)) {
            plan.setPoints(g[0], g[1]);
            one.setPoints(g[0], g[1]);
            plan.execute(c, f);
            plan.executeAdjoint(fIn, back);
            for (int b = 0; b < batch; b++) {
                double[] fb = new double[2 * n];
                double[] cb = new double[2 * m];
                one.execute(Arrays.copyOfRange(c, 2 * m * b, 2 * m * (b + 1)), fb);
                one.executeAdjoint(Arrays.copyOfRange(fIn, 2 * n * b, 2 * n * (b + 1)), cb);
                assertArrayEquals(fb, Arrays.copyOfRange(f, 2 * n * b, 2 * n * (b + 1)), "transform " + b);
                assertArrayEquals(cb, Arrays.copyOfRange(back, 2 * m * b, 2 * m * (b + 1)), "adjoint " + b);
            }
        }
    }

    /** One thread and two give the same bits, forward and adjoint, 1D to 3D. */
    @Test
    void bitwiseAcrossThreadCounts() {
        for (int dim = 1; dim <= 3; dim++) {
            int m = 5000;
            int n = 4000;
            double[][][] g = geometry(123 + dim, dim, m, n, true);
            double[] c = TestData.complex(124, m);
            double[] fIn = TestData.complex(125, n);
            double[][] f = new double[2][2 * n];
            double[][] back = new double[2][2 * m];
            for (int t = 0; t < 2; t++) {
                try (var plan = NufftPlan.createType3(dim, -1, 1e-6, NufftOptions.defaults().withThreads(t + 1))) {
                    plan.setPoints(g[0], g[1]);
                    plan.execute(c, f[t]);
                    plan.executeAdjoint(fIn, back[t]);
                }
            }
            assertArrayEquals(f[0], f[1], "dim " + dim);
            assertArrayEquals(back[0], back[1], "dim " + dim + " adjoint");
        }
    }

    /** A plan reused with new points of another box matches a fresh plan; setPoints times itself. */
    @Test
    void newPointsOfAnotherBox() {
        double[][][] a = geometry(61, 3, 300, 300, false);
        double[][][] b = geometry(62, 3, 400, 200, true);
        for (int k = 0; k < 200; k++) {
            b[1][0][k] *= 2;
        }
        double[] c = TestData.complex(63, 400);
        double[] f = new double[400];
        double[] fresh = new double[400];
        try (var plan = NufftPlan.createType3(3, 1, 1e-6); var other = NufftPlan.createType3(3, 1, 1e-6)) {
            plan.setPoints(a[0], a[1]);
            plan.execute(TestData.complex(64, 300), new double[600]);
            plan.setPoints(b[0], b[1]);
            assertTrue(plan.lastTimes().sort() > 0);
            plan.execute(c, f);
            other.setPoints(b[0], b[1]);
            other.execute(c, fresh);
            assertArrayEquals(fresh, f);
            assertArrayEquals(other.fineGridSize(), plan.fineGridSize());
        }
    }

    /** A space-bandwidth product too large for the grids is refused with the numbers; the old points stay. */
    @Test
    void hugeSpaceBandwidthProductRejected() {
        try (var plan = NufftPlan.createType3(3, 1, 1e-6)) {
            double[][][] ok = geometry(7, 3, 50, 50, false);
            plan.setPoints(ok[0], ok[1]);
            double[][] x = {{-1e4, 1e4}, {-1e4, 1e4}, {-1e4, 1e4}};
            double[][] s = {{-1e4, 1e4}, {-1e4, 1e4}, {-1e4, 1e4}};
            var e = assertThrows(IllegalArgumentException.class, () -> plan.setPoints(x, s));
            for (String part : new String[] {"X = [10000.0", "S = [10000.0", "DirectSum.type3", "grid"}) {
                assertTrue(e.getMessage().contains(part), () -> "message lacks '" + part + "': " + e.getMessage());
            }
            assertEquals(50, plan.pointCount());
            plan.execute(TestData.complex(8, 50), new double[100]);
            double[][] y = {{-1e6, 1e6}};
            try (var one = NufftPlan.createType3(1, 1, 1e-6)) {
                var e1 = assertThrows(IllegalArgumentException.class, () -> one.setPoints(y, y));
                assertTrue(e1.getMessage().contains("int range") || e1.getMessage().contains("heap"), e1::getMessage);
            }
        }
    }

    @Test
    void badInputFailsFastNamingTheArgument() {
        try (var plan = NufftPlan.createType3(2, 1, 1e-6)) {
            double[][][] g = geometry(9, 2, 10, 6, false);
            assertThrows(IllegalStateException.class, () -> plan.execute(new double[20], new double[12]));
            message(() -> plan.setPoints(new double[][] {g[0][0]}, g[1]), "sources", "2 coordinate arrays");
            message(() -> plan.setPoints(g[0], new double[][] {g[1][0], new double[5]}), "targets[1].length = 5");
            double[][] bad = {g[1][0].clone(), g[1][1]};
            bad[0][3] = Double.NaN;
            message(() -> plan.setPoints(g[0], bad), "targets[0][3] = NaN");
            assertThrows(NullPointerException.class, () -> plan.setPoints(null, g[1]));
            assertThrows(IllegalStateException.class, () -> plan.setPoints(g[0][0], g[0][1]));
            plan.setPoints(g[0], g[1]);
            double[] out = new double[12];
            Arrays.fill(out, 5);
            message(() -> plan.execute(new double[18], out), "input.length = 18", "2 * M * batchSize");
            message(() -> plan.execute(new double[20], new double[10]), "output.length = 10");
            message(() -> plan.executeAdjoint(new double[20], new double[20]), "in.length = 20", "N targets");
            double[] same = new double[20];
            message(() -> plan.execute(same, same), "different arrays");
            message(() -> plan.execute(new float[20], new float[12]), "precision");
            double[] fresh = new double[12];
            Arrays.fill(fresh, 5);
            assertArrayEquals(fresh, out, "nothing written on rejected arguments");
        }
        message(() -> NufftPlan.createType3(4, 1, 1e-6), "dimension", "got 4");
        message(() -> NufftPlan.createType3(1, 0, 1e-6), "isign", "got 0");
        message(() -> NufftPlan.createType3(1, 1, 1e-15), "tolerance");
        message(() -> NufftPlan.create(NufftType.TYPE_3, new int[] {8}, 1, 1e-6), "createType3");
        try (var t1 = NufftPlan.create(NufftType.TYPE_1, new int[] {8}, 1, 1e-6)) {
            assertThrows(IllegalStateException.class, () -> t1.setPoints(new double[][] {{1}}, new double[][] {{1}}));
            assertThrows(IllegalStateException.class, () -> t1.executeAdjoint(new double[2], new double[16]));
        }
    }

    private static void message(org.junit.jupiter.api.function.Executable call, String... parts) {
        var e = assertThrows(IllegalArgumentException.class, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "message lacks '" + part + "': " + e.getMessage());
        }
    }

    /** sum_i a_i b_i^* over interleaved complex vectors. */
    static double[] dot(double[] a, double[] b) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < a.length; i += 2) {
            re += a[i] * b[i] + a[i + 1] * b[i + 1];
            im += a[i + 1] * b[i] - a[i] * b[i + 1];
        }
        return new double[] {re, im};
    }

    static double norm(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return Math.sqrt(s);
    }
}
