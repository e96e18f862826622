package org.nufft4j.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nufft4j.reduce.Formulas.mul;
import static org.nufft4j.reduce.Formulas.pm;
import static org.nufft4j.reduce.Formulas.vi;
import static org.nufft4j.reduce.Formulas.vj;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.EnumSource.Mode;

/**
 * Backpropagation through SUM and LOGSUMEXP reductions against finite differences of the loss
 * {@code L = sum_i g_i . a_i}, for an i-variable, a j-variable and a parameter.
 */
class BackpropTest {

    private static final double H = 1e-6;

    @ParameterizedTest
    @EnumSource(value = Reducer.class, names = {"SUM", "LOGSUMEXP"}, mode = Mode.INCLUDE)
    void gradientsMatchFiniteDifferences(Reducer reducer) {
        int n = 6;
        int m = 8;
        double[] x = ReductionTest.random(31, 2 * n, 2);
        double[] y = ReductionTest.random(32, 2 * m, 2);
        double[] b = ReductionTest.random(33, m, 1);
        double[] s = {0.8};
        double[] g = ReductionTest.random(34, n, 1);
        Formula f = reducer == Reducer.SUM ? mul(FormulaTest.gaussian(2), vj(2, 1))
                : Formulas.add(Formulas.neg(Formulas.div(Formulas.sqdist(vi(0, 2), vj(1, 2)), Formulas.square(pm(3, 1)))),
                        vj(2, 1));
        var forward = KernelReduction.overJ(f, reducer);
        double[] a = ScalarReductions.evaluate(forward, ReductionData.of(n, m, x, y, b, s)).values();
        // data layout of the backward reductions: 0..3 as forward, 4 = g, 5 = forward output a
        var data = ReductionData.of(n, m, x, y, b, s, g, a);
        double[] dx = ScalarReductions.evaluate(Backprop.gradient(forward, vi(0, 2), 4, 5), data).values();
        var dyResult = ScalarReductions.evaluate(Backprop.gradient(forward, vj(1, 2), 4, 5), data);
        double[] dy = dyResult.values();
        double[] db = ScalarReductions.evaluate(Backprop.gradient(forward, vj(2, 1), 4, 5), data).values();
        double[] ds = Backprop.sumRows(ScalarReductions.evaluate(Backprop.gradient(forward, pm(3, 1), 4, 5), data));
        assertEquals(m, dyResult.rows(), "y's gradient is a reduction over i: one row per j");
        double[][] arrays = {x, y, b, s};
        double[][] grads = {dx, dy, db, ds};
        for (int which = 0; which < 4; which++) {
            double[] arr = arrays[which];
            for (int q = 0; q < arr.length; q++) {
                double keep = arr[q];
                arr[q] = keep + H;
                double lp = loss(forward, n, m, x, y, b, s, g);
                arr[q] = keep - H;
                double lm = loss(forward, n, m, x, y, b, s, g);
                arr[q] = keep;
                double fd = (lp - lm) / (2 * H);
                assertEquals(fd, grads[which][q], 1e-6 * Math.max(1, Math.abs(fd)),
                        reducer + " argument " + which + " entry " + q);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Reducer.class, names = {"SUM", "LOGSUMEXP"}, mode = Mode.INCLUDE)
    void groupedGradientsEqualTheSeparateOnes(Reducer reducer) {
        int n = 5;
        int m = 7;
        double[] x = ReductionTest.random(41, 2 * n, 2);
        double[] y = ReductionTest.random(42, 2 * m, 2);
        double[] b = ReductionTest.random(43, m, 1);
        double[] s = {0.9};
        double[] g = ReductionTest.random(44, n, 1);
        Formula f = mul(FormulaTest.gaussian(2), vj(2, 1));
        var forward = KernelReduction.overJ(f, reducer);
        double[] a = ScalarReductions.evaluate(forward, ReductionData.of(n, m, x, y, b, s)).values();
        var data = ReductionData.of(n, m, x, y, b, s, g, a);
        var wrt = java.util.List.of(vi(0, 2), vj(1, 2), vj(2, 1), pm(3, 1));
        var groups = Backprop.gradients(forward, wrt, 4, 5);
        org.junit.jupiter.api.Assertions.assertEquals(3, groups.size(), "output, reduced and parameter sides");
        for (var group : groups) {
            var result = ScalarReductions.evaluate(group.reduction(), data);
            int col = 0;
            for (var v : group.variables()) {
                var single = ScalarReductions.evaluate(Backprop.gradient(forward, v, 4, 5), data);
                double[] want = group.sumRows() ? Backprop.sumRows(single) : single.values();
                for (int row = 0; row < (group.sumRows() ? 1 : result.rows()); row++) {
                    for (int k = 0; k < v.dim(); k++) {
                        double got;
                        if (group.sumRows()) {
                            got = 0;
                            for (int r = 0; r < result.rows(); r++) {
                                got += result.values()[r * result.dim() + col + k];
                            }
                        } else {
                            got = result.values()[row * result.dim() + col + k];
                        }
                        assertEquals(want[row * v.dim() + k], got, 1e-12 * Math.max(1, Math.abs(got)), v + " row " + row);
                    }
                }
                col += v.dim();
            }
        }
    }

    private static double loss(KernelReduction r, int n, int m, double[] x, double[] y, double[] b, double[] s,
                               double[] g) {
        double[] a = ScalarReductions.evaluate(r, ReductionData.of(n, m, x, y, b, s)).values();
        double l = 0;
        for (int i = 0; i < n; i++) {
            l += g[i] * a[i];
        }
        return l;
    }
}
