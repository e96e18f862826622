package org.nufft4j.kernel;

/**
 * Gauss–Legendre nodes and weights on [-1, 1], by Newton's method on P_n: the rule with n nodes
 * integrates polynomials of degree up to 2n - 1 exactly.
 *
 * @param nodes the n nodes, the roots of the Legendre polynomial P_n, in increasing order
 *     (symmetric about 0)
 * @param weights the weight of each node, same index as {@code nodes}; they sum to 2
 */
public record GaussLegendre(double[] nodes, double[] weights) {

    /**
     * Computes the n-node rule.
     *
     * @param n the number of nodes
     * @return the nodes and weights, each an array of length n
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static GaussLegendre of(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("number of nodes must be >= 1, got " + n);
        }
        double[] x = new double[n];
        double[] wt = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0;
            for (int iter = 0; iter < 100; iter++) {
                double p0 = 1, p1 = z;
                for (int k = 2; k <= n; k++) {
                    double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                double pn = n == 1 ? z : p1;
                double pnm1 = n == 1 ? 1 : p0;
                dp = n * (z * pn - pnm1) / (z * z - 1);
                double dz = pn / dp;
                z -= dz;
                if (Math.abs(dz) < 1e-16) {
                    break;
                }
            }
            x[i] = -z;
            x[n - 1 - i] = z;
            wt[i] = wt[n - 1 - i] = 2.0 / ((1 - z * z) * dp * dp);
        }
        return new GaussLegendre(x, wt);
    }
}
