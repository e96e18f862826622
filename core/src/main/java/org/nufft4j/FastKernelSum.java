package org.nufft4j;

import java.util.Arrays;
import java.util.Objects;

/**
 * Fast Gaussian kernel sums {@code a_i = sum_j b_j exp(-|x_i - y_j|^2 / (2 sigma^2))} through a
 * type 1 NUFFT on the sources, a multiplication by the Fourier coefficients of the periodised
 * Gaussian, and a type 2 NUFFT at the targets (docs/design.md, "Fast kernel sums"), with the
 * gradient in the targets from the same FFT, the Laplacian from one more, and the backward pass
 * of a real loss. Cost O(N + M + n^d log n) instead of the direct reduction's O(N M).
 *
 * <pre>{@code
 * try (var fast = FastKernelSum.gaussian(3, 0.1, 1e-6)) {
 *     fast.setPoints(targets, sources);   // row-major N x 3 and M x 3
 *     fast.sum(weights, out);             // M weights in, N sums out
 * }
 * }</pre>
 *
 * <p>Accuracy: the tolerance bounds NFFT3's measure {@code E = max_i |a_i - a*_i| / |b|_1}
 * (K(0) = 1, so |b|_1 bounds every |a_i|); gradients are measured the same way against
 * {@code |b|_1 / sigma}, Laplacians against {@code |b|_1 / sigma^2}. With positive weights this
 * is also about the relative error; with mixed signs that cancel, the relative error of a
 * small sum is not controlled (README, Fast kernel sums).
 *
 * <p>Weights are real; several weight vectors may be stacked ({@code k M} weights give
 * {@code k N} sums), two at a time in one complex transform. Not thread-safe: one caller at a
 * time, like a plan.
 */
public final class FastKernelSum implements AutoCloseable {

    /**
     * Largest number of fine-grid cells a fast sum accepts (about 2 GiB of complex doubles per
     * grid, two plans): beyond it the kernel is too narrow for the box and the direct reduction
     * is the better tool.
     */
    public static final long MAX_GRID_CELLS = 1L << 27;

    private final int dim;
    private final double sigma;
    private final double tolerance;
    private final NufftOptions options;
    /**
     * Kernel widths of padding between the box and its periodic images, and of the mode cutoff:
     * the smallest L with {@code L^2 exp(-L^2 / 2) <= eps / 4}, so that the nearest image adds at
     * most eps / 4 to a sum, its gradient (factor L / sigma) and its Laplacian ((L^2 - 1) /
     * sigma^2), and the truncated Fourier tail no more.
     */
    private final double widths;

    private int n; // targets
    private int m; // sources
    private double[][] targets; // [d][i], scaled to u = kappa (x - c)
    private double[][] sources;
    private double[] kappa;
    private int[] modes;
    private double[] coefficients; // K hat per mode, CMCL order, dimension 1 fastest
    private double[] k2; // sum_d kappa_d^2 k_d^2 per mode, for the Laplacian
    private NufftPlan spreadSources; // type 1, isign -1, on the sources
    private NufftPlan atTargets; // type 2, isign +1, on the targets
    private NufftPlan spreadTargets; // the swapped pair of the backward pass, made on first use
    private NufftPlan atSources;
    private boolean closed;

    private FastKernelSum(int dimension, double sigma, double tolerance, NufftOptions options) {
        this.dim = dimension;
        this.sigma = sigma;
        this.tolerance = tolerance;
        this.options = options;
        double l = Math.sqrt(2 * Math.log(4 / tolerance));
        for (int i = 0; i < 20; i++) {
            l = Math.sqrt(2 * Math.log(4 * Math.max(1, l * l) / tolerance));
        }
        this.widths = l;
    }

    /** {@link #gaussian(int, double, double, NufftOptions)} with the default options. */
    public static FastKernelSum gaussian(int dimension, double sigma, double tolerance) {
        return gaussian(dimension, sigma, tolerance, NufftOptions.defaults());
    }

    /**
     * A fast sum of the Gaussian of width {@code sigma}.
     *
     * @param dimension d = 1, 2 or 3
     * @param sigma the Gaussian's width s, {@code K(r) = exp(-|r|^2 / (2 s^2))}, positive and finite
     * @param tolerance the bound on E (class comment), in [1e-12, 0.1]
     * @param options the NUFFTs' options (threads; the upsampling, precision and batch size are
     *     the library's choice: 2.0, double, 1)
     * @throws IllegalArgumentException naming the argument that is out of range
     */
    public static FastKernelSum gaussian(int dimension, double sigma, double tolerance, NufftOptions options) {
        if (dimension < 1 || dimension > 3) {
            throw new IllegalArgumentException("dimension must be 1, 2 or 3, got " + dimension);
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be positive and finite, got " + sigma);
        }
        if (!(tolerance >= MIN_TOLERANCE && tolerance <= MAX_TOLERANCE)) {
            throw new IllegalArgumentException("tolerance must be in [" + MIN_TOLERANCE + ", " + MAX_TOLERANCE
                    + "], got " + tolerance);
        }
        Objects.requireNonNull(options, "options");
        var nufft = options.withUpsampling(2.0).withPrecision(Precision.DOUBLE).withBatchSize(1)
                .withModeOrder(ModeOrder.CMCL);
        return new FastKernelSum(dimension, sigma, tolerance, nufft);
    }

    /**
     * A fast evaluator for a reduction that is a Gaussian sum {@code a_i = sum_j exp(-c
     * sqdist(x_i, y_j)) b_j} over j (b a scalar j-variable, or absent for b = 1; c any formula of
     * parameters and constants, such as {@code 1 / (2 s^2)}), in any spelling that
     * {@link org.nufft4j.reduce.Formulas}' simplification produces; empty for anything else.
     *
     * @throws IllegalArgumentException if the tolerance is outside [{@link #MIN_TOLERANCE},
     *     {@link #MAX_TOLERANCE}]
     */
    public static java.util.Optional<FastGaussianReduction> tryFrom(org.nufft4j.reduce.KernelReduction reduction,
                                                                    double tolerance) {
        Objects.requireNonNull(reduction, "reduction");
        if (!(tolerance >= MIN_TOLERANCE && tolerance <= MAX_TOLERANCE)) {
            throw new IllegalArgumentException("tolerance must be in [" + MIN_TOLERANCE + ", " + MAX_TOLERANCE
                    + "], got " + tolerance);
        }
        return FastGaussianReduction.match(reduction, tolerance);
    }

    /** Smallest tolerance accepted: the NUFFTs run at a fraction of it. */
    public static final double MIN_TOLERANCE = 1e-12;
    /** Largest tolerance accepted. */
    public static final double MAX_TOLERANCE = 0.1;

    /**
     * Sets the targets x (N x d, row-major) and the sources y (M x d), copied; chooses the
     * scaling and the mode counts from their joint bounding box.
     *
     * @throws IllegalArgumentException if a length is not a multiple of d, a coordinate is not
     *     finite, or the kernel is so narrow for the box that the grids would exceed
     *     {@link #MAX_GRID_CELLS} (the message gives box / sigma and suggests the direct reduction)
     */
    public void setPoints(double[] targets, double[] sources) {
        ensureOpen();
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(sources, "sources");
        if (targets.length % dim != 0) {
            throw new IllegalArgumentException("targets.length = " + targets.length + " is not a multiple of d = " + dim);
        }
        if (sources.length % dim != 0) {
            throw new IllegalArgumentException("sources.length = " + sources.length + " is not a multiple of d = " + dim);
        }
        double[] lo = new double[dim];
        double[] hi = new double[dim];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        box(targets, "targets", lo, hi);
        box(sources, "sources", lo, hi);
        int newN = targets.length / dim;
        int newM = sources.length / dim;
        double[] newKappa = new double[dim];
        int[] newModes = new int[dim];
        long cells = 1;
        for (int d = 0; d < dim; d++) {
            double half = newN + newM == 0 ? 0 : (hi[d] - lo[d]) / 2;
            // kappa = 2 pi / (2R + s L): scaled points keep L kernel widths from their images
            newKappa[d] = 2 * Math.PI / (2 * half + sigma * widths);
            double scaledWidth = newKappa[d] * sigma;
            // modes |k| < N/2 with N/2 - 1 >= L / l: the tail exp(-(l k)^2 / 2) beyond L widths
            long nd = 2 * ((long) Math.ceil(widths / scaledWidth) + 1);
            nd += nd & 1;
            if (nd > Integer.MAX_VALUE / 4) {
                throw tooNarrow(lo, hi);
            }
            newModes[d] = (int) nd;
            cells *= 2 * nd;
            if (cells > MAX_GRID_CELLS) {
                throw tooNarrow(lo, hi);
            }
        }
        double[][] u = scaled(targets, newN, lo, hi, newKappa);
        double[][] v = scaled(sources, newM, lo, hi, newKappa);
        if (!Arrays.equals(newModes, modes)) {
            closePlans();
            modes = newModes;
        }
        this.kappa = newKappa;
        this.n = newN;
        this.m = newM;
        this.targets = u;
        this.sources = v;
        this.coefficients = coefficients(newKappa, newModes);
        this.k2 = squaredFrequencies(newKappa, newModes);
        if (spreadSources == null) {
            spreadSources = NufftPlan.create(NufftType.TYPE_1, modes, -1, nufftTolerance(), options);
            atTargets = NufftPlan.create(NufftType.TYPE_2, modes, 1, nufftTolerance(), options);
        }
        setPoints(spreadSources, v);
        setPoints(atTargets, u);
        if (spreadTargets != null) {
            spreadTargets.sharePointsOf(atTargets);
            atSources.sharePointsOf(spreadSources);
        }
    }

    /**
     * The NUFFTs' tolerance: a tenth of the sum's (their promise is a relative l2 error, the
     * sum's a largest error; the rest of the budget is the periodisation and the truncation).
     */
    public double nufftTolerance() {
        return tolerance / 10;
    }

    /** Modes per dimension chosen by the last {@link #setPoints}; null before. */
    public int[] modes() {
        return modes == null ? null : modes.clone();
    }

    /** The scaling kappa_d (points map to {@code u = kappa (x - c)}) of the last setPoints; null before. */
    public double[] scaling() {
        return kappa == null ? null : kappa.clone();
    }

    /**
     * {@code out[b N + i] = sum_j weights[b M + j] K(x_i - y_j)} for each stacked weight vector b.
     *
     * @param weights k M real weights (k >= 1 vectors, each M long)
     * @param out k N sums
     */
    public void sum(double[] weights, double[] out) {
        run(weights, out, null, false, "sum");
    }

    /**
     * The sums and their gradients in the targets, {@code gradient[b N d + i d + e] = d a_i / d
     * x_{i,e}} (row-major N x d per weight vector), from the same FFT as the sums.
     */
    public void sumAndGradient(double[] weights, double[] out, double[] gradient) {
        Objects.requireNonNull(gradient, "gradient");
        run(weights, out, gradient, false, "sumAndGradient");
    }

    /** The Laplacians in the targets, {@code out[b N + i] = (Delta a)(x_i)}: one more type 2 FFT. */
    public void laplacian(double[] weights, double[] out) {
        run(weights, out, null, true, "laplacian");
    }

    /**
     * The backward pass of a real loss L(a) with {@code a = sum(weights)}, one weight vector:
     * {@code weightsBar[j] = dL/db_j = sum_i outBar_i K(x_i - y_j)}, {@code targetsBar[i d + e] =
     * dL/dx_{i,e}}, {@code sourcesBar[j d + e] = dL/dy_{j,e}}, from the incoming gradient
     * {@code outBar = dL/da}. Two fast sums: the forward one with gradients, and the swapped one
     * (sources and targets exchanged) with gradients.
     *
     * @param weights M weights b
     * @param outBar N incoming gradients
     * @param weightsBar M outputs
     * @param targetsBar N d outputs
     * @param sourcesBar M d outputs
     */
    public void vjp(double[] weights, double[] outBar, double[] weightsBar, double[] targetsBar, double[] sourcesBar) {
        ensurePoints();
        checkLength(weights, "weights", m);
        checkLength(outBar, "outBar", n);
        checkLength(weightsBar, "weightsBar", m);
        checkLength(targetsBar, "targetsBar", (long) n * dim);
        checkLength(sourcesBar, "sourcesBar", (long) m * dim);
        NufftGradients.requireDistinct(new double[][] {weights, outBar, weightsBar, targetsBar, sourcesBar},
                new String[] {"weights", "outBar", "weightsBar", "targetsBar", "sourcesBar"}, 2);
        checkFinite(weights, "weights");
        checkFinite(outBar, "outBar");
        if (spreadTargets == null) {
            spreadTargets = NufftPlan.create(NufftType.TYPE_1, modes, -1, nufftTolerance(), options);
            atSources = NufftPlan.create(NufftType.TYPE_2, modes, 1, nufftTolerance(), options);
            spreadTargets.sharePointsOf(atTargets);
            atSources.sharePointsOf(spreadSources);
        }
        // x bar_i = a bar_i grad a(x_i), and b bar, y bar from the swapped sum h(y) = sum_i a bar_i K(y - x_i):
        // both in one complex pass each (the weights real)
        double[] values = new double[n];
        double[] gradient = new double[n * dim];
        pass(spreadSources, atTargets, weights, 0, null, 0, values, gradient, n, false, 0);
        for (int i = 0; i < n; i++) {
            for (int e = 0; e < dim; e++) {
                targetsBar[i * dim + e] = outBar[i] * gradient[i * dim + e];
            }
        }
        double[] swappedGradient = new double[m * dim];
        pass(spreadTargets, atSources, outBar, 0, null, 0, weightsBar, swappedGradient, m, false, 0);
        for (int j = 0; j < m; j++) {
            for (int e = 0; e < dim; e++) {
                sourcesBar[j * dim + e] = weights[j] * swappedGradient[j * dim + e];
            }
        }
    }

    private void run(double[] weights, double[] out, double[] gradient, boolean laplacian, String method) {
        ensurePoints();
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(out, "out");
        if (m == 0 ? weights.length != 0 : weights.length % m != 0 || weights.length == 0) {
            throw new IllegalArgumentException(method + ": weights.length = " + weights.length
                    + " must be a positive multiple of M = " + m);
        }
        int vectors = m == 0 ? Math.max(1, out.length / Math.max(n, 1)) : weights.length / m;
        checkLength(out, "out", (long) vectors * n);
        if (gradient != null) {
            checkLength(gradient, "gradient", (long) vectors * n * dim);
            NufftGradients.requireDistinct(new double[][] {weights, out, gradient},
                    new String[] {"weights", "out", "gradient"}, 1);
        } else {
            NufftGradients.requireDistinct(new double[][] {weights, out}, new String[] {"weights", "out"}, 1);
        }
        checkFinite(weights, "weights");
        if (m == 0 || n == 0) { // empty sums
            Arrays.fill(out, 0);
            if (gradient != null) {
                Arrays.fill(gradient, 0);
            }
            return;
        }
        for (int b = 0; b < vectors; b += 2) {
            boolean pair = b + 1 < vectors;
            pass(spreadSources, atTargets, weights, b * m, pair ? weights : null, (b + 1) * m, out, gradient, n,
                    laplacian, b);
        }
    }

    /**
     * Type 1 of {@code weights[offset..] + i second[secondOffset..]}, times K hat (times -k^2 for
     * the Laplacian), type 2 (with gradients when {@code gradient} is not null); the real part
     * goes to vector {@code b}, the imaginary part to vector {@code b + 1} when there is a second.
     */
    private void pass(NufftPlan spread, NufftPlan interpolate, double[] weights, int offset, double[] second,
                      int secondOffset, double[] out, double[] gradient, int rows, boolean laplacian, int b) {
        int sourcesCount = spread == spreadTargets ? n : m;
        double[] strengths = new double[2 * sourcesCount];
        for (int j = 0; j < sourcesCount; j++) {
            strengths[2 * j] = weights[offset + j];
            if (second != null) {
                strengths[2 * j + 1] = second[secondOffset + j];
            }
        }
        double[] f = new double[2 * coefficients.length];
        spread.execute(strengths, f);
        for (int k = 0; k < coefficients.length; k++) {
            double c = laplacian ? -coefficients[k] * k2[k] : coefficients[k];
            f[2 * k] *= c;
            f[2 * k + 1] *= c;
        }
        double[] values = new double[2 * rows];
        double[] grad = gradient == null ? null : new double[2 * rows * dim];
        if (grad == null) {
            interpolate.execute(f, values);
        } else {
            interpolate.executeGradient(f, values, grad);
        }
        for (int i = 0; i < rows; i++) {
            out[b * rows + i] = values[2 * i];
            if (second != null) {
                out[(b + 1) * rows + i] = values[2 * i + 1];
            }
        }
        if (grad != null) {
            // d/dx = kappa d/du; the plan stores gradients component by component
            for (int e = 0; e < dim; e++) {
                for (int i = 0; i < rows; i++) {
                    gradient[(b * rows + i) * dim + e] = kappa[e] * grad[2 * (e * rows + i)];
                    if (second != null) {
                        gradient[((b + 1) * rows + i) * dim + e] = kappa[e] * grad[2 * (e * rows + i) + 1];
                    }
                }
            }
        }
    }

    /** K hat_k = prod_d (l_d / sqrt(2 pi)) exp(-l_d^2 k_d^2 / 2), l_d = kappa_d sigma: the periodised Gaussian. */
    private double[] coefficients(double[] kappa, int[] modes) {
        double[][] perDim = new double[dim][];
        for (int d = 0; d < dim; d++) {
            double l = kappa[d] * sigma;
            perDim[d] = new double[modes[d]];
            for (int i = 0; i < modes[d]; i++) {
                int k = i - modes[d] / 2;
                perDim[d][i] = l / Math.sqrt(2 * Math.PI) * Math.exp(-0.5 * l * l * k * k);
            }
        }
        return outer(perDim, modes, false);
    }

    private double[] squaredFrequencies(double[] kappa, int[] modes) {
        double[][] perDim = new double[dim][];
        for (int d = 0; d < dim; d++) {
            perDim[d] = new double[modes[d]];
            for (int i = 0; i < modes[d]; i++) {
                double k = i - modes[d] / 2;
                perDim[d][i] = kappa[d] * kappa[d] * k * k;
            }
        }
        return outer(perDim, modes, true);
    }

    /** The product (or, with {@code sum}, the sum) over dimensions of per-dimension factors, dimension 1 fastest. */
    private static double[] outer(double[][] perDim, int[] modes, boolean sum) {
        int total = 1;
        for (int v : modes) {
            total *= v;
        }
        double[] out = new double[total];
        for (int idx = 0; idx < total; idx++) {
            int rest = idx;
            double acc = sum ? 0 : 1;
            for (int d = 0; d < perDim.length; d++) {
                double v = perDim[d][rest % modes[d]];
                rest /= modes[d];
                acc = sum ? acc + v : acc * v;
            }
            out[idx] = acc;
        }
        return out;
    }

    private void box(double[] points, String name, double[] lo, double[] hi) {
        for (int i = 0; i < points.length; i++) {
            double v = points[i];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + v + " is not finite");
            }
            int d = i % dim;
            lo[d] = Math.min(lo[d], v);
            hi[d] = Math.max(hi[d], v);
        }
    }

    private double[][] scaled(double[] points, int rows, double[] lo, double[] hi, double[] kappa) {
        double[][] u = new double[dim][rows];
        for (int d = 0; d < dim; d++) {
            double centre = (lo[d] + hi[d]) / 2;
            for (int i = 0; i < rows; i++) {
                u[d][i] = kappa[d] * (points[i * dim + d] - centre);
            }
        }
        return u;
    }

    private IllegalArgumentException tooNarrow(double[] lo, double[] hi) {
        double widest = 0;
        for (int d = 0; d < dim; d++) {
            widest = Math.max(widest, (hi[d] - lo[d]) / 2);
        }
        return new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                "the Gaussian (sigma = %.3g) is too narrow for the points' box (half-width %.3g, box/sigma = %.3g in %dD):"
                        + " the grids would exceed %d cells; use the direct reduction"
                        + " (KernelReduction with ScalarReductions or the SIMD evaluator), or split the points",
                sigma, widest, widest / sigma, dim, MAX_GRID_CELLS));
    }

    private static void setPoints(NufftPlan plan, double[][] x) {
        switch (x.length) {
            case 1 -> plan.setPoints(x[0]);
            case 2 -> plan.setPoints(x[0], x[1]);
            default -> plan.setPoints(x[0], x[1], x[2]);
        }
    }

    private static void checkLength(double[] a, String name, long expected) {
        Objects.requireNonNull(a, name);
        if (a.length != expected) {
            throw new IllegalArgumentException(name + ".length = " + a.length + ", expected " + expected);
        }
    }

    private static void checkFinite(double[] a, String name) {
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + a[i] + " is not finite");
            }
        }
    }

    private void ensurePoints() {
        ensureOpen();
        if (targets == null) {
            throw new IllegalStateException("call setPoints(targets, sources) first");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this FastKernelSum is closed");
        }
    }

    private void closePlans() {
        for (var p : new NufftPlan[] {spreadSources, atTargets, spreadTargets, atSources}) {
            if (p != null) {
                p.close();
            }
        }
        spreadSources = null;
        atTargets = null;
        spreadTargets = null;
        atSources = null;
    }

    /** Releases the plans and their threads. */
    @Override
    public void close() {
        closePlans();
        closed = true;
    }
}
