package org.nufft4j.kernel;

/**
 * Deconvolution factors: the reciprocal of the kernel's Fourier transform at integer modes.
 *
 * <p>With fine spacing h = 2 pi / n and psi(x) = phi(2x / (w h)), spreading then an FFT
 * multiplies mode k by psi_hat(k) / h = w * int_0^1 phi(z) cos(pi w k z / n) dz (phi is even).
 * This class returns {@code 1 / that} for k = 0..kmax, by Gauss–Legendre quadrature on [0, 1]
 * with the phases cos(k a_q) advanced by complex rotation and re-seeded every 64 modes.
 */
public final class KernelFourier {

    private KernelFourier() {
    }

    /**
     * Correction factors for |k| = 0..kmax on a fine grid of n cells (the same for k and -k,
     * phi being even).
     *
     * @param kernel the spreading kernel
     * @param n the number of fine-grid cells in the dimension
     * @param kmax the largest |k| needed, at least 0
     * @return {@code kmax + 1} factors; element k is {@code 1 / (w int_0^1 phi(z) cos(pi w k z / n) dz)}
     */
    public static double[] correction(EsKernel kernel, int n, int kmax) {
        int w = kernel.width();
        int q = 2 * w + 24;
        var gl = GaussLegendre.of(q);
        double[] z = new double[q];
        double[] weight = new double[q];
        for (int j = 0; j < q; j++) {
            z[j] = 0.5 * (gl.nodes()[j] + 1.0); // map to [0, 1]
            weight[j] = 0.5 * gl.weights()[j] * kernel.phi(z[j]) * w;
        }
        double[] out = new double[kmax + 1];
        double[] re = new double[q];
        double[] im = new double[q];
        double[] stepRe = new double[q];
        double[] stepIm = new double[q];
        for (int j = 0; j < q; j++) {
            double a = Math.PI * w * z[j] / n;
            stepRe[j] = Math.cos(a);
            stepIm[j] = Math.sin(a);
        }
        for (int k = 0; k <= kmax; k++) {
            boolean reseed = (k & 63) == 0;
            double sum = 0;
            for (int j = 0; j < q; j++) {
                if (reseed) {
                    double a = Math.PI * w * z[j] * k / n;
                    re[j] = Math.cos(a);
                    im[j] = Math.sin(a);
                }
                sum += weight[j] * re[j];
                double r = re[j] * stepRe[j] - im[j] * stepIm[j];
                im[j] = re[j] * stepIm[j] + im[j] * stepRe[j];
                re[j] = r;
            }
            out[k] = 1.0 / sum;
        }
        return out;
    }
}
