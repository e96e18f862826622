package org.nufft4j.simd;

import java.util.Objects;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.nufft4j.parallel.Workers;

/**
 * Hand-fused Gaussian kernel sums, the speed reference for the generic evaluator
 * ({@link VectorReductions}) on the same formulas. With {@code K_ij = exp(-|x_i - y_j|^2 / (2 s^2))}:
 * <ul>
 *   <li>{@link #sum}: {@code a_i = sum_j K_ij b_j};
 *   <li>{@link #gradient}: {@code g_i = sum_j -(x_i - y_j) / s^2 K_ij b_j} (dimension D);
 *   <li>{@link #laplacian}: {@code l_i = sum_j K_ij (|x_i - y_j|^2 - D s^2) / s^4 b_j}.
 * </ul>
 * Lanes run over j on component-major copies of y; x_i is broadcast; rows split over the
 * workers; lane partial sums are combined in a fixed order. Data are row-major: x is N x D,
 * y is M x D, b is M.
 */
public final class GaussianKernels {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int ROWS_PER_TASK = 16;

    private enum Kind { SUM, GRADIENT, LAPLACIAN }

    private GaussianKernels() {
    }

    /**
     * The Gaussian sum {@code a_i = sum_j K_ij b_j}.
     *
     * @param x the N target points, row-major N x dim
     * @param y the M source points, row-major M x dim
     * @param b the M weights, one per row of y
     * @param dim the dimension D of every point
     * @param sigma the kernel's width s
     * @param workers the pool the rows are split over
     * @return a, N values
     * @throws IllegalArgumentException when an array does not fit dim or the others (named)
     * @throws NullPointerException when an argument is null
     */
    public static double[] sum(double[] x, double[] y, double[] b, int dim, double sigma, Workers workers) {
        return run(Kind.SUM, x, y, b, dim, sigma, workers);
    }

    /**
     * The gradient of the sum in x_i, {@code g_i = sum_j -(x_i - y_j) / s^2 K_ij b_j}.
     *
     * @param x the N target points, row-major N x dim
     * @param y the M source points, row-major M x dim
     * @param b the M weights, one per row of y
     * @param dim the dimension D of every point
     * @param sigma the kernel's width s
     * @param workers the pool the rows are split over
     * @return g, row-major N x dim
     * @throws IllegalArgumentException when an array does not fit dim or the others (named)
     * @throws NullPointerException when an argument is null
     */
    public static double[] gradient(double[] x, double[] y, double[] b, int dim, double sigma, Workers workers) {
        return run(Kind.GRADIENT, x, y, b, dim, sigma, workers);
    }

    /**
     * The Laplacian of the sum in x_i, {@code l_i = sum_j K_ij (|x_i - y_j|^2 - D s^2) / s^4 b_j}.
     *
     * @param x the N target points, row-major N x dim
     * @param y the M source points, row-major M x dim
     * @param b the M weights, one per row of y
     * @param dim the dimension D of every point
     * @param sigma the kernel's width s
     * @param workers the pool the rows are split over
     * @return l, N values
     * @throws IllegalArgumentException when an array does not fit dim or the others (named)
     * @throws NullPointerException when an argument is null
     */
    public static double[] laplacian(double[] x, double[] y, double[] b, int dim, double sigma, Workers workers) {
        return run(Kind.LAPLACIAN, x, y, b, dim, sigma, workers);
    }

    /**
     * |x_i - y_j|^2 in lanes over j; D = 3 written out (a loop over a run-time D is neither
     * unrolled nor kept in registers by C2: with it, the fused sum and Laplacian were 1.1x and 1.2x
     * slower than the generated code on AVX2, JMH).
     */
    private static DoubleVector squaredDistance(double[] x, int i, double[] yt, int padded, int j, int dim) {
        if (dim == 3) {
            var d0 = DoubleVector.broadcast(S, x[3 * i]).sub(DoubleVector.fromArray(S, yt, j));
            var d1 = DoubleVector.broadcast(S, x[3 * i + 1]).sub(DoubleVector.fromArray(S, yt, padded + j));
            var d2 = DoubleVector.broadcast(S, x[3 * i + 2]).sub(DoubleVector.fromArray(S, yt, 2 * padded + j));
            return d2.fma(d2, d1.fma(d1, d0.mul(d0)));
        }
        var r2 = DoubleVector.zero(S);
        for (int k = 0; k < dim; k++) {
            var d = DoubleVector.broadcast(S, x[i * dim + k]).sub(DoubleVector.fromArray(S, yt, k * padded + j));
            r2 = d.fma(d, r2);
        }
        return r2;
    }

    /** Fails naming the first argument that does not fit: x is N x dim, y is M x dim, b is M. */
    private static void check(double[] x, double[] y, double[] b, int dim, double sigma, Workers workers) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(workers, "workers");
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be >= 1, got " + dim);
        }
        if (x.length % dim != 0) {
            throw new IllegalArgumentException("x.length = " + x.length + ", expected a multiple of dim = " + dim);
        }
        if (y.length % dim != 0) {
            throw new IllegalArgumentException("y.length = " + y.length + ", expected a multiple of dim = " + dim);
        }
        if (b.length != y.length / dim) {
            throw new IllegalArgumentException("b.length = " + b.length + ", expected one weight per row of y: "
                    + "y.length / dim = " + y.length + " / " + dim + " = " + y.length / dim);
        }
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be positive and finite, got " + sigma);
        }
        long copies = (long) dim * ((b.length + (long) L - 1) / L * L);
        if (copies > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("y: " + b.length + " rows of dim " + dim + ", padded to " + L
                    + " lanes, exceed the largest array");
        }
    }

    private static double[] run(Kind kind, double[] x, double[] y, double[] b, int dim, double sigma, Workers workers) {
        check(x, y, b, dim, sigma, workers);
        int n = x.length / dim;
        int m = b.length;
        int padded = (m + L - 1) / L * L;
        double[] yt = new double[dim * padded];
        double[] bp = new double[padded]; // zero weights in the padding: no mask needed
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < dim; k++) {
                yt[k * padded + j] = y[j * dim + k];
            }
            bp[j] = b[j];
        }
        int outDim = kind == Kind.GRADIENT ? dim : 1;
        double[] out = new double[n * outDim];
        double c = -0.5 / (sigma * sigma);
        double inv2 = 1.0 / (sigma * sigma);
        double ds2 = dim * sigma * sigma;
        int tasks = (n + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        // One task body for the three kinds, on purpose: split into a small lambda per kind, C2
        // inlined it into the Workers' fork-join recursion, where VectorMath.exp then failed to
        // inline (NodeCountInliningCutoff) and its vectors were boxed: 1.5x slower (JMH, and
        // -XX:+PrintInlining). This body is too big to inline and is compiled on its own.
        workers.forEach(tasks, task -> {
            double[] lanes = new double[L];
            double[] acc = new double[outDim * L];
            for (int i = task * ROWS_PER_TASK; i < Math.min(n, (task + 1) * ROWS_PER_TASK); i++) {
                java.util.Arrays.fill(acc, 0.0);
                var sumV = DoubleVector.zero(S);
                for (int j = 0; j < padded; j += L) {
                    var r2 = squaredDistance(x, i, yt, padded, j, dim);
                    var kb = VectorMath.exp(r2.mul(c)).mul(DoubleVector.fromArray(S, bp, j));
                    switch (kind) {
                        case SUM -> sumV = sumV.add(kb);
                        case LAPLACIAN -> sumV = r2.sub(ds2).mul(inv2 * inv2).fma(kb, sumV);
                        case GRADIENT -> {
                            var f = kb.mul(-inv2);
                            for (int k = 0; k < dim; k++) {
                                var d = DoubleVector.broadcast(S, x[i * dim + k])
                                        .sub(DoubleVector.fromArray(S, yt, k * padded + j));
                                d.fma(f, DoubleVector.fromArray(S, acc, k * L)).intoArray(acc, k * L);
                            }
                        }
                    }
                }
                if (kind == Kind.GRADIENT) {
                    for (int k = 0; k < dim; k++) {
                        double s = 0;
                        for (int l = 0; l < L; l++) {
                            s += acc[k * L + l];
                        }
                        out[i * dim + k] = s;
                    }
                } else {
                    sumV.intoArray(lanes, 0);
                    double s = 0;
                    for (int l = 0; l < L; l++) {
                        s += lanes[l];
                    }
                    out[i] = s;
                }
            }
        });
        return out;
    }
}
