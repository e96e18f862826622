package org.nufft4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Type 1 with dipoles and type 2 with gradients (docs/design.md, NUFFT): against the exact sums of
 * {@link DirectSum}, the adjoint identity between them, and central finite differences of the
 * plain transforms in the point coordinates.
 *
 * <p>Pinned factor: relative l2 error of each output (modes; values; gradients) at most
 * {@value #FACTOR} times the tolerance.
 */
class GradientFormsTest {

    static final double FACTOR = 2.0;

    static Stream<Arguments> cases() {
        int[][] shapes = {{64}, {37}, {20, 13}, {16, 16}, {8, 5, 6}, {5, 6, 7}};
        double[] tolerances = {1e-3, 1e-6, 1e-9, 1e-12};
        List<Arguments> list = new ArrayList<>();
        long seed = 9000;
        for (int[] modes : shapes) {
            for (double tol : tolerances) {
                for (int isign : new int[] {-1, 1}) {
                    for (ModeOrder order : ModeOrder.values()) {
                        list.add(Arguments.of(modes, tol, isign, order, seed++));
                    }
                }
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "modes={0} tol={1} isign={2} {3} seed={4}")
    @MethodSource("cases")
    void dipolesMatchDirectSum(int[] modes, double tol, int isign, ModeOrder order, long seed) {
        int dim = modes.length;
        int m = 500;
        double[][] p = TestData.points(seed, dim, m, -Math.PI, Math.PI);
        double[] c = TestData.complex(seed + 1, m);
        double[] d = TestData.complex(seed + 2, m * dim);
        double[] f = new double[2 * TestData.product(modes)];
        try (var plan = NufftPlan.create(NufftType.TYPE_1, modes, isign, tol,
                NufftOptions.defaults().withModeOrder(order))) {
            TestData.setPoints(plan, p);
            plan.executeDipoles(c, d, f);
        }
        double err = TestData.relativeError(f, DirectSum.type1Dipoles(p, c, d, modes, isign, order));
        assertTrue(err <= FACTOR * tol, () -> "seed " + seed + ": relative error " + err);
    }

    @ParameterizedTest(name = "modes={0} tol={1} isign={2} {3} seed={4}")
    @MethodSource("cases")
    void gradientsMatchDirectSum(int[] modes, double tol, int isign, ModeOrder order, long seed) {
        int dim = modes.length;
        int m = 500;
        double[][] p = TestData.points(seed, dim, m, -Math.PI, Math.PI);
        double[] f = TestData.complex(seed + 1, TestData.product(modes));
        double[] values = new double[2 * m];
        double[] gradient = new double[2 * m * dim];
        try (var plan = NufftPlan.create(NufftType.TYPE_2, modes, isign, tol,
                NufftOptions.defaults().withModeOrder(order))) {
            TestData.setPoints(plan, p);
            plan.executeGradient(f, values, gradient);
        }
        double[][] exact = DirectSum.type2Gradient(p, f, modes, isign, order);
        double ev = TestData.relativeError(values, exact[0]);
        double eg = TestData.relativeError(gradient, exact[1]);
        assertTrue(ev <= FACTOR * tol, () -> "seed " + seed + ": values relative error " + ev);
        assertTrue(eg <= FACTOR * tol, () -> "seed " + seed + ": gradient relative error " + eg);
    }

    static Stream<Arguments> shapes() {
        return Stream.of(Arguments.of(new int[] {40}, 31L), Arguments.of(new int[] {12, 17}, 32L),
                Arguments.of(new int[] {6, 7, 5}, 33L));
    }

    /** {@code <T1dip(c, d), f> = <c, v> + <d, g>} with (v, g) = T2grad(f) of the opposite sign. */
    @ParameterizedTest(name = "modes={0} seed={1}")
    @MethodSource("shapes")
    void dipolesAndGradientsAreAdjoint(int[] modes, long seed) {
        int dim = modes.length;
        int m = 700;
        for (int isign : new int[] {-1, 1}) {
            double[][] p = TestData.points(seed, dim, m, -7, 7);
            double[] c = TestData.complex(seed + 1, m);
            double[] d = TestData.complex(seed + 2, m * dim);
            double[] f = TestData.complex(seed + 3, TestData.product(modes));
            double[] af = new double[f.length];
            double[] v = new double[2 * m];
            double[] g = new double[2 * m * dim];
            try (var t1 = NufftPlan.create(NufftType.TYPE_1, modes, isign, 1e-6);
                 var t2 = NufftPlan.create(NufftType.TYPE_2, modes, -isign, 1e-6)) {
                TestData.setPoints(t1, p);
                TestData.setPoints(t2, p);
                t1.executeDipoles(c, d, af);
                t2.executeGradient(f, v, g);
            }
            double[] lhs = dot(af, f);
            double[] rc = dot(c, v);
            double[] rd = dot(d, g);
            double scale = norm(af) * norm(f);
            double gap = Math.hypot(lhs[0] - rc[0] - rd[0], lhs[1] - rc[1] - rd[1]) / scale;
            assertTrue(gap < 1e-13, () -> "seed " + seed + ", isign " + isign + ": adjoint gap " + gap);
        }
    }

    /**
     * The gradient output against central differences of plain type 2 in each coordinate, and
     * the dipole output (zero strengths, d_j = c_j delta_j) against central differences of plain
     * type 1 along the point displacement delta.
     */
    @ParameterizedTest(name = "modes={0} seed={1}")
    @MethodSource("shapes")
    void gradientFormsMatchFiniteDifferences(int[] modes, long seed) {
        int dim = modes.length;
        int m = 300;
        double tol = 1e-12;
        double h = 1e-5;
        double[][] p = TestData.points(seed, dim, m, -Math.PI, Math.PI);
        double[][] delta = TestData.points(seed + 4, dim, m, -1, 1);
        double[] f = TestData.complex(seed + 1, TestData.product(modes));
        double[] values = new double[2 * m];
        double[] gradient = new double[2 * m * dim];
        try (var t2 = NufftPlan.create(NufftType.TYPE_2, modes, 1, tol)) {
            TestData.setPoints(t2, p);
            t2.executeGradient(f, values, gradient);
            for (int d = 0; d < dim; d++) {
                double[] plus = new double[2 * m];
                double[] minus = new double[2 * m];
                TestData.setPoints(t2, shifted(p, d, null, h));
                t2.execute(f, plus);
                TestData.setPoints(t2, shifted(p, d, null, -h));
                t2.execute(f, minus);
                double[] fd = new double[2 * m];
                for (int i = 0; i < fd.length; i++) {
                    fd[i] = (plus[i] - minus[i]) / (2 * h);
                }
                double[] g = java.util.Arrays.copyOfRange(gradient, 2 * d * m, 2 * (d + 1) * m);
                double err = TestData.relativeError(g, fd);
                int dd = d;
                assertTrue(err < 1e-6, () -> "seed " + seed + ", d " + dd + ": gradient vs differences " + err);
            }
        }
        double[] c = TestData.complex(seed + 2, m);
        double[] dip = new double[2 * m * dim];
        for (int d = 0; d < dim; d++) {
            for (int j = 0; j < m; j++) {
                dip[2 * (d * m + j)] = c[2 * j] * delta[d][j];
                dip[2 * (d * m + j) + 1] = c[2 * j + 1] * delta[d][j];
            }
        }
        int nModes = TestData.product(modes);
        double[] dipOut = new double[2 * nModes];
        double[] plus = new double[2 * nModes];
        double[] minus = new double[2 * nModes];
        try (var t1 = NufftPlan.create(NufftType.TYPE_1, modes, -1, tol)) {
            TestData.setPoints(t1, p);
            t1.executeDipoles(new double[2 * m], dip, dipOut);
            TestData.setPoints(t1, shifted(p, -1, delta, h));
            t1.execute(c, plus);
            TestData.setPoints(t1, shifted(p, -1, delta, -h));
            t1.execute(c, minus);
        }
        double[] fd = new double[2 * nModes];
        for (int i = 0; i < fd.length; i++) {
            fd[i] = (plus[i] - minus[i]) / (2 * h);
        }
        double err = TestData.relativeError(dipOut, fd);
        assertTrue(err < 1e-6, () -> "seed " + seed + ": dipoles vs differences " + err);
    }

    @Test
    void dipoleSpreadingIsBitwiseIdenticalForAnyThreadCountAndBatched() {
        int[] modes = {30, 24};
        int m = 20_000;
        int batch = 2;
        long seed = 41;
        double[][] p = TestData.points(seed, 2, m, -Math.PI, Math.PI);
        double[] c = TestData.complex(seed + 1, m * batch);
        double[] d = TestData.complex(seed + 2, m * 2 * batch);
        double[] reference = null;
        for (int threads : new int[] {1, 2, 3}) {
            double[] f = new double[2 * TestData.product(modes) * batch];
            try (var plan = NufftPlan.create(NufftType.TYPE_1, modes, 1, 1e-8,
                    NufftOptions.defaults().withThreads(threads).withBatchSize(batch))) {
                TestData.setPoints(plan, p);
                plan.executeDipoles(c, d, f);
            }
            if (reference == null) {
                reference = f;
            } else {
                assertArrayEquals(reference, f, "seed " + seed + ", threads " + threads);
            }
        }
        int per = 2 * TestData.product(modes);
        double[] second = new double[per];
        try (var plan = NufftPlan.create(NufftType.TYPE_1, modes, 1, 1e-8, NufftOptions.defaults().withThreads(1))) {
            TestData.setPoints(plan, p);
            plan.executeDipoles(java.util.Arrays.copyOfRange(c, 2 * m, 4 * m),
                    java.util.Arrays.copyOfRange(d, 4 * m, 8 * m), second);
        }
        assertArrayEquals(java.util.Arrays.copyOfRange(reference, per, 2 * per), second, "seed " + seed + ": batch entry 1");
    }

    @Test
    void floatGradientFormsMatchDirectSums() {
        int[] modes = {14, 11};
        int m = 400;
        long seed = 52;
        double tol = 1e-5;
        double[][] p = TestData.points(seed, 2, m, -Math.PI, Math.PI);
        double[] c = round(TestData.complex(seed + 1, m));
        double[] d = round(TestData.complex(seed + 2, 2 * m));
        double[] f = round(TestData.complex(seed + 3, TestData.product(modes)));
        var single = NufftOptions.defaults().withPrecision(Precision.FLOAT);
        float[] out = new float[f.length];
        float[] values = new float[2 * m];
        float[] gradient = new float[4 * m];
        try (var t1 = NufftPlan.create(NufftType.TYPE_1, modes, -1, tol, single);
             var t2 = NufftPlan.create(NufftType.TYPE_2, modes, 1, tol, single)) {
            TestData.setPoints(t1, p);
            TestData.setPoints(t2, p);
            t1.executeDipoles(TestData.toFloat(c), TestData.toFloat(d), out);
            t2.executeGradient(TestData.toFloat(f), values, gradient);
        }
        double e1 = TestData.relativeError(TestData.toDouble(out),
                DirectSum.type1Dipoles(p, c, d, modes, -1, ModeOrder.CMCL));
        double[][] exact = DirectSum.type2Gradient(p, f, modes, 1, ModeOrder.CMCL);
        double e2 = TestData.relativeError(TestData.toDouble(values), exact[0]);
        double e3 = TestData.relativeError(TestData.toDouble(gradient), exact[1]);
        assertTrue(e1 <= FACTOR * tol && e2 <= FACTOR * tol && e3 <= FACTOR * tol,
                () -> "seed " + seed + ": float dipoles, values, gradients errors " + e1 + ", " + e2 + ", " + e3);
    }

    private static double[] round(double[] a) {
        return TestData.toDouble(TestData.toFloat(a));
    }

    @Test
    void gradientFormsRejectBadInputBeforeWriting() {
        double[][] p = TestData.points(5, 2, 10, -1, 1);
        try (var t1 = NufftPlan.create(NufftType.TYPE_1, new int[] {8, 6}, 1, 1e-6);
             var t2 = NufftPlan.create(NufftType.TYPE_2, new int[] {8, 6}, 1, 1e-6)) {
            var early = assertThrows(IllegalStateException.class,
                    () -> t1.executeDipoles(new double[20], new double[40], new double[96]));
            assertTrue(early.getMessage().contains("setPoints"), early.getMessage());
            TestData.setPoints(t1, p);
            TestData.setPoints(t2, p);
            double[] out = new double[96];
            var e1 = assertThrows(IllegalArgumentException.class,
                    () -> t1.executeDipoles(new double[20], new double[20], out));
            assertTrue(e1.getMessage().contains("dipoles.length = 20"), e1.getMessage());
            var e2 = assertThrows(IllegalStateException.class,
                    () -> t1.executeGradient(new double[96], new double[20], new double[40]));
            assertTrue(e2.getMessage().contains("TYPE_2"), e2.getMessage());
            var e3 = assertThrows(IllegalStateException.class,
                    () -> t2.executeDipoles(new double[20], new double[40], new double[96]));
            assertTrue(e3.getMessage().contains("TYPE_1"), e3.getMessage());
            double[] values = new double[20];
            var e4 = assertThrows(IllegalArgumentException.class,
                    () -> t2.executeGradient(new double[96], values, new double[39]));
            assertTrue(e4.getMessage().contains("gradient.length = 39"), e4.getMessage());
            try (var t3 = NufftPlan.create(NufftType.TYPE_1, new int[] {8, 6}, 1, 1e-6)) {
                TestData.setPoints(t3, TestData.points(6, 2, 24, -1, 1)); // 2 M dim = 2 N = 96
                double[] shared = new double[96];
                var e5 = assertThrows(IllegalArgumentException.class,
                        () -> t3.executeDipoles(new double[48], shared, shared));
                assertTrue(e5.getMessage().contains("different arrays"), e5.getMessage());
            }
            var e6 = assertThrows(IllegalArgumentException.class,
                    () -> t2.executeGradient(new float[96], new float[20], new float[40]));
            assertTrue(e6.getMessage().contains("DOUBLE"), e6.getMessage());
            var e7 = assertThrows(NullPointerException.class, () -> t1.executeDipoles(new double[20], null, out));
            assertTrue(e7.getMessage().contains("dipoles"), e7.getMessage());
            assertTrue(java.util.Arrays.stream(out).allMatch(v -> v == 0) && java.util.Arrays.stream(values)
                    .allMatch(v -> v == 0), "nothing written");
        }
    }

    /** Points moved by h along coordinate d, or by h delta when d < 0. */
    static double[][] shifted(double[][] p, int d, double[][] delta, double h) {
        double[][] q = new double[p.length][];
        for (int e = 0; e < p.length; e++) {
            q[e] = p[e].clone();
            for (int j = 0; j < q[e].length; j++) {
                if (d < 0) {
                    q[e][j] += h * delta[e][j];
                } else if (e == d) {
                    q[e][j] += h;
                }
            }
        }
        return q;
    }

    /** sum a_i conj(b_i) for interleaved complex arrays. */
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
