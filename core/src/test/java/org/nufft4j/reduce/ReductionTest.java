package org.nufft4j.reduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nufft4j.reduce.Formulas.constant;
import static org.nufft4j.reduce.Formulas.mul;
import static org.nufft4j.reduce.Formulas.pm;
import static org.nufft4j.reduce.Formulas.sqdist;
import static org.nufft4j.reduce.Formulas.vi;
import static org.nufft4j.reduce.Formulas.vj;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The scalar interpreter against plain Java loops written here, and its edge cases. */
class ReductionTest {

    static double[] random(long seed, int n, double scale) {
        var r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = scale * (r.nextDouble() - 0.5);
        }
        return a;
    }

    static double sq(double[] x, int i, double[] y, int j, int d) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            s += (x[i * d + k] - y[j * d + k]) * (x[i * d + k] - y[j * d + k]);
        }
        return s;
    }

    @Test
    void gaussianSumMatchesPlainLoops() {
        int n = 37;
        int m = 53;
        int d = 3;
        double s = 0.7;
        double[] x = random(1, n * d, 2);
        double[] y = random(2, m * d, 2);
        double[] b = random(3, m, 1);
        var f = mul(FormulaTest.gaussian(d), vj(2, 1));
        var r = ScalarReductions.evaluate(KernelReduction.overJ(f, Reducer.SUM),
                ReductionData.of(n, m, x, y, b, new double[] {s}));
        for (int i = 0; i < n; i++) {
            double expect = 0;
            for (int j = 0; j < m; j++) {
                expect += Math.exp(-sq(x, i, y, j, d) / (2 * s * s)) * b[j];
            }
            assertEquals(expect, r.values()[i], 1e-14 * Math.max(1, Math.abs(expect)), "row " + i);
        }
        // over i: one row per j
        var t = ScalarReductions.evaluate(KernelReduction.overI(f, Reducer.SUM),
                ReductionData.of(n, m, x, y, b, new double[] {s}));
        assertEquals(m, t.rows());
        double expect = 0;
        for (int i = 0; i < n; i++) {
            expect += Math.exp(-sq(x, i, y, 5, d) / (2 * s * s)) * b[5];
        }
        assertEquals(expect, t.values()[5], 1e-13);
    }

    @Test
    void minMaxArgminArgmaxAndKmin() {
        int n = 20;
        int m = 31;
        double[] x = random(4, n * 2, 4);
        double[] y = random(5, m * 2, 4);
        var dist = sqdist(vi(0, 2), vj(1, 2));
        var data = ReductionData.of(n, m, x, y);
        var min = ScalarReductions.evaluate(KernelReduction.overJ(dist, Reducer.MIN), data);
        var argmin = ScalarReductions.evaluate(KernelReduction.overJ(dist, Reducer.ARGMIN), data);
        var argmax = ScalarReductions.evaluate(KernelReduction.overJ(dist, Reducer.ARGMAX), data);
        var kmin = ScalarReductions.evaluate(KernelReduction.kMinOverJ(dist, 4), data);
        for (int i = 0; i < n; i++) {
            double[] all = new double[m];
            int best = 0;
            int worst = 0;
            for (int j = 0; j < m; j++) {
                all[j] = sq(x, i, y, j, 2);
                best = all[j] < all[best] ? j : best;
                worst = all[j] > all[worst] ? j : worst;
            }
            assertEquals(all[best], min.values()[i]);
            assertEquals(best, argmin.indices()[i]);
            assertEquals(worst, argmax.indices()[i]);
            double[] sorted = all.clone();
            java.util.Arrays.sort(sorted);
            assertArrayEquals(java.util.Arrays.copyOf(sorted, 4), java.util.Arrays.copyOfRange(kmin.values(), 4 * i, 4 * i + 4));
            for (int q = 0; q < 4; q++) {
                assertEquals(sorted[q], all[kmin.indices()[4 * i + q]]);
            }
        }
    }

    @Test
    void logSumExpIsStableForHugeValues() {
        int n = 5;
        int m = 9;
        double[] x = random(6, n, 1);
        double[] y = random(7, m, 1);
        // F = 1000 + 50 (x - y): exp would overflow
        var f = Formulas.add(constant(1000.0), mul(constant(50.0), Formulas.sub(vi(0, 1), vj(1, 1))));
        var r = ScalarReductions.evaluate(KernelReduction.overJ(f, Reducer.LOGSUMEXP), ReductionData.of(n, m, x, y));
        var wr = ScalarReductions.evaluate(KernelReduction.logSumExpOverJ(f, Formulas.concat(vj(1, 1), constant(2.0))),
                ReductionData.of(n, m, x, y));
        for (int i = 0; i < n; i++) {
            double mx = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                mx = Math.max(mx, 1000 + 50 * (x[i] - y[j]));
            }
            double s = 0;
            double sw = 0;
            for (int j = 0; j < m; j++) {
                s += Math.exp(1000 + 50 * (x[i] - y[j]) - mx);
                sw += Math.exp(1000 + 50 * (x[i] - y[j]) - mx) * y[j];
            }
            assertTrue(Double.isFinite(r.values()[i]));
            assertEquals(mx + Math.log(s), r.values()[i], 1e-12 * Math.abs(mx));
            // weighted: exp(m) s equals the weighted sum
            double m0 = wr.values()[3 * i];
            assertEquals(sw * Math.exp(mx - m0), wr.values()[3 * i + 1], 1e-12 * Math.abs(sw) + 1e-300);
            assertEquals(2 * s * Math.exp(mx - m0), wr.values()[3 * i + 2], 1e-12 * s);
        }
    }

    @Test
    void emptySetsAndNaN() {
        var dist = sqdist(vi(0, 1), vj(1, 1));
        var none = ReductionData.of(2, 0, new double[] {1, 2}, new double[0]);
        assertArrayEquals(new double[] {0, 0}, ScalarReductions.evaluate(KernelReduction.overJ(dist, Reducer.SUM), none).values());
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY},
                ScalarReductions.evaluate(KernelReduction.overJ(dist, Reducer.MIN), none).values());
        assertArrayEquals(new int[] {-1, -1}, ScalarReductions.evaluate(KernelReduction.overJ(dist, Reducer.ARGMIN), none).indices());
        assertEquals(Double.NEGATIVE_INFINITY,
                ScalarReductions.evaluate(KernelReduction.overJ(dist, Reducer.LOGSUMEXP), none).values()[0]);
        // NaN: skipped by MIN/ARGMIN, propagated by SUM and LOGSUMEXP
        var withNaN = ReductionData.of(1, 3, new double[] {0}, new double[] {2, Double.NaN, 1});
        assertEquals(1.0, ScalarReductions.evaluate(KernelReduction.overJ(dist, Reducer.MIN), withNaN).values()[0]);
        assertEquals(2, ScalarReductions.evaluate(KernelReduction.overJ(dist, Reducer.ARGMIN), withNaN).indices()[0]);
        assertTrue(Double.isNaN(ScalarReductions.evaluate(KernelReduction.overJ(dist, Reducer.SUM), withNaN).values()[0]));
        assertTrue(Double.isNaN(ScalarReductions.evaluate(KernelReduction.overJ(dist, Reducer.LOGSUMEXP), withNaN).values()[0]));
    }

    @Test
    void wrongDataFailsNamingTheVariable() {
        var f = sqdist(vi(0, 3), vj(1, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> ScalarReductions.evaluate(
                KernelReduction.overJ(f, Reducer.SUM), ReductionData.of(2, 2, new double[6], new double[5])));
        assertTrue(e.getMessage().contains("Vj(1,3)") && e.getMessage().contains("length 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ScalarReductions.evaluate(
                KernelReduction.overJ(f, Reducer.SUM), ReductionData.of(2, 2, new double[6])));
        assertTrue(e.getMessage().contains("no data array"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ScalarReductions.evaluate(
                KernelReduction.overJ(Formulas.add(vi(0, 1), pm(0, 1)), Reducer.SUM),
                ReductionData.of(1, 1, new double[1])));
        assertTrue(e.getMessage().contains("read as both"), e.getMessage());
    }

    @Test
    void formulasBuiltWithRecordConstructorsEvaluateAsWritten() {
        // a Variable built apart equals the interned one but is another node with its own slot
        Formula y = vj(1, 1);
        Formula again = new Variable(Variable.Kind.J, 1, 1);
        Formula sum = new Binary(Binary.Op.ADD, again, y);
        Formula difference = new Binary(Binary.Op.SUB, y, again); // not simplified to 0
        double[] ys = {1.5, -2.0, Double.POSITIVE_INFINITY, Double.NaN};
        var data = ReductionData.of(1, ys.length, new double[1], ys);
        double[] s = ScalarReductions.evaluate(KernelReduction.overI(sum, Reducer.SUM), data).values();
        double[] d = ScalarReductions.evaluate(KernelReduction.overI(difference, Reducer.SUM), data).values();
        for (int j = 0; j < ys.length; j++) {
            assertEquals(ys[j] + ys[j], s[j], 0.0, "y + y at y = " + ys[j]);
            assertEquals(0.0 + (ys[j] - ys[j]), d[j], 0.0, "y - y at y = " + ys[j]);
        }
    }
}
