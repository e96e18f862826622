package org.nufft4j.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nufft4j.parallel.Workers;
import org.nufft4j.reduce.Formula;
import org.nufft4j.reduce.Formulas;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.Reducer;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.reduce.ReductionEvaluators;
import org.nufft4j.reduce.ScalarReductions;
import org.nufft4j.simd.VectorReductions;

/**
 * Without {@code --add-modules=jdk.incubator.vector}, {@link VectorReductions} runs the scalar
 * interpreter (the same bits as the oracle) instead of failing with NoClassDefFoundError, and
 * core's evaluator switch finds no SIMD evaluator and says why. The build runs this class once
 * more in a JVM without the module (the {@code no-vector-module} execution of tests/pom.xml,
 * which sets {@code nufft4j.test.vectorModule=absent} so that this test knows it must be
 * absent); with the module, the SIMD blocks run and agree with the oracle within 1e-13.
 */
class VectorReductionsFallbackTest {

    @Test
    void reductionsFallBackToTheScalarInterpreter() {
        boolean absent = ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty();
        if ("absent".equals(System.getProperty("nufft4j.test.vectorModule"))) {
            assertTrue(absent, "the no-vector-module run must not load jdk.incubator.vector");
        }
        long seed = 91;
        var rnd = new SplittableRandom(seed);
        int n = 19;
        int m = 23;
        double[] x = rnd.doubles(2L * n, -1, 1).toArray();
        double[] y = rnd.doubles(2L * m, -1, 1).toArray();
        double[] b = rnd.doubles(m, -1, 1).toArray();
        Formula f = Formulas.mul(Formulas.exp(Formulas.neg(Formulas.sqdist(Formulas.vi(0, 2), Formulas.vj(1, 2)))),
                Formulas.vj(2, 1));
        var r = KernelReduction.overJ(f, Reducer.SUM);
        var data = ReductionData.of(n, m, x, y, b);
        double[] want = ScalarReductions.evaluate(r, data).values();
        double[] got;
        try (var workers = new Workers(2)) {
            got = VectorReductions.evaluate(r, data, workers).values();
        }
        assertEquals(!absent, VectorReductions.available(), "the blocks run exactly when the module is loaded");
        assertEquals(!absent, ReductionEvaluators.simd().isPresent());
        if (absent) {
            assertArrayEquals(want, got, "seed " + seed + ": the fallback is the scalar interpreter");
            assertFalse(VectorReductions.generates(r));
            String why = ReductionEvaluators.unavailableReason().orElseThrow();
            assertTrue(why.contains("--add-modules=jdk.incubator.vector"), why);
        } else {
            for (int q = 0; q < n; q++) {
                assertEquals(want[q], got[q], 1e-13 * Math.max(1, Math.abs(want[q])), "seed " + seed + " row " + q);
            }
            assertTrue(ReductionEvaluators.unavailableReason().isEmpty());
        }
    }
}
