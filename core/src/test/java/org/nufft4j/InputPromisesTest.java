package org.nufft4j;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per defect an independent adversarial test found (issue 15), each named after the
 * promise it guards: the input is either handled as the README promises or rejected with a
 * message that names the argument of the method that was called.
 */
class InputPromisesTest {

    private static void assertMessage(Runnable call, String... fragments) {
        var e = assertThrows(IllegalArgumentException.class, call::run);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message '" + e.getMessage() + "' should contain '" + f + "'");
        }
    }


    /**
     * Float type 1 on a dense cluster (all points in a box of 1e-4 radians): every cell of the
     * cluster sums 1e5 contributions; before the per-pass limit of the spreader, the float
     * running sums lost 2.7x-5.0x the tolerance.
     */
    @ParameterizedTest(name = "dim={0}")
    @ValueSource(ints = {1, 2, 3})
    void floatPlansKeepTheToleranceOnDenselyClusteredPoints(int dim) {
        long seed = 1500 + dim;
        int m = 100_000;
        int[] modes = switch (dim) {
            case 1 -> new int[] {256};
            case 2 -> new int[] {32, 32};
            default -> new int[] {24, 24, 24};
        };
        double tol = 1e-6;
        double[][] x = TestData.points(seed, dim, m, 0.3, 0.3 + 1e-4);
        double[] c = TestData.complex(seed + 1, m);
        double[] exact = DirectSum.type1(x, c, modes, 1, ModeOrder.CMCL);
        var options = NufftOptions.defaults().withPrecision(Precision.FLOAT);
        try (var plan = NufftPlan.create(NufftType.TYPE_1, modes, 1, tol, options)) {
            TestData.setPoints(plan, x);
            float[] f = new float[exact.length];
            plan.execute(TestData.toFloat(c), f);
            double err = TestData.relativeError(TestData.toDouble(f), exact);
            assertTrue(err <= 2 * tol, "seed " + seed + ": float type 1 on clustered points, error " + err);
        }
        if (dim < 3) { // type 2 reads the cluster: no long sums, checked for symmetry
            double[] coefficients = TestData.complex(seed + 2, TestData.product(modes));
            double[] exact2 = DirectSum.type2(x, coefficients, modes, 1, ModeOrder.CMCL);
            try (var plan = NufftPlan.create(NufftType.TYPE_2, modes, 1, tol, options)) {
                TestData.setPoints(plan, x);
                float[] v = new float[2 * m];
                plan.execute(TestData.toFloat(coefficients), v);
                double err = TestData.relativeError(TestData.toDouble(v), exact2);
                assertTrue(err <= 2 * tol, "seed " + seed + ": float type 2 on clustered points, error " + err);
            }
        }
    }

    /**
     * Every finite double is a point: huge coordinates fold into the grid (they used to fail
     * with ArrayIndexOutOfBoundsException from |x| ~ 5e17) and the transform matches the exact
     * sum, which reduces the same doubles exactly.
     */
    @ParameterizedTest(name = "dim={0}")
    @ValueSource(ints = {1, 2, 3})
    void everyFiniteCoordinateFoldsIntoTheGridAndMatchesTheExactSum(int dim) {
        double[] huge = {5e17, -5e17, 0x1p53 * 2 * Math.PI, 1e22, -1e22, 1e50, 1e300, -1e300, Double.MAX_VALUE,
            -Double.MAX_VALUE, Math.nextDown(0x1p45), 0x1p45, Math.nextUp(0x1p45), Double.MIN_VALUE, -0.0, 0.5,
            -3.0, 123456.789};
        int m = huge.length;
        double[][] x = new double[dim][m];
        for (int d = 0; d < dim; d++) {
            for (int j = 0; j < m; j++) {
                x[d][j] = huge[(j + 5 * d) % m]; // every dimension sees every value, mixed
            }
        }
        int[] modes = new int[dim];
        Arrays.fill(modes, dim == 1 ? 16 : 10);
        long seed = 77 + dim;
        double tol = 1e-9;
        double[] c = TestData.complex(seed, m);
        try (var plan = NufftPlan.create(NufftType.TYPE_1, modes, -1, tol)) {
            TestData.setPoints(plan, x);
            double[] f = new double[2 * TestData.product(modes)];
            plan.execute(c, f);
            double err = TestData.relativeError(f, DirectSum.type1(x, c, modes, -1, ModeOrder.CMCL));
            assertTrue(err <= 2 * tol, "seed " + seed + ": type 1 with huge coordinates, error " + err);
        }
        double[] coefficients = TestData.complex(seed + 1, TestData.product(modes));
        try (var plan = NufftPlan.create(NufftType.TYPE_2, modes, 1, tol)) {
            TestData.setPoints(plan, x);
            double[] v = new double[2 * m];
            plan.execute(coefficients, v);
            double err = TestData.relativeError(v, DirectSum.type2(x, coefficients, modes, 1, ModeOrder.CMCL));
            assertTrue(err <= 2 * tol, "seed " + seed + ": type 2 with huge coordinates, error " + err);
        }
    }

    /** Length errors name the parameter as the called method's signature names it. */
    @Test
    void lengthErrorsNameTheParameterOfTheMethodCalled() {
        int[] modes = {6, 5};
        int m = 4;
        double[][] x = TestData.points(3, 2, m, -3, 3);
        int n = 30;
        try (var t1 = NufftPlan.create(NufftType.TYPE_1, modes, 1, 1e-6);
             var t2 = NufftPlan.create(NufftType.TYPE_2, modes, 1, 1e-6)) {
            TestData.setPoints(t1, x);
            TestData.setPoints(t2, x);
            assertMessage(() -> t1.executeDipoles(new double[2 * m], new double[4 * m], new double[2 * n - 2]),
                    "modesOut.length = 58");
            assertMessage(() -> t1.executeDipoles(new double[2 * m + 2], new double[4 * m], new double[2 * n]),
                    "strengths.length = 10");
            assertMessage(() -> t1.executeDipoles(new double[2 * m], new double[4 * m + 1], new double[2 * n]),
                    "dipoles.length = 17");
            assertMessage(() -> t2.executeGradient(new double[2 * n - 2], new double[2 * m], new double[4 * m]),
                    "modesIn.length = 58");
            assertMessage(() -> t2.executeGradient(new double[2 * n], new double[2 * m + 2], new double[4 * m]),
                    "values.length = 10");
            assertMessage(() -> t2.executeGradient(new double[2 * n], new double[2 * m], new double[4 * m - 2]),
                    "gradient.length = 14");
        }
        var floats = NufftOptions.defaults().withPrecision(Precision.FLOAT);
        try (var t1 = NufftPlan.create(NufftType.TYPE_1, modes, 1, 1e-5, floats);
             var t2 = NufftPlan.create(NufftType.TYPE_2, modes, 1, 1e-5, floats)) {
            TestData.setPoints(t1, x);
            TestData.setPoints(t2, x);
            assertMessage(() -> t1.executeDipoles(new float[2 * m], new float[4 * m], new float[2 * n - 2]),
                    "modesOut.length = 58");
            assertMessage(() -> t2.executeGradient(new float[2 * n - 2], new float[2 * m], new float[4 * m]),
                    "modesIn.length = 58");
            assertMessage(() -> t1.executeDipoles(new double[2 * m], new double[4 * m], new double[2 * n]), "strengths",
                    "float[]");
        }
        for (NufftType type : new NufftType[] {NufftType.TYPE_1, NufftType.TYPE_2}) {
            try (var g = NufftGradients.create(type, modes, 1, 1e-6)) {
                TestData.setPoints(g, x);
                int in = type == NufftType.TYPE_1 ? 2 * m : 2 * n;
                int out = type == NufftType.TYPE_1 ? 2 * n : 2 * m;
                assertMessage(() -> g.vjp(new double[in + 2], new double[out], new double[in], new double[2 * m]),
                        "input.length = " + (in + 2));
                assertMessage(() -> g.vjp(new double[in], new double[out + 1], new double[in], new double[2 * m]),
                        "outputGradient.length = " + (out + 1));
                assertMessage(() -> g.vjp(new double[in], new double[out], new double[in - 2], new double[2 * m]),
                        "inputGradient.length = " + (in - 2));
                assertMessage(() -> g.vjp(new double[in], new double[out], new double[in], new double[2 * m + 1]),
                        "pointGradient.length = " + (2 * m + 1));
                assertMessage(() -> g.jvp(new double[in + 2], new double[in], new double[2 * m], new double[out]),
                        "input.length = " + (in + 2));
                assertMessage(() -> g.jvp(new double[in], new double[in + 2], new double[2 * m], new double[out]),
                        "inputTangent.length = " + (in + 2));
                assertMessage(() -> g.jvp(new double[in], new double[in], new double[2 * m - 1], new double[out]),
                        "pointTangent.length = " + (2 * m - 1));
                assertMessage(() -> g.jvp(new double[in], new double[in], new double[2 * m], new double[out - 2]),
                        "outputTangent.length = " + (out - 2));
            }
        }
    }

    /**
     * An output that is also an input is rejected by every entry point that writes arrays
     * (vjp with inputGradient == input used to return a point gradient 5.2 off), and nothing
     * is written. Sizes are chosen so that every pair of arguments has the same length.
     */
    @Test
    void aliasedArraysAreRejectedBeforeAnythingIsWritten() {
        int[] modes = {8};
        int m = 8; // 2 M = 2 N, and dim * M = 2 M / 2: pick arrays of the right lengths per slot
        double[][] x = TestData.points(5, 1, m, -3, 3);
        for (NufftType type : new NufftType[] {NufftType.TYPE_1, NufftType.TYPE_2}) {
            try (var g = NufftGradients.create(type, modes, -1, 1e-9)) {
                TestData.setPoints(g, x);
                double[] a = TestData.complex(11, m);
                double[] b = TestData.complex(12, m);
                double[] c = TestData.complex(13, m);
                double[] p = new double[m];
                // vjp(input, outputGradient, inputGradient, pointGradient): the last two are outputs
                assertAliasRejected(() -> g.vjp(a, b, a, p), a, "input", "inputGradient");
                assertAliasRejected(() -> g.vjp(a, b, b, p), b, "outputGradient", "inputGradient");
                // jvp(input, inputTangent, pointTangent, outputTangent): the last is the output
                assertAliasRejected(() -> g.jvp(a, b, p, a), a, "input", "outputTangent");
                assertAliasRejected(() -> g.jvp(a, b, p, b), b, "inputTangent", "outputTangent");
                double[] q = new double[m];
                assertAliasRejected(() -> g.jvp(a, b, q, c), null, null, null); // no alias: runs
            }
        }
        try (var t1 = NufftPlan.create(NufftType.TYPE_1, new int[] {8}, 1, 1e-9);
             var t2 = NufftPlan.create(NufftType.TYPE_2, new int[] {4}, 1, 1e-9)) {
            t1.setPoints(x[0]);
            t2.setPoints(Arrays.copyOf(x[0], 4));
            double[] a = TestData.complex(21, 8);
            double[] d = TestData.complex(22, 8);
            assertAliasRejected(() -> t1.execute(a, a), a, "input", "output");
            assertAliasRejected(() -> t1.executeDipoles(a, d, a), a, "strengths", "modesOut");
            assertAliasRejected(() -> t1.executeDipoles(d, a, a), a, "dipoles", "modesOut");
            double[] f = TestData.complex(23, 4); // 8 doubles: modes, values and gradient of 4 points
            double[] v = TestData.complex(24, 4);
            assertAliasRejected(() -> t2.executeGradient(f, f, v), f, "modesIn", "values");
            assertAliasRejected(() -> t2.executeGradient(f, v, f), f, "modesIn", "gradient");
            assertAliasRejected(() -> t2.executeGradient(v, f, f), f, "values", "gradient");
        }
    }

    /**
     * The gradient of a single low mode: relative to the exact gradient the error is about 64x
     * the tolerance here (the interpolant's derivative carries the aliased frequency k - n, not
     * k), so the promise is stated against {@code |g*| + sigma |k|max |c*|}; it must hold at
     * every upsampling factor and down to the smallest tolerance.
     */
    @Test
    void gradientOfALowModeMeetsTheScaledPromise() {
        int n = 1000;
        int m = 2000;
        double[][] x = TestData.points(31, 1, m, -Math.PI, Math.PI);
        double[] f = new double[2 * n];
        f[2 * (1 + n / 2)] = 1; // k = 1 (CMCL order)
        double[][] exact = DirectSum.type2Gradient(x, f, new int[] {n}, 1, ModeOrder.CMCL);
        for (double[] st : new double[][] {{1.25, 1e-6}, {2.0, 1e-6}, {3.0, 1e-6}, {8.0, 1e-6}, {2.0, 1e-13}}) {
            double sigma = st[0];
            double tol = st[1];
            try (var plan = NufftPlan.create(NufftType.TYPE_2, new int[] {n}, 1, tol,
                    NufftOptions.defaults().withUpsampling(sigma))) {
                plan.setPoints(x[0]);
                double[] v = new double[2 * m];
                double[] g = new double[2 * m];
                plan.executeGradient(f, v, g);
                double err = TestData.relativeError(g, exact[1]) * norm(exact[1]);
                double allowed = 4 * tol * (norm(exact[1]) + sigma * (n / 2.0) * norm(exact[0]));
                assertTrue(err <= allowed, "sigma " + sigma + " tol " + tol + ": l2 error " + err + " > " + allowed);
                assertTrue(TestData.relativeError(v, exact[0]) <= 2 * Math.max(tol, 2e-16 * n),
                        "sigma " + sigma + " tol " + tol + ": values");
            }
        }
    }

    /**
     * Outputs near a zero (found by the kernel study of session 7): points in a box of 1e-3
     * around x0 and data whose exact transform vanishes at x0 (type 2: the coefficients of mode
     * 0 shifted so that c(x0) = 0; type 1: charges summing to zero). The exact outputs are then
     * a few thousandths of their typical size while the error stays the kernel's absolute error,
     * so the relative l2 error reaches many times the tolerance (printed) and no width bounds
     * it. What holds, and is promised (README, "Tolerance"), is the error relative to
     * {@code max(||exact||, sqrt(n) ||input||)}; the type 2 gradient's own promise holds too.
     */
    @ParameterizedTest(name = "dim={0}")
    @ValueSource(ints = {1, 2, 3})
    void outputsNearAZeroMeetTheGeneralPromise(int dim) {
        int[] modes = switch (dim) {
            case 1 -> new int[] {40};
            case 2 -> new int[] {12, 10};
            default -> new int[] {7, 6, 8};
        };
        int m = 74;
        int total = TestData.product(modes);
        for (double tol : new double[] {1e-3, 1e-8, 1e-12}) {
            long seed = 4100 + 10L * dim + Math.round(-Math.log10(tol));
            double[][] x = TestData.points(seed, dim, m, 2.0, 2.0 + 1e-3);
            double[][] centre = new double[dim][1];
            for (int d = 0; d < dim; d++) {
                centre[d][0] = 2.0 + 5e-4;
            }
            // type 2: coefficients with c(centre) = 0 (mode 0 absorbs the value there)
            double[] f = TestData.complex(seed + 1, total);
            double[] atCentre = DirectSum.type2(centre, f, modes, 1, ModeOrder.CMCL);
            int zero = 0;
            int stride = 1;
            for (int v : modes) {
                zero += stride * (v / 2);
                stride *= v;
            }
            f[2 * zero] -= atCentre[0];
            f[2 * zero + 1] -= atCentre[1];
            double[][] exact2 = DirectSum.type2Gradient(x, f, modes, 1, ModeOrder.CMCL);
            // type 1: charges with sum zero
            double[] c = TestData.complex(seed + 2, m);
            double re = 0;
            double im = 0;
            for (int j = 0; j < m; j++) {
                re += c[2 * j];
                im += c[2 * j + 1];
            }
            for (int j = 0; j < m; j++) {
                c[2 * j] -= re / m;
                c[2 * j + 1] -= im / m;
            }
            double[] exact1 = DirectSum.type1(x, c, modes, 1, ModeOrder.CMCL);
            String where = "seed " + seed + " dim " + dim + " tol " + tol;
            try (var plan2 = NufftPlan.create(NufftType.TYPE_2, modes, 1, tol);
                 var plan1 = NufftPlan.create(NufftType.TYPE_1, modes, 1, tol)) {
                TestData.setPoints(plan2, x);
                TestData.setPoints(plan1, x);
                double[] v = new double[2 * m];
                double[] g = new double[2 * m * dim];
                plan2.executeGradient(f, v, g);
                double[] values = new double[2 * m];
                plan2.execute(f, values);
                double[] modesOut = new double[2 * total];
                plan1.execute(c, modesOut);
                double bound = 2 * tol;
                double e2 = TestData.promiseError(values, exact2[0], f);
                double e1 = TestData.promiseError(modesOut, exact1, c);
                System.out.printf("%s: type 2 relative error %.2f tol, general %.2f tol; type 1 relative %.2f tol,"
                        + " general %.2f tol%n", where, TestData.relativeError(values, exact2[0]) / tol, e2 / tol,
                        TestData.relativeError(modesOut, exact1) / tol, e1 / tol);
                assertTrue(e2 <= bound, where + ": type 2 error " + e2 + " > " + bound);
                assertTrue(TestData.promiseError(v, exact2[0], f) <= bound, where + ": type 2 gradient form's values");
                assertTrue(e1 <= bound, where + ": type 1 error " + e1 + " > " + bound);
                double kMax = 0;
                for (int n : modes) {
                    kMax += (n / 2.0) * (n / 2.0);
                }
                double err = TestData.relativeError(g, exact2[1]) * norm(exact2[1]);
                double allowed = 4 * tol * (norm(exact2[1]) + 2.0 * Math.sqrt(kMax) * norm(exact2[0]));
                assertTrue(err <= allowed, where + ": gradient l2 error " + err + " > " + allowed);
            }
        }
    }

    private static double norm(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static void assertAliasRejected(Runnable call, double[] aliased, String first, String second) {
        if (aliased == null) {
            call.run();
            return;
        }
        double[] before = aliased.clone();
        assertMessage(call, first + " and " + second, "different arrays");
        assertTrue(Arrays.equals(before, aliased), "the rejected call wrote to " + second);
    }

}
