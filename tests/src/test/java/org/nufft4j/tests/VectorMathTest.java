package org.nufft4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nufft4j.reduce.Formulas.vi;
import static org.nufft4j.reduce.Formulas.vj;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nufft4j.parallel.Workers;
import org.nufft4j.reduce.Formulas;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.reduce.Reducer;
import org.nufft4j.simd.VectorReductions;

/** The lane exp, through a reduction that only exponentiates: accuracy in ulps and its edges. */
class VectorMathTest {

    @Test
    void expIsWithinTwoUlpsOfMathExpAndHandlesTheEdges() {
        var rnd = new SplittableRandom(3);
        int m = 20_000;
        double[] y = new double[m];
        for (int j = 0; j < m; j++) {
            y[j] = switch (j % 4) {
                case 0 -> 1400 * (rnd.nextDouble() - 0.5);
                case 1 -> 2 * (rnd.nextDouble() - 0.5);
                case 2 -> 1e-9 * (rnd.nextDouble() - 0.5);
                default -> -700 - 8 * rnd.nextDouble();
            };
        }
        y[0] = 0.0;
        y[1] = 709.78;
        y[2] = -708.3;
        y[3] = 1e300;
        y[4] = -1e300;
        y[5] = Double.NaN;
        // MAX over i of exp(y_j) with a single i: the value itself, one row per j
        var r = KernelReduction.overI(Formulas.exp(Formulas.add(vj(1, 1), Formulas.mul(Formulas.constant(0.0), vi(0, 1)))),
                Reducer.MAX);
        double[] got;
        try (var w = new Workers(1)) {
            got = VectorReductions.evaluate(r, ReductionData.of(1, m, new double[] {0.0}, y), w).values();
        }
        for (int j = 0; j < m; j++) {
            double want = Math.exp(y[j]);
            if (Double.isNaN(y[j])) {
                continue; // MAX skips NaN: -infinity stands for "no value"
            }
            if (y[j] > 709.782712893384) {
                assertEquals(Double.POSITIVE_INFINITY, got[j], "x = " + y[j]);
            } else if (y[j] < -708.39) {
                assertEquals(0.0, got[j], "x = " + y[j]);
            } else {
                double ulps = Math.abs(got[j] - want) / Math.ulp(want);
                assertTrue(ulps <= 2, "x = " + y[j] + ": " + ulps + " ulps");
            }
        }
    }
}
