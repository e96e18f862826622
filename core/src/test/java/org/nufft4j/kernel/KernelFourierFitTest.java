package org.nufft4j.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The fitted log Phi of type 3 against the deconvolution's own factors (KernelFourier, an
 * independent evaluation by rotated phases) at integer modes, and its rho = Phi'/Phi against
 * a central difference of the quadrature, for every width at upsampling 2, 1.25 and 3.
 *
 * <p>Pins: Phi within max(5e-14, tol / 1000) relative (the quadrature alone has 1.4e-14 at upsampling 1.25, where Phi falls to 0.009 of Phi(0) at the band edge), rho within 1e-11 times the band edge (the gap to KernelFourier, whose phases come from a rotation recurrence re-seeded every 64 modes, within 2e-13; printed: the
 * largest of both over the cases).
 */
class KernelFourierFitTest {

    @Test
    void fitMatchesTheDeconvolutionFactors() {
        double worst = 0;
        double worstFit = 0;
        double worstRho = 0;
        int maxTerms = 0;
        for (double sigma : new double[] {2.0, 1.25, 3.0}) {
            for (double tol = 1e-2; tol >= 1e-12; tol /= 10) {
                EsKernel kernel;
                try {
                    kernel = EsKernel.forTolerance(tol, sigma, 1);
                } catch (IllegalArgumentException e) {
                    continue; // too wide at this factor
                }
                double smax = Math.PI / sigma;
                var fit = KernelFourierFit.fit(kernel, smax);
                double pin = Math.max(5e-14, tol / 1000);
                assertTrue(fit.maxFitError() <= pin, "sigma " + sigma + " tol " + tol + ": fit error "
                        + fit.maxFitError());
                assertTrue(fit.maxRhoError() <= 1e-11, "sigma " + sigma + " tol " + tol + ": rho error "
                        + fit.maxRhoError());
                worstFit = Math.max(worstFit, fit.maxFitError());
                worstRho = Math.max(worstRho, fit.maxRhoError());
                int n = 512;
                int kmax = (int) (n / (2 * sigma));
                double[] corr = KernelFourier.correction(kernel, n, kmax);
                for (int k = 0; k <= kmax; k++) {
                    double s = 2 * Math.PI * k / n;
                    double rel = Math.abs(fit.phi(s) * corr[k] - 1);
                    worst = Math.max(worst, rel);
                    assertTrue(rel <= 4 * pin, "sigma " + sigma + " tol " + tol + " k " + k + ": " + rel);
                }
                var q = new KernelFourierFit.Quadrature(kernel);
                for (int i = 1; i < 50; i++) {
                    double s = smax * i / 50;
                    double h = 1e-5;
                    double fd = (Math.log(q.phi(s + h)) - Math.log(q.phi(s - h))) / (2 * h);
                    double err = Math.abs(fit.rho(s) - fd) / (1 + Math.abs(fd));
                    assertTrue(err <= 1e-8, "sigma " + sigma + " tol " + tol + " s " + s + ": rho " + fit.rho(s)
                            + " vs " + fd);
                }
                maxTerms = Math.max(maxTerms, fit.terms());
            }
        }
        System.out.println("KernelFourierFit: worst relative gap to KernelFourier " + worst + ", most terms " + maxTerms
                + ", largest fit error " + worstFit + ", rho " + worstRho);
    }
}
