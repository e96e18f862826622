package org.nufft4j.reduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nufft4j.reduce.Formulas.pm;
import static org.nufft4j.reduce.Formulas.sqdist;
import static org.nufft4j.reduce.Formulas.vi;
import static org.nufft4j.reduce.Formulas.vj;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Output sizes at the array limit: a KMIN k or an output dimension whose rows cannot be
 * allocated fails before anything is allocated, naming the sizes; a k beyond the reduced count
 * pads. The scalar interpreter here; the SIMD evaluator in the tests module.
 */
class ReductionLimitsTest {

    private static final Formula DIST = sqdist(vi(0, 1), vj(1, 1));

    @Test
    void kMinWhoseOutputCannotBeAllocatedFailsNamingKRowsMAndTheLimit() {
        var overJ = KernelReduction.kMinOverJ(DIST, Integer.MAX_VALUE);
        FormulaBadInputTest.rejects(() -> ScalarReductions.evaluate(overJ,
                        ReductionData.of(2, 3, new double[2], new double[3])),
                "k = " + Integer.MAX_VALUE, "N = 2 output rows", "M = 3", String.valueOf(KernelReduction.MAX_ARRAY_LENGTH),
                "only pads");
        var overI = new KernelReduction(DIST, false, Reducer.KMIN, null, Integer.MAX_VALUE / 2);
        FormulaBadInputTest.rejects(() -> ScalarReductions.evaluate(overI,
                        ReductionData.of(5, 3, new double[5], new double[3])),
                "k = " + Integer.MAX_VALUE / 2, "M = 3 output rows", "N = 5", "only pads");
    }

    @Test
    void kMinOfAnyKFitsWhenThereAreNoRows() {
        var r = KernelReduction.kMinOverJ(DIST, KernelReduction.MAX_ARRAY_LENGTH);
        var result = ScalarReductions.evaluate(r, ReductionData.of(0, 3, new double[0], new double[3]));
        assertEquals(0, result.values().length);
        assertEquals(0, result.indices().length);
    }

    @Test
    void kMinBeyondTheReducedCountPadsWithInfinityAndMinusOne() {
        long seed = 11;
        int n = 4;
        int m = 6;
        double[] x = ReductionTest.random(seed, n, 2);
        double[] y = ReductionTest.random(seed + 1, m, 2);
        y[2] = Double.NaN; // never kept: one more missing entry
        var data = ReductionData.of(n, m, x, y);
        for (int k : new int[] {5, 6, 9, 1000}) {
            var got = ScalarReductions.evaluate(KernelReduction.kMinOverJ(DIST, k), data);
            for (int i = 0; i < n; i++) {
                double[] values = new double[k];
                int[] indices = new int[k];
                kSmallest(x[i], y, values, indices);
                assertArrayEquals(values, Arrays.copyOfRange(got.values(), i * k, (i + 1) * k), 0.0,
                        "seed " + seed + " k " + k + " row " + i);
                assertArrayEquals(indices, Arrays.copyOfRange(got.indices(), i * k, (i + 1) * k),
                        "seed " + seed + " k " + k + " row " + i);
            }
        }
    }

    /** The oracle: (x - y_j)^2 sorted by value then index, NaN left out, padded with +inf and -1. */
    static void kSmallest(double x, double[] y, double[] values, int[] indices) {
        Integer[] order = IntStream.range(0, y.length).filter(j -> !Double.isNaN(y[j])).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer j) -> (x - y[j]) * (x - y[j])).thenComparing(j -> j));
        Arrays.fill(values, Double.POSITIVE_INFINITY);
        Arrays.fill(indices, -1);
        for (int q = 0; q < Math.min(values.length, order.length); q++) {
            values[q] = (x - y[order[q]]) * (x - y[order[q]]);
            indices[q] = order[q];
        }
    }

    @Test
    void outputsBeyondTheArrayLimitFailBeforeAllocating() {
        // N x dim = 4096 x 2^20 = 2^32 values: the int product would wrap to 0
        int dim = 1 << 20;
        var r = KernelReduction.overJ(pm(0, dim), Reducer.SUM);
        FormulaBadInputTest.rejects(() -> ScalarReductions.evaluate(r, ReductionData.of(4096, 1, new double[dim])),
                "SUM: N = 4096 output rows of " + dim + " components", "4294967296 values",
                String.valueOf(KernelReduction.MAX_ARRAY_LENGTH));
    }

    @Test
    void formulasWhoseWorkspaceExceedsTheArrayLimitAreRejected() {
        Formula big = vi(0, 1_500_000_000);
        FormulaBadInputTest.rejects(() -> new Program(Formulas.exp(big)), "root needs more than",
                String.valueOf(KernelReduction.MAX_ARRAY_LENGTH), "workspace doubles per pair");
    }
}
