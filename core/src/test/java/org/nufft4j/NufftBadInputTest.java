package org.nufft4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every rejected input fails with a message naming what was wrong, before any output is written. */
class NufftBadInputTest {

    private static void assertMessage(Class<? extends Throwable> type, Executable call, String... fragments) {
        Throwable t = assertThrows(type, call);
        for (String f : fragments) {
            assertTrue(t.getMessage() != null && t.getMessage().contains(f),
                    () -> "message '" + t.getMessage() + "' should contain '" + f + "'");
        }
    }

    @Test
    void nanAndInfinitePointsAreRejectedWithTheirIndex() {
        try (var plan = NufftPlan.create(NufftType.TYPE_1, new int[] {8, 8, 8}, 1, 1e-6)) {
            double[] ok = {0.1, 0.2, 0.3};
            assertMessage(IllegalArgumentException.class,
                    () -> plan.setPoints(new double[] {0, Double.NaN, 1}, ok, ok), "x[1]", "NaN", "finite");
            assertMessage(IllegalArgumentException.class,
                    () -> plan.setPoints(ok, new double[] {0, 1, Double.POSITIVE_INFINITY}, ok), "y[2]", "Infinity");
            assertMessage(IllegalArgumentException.class,
                    () -> plan.setPoints(ok, ok, new double[] {Double.NEGATIVE_INFINITY, 0, 0}), "z[0]");
        }
    }

    @Test
    void coordinateArraysOfDifferentLengthsOrWrongDimension() {
        try (var plan = NufftPlan.create(NufftType.TYPE_2, new int[] {8, 8}, 1, 1e-6)) {
            assertMessage(IllegalArgumentException.class,
                    () -> plan.setPoints(new double[3], new double[4]), "y.length = 4", "x.length = 3");
            assertMessage(IllegalArgumentException.class, () -> plan.setPoints(new double[3]), "2D", "2 coordinate arrays");
            assertMessage(IllegalArgumentException.class,
                    () -> plan.setPoints(new double[3], new double[3], new double[3]), "2D");
            assertThrows(NullPointerException.class, () -> plan.setPoints(null, new double[3]));
        }
    }

    @Test
    void executeChecksArrayLengthsAndLeavesOutputUntouched() {
        try (var plan = NufftPlan.create(NufftType.TYPE_1, new int[] {10, 6}, 1, 1e-6,
                NufftOptions.defaults().withBatchSize(2))) {
            plan.setPoints(new double[] {0.1, 0.2, 0.3}, new double[] {1, 2, 3});
            double[] out = new double[2 * 60 * 2];
            Arrays.fill(out, 7.0);
            assertMessage(IllegalArgumentException.class, () -> plan.execute(new double[6], out),
                    "input.length = 6", "expected", "= 12");
            assertMessage(IllegalArgumentException.class, () -> plan.execute(new double[12], new double[240 - 1]),
                    "output.length = 239", "= 240");
            assertMessage(IllegalArgumentException.class, () -> plan.execute(out, out), "different arrays");
            assertThrows(NullPointerException.class, () -> plan.execute(null, out));
            assertTrue(Arrays.stream(out).allMatch(v -> v == 7.0), "output must not be touched");
        }
        try (var plan = NufftPlan.create(NufftType.TYPE_2, new int[] {10}, 1, 1e-6)) {
            plan.setPoints(new double[] {0.1, 0.2, 0.3});
            double[] out = new double[6];
            Arrays.fill(out, 7.0);
            assertMessage(IllegalArgumentException.class, () -> plan.execute(new double[6], out),
                    "input.length = 6", "modes", "= 20");
            assertTrue(Arrays.stream(out).allMatch(v -> v == 7.0), "output must not be touched");
        }
    }

    @Test
    void modesMustBeOneToThreePositiveSizes() {
        assertMessage(IllegalArgumentException.class, () -> NufftPlan.create(NufftType.TYPE_1, new int[0], 1, 1e-6),
                "modes must have length 1, 2 or 3", "got 0");
        assertMessage(IllegalArgumentException.class,
                () -> NufftPlan.create(NufftType.TYPE_1, new int[] {2, 2, 2, 2}, 1, 1e-6), "got 4");
        assertMessage(IllegalArgumentException.class,
                () -> NufftPlan.create(NufftType.TYPE_1, new int[] {4, 0}, 1, 1e-6), "modes[1] must be >= 1", "got 0");
        assertMessage(IllegalArgumentException.class,
                () -> NufftPlan.create(NufftType.TYPE_2, new int[] {-3}, 1, 1e-6), "modes[0]", "got -3");
        assertThrows(NullPointerException.class, () -> NufftPlan.create(NufftType.TYPE_1, null, 1, 1e-6));
        assertThrows(NullPointerException.class, () -> NufftPlan.create(null, new int[] {4}, 1, 1e-6));
    }

    @Test
    void isignMustBePlusOrMinusOne() {
        assertMessage(IllegalArgumentException.class,
                () -> NufftPlan.create(NufftType.TYPE_1, new int[] {4}, 0, 1e-6), "isign", "got 0");
        assertMessage(IllegalArgumentException.class,
                () -> NufftPlan.create(NufftType.TYPE_1, new int[] {4}, 2, 1e-6), "isign", "got 2");
    }

    @Test
    void toleranceOutOfRange() {
        for (double bad : new double[] {0.0, -1e-6, Double.NaN, 1.0, 3.0, Double.POSITIVE_INFINITY}) {
            assertMessage(IllegalArgumentException.class,
                    () -> NufftPlan.create(NufftType.TYPE_1, new int[] {4}, 1, bad), "tolerance");
        }
        assertMessage(IllegalArgumentException.class,
                () -> NufftPlan.create(NufftType.TYPE_1, new int[] {4}, 1, 1e-16), "tolerance", "below 1.0E-13");
        assertMessage(IllegalArgumentException.class,
                () -> NufftPlan.create(NufftType.TYPE_1, new int[] {4, 4, 4}, 1, 1e-15), "tolerance", "below 1.0E-13");
        // upsampling 1.25 cannot reach 1e-12 (it would need a 22-cell kernel); the default can
        assertMessage(IllegalArgumentException.class,
                () -> NufftPlan.create(NufftType.TYPE_1, new int[] {4}, 1, 1e-12,
                        NufftOptions.defaults().withUpsampling(1.25)), "upsampling factor 1.25", "kernel width 23",
                "use upsampling 2.0");
    }

    @Test
    void optionsAreChecked() {
        for (double bad : new double[] {1.0, 0.5, -2, Double.NaN, 100}) {
            assertMessage(IllegalArgumentException.class, () -> NufftOptions.defaults().withUpsampling(bad), "upsampling");
        }
        assertMessage(IllegalArgumentException.class, () -> NufftOptions.defaults().withThreads(0), "threads", "got 0");
        assertMessage(IllegalArgumentException.class, () -> NufftOptions.defaults().withBatchSize(0), "batchSize");
        assertThrows(NullPointerException.class, () -> NufftOptions.defaults().withModeOrder(null));
    }

    @Test
    void fineGridBeyondIntIndexOrMemory() {
        assertMessage(IllegalArgumentException.class,
                () -> NufftPlan.create(NufftType.TYPE_1, new int[] {30_000, 30_000}, 1, 1e-6), "int-indexed array");
        assertMessage(IllegalArgumentException.class,
                () -> NufftPlan.create(NufftType.TYPE_1, new int[] {100_000, 100_000}, 1, 1e-6), "mode arrays",
                "more than a Java array holds");
        assertMessage(IllegalArgumentException.class,
                () -> NufftPlan.create(NufftType.TYPE_1, new int[] {Integer.MAX_VALUE}, 1, 1e-6), "int range");
        // a grid under the int limit but over half the heap
        long heap = Runtime.getRuntime().maxMemory();
        long cells = (heap / 2) / 16 + 1;
        assumeTrue(2 * cells < Integer.MAX_VALUE / 2, "heap too large to test the memory limit under the int limit");
        int side = (int) Math.ceil(Math.cbrt(cells) / 2) + 2;
        assertMessage(IllegalArgumentException.class,
                () -> NufftPlan.create(NufftType.TYPE_1, new int[] {side, side, side}, 1, 1e-6), "MiB", "heap");
    }

    @Test
    void executeBeforeSetPointsAndUseAfterClose() {
        var plan = NufftPlan.create(NufftType.TYPE_1, new int[] {4}, 1, 1e-6);
        assertMessage(IllegalStateException.class, () -> plan.execute(new double[0], new double[8]), "setPoints");
        plan.setPoints(new double[] {1.0});
        plan.close();
        plan.close(); // idempotent
        assertMessage(IllegalStateException.class, () -> plan.execute(new double[2], new double[8]), "closed");
        assertMessage(IllegalStateException.class, () -> plan.setPoints(new double[] {1.0}), "closed");
    }

    @Test
    void rejectedSetPointsKeepsThePreviousPoints() {
        try (var plan = NufftPlan.create(NufftType.TYPE_2, new int[] {6}, -1, 1e-9)) {
            plan.setPoints(new double[] {0.5, 1.5});
            assertThrows(IllegalArgumentException.class, () -> plan.setPoints(new double[] {0.5, Double.NaN, 2}));
            assertEquals(2, plan.pointCount());
            double[] out = new double[4];
            plan.execute(TestData.complex(1, 6), out);
        }
    }
}
