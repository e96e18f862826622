package org.nufft4j.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nufft4j.reduce.Formulas.constant;
import static org.nufft4j.reduce.Formulas.mul;
import static org.nufft4j.reduce.Formulas.pm;
import static org.nufft4j.reduce.Formulas.vi;
import static org.nufft4j.reduce.Formulas.vj;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nufft4j.parallel.Workers;
import org.nufft4j.reduce.Derivatives;
import org.nufft4j.reduce.Formula;
import org.nufft4j.reduce.Formulas;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.reduce.Reducer;
import org.nufft4j.reduce.ScalarReductions;
import org.nufft4j.simd.GaussianKernels;

/** The hand-fused Gaussian kernels against the scalar interpreter on the generic formulas. */
class GaussianKernelsTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5})
    void fusedKernelsMatchTheGenericFormulas(int dim) {
        int n = 41;
        int m = 103;
        double sigma = 0.6;
        var rnd = new SplittableRandom(100 + dim);
        double[] x = TestData.uniform(rnd, n * dim, 0, 1);
        double[] y = TestData.uniform(rnd, m * dim, 0, 1);
        double[] b = TestData.uniform(rnd, m, -0.5, 0.5);
        Formula f = mul(Formulas.exp(Formulas.neg(Formulas.div(Formulas.sqdist(vi(0, dim), vj(1, dim)),
                mul(constant(2.0), Formulas.square(pm(3, 1)))))), vj(2, 1));
        var data = ReductionData.of(n, m, x, y, b, new double[] {sigma});
        try (var workers = new Workers(2)) {
            check("sum", ScalarReductions.evaluate(KernelReduction.overJ(f, Reducer.SUM), data).values(),
                    GaussianKernels.sum(x, y, b, dim, sigma, workers));
            check("gradient", ScalarReductions.evaluate(KernelReduction.overJ(
                            Derivatives.grad(f, vi(0, dim), constant(1.0)), Reducer.SUM), data).values(),
                    GaussianKernels.gradient(x, y, b, dim, sigma, workers));
            check("laplacian", ScalarReductions.evaluate(KernelReduction.overJ(
                            Derivatives.laplacian(f, vi(0, dim)), Reducer.SUM), data).values(),
                    GaussianKernels.laplacian(x, y, b, dim, sigma, workers));
        }
    }

    private static void check(String what, double[] want, double[] got) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < want.length; i++) {
            num += (got[i] - want[i]) * (got[i] - want[i]);
            den += want[i] * want[i];
        }
        double rel = Math.sqrt(num / den);
        assertTrue(rel <= 1e-13, what + ": relative difference " + rel);
    }

    @org.junit.jupiter.api.Test
    void badArgumentsFailNamingThem() {
        double[] x = new double[6];
        double[] y = new double[9];
        double[] b = new double[3];
        try (var workers = new Workers(1)) {
            for (var kernel : java.util.List.<Kernel>of(GaussianKernels::sum, GaussianKernels::gradient,
                    GaussianKernels::laplacian)) {
                nullNamed("x", () -> kernel.run(null, y, b, 3, 0.5, workers));
                nullNamed("y", () -> kernel.run(x, null, b, 3, 0.5, workers));
                nullNamed("b", () -> kernel.run(x, y, null, 3, 0.5, workers));
                nullNamed("workers", () -> kernel.run(x, y, b, 3, 0.5, null));
                rejected(() -> kernel.run(x, y, b, 0, 0.5, workers), "dim must be >= 1, got 0");
                rejected(() -> kernel.run(new double[7], y, b, 3, 0.5, workers), "x.length = 7", "multiple of dim = 3");
                rejected(() -> kernel.run(x, new double[8], b, 3, 0.5, workers), "y.length = 8", "multiple of dim = 3");
                rejected(() -> kernel.run(x, y, new double[4], 3, 0.5, workers), "b.length = 4", "= 3");
                for (double sigma : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
                    rejected(() -> kernel.run(x, y, b, 3, sigma, workers), "sigma must be positive and finite, got " + sigma);
                }
            }
        }
    }

    @FunctionalInterface
    private interface Kernel {
        double[] run(double[] x, double[] y, double[] b, int dim, double sigma, Workers workers);
    }

    private static void nullNamed(String name, org.junit.jupiter.api.function.Executable call) {
        var e = org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class, call);
        org.junit.jupiter.api.Assertions.assertEquals(name, e.getMessage());
    }

    private static void rejected(org.junit.jupiter.api.function.Executable call, String... parts) {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), e.getMessage());
        }
    }
}
