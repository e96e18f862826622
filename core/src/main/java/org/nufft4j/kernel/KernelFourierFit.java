package org.nufft4j.kernel;

/**
 * The kernel's Fourier transform at any argument of the band, for the type 3 deconvolution at
 * non-uniform frequencies (docs/design.md, "Type 3", "The kernel's transform at non-uniform
 * frequencies").
 *
 * <p>In grid units, {@code Phi(s) = w int_0^1 phi(z) cos(w s z / 2) dz} (phi is even); at
 * {@code s = 2 pi k / n} it is the reciprocal of {@link KernelFourier#correction}. Type 3 needs
 * it, and {@code rho = Phi' / Phi} for the gradient forms, at N arbitrary arguments
 * {@code |s| <= pi / sigma}. A quadrature per argument would cost {@code 2w + 24} cosines per
 * target and dimension; instead {@code log Phi} is fitted once, at plan time, as a Chebyshev
 * series in {@code u = s^2} on {@code [0, smax^2]}, and evaluated by Clenshaw's recurrence
 * (about 2 fmas per term, no transcendental but one exp).
 *
 * <p>Why the logarithm: Phi falls by orders of magnitude across the band (by 1e-5 and more
 * for wide kernels), and the deconvolution divides by it, so what matters is Phi's relative
 * error; a fit of Phi itself would have an absolute error of the size of its largest value,
 * a relative one up to 1e5 times larger at the band edge. log Phi is smooth (Phi is even,
 * entire and positive on the band) and a small absolute error in it is the relative error of
 * Phi. rho is the derivative of the same series, {@code 2 s d(log Phi)/du}.
 * Note Phi itself falls only to 0.2 .. 0.6 of Phi(0) at the band edge at upsampling 2 (0.01
 * .. 0.2 at 1.25), so the logarithm costs nothing there either.
 *
 * <p>The degree grows until Phi's relative error against the quadrature on a dense sample is
 * {@value #TARGET} or stops improving; {@link #maxFitError} reports what was reached, and
 * {@link #maxRhoError} the error of rho (KernelFourierFitTest has the measured values).
 */
public final class KernelFourierFit {

    /** Aimed relative error of Phi: a few units of double rounding, far below any accepted tolerance. */
    static final double TARGET = 2e-15;
    private static final int MAX_DEGREE = 60;
    private static final int SAMPLES = 2000;

    private final double uMax;
    private final double maxArgument;
    /** Chebyshev coefficients of log Phi in t = 2u/uMax - 1 (c[0] counted once). */
    private final double[] c;
    /** Chebyshev coefficients of d(log Phi)/dt. */
    private final double[] dc;
    private final double maxFitError;
    private final double maxRhoError;

    private KernelFourierFit(double maxArgument, double[] c, double maxFitError, double maxRhoError) {
        this.maxArgument = maxArgument;
        this.uMax = maxArgument * maxArgument;
        this.c = c;
        this.dc = derivative(c);
        this.maxFitError = maxFitError;
        this.maxRhoError = maxRhoError;
    }

    /**
     * Fits log Phi of {@code kernel} for arguments {@code |s| <= maxArgument} (type 3 uses
     * {@code pi / sigma} with a small margin for rounding). The degree is chosen as in the class
     * comment, by even steps from 4 to 60.
     *
     * @param kernel the spreading kernel
     * @param maxArgument the band edge smax in grid units (radians per fine-grid cell)
     * @return the fit with the smallest relative error of Phi reached
     * @throws IllegalArgumentException if {@code maxArgument} is not positive and finite, or if
     *     the kernel's transform is not positive somewhere in {@code [0, maxArgument]} (the
     *     logarithm, and the deconvolution, need it positive)
     */
    public static KernelFourierFit fit(EsKernel kernel, double maxArgument) {
        if (!(maxArgument > 0) || Double.isInfinite(maxArgument)) {
            throw new IllegalArgumentException("maxArgument must be positive and finite, got " + maxArgument);
        }
        var quadrature = new Quadrature(kernel);
        double[] sample = new double[SAMPLES + 1];
        double[] exactLog = new double[SAMPLES + 1];
        double[] exactRho = new double[SAMPLES + 1];
        for (int i = 0; i <= SAMPLES; i++) {
            sample[i] = maxArgument * i / SAMPLES;
            double phi = quadrature.phi(sample[i]);
            if (!(phi > 0)) {
                throw new IllegalArgumentException("kernel " + kernel + ": its Fourier transform is not positive at "
                        + sample[i] + " (inside the band)");
            }
            exactLog[i] = Math.log(phi);
            exactRho[i] = quadrature.derivative(sample[i]) / phi;
        }
        KernelFourierFit best = null;
        for (int degree = 4; degree <= MAX_DEGREE; degree += 2) {
            double[] coef = chebyshevInterpolant(quadrature, maxArgument, degree);
            var candidate = new KernelFourierFit(maxArgument, coef, 0, 0);
            double err = 0;
            double rhoErr = 0;
            for (int i = 0; i <= SAMPLES; i++) {
                err = Math.max(err, Math.abs(Math.expm1(candidate.logPhi(sample[i]) - exactLog[i])));
                rhoErr = Math.max(rhoErr, Math.abs(candidate.rho(sample[i]) - exactRho[i]) / maxArgument);
            }
            candidate = new KernelFourierFit(maxArgument, coef, err, rhoErr);
            if (best == null || err < best.maxFitError) {
                best = candidate;
            } else if (err > 2 * best.maxFitError) {
                break; // rounding dominates: more terms only add noise
            }
            if (best.maxFitError <= TARGET) {
                break;
            }
        }
        return best;
    }

    /** Chebyshev interpolant of log Phi(sqrt(u)) at the degree + 1 Chebyshev points of [0, smax^2]. */
    private static double[] chebyshevInterpolant(Quadrature q, double maxArgument, int degree) {
        int count = degree + 1;
        double uMax = maxArgument * maxArgument;
        double[] f = new double[count];
        for (int i = 0; i < count; i++) {
            double t = Math.cos(Math.PI * (i + 0.5) / count);
            f[i] = Math.log(q.phi(Math.sqrt(uMax * (t + 1) / 2)));
        }
        double[] coef = new double[count];
        for (int k = 0; k < count; k++) {
            double sum = 0;
            for (int i = 0; i < count; i++) {
                sum += f[i] * Math.cos(Math.PI * k * (i + 0.5) / count);
            }
            coef[k] = 2 * sum / count;
        }
        coef[0] /= 2;
        return coef;
    }

    /** Coefficients of the derivative series in t: c'_{k-1} = c'_{k+1} + 2 k c_k. */
    private static double[] derivative(double[] c) {
        int n = c.length;
        double[] d = new double[Math.max(1, n - 1)];
        double next2 = 0;
        double next1 = 0;
        for (int k = n - 1; k >= 1; k--) {
            double v = next2 + 2 * k * c[k];
            d[k - 1] = v;
            next2 = next1;
            next1 = v;
        }
        d[0] /= 2;
        return d;
    }

    private static double clenshaw(double[] a, double t) {
        double b1 = 0;
        double b2 = 0;
        double t2 = 2 * t;
        for (int k = a.length - 1; k >= 1; k--) {
            double b0 = Math.fma(t2, b1, a[k] - b2);
            b2 = b1;
            b1 = b0;
        }
        return Math.fma(t, b1, a[0] - b2);
    }

    /**
     * The logarithm of the kernel's transform, by Clenshaw's recurrence on the fitted series.
     *
     * @param s the argument in grid units (radians per fine-grid cell), {@code |s| <=}
     *     {@link #maxArgument()}; outside that the series extrapolates (not checked)
     * @return log Phi(s)
     */
    public double logPhi(double s) {
        return clenshaw(c, 2 * (s * s) / uMax - 1);
    }

    /**
     * The kernel's transform, {@code exp(logPhi(s))}.
     *
     * @param s the argument in grid units (radians per fine-grid cell), {@code |s| <=}
     *     {@link #maxArgument()}; outside that the series extrapolates (not checked)
     * @return Phi(s), positive
     */
    public double phi(double s) {
        return Math.exp(logPhi(s));
    }

    /**
     * The logarithmic derivative of the kernel's transform, for the gradient forms of type 3.
     *
     * @param s the argument in grid units (radians per fine-grid cell), {@code |s| <=}
     *     {@link #maxArgument()}; outside that the series extrapolates (not checked)
     * @return Phi'(s) / Phi(s), the derivative of the series in s
     */
    public double rho(double s) {
        // d log Phi / ds = (d/dt) (dt/du) (du/ds) = p'(t) (2 / uMax) (2 s)
        return clenshaw(dc, 2 * (s * s) / uMax - 1) * 4 * s / uMax;
    }

    /**
     * Largest argument the fit covers.
     *
     * @return the {@code maxArgument} given to {@link #fit}
     */
    public double maxArgument() {
        return maxArgument;
    }

    /**
     * Number of Chebyshev terms of the series of log Phi.
     *
     * @return the degree plus one
     */
    public int terms() {
        return c.length;
    }

    /**
     * Largest relative error of Phi on the dense check (the degree is chosen by it): 2001
     * arguments evenly spaced over {@code [0, maxArgument]}, against the quadrature.
     *
     * @return the largest {@code |Phi_fit / Phi - 1|}
     */
    public double maxFitError() {
        return maxFitError;
    }

    /**
     * Largest error of rho on the dense check, divided by the band edge (rho there is of order
     * 1 / band edge): the derivative of the series amplifies its rounding by about the square of
     * the degree: up to 4e-12 measured where Phi is within 1e-14 (KernelFourierFitTest).
     *
     * @return the largest {@code |rho_fit - rho| / maxArgument} on the check sample
     */
    public double maxRhoError() {
        return maxRhoError;
    }

    /** Phi and Phi' by Gauss–Legendre quadrature on [0, 1] (the deconvolution's 2w + 24 nodes). */
    static final class Quadrature {
        private final double[] z;
        private final double[] weight;
        private final double halfWidth;

        Quadrature(EsKernel kernel) {
            int w = kernel.width();
            int q = 2 * w + 24;
            var gl = GaussLegendre.of(q);
            z = new double[q];
            weight = new double[q];
            for (int j = 0; j < q; j++) {
                z[j] = 0.5 * (gl.nodes()[j] + 1.0);
                weight[j] = 0.5 * gl.weights()[j] * kernel.phi(z[j]) * w;
            }
            halfWidth = w / 2.0;
        }

        double phi(double s) {
            double sum = 0;
            for (int j = 0; j < z.length; j++) {
                sum += weight[j] * Math.cos(halfWidth * s * z[j]);
            }
            return sum;
        }

        double derivative(double s) {
            double sum = 0;
            for (int j = 0; j < z.length; j++) {
                sum -= weight[j] * halfWidth * z[j] * Math.sin(halfWidth * s * z[j]);
            }
            return sum;
        }
    }
}
