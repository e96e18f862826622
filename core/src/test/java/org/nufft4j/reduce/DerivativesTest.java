package org.nufft4j.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nufft4j.reduce.Formulas.constant;
import static org.nufft4j.reduce.Formulas.mul;
import static org.nufft4j.reduce.Formulas.pm;
import static org.nufft4j.reduce.Formulas.vi;
import static org.nufft4j.reduce.Formulas.vj;

import org.junit.jupiter.api.Test;

/** Derivatives against central finite differences of the scalar evaluator, and closed forms. */
class DerivativesTest {

    private static final double H = 1e-5;

    private static double[] sum(Formula f, int n, int m, double[]... data) {
        return ScalarReductions.evaluate(KernelReduction.overJ(f, Reducer.SUM), ReductionData.of(n, m, data)).values();
    }

    /** A formula that uses every differentiable operation. */
    private static Formula zoo() {
        Formula x = vi(0, 3);
        Formula y = vj(1, 3);
        Formula b = vj(2, 1);
        Formula p = pm(3, 1);
        Formula d = Formulas.sub(x, y);
        Formula a = Formulas.add(Formulas.sin(Formulas.sum(d)), Formulas.cos(Formulas.dot(x, y)));
        Formula c = Formulas.mul(Formulas.sqrt(Formulas.add(Formulas.sqnorm(d), constant(1.0))),
                Formulas.log(Formulas.add(Formulas.abs(Formulas.select(x, 1)), constant(2.0))));
        Formula e = Formulas.div(Formulas.exp(Formulas.neg(Formulas.sqdist(x, y))),
                Formulas.add(Formulas.square(p), constant(0.5)));
        Formula g = Formulas.mul(Formulas.rsqrt(Formulas.add(Formulas.pow(Formulas.abs(d), 1.5), constant(1.0))),
                Formulas.inv(Formulas.add(constant(3.0), Formulas.min(x, Formulas.max(y, constant(-0.2))))));
        return Formulas.add(Formulas.add(mul(a, b), c), Formulas.add(e, Formulas.sum(g)));
    }

    @Test
    void gradMatchesFiniteDifferencesForEveryOperation() {
        int n = 4;
        int m = 6;
        double[] x = ReductionTest.random(11, 3 * n, 2);
        double[] y = ReductionTest.random(12, 3 * m, 2);
        double[] b = ReductionTest.random(13, m, 1);
        double[] p = {0.8};
        Formula f = zoo();
        // d/dx_i of sum_j F: the vjp with cotangent 1, reduced over j
        Formula gx = Derivatives.grad(f, vi(0, 3), constant(1.0));
        double[] g = sum(gx, n, m, x, y, b, p);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                double[] xp = x.clone();
                double[] xm = x.clone();
                xp[3 * i + k] += H;
                xm[3 * i + k] -= H;
                double fd = (sum(f, n, m, xp, y, b, p)[i] - sum(f, n, m, xm, y, b, p)[i]) / (2 * H);
                assertEquals(fd, g[3 * i + k], 1e-6 * Math.max(1, Math.abs(fd)), "x[" + i + "][" + k + "]");
            }
        }
        // jvp along a tangent equals grad . t
        double[] t = {0.3, -0.7, 0.5};
        Formula jv = Derivatives.jvp(f, vi(0, 3), constant(t));
        double[] j = sum(jv, n, m, x, y, b, p);
        for (int i = 0; i < n; i++) {
            double dot = g[3 * i] * t[0] + g[3 * i + 1] * t[1] + g[3 * i + 2] * t[2];
            assertEquals(dot, j[i], 1e-10 * Math.max(1, Math.abs(dot)), "jvp row " + i);
        }
        // the parameter's derivative
        Formula gp = Derivatives.grad(f, pm(3, 1), constant(1.0));
        double[] gpv = sum(gp, n, m, x, y, b, p);
        double fdp = (sum(f, n, m, x, y, b, new double[] {p[0] + H})[1] - sum(f, n, m, x, y, b, new double[] {p[0] - H})[1])
                / (2 * H);
        assertEquals(fdp, gpv[1], 1e-6 * Math.max(1, Math.abs(fdp)));
    }

    @Test
    void laplacianOfGaussianMatchesClosedFormAndDivergenceOfGradient() {
        int n = 5;
        int m = 7;
        int dim = 3;
        double s = 0.9;
        double[] x = ReductionTest.random(21, dim * n, 2);
        double[] y = ReductionTest.random(22, dim * m, 2);
        double[] b = ReductionTest.random(23, m, 1);
        Formula k = mul(FormulaTest.gaussian(dim), vj(2, 1));
        Formula lap = Derivatives.laplacian(k, vi(0, dim));
        double[] got = sum(lap, n, m, x, y, b, new double[] {s}).clone();
        for (int i = 0; i < n; i++) {
            double expect = 0;
            for (int j = 0; j < m; j++) {
                double r2 = ReductionTest.sq(x, i, y, j, dim);
                expect += Math.exp(-r2 / (2 * s * s)) * (r2 - dim * s * s) / (s * s * s * s) * b[j];
            }
            assertEquals(expect, got[i], 1e-12 * Math.max(1, Math.abs(expect)), "row " + i);
        }
        Formula div = Derivatives.divergence(Derivatives.grad(k, vi(0, dim), constant(1.0)), vi(0, dim));
        double[] viaDiv = sum(div, n, m, x, y, b, new double[] {s});
        for (int i = 0; i < n; i++) {
            assertEquals(got[i], viaDiv[i], 1e-13 * Math.max(1, Math.abs(got[i])));
        }
        // derivatives of derivatives: d/dx of the Laplacian against finite differences
        Formula glap = Derivatives.grad(lap, vi(0, dim), constant(1.0));
        double[] g = sum(glap, n, m, x, y, b, new double[] {s});
        double[] xp = x.clone();
        double[] xm = x.clone();
        xp[4] += H;
        xm[4] -= H;
        double fd = (sum(lap, n, m, xp, y, b, new double[] {s})[1]
                - sum(lap, n, m, xm, y, b, new double[] {s})[1]) / (2 * H);
        assertEquals(fd, g[4], 1e-6 * Math.max(1, Math.abs(fd)));
    }
}
