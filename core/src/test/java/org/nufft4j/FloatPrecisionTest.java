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
 * Float plans (Precision.FLOAT): against the exact direct sums on small cases, against double
 * plans on large ones (where float rounding in the FFT and in the sums grows), bitwise
 * determinism over thread counts, batches, and the errors of mixed-precision calls.
 *
 * <p>Pinned factor: relative l2 error at most {@value #FACTOR} times the tolerance, the same
 * factor as double plans, for tolerances 1e-2 .. 1e-6 ({@link NufftPlan#MIN_TOLERANCE_FLOAT}).
 */
class FloatPrecisionTest {

    static final double FACTOR = 2.0;

    static NufftOptions floatOptions() {
        return NufftOptions.defaults().withPrecision(Precision.FLOAT);
    }


    static Stream<Arguments> smallCases() {
        int[][] shapes = {{64}, {37}, {20, 13}, {16, 16}, {8, 5, 6}, {5, 6, 7}};
        double[] tolerances = {1e-2, 1e-3, 1e-4, 1e-5, 1e-6};
        List<Arguments> list = new ArrayList<>();
        long seed = 5000;
        for (int[] modes : shapes) {
            for (double tol : tolerances) {
                for (int isign : new int[] {-1, 1}) {
                    list.add(Arguments.of(modes, tol, isign, seed++));
                }
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "modes={0} tol={1} isign={2} seed={3}")
    @MethodSource("smallCases")
    void bothTypesMatchDirectSums(int[] modes, double tol, int isign, long seed) {
        int dim = modes.length;
        int m = 600;
        double[][] p = TestData.points(seed, dim, m, -Math.PI, Math.PI);
        float[] c = TestData.toFloat(TestData.complex(seed + 1, m));
        float[] f = new float[2 * TestData.product(modes)];
        try (var plan = NufftPlan.create(NufftType.TYPE_1, modes, isign, tol, floatOptions())) {
            TestData.setPoints(plan, p);
            plan.execute(c, f);
        }
        double e1 = TestData.relativeError(TestData.toDouble(f), DirectSum.type1(p, TestData.toDouble(c), modes, isign, ModeOrder.CMCL));
        assertTrue(e1 <= FACTOR * tol, () -> "seed " + seed + ": type 1 relative error " + e1);

        float[] fin = TestData.toFloat(TestData.complex(seed + 2, TestData.product(modes)));
        float[] out = new float[2 * m];
        try (var plan = NufftPlan.create(NufftType.TYPE_2, modes, isign, tol, floatOptions())) {
            TestData.setPoints(plan, p);
            plan.execute(fin, out);
        }
        double e2 = TestData.relativeError(TestData.toDouble(out), DirectSum.type2(p, TestData.toDouble(fin), modes, isign, ModeOrder.CMCL));
        assertTrue(e2 <= FACTOR * tol, () -> "seed " + seed + ": type 2 relative error " + e2);
    }

    static Stream<Arguments> largeCases() {
        return Stream.of(
                Arguments.of(new int[] {100_000}, 200_000, 1e-6, 61L),
                Arguments.of(new int[] {100_000}, 200_000, 1e-4, 62L),
                Arguments.of(new int[] {300, 300}, 200_000, 1e-6, 63L),
                Arguments.of(new int[] {300, 300}, 200_000, 1e-3, 64L),
                Arguments.of(new int[] {48, 48, 48}, 200_000, 1e-6, 65L),
                Arguments.of(new int[] {48, 48, 48}, 200_000, 1e-5, 66L));
    }

    /** Large mode counts, where float rounding in the FFT and the grid sums is largest. */
    @ParameterizedTest(name = "modes={0} M={1} tol={2} seed={3}")
    @MethodSource("largeCases")
    void largeTransformsMatchDoublePlans(int[] modes, int m, double tol, long seed) {
        int dim = modes.length;
        double[][] p = TestData.points(seed, dim, m, -Math.PI, Math.PI);
        double[] c = TestData.complex(seed + 1, m);
        double[] exact = new double[2 * TestData.product(modes)];
        try (var plan = NufftPlan.create(NufftType.TYPE_1, modes, 1, 1e-12)) {
            TestData.setPoints(plan, p);
            plan.execute(c, exact);
        }
        float[] f = new float[exact.length];
        try (var plan = NufftPlan.create(NufftType.TYPE_1, modes, 1, tol, floatOptions())) {
            TestData.setPoints(plan, p);
            plan.execute(TestData.toFloat(c), f);
        }
        double e1 = TestData.relativeError(TestData.toDouble(f), exact);
        assertTrue(e1 <= FACTOR * tol, () -> "seed " + seed + ": type 1 relative error " + e1);

        double[] fin = TestData.complex(seed + 2, TestData.product(modes));
        double[] exact2 = new double[2 * m];
        try (var plan = NufftPlan.create(NufftType.TYPE_2, modes, -1, 1e-12)) {
            TestData.setPoints(plan, p);
            plan.execute(fin, exact2);
        }
        float[] out = new float[2 * m];
        try (var plan = NufftPlan.create(NufftType.TYPE_2, modes, -1, tol, floatOptions())) {
            TestData.setPoints(plan, p);
            plan.execute(TestData.toFloat(fin), out);
        }
        double e2 = TestData.relativeError(TestData.toDouble(out), exact2);
        assertTrue(e2 <= FACTOR * tol, () -> "seed " + seed + ": type 2 relative error " + e2);
    }

    @Test
    void type1BitwiseIdenticalForAnyThreadCountAndBatchEqualsSingles() {
        int[] modes = {40, 30};
        int m = 20_000;
        int batch = 3;
        long seed = 77;
        double[][] p = TestData.points(seed, 2, m, -Math.PI, Math.PI);
        float[] c = TestData.toFloat(TestData.complex(seed + 1, m * batch));
        float[] reference = null;
        for (int threads : new int[] {1, 2, 3, 5}) {
            float[] f = new float[2 * TestData.product(modes) * batch];
            try (var plan = NufftPlan.create(NufftType.TYPE_1, modes, -1, 1e-5,
                    floatOptions().withThreads(threads).withBatchSize(batch))) {
                TestData.setPoints(plan, p);
                plan.execute(c, f);
            }
            if (reference == null) {
                reference = f;
            } else {
                assertArrayEquals(reference, f, "seed " + seed + ", threads " + threads);
            }
        }
        int per = 2 * TestData.product(modes);
        for (int b = 0; b < batch; b++) {
            float[] single = new float[per];
            try (var plan = NufftPlan.create(NufftType.TYPE_1, modes, -1, 1e-5, floatOptions().withThreads(2))) {
                TestData.setPoints(plan, p);
                plan.execute(java.util.Arrays.copyOfRange(c, 2 * m * b, 2 * m * (b + 1)), single);
            }
            assertArrayEquals(single, java.util.Arrays.copyOfRange(reference, per * b, per * (b + 1)),
                    "seed " + seed + ", batch entry " + b);
        }
    }

    @Test
    void precisionMismatchAndTooSmallToleranceFailFast() {
        int[] modes = {16};
        double[][] p = TestData.points(3, 1, 10, -1, 1);
        try (var single = NufftPlan.create(NufftType.TYPE_1, modes, 1, 1e-5, floatOptions());
             var dbl = NufftPlan.create(NufftType.TYPE_1, modes, 1, 1e-5)) {
            TestData.setPoints(single, p);
            TestData.setPoints(dbl, p);
            double[] out = new double[32];
            var e1 = assertThrows(IllegalArgumentException.class, () -> single.execute(new double[20], out));
            assertTrue(e1.getMessage().contains("FLOAT"), e1.getMessage());
            assertTrue(java.util.Arrays.stream(out).allMatch(v -> v == 0), "nothing written");
            var e2 = assertThrows(IllegalArgumentException.class, () -> dbl.execute(new float[20], new float[32]));
            assertTrue(e2.getMessage().contains("DOUBLE"), e2.getMessage());
            var e3 = assertThrows(IllegalArgumentException.class, () -> single.execute(new float[19], new float[32]));
            assertTrue(e3.getMessage().contains("input.length"), e3.getMessage());
        }
        var e4 = assertThrows(IllegalArgumentException.class,
                () -> NufftPlan.create(NufftType.TYPE_2, modes, 1, 1e-7, floatOptions()));
        assertTrue(e4.getMessage().contains("float"), e4.getMessage());
        var e5 = assertThrows(NullPointerException.class, () -> floatOptions().withPrecision(null));
        assertTrue(e5.getMessage().contains("precision"), e5.getMessage());
    }
}
