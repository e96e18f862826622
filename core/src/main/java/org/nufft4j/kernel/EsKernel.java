package org.nufft4j.kernel;

/**
 * The "exponential of semicircle" kernel {@code phi(z) = exp(beta (sqrt(1 - z^2) - 1))} on
 * |z| <= 1, zero outside, spanning {@code width} fine-grid cells (DESIGN.md §3).
 *
 * <p>Width and beta follow Barnett, Magland and af Klinteberg, "A parallel non-uniform fast
 * Fourier transform library based on an exponential of semicircle kernel", SIAM J. Sci.
 * Comput. 41 (2019): for upsampling 2, {@code w = ceil(log10(1/eps)) + 1} and
 * {@code beta ~ 2.30 w}; for other upsampling factors sigma,
 * {@code w = ceil(ln(1/eps) / (pi sqrt(1 - 1/sigma)))} and
 * {@code beta = 0.97 pi (1 - 1/(2 sigma)) w}.
 *
 * <p>The aliasing errors of the d one-dimensional factors add up, and rounding and the
 * polynomial fit take a share too, so the width is chosen for {@code eps / (d + 1)}. In a
 * development survey (scratch code, not kept) FINUFFT's width for eps itself gave up to 2.3x the
 * requested error in 1D and 3.2x in 3D; with eps / (d + 1) NufftAccuracyTest pins every case
 * from 1e-2 to 1e-12 within 2x (at exact powers of ten this is one cell wider than FINUFFT).
 */
public record EsKernel(int width, double beta, double upsampling) {

    /** Narrowest and widest kernels supported. */
    public static final int MIN_WIDTH = 2;
    public static final int MAX_WIDTH = 16;

    public EsKernel {
        if (width < MIN_WIDTH || width > MAX_WIDTH) {
            throw new IllegalArgumentException("kernel width " + width + " outside [" + MIN_WIDTH + ", " + MAX_WIDTH + "]");
        }
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("kernel beta must be positive and finite, got " + beta);
        }
    }

    /**
     * The kernel that reaches relative l2 error near {@code tolerance} at the given upsampling
     * factor.
     *
     * @throws IllegalArgumentException if the tolerance would need a kernel wider than
     *     {@link #MAX_WIDTH} at this upsampling factor
     */
    public static EsKernel forTolerance(double tolerance, double upsampling, int dimension) {
        if (dimension < 1 || dimension > 3) {
            throw new IllegalArgumentException("dimension must be 1, 2 or 3, got " + dimension);
        }
        double perDimension = tolerance / (dimension + 1);
        int w;
        double beta;
        if (upsampling == 2.0) {
            // The slack keeps exact powers of ten (1e-6 -> 6.000000000000001) from gaining a cell.
            w = (int) Math.ceil(Math.log10(1.0 / perDimension) - 1e-9) + 1;
            w = Math.max(w, MIN_WIDTH);
            beta = switch (w) {
                case 2 -> 2.20 * w;
                case 3 -> 2.26 * w;
                case 4 -> 2.38 * w;
                default -> 2.30 * w;
            };
        } else {
            w = (int) Math.ceil(Math.log(1.0 / perDimension) / (Math.PI * Math.sqrt(1.0 - 1.0 / upsampling)) - 1e-9);
            w = Math.max(w, MIN_WIDTH);
            beta = 0.97 * Math.PI * (1.0 - 1.0 / (2.0 * upsampling)) * w;
        }
        if (w > MAX_WIDTH) {
            throw new IllegalArgumentException("tolerance " + tolerance + " needs kernel width " + w
                    + " > " + MAX_WIDTH + " at upsampling factor " + upsampling + " in " + dimension + "D"
                    + "; ask for a larger tolerance or use upsampling 2.0");
        }
        return new EsKernel(w, beta, upsampling);
    }

    /** phi(z), the kernel on its canonical support [-1, 1]. */
    public double phi(double z) {
        double s = 1.0 - z * z;
        return s < 0 ? 0.0 : Math.exp(beta * (Math.sqrt(s) - 1.0));
    }

    /** phi'(z), for the gradient forms. */
    public double phiDerivative(double z) {
        double s = 1.0 - z * z;
        if (s <= 0) {
            return 0.0;
        }
        double r = Math.sqrt(s);
        return Math.exp(beta * (r - 1.0)) * (-beta * z / r);
    }
}
