package org.nufft4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KernelTest {

    @Test
    void widthRuleMatchesDesignAtUpsamplingTwo() {
        // 1D: eps / 2 -> w = ceil(log10(2 / eps)) + 1
        assertEquals(8, EsKernel.forTolerance(1e-6, 2.0, 1).width());
        assertEquals(8, EsKernel.forTolerance(1e-6, 2.0, 3).width());
        assertEquals(7, EsKernel.forTolerance(4e-6, 2.0, 1).width());
        assertEquals(2.30 * 8, EsKernel.forTolerance(1e-6, 2.0, 2).beta(), 1e-12);
        assertEquals(16, EsKernel.forTolerance(1e-14, 2.0, 1).width());
        assertTrue(EsKernel.forTolerance(1e-6, 1.25, 1).width() > 8, "sigma 1.25 needs a wider kernel");
    }

    @Test
    void generalRuleWidthAndBeta() {
        // w = ceil((ln(4 (d+1)/eps) + 1.75 + 0.57 ln(sigma - 1)) / (0.99 pi sqrt(1 - 1/sigma))), by hand:
        // sigma 1.5, eps 1e-6, 1D: (14.509 + 1.386 + 1.75 - 0.395) / 1.796 = 9.60
        var k = EsKernel.forTolerance(1e-6, 1.5, 1);
        assertEquals(10, k.width());
        assertEquals(Math.PI * (1 - 1 / 3.0) * (10 - 0.24), k.beta(), 1e-12);
        // sigma 16, eps 1e-9, 3D: (22.11 + 1.386 + 1.75 + 1.544) / 3.011 = 8.90
        assertEquals(9, EsKernel.forTolerance(1e-9, 16.0, 3).width());
        // below 1.02 the margin of 1.02 is kept: sigma 1.01, eps 0.1, 1D: (2.996 + 1.386 + 1.75 - 2.230) / 0.3095 = 12.6
        assertEquals(13, EsKernel.forTolerance(0.1, 1.01, 1).width());
        // never narrower for a smaller tolerance or a larger dimension
        for (double sigma : new double[] {1.1, 1.25, 1.5, 3.0, 16.0}) {
            int previous = 0;
            for (double tol = 0.5; tol > 1e-13; tol *= 0.9) {
                int w;
                try {
                    w = EsKernel.forTolerance(tol, sigma, 2).width();
                } catch (IllegalArgumentException e) {
                    break;
                }
                assertTrue(w >= previous, "sigma " + sigma + " tol " + tol);
                assertTrue(w >= EsKernel.forTolerance(tol, sigma, 1).width(), "sigma " + sigma + " tol " + tol);
                previous = w;
            }
        }
    }

    @Test
    void forToleranceRejectsArgumentsOutsideTheFittedRange() {
        for (double bad : new double[] {0, -1e-6, 1, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> EsKernel.forTolerance(bad, 1.5, 1));
        }
        for (double bad : new double[] {1.0, 0.5, 16.5, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> EsKernel.forTolerance(1e-6, bad, 1));
        }
    }

    @Test
    void polynomialFitReachesATenthOfTheTolerance() {
        for (double tol : new double[] {1e-1, 1e-3, 1e-6, 1e-9, 1e-12}) {
            for (double sigma : new double[] {2.0, 1.25}) {
                if (sigma == 1.25 && tol < 1e-8) {
                    continue; // 1.25 reaches only about 1e-9
                }
                var k = EsKernel.forTolerance(tol, sigma, 1);
                var p = KernelPolynomial.fit(k, tol);
                assertTrue(p.maxFitError() <= 0.1 * tol, "tol " + tol + " sigma " + sigma + " fit " + p.maxFitError());
                // independent check at points the fit never saw
                double[] out = new double[k.width()];
                for (int s = 0; s < 997; s++) {
                    double u = (s + 0.377) / 997.0;
                    p.evaluate(2 * u - 1, out);
                    for (int i = 0; i < k.width(); i++) {
                        double exact = k.phi(2.0 * (u + i) / k.width() - 1.0);
                        assertEquals(exact, out[i], 0.1 * tol + 1e-15, "tol " + tol + " u " + u + " cell " + i);
                    }
                }
            }
        }
    }

    @Test
    void gaussLegendreIsExactForPolynomialsOfDegree2nMinus1() {
        var gl = GaussLegendre.of(12);
        for (int deg = 0; deg < 24; deg++) {
            double s = 0;
            for (int i = 0; i < 12; i++) {
                s += gl.weights()[i] * Math.pow(gl.nodes()[i], deg);
            }
            double exact = deg % 2 == 1 ? 0 : 2.0 / (deg + 1);
            assertEquals(exact, s, 1e-14, "degree " + deg);
        }
    }

    @Test
    void fourierCorrectionAgreesWithAFineTrapezoidRule() {
        var k = EsKernel.forTolerance(1e-9, 2.0, 1);
        int n = 200;
        double[] corr = KernelFourier.correction(k, n, 50);
        for (int mode : new int[] {0, 1, 17, 50}) {
            // w * int_0^1 phi(z) cos(pi w k z / n) dz by the trapezoid rule on 200000 panels
            int panels = 200_000;
            double s = 0;
            for (int i = 0; i <= panels; i++) {
                double z = (double) i / panels;
                double f = k.phi(z) * Math.cos(Math.PI * k.width() * mode * z / n);
                s += (i == 0 || i == panels) ? 0.5 * f : f;
            }
            double integral = k.width() * s / panels;
            assertEquals(1.0 / integral, corr[mode], 1e-8 * Math.abs(corr[mode]), "mode " + mode);
        }
    }
}
