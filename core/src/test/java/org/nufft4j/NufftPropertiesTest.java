package org.nufft4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Points at the edges, the adjoint identity, batches, thread-count determinism, M = 0. */
class NufftPropertiesTest {

    private static final int[][] SHAPES = {{50}, {18, 11}, {9, 8, 7}};

    private static double[] type1(int[] modes, double[][] p, double[] c, int isign, double tol, NufftOptions o) {
        double[] f = new double[2 * TestData.product(modes) * o.batchSize()];
        try (var plan = NufftPlan.create(NufftType.TYPE_1, modes, isign, tol, o)) {
            TestData.setPoints(plan, p);
            plan.execute(c, f);
        }
        return f;
    }

    private static double[] type2(int[] modes, double[][] p, double[] f, int isign, double tol, NufftOptions o) {
        double[] c = new double[2 * p[0].length * o.batchSize()];
        try (var plan = NufftPlan.create(NufftType.TYPE_2, modes, isign, tol, o)) {
            TestData.setPoints(plan, p);
            plan.execute(f, c);
        }
        return c;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void pointsAtPlusMinusPiFarOutsideAndClustered(int shape) {
        int[] modes = SHAPES[shape];
        int dim = modes.length;
        long seed = 77 + shape;
        int m = 400;
        double[][] p = TestData.points(seed, dim, m, -Math.PI, Math.PI);
        double cell = 2 * Math.PI / 64;
        for (int d = 0; d < dim; d++) {
            p[d][0] = -Math.PI;
            p[d][1] = Math.PI;
            p[d][2] = 1e3 * Math.PI;
            p[d][3] = -1e3 * Math.PI + 0.25;
            p[d][4] = Math.nextDown(2 * Math.PI);
            p[d][5] = 0.0;
            for (int j = 100; j < 300; j++) { // 200 points inside one fine cell
                p[d][j] = 0.3 + cell * (j - 100) / 200.0;
            }
        }
        double tol = 1e-9;
        double[] c = TestData.complex(seed, m);
        double[] f = type1(modes, p, c, 1, tol, NufftOptions.defaults());
        double e1 = TestData.relativeError(f, DirectSum.type1(p, c, modes, 1, ModeOrder.CMCL));
        assertTrue(e1 <= 2 * tol, () -> "seed " + seed + " type 1 error " + e1);
        double[] fin = TestData.complex(seed + 5, TestData.product(modes));
        double[] out = type2(modes, p, fin, -1, tol, NufftOptions.defaults());
        double e2 = TestData.relativeError(out, DirectSum.type2(p, fin, modes, -1, ModeOrder.CMCL));
        assertTrue(e2 <= 2 * tol, () -> "seed " + seed + " type 2 error " + e2);
    }

    /** <A c, f> = <c, A* f>, with A = type 1 (isign) and A* = type 2 (-isign). */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void adjointIdentity(int shape) {
        int[] modes = SHAPES[shape];
        int dim = modes.length;
        long seed = 500 + shape;
        int m = 700;
        double[][] p = TestData.points(seed, dim, m, -10, 10);
        for (int isign : new int[] {-1, 1}) {
            double[] c = TestData.complex(seed + 1, m);
            double[] f = TestData.complex(seed + 2, TestData.product(modes));
            double[] ac = type1(modes, p, c, isign, 1e-6, NufftOptions.defaults());
            double[] af = type2(modes, p, f, -isign, 1e-6, NufftOptions.defaults());
            double[] lhs = dot(ac, f);
            double[] rhs = dot(c, af);
            double scale = norm(ac) * norm(f) + norm(c) * norm(af);
            double diff = Math.hypot(lhs[0] - rhs[0], lhs[1] - rhs[1]);
            assertTrue(diff <= 1e-13 * scale, () -> "seed " + seed + ": |<Ac,f> - <c,A*f>| = " + diff + ", scale " + scale);
        }
    }

    /** sum conj(a) b. */
    private static double[] dot(double[] a, double[] b) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < a.length; i += 2) {
            re += a[i] * b[i] + a[i + 1] * b[i + 1];
            im += a[i] * b[i + 1] - a[i + 1] * b[i];
        }
        return new double[] {re, im};
    }

    private static double norm(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void batchEqualsTransformsOneByOne(int shape) {
        int[] modes = SHAPES[shape];
        int dim = modes.length;
        long seed = 900 + shape;
        int m = 500;
        int batch = 11; // more than one internal chunk of 8
        int nModes = TestData.product(modes);
        double[][] p = TestData.points(seed, dim, m, -Math.PI, Math.PI);
        double[] c = TestData.complex(seed + 1, m * batch);
        double[] f = TestData.complex(seed + 2, nModes * batch);
        var batched = NufftOptions.defaults().withBatchSize(batch);
        double[] fAll = type1(modes, p, c, 1, 1e-7, batched);
        double[] cAll = type2(modes, p, f, 1, 1e-7, batched);
        for (int b = 0; b < batch; b++) {
            double[] cb = Arrays.copyOfRange(c, 2 * m * b, 2 * m * (b + 1));
            double[] fb = Arrays.copyOfRange(f, 2 * nModes * b, 2 * nModes * (b + 1));
            double[] one1 = type1(modes, p, cb, 1, 1e-7, NufftOptions.defaults());
            double[] one2 = type2(modes, p, fb, 1, 1e-7, NufftOptions.defaults());
            assertArrayEquals(one1, Arrays.copyOfRange(fAll, 2 * nModes * b, 2 * nModes * (b + 1)), 0.0,
                    "seed " + seed + " type 1 transform " + b);
            assertArrayEquals(one2, Arrays.copyOfRange(cAll, 2 * m * b, 2 * m * (b + 1)), 0.0,
                    "seed " + seed + " type 2 transform " + b);
        }
    }

    /** Owner-computes tiling: type 1 is bitwise identical for any thread count. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void type1BitwiseIdenticalForAnyThreadCount(int shape) {
        int[][] big = {{20000}, {300, 170}, {40, 36, 33}};
        int[] modes = big[shape];
        long seed = 1234 + shape;
        int m = 60000;
        double[][] p = TestData.points(seed, modes.length, m, -Math.PI, Math.PI);
        double[] c = TestData.complex(seed + 1, m);
        double[] one = type1(modes, p, c, -1, 1e-6, NufftOptions.defaults().withThreads(1));
        for (int threads : new int[] {2, 3, 5}) {
            double[] many = type1(modes, p, c, -1, 1e-6, NufftOptions.defaults().withThreads(threads));
            assertArrayEquals(one, many, 0.0, "seed " + seed + " threads " + threads);
            for (int i = 0; i < one.length; i++) {
                assertEquals(Double.doubleToRawLongBits(one[i]), Double.doubleToRawLongBits(many[i]),
                        "seed " + seed + " threads " + threads + " index " + i);
            }
        }
    }

    @Test
    void zeroPointsGiveZeroOutput() {
        for (int[] modes : SHAPES) {
            double[][] p = new double[modes.length][0];
            double[] f = new double[2 * TestData.product(modes)];
            Arrays.fill(f, 42.0);
            double[] out = type1(modes, p, new double[0], 1, 1e-6, NufftOptions.defaults());
            assertTrue(Arrays.stream(out).allMatch(v -> v == 0.0));
            try (var plan = NufftPlan.create(NufftType.TYPE_1, modes, 1, 1e-6)) {
                TestData.setPoints(plan, p);
                plan.execute(new double[0], f);
                assertTrue(Arrays.stream(f).allMatch(v -> v == 0.0), "stale output must be overwritten with zeros");
            }
            double[] c = type2(modes, p, TestData.complex(1, TestData.product(modes)), 1, 1e-6, NufftOptions.defaults());
            assertEquals(0, c.length);
        }
    }

    @Test
    void repeatedExecuteAndNewPointsReuseThePlan() {
        int[] modes = {24, 20};
        long seed = 31;
        try (var plan = NufftPlan.create(NufftType.TYPE_1, modes, 1, 1e-8)) {
            for (int round = 0; round < 3; round++) {
                int m = 300 + 100 * round;
                double[][] p = TestData.points(seed + round, 2, m, -Math.PI, Math.PI);
                double[] c = TestData.complex(seed + 10 + round, m);
                double[] f = new double[2 * TestData.product(modes)];
                plan.setPoints(p[0], p[1]);
                plan.execute(c, f);
                double[] again = new double[f.length];
                plan.execute(c, again);
                assertArrayEquals(f, again, 0.0);
                double err = TestData.relativeError(f, DirectSum.type1(p, c, modes, 1, ModeOrder.CMCL));
                assertTrue(err <= 2e-8, "round " + round + " error " + err);
            }
        }
    }

    @Test
    void pointsArraysAreCopied() {
        int[] modes = {30};
        double[][] p = TestData.points(3, 1, 200, -Math.PI, Math.PI);
        double[] c = TestData.complex(4, 200);
        double[] expect = DirectSum.type1(p, c, modes, 1, ModeOrder.CMCL);
        double[] f = new double[60];
        try (var plan = NufftPlan.create(NufftType.TYPE_1, modes, 1, 1e-9)) {
            double[] x = p[0].clone();
            plan.setPoints(x);
            Arrays.fill(x, 1.0); // the caller scribbles over its array
            plan.execute(c, f);
        }
        assertTrue(TestData.relativeError(f, expect) <= 2e-9);
    }
}
