package org.nufft4j;

import java.util.Arrays;
import java.util.Objects;
import org.nufft4j.grid.SortedPoints;

/**
 * Fast Gaussian kernel sums {@code a_i = sum_j b_j exp(-|x_i - y_j|^2 / (2 sigma^2))} through a
 * type 1 NUFFT on the sources, a multiplication by the Fourier coefficients of the periodised
 * Gaussian, and a type 2 NUFFT at the targets (docs/design.md, "Fast kernel sums"), with the
 * gradient in the targets from the same forward FFT (spectral, two real fields per complex grid), the Laplacian likewise, and the backward pass
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
 * small sum is not controlled (README, Fast kernel sums). Over all weights, E is largest for a
 * unit weight: it is the largest entry of the kernel's error matrix, which the tests pin entry by
 * entry. Tested from 1e-3 to 1e-12, gradients and Laplacians included.
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
    /** {@code kappa_d^2 k^2} per dimension and fine index, for the Laplacian's {@code -|kappa k|^2}. */
    private double[][] squares;
    /** {@code kappa_d k} per dimension and fine index (0 outside the mode box), for {@code d/dx_d = i kappa_d k}. */
    private double[][] frequencies;
    private int[] fine; // fine grid size per dimension
    /** Type 1, isign -1, on the sources: its spreader, and its FFT for every forward transform. */
    private NufftPlan spreadSources;
    /** Type 2, isign +1, on the targets: its interpolation of values, its FFT for every backward transform. */
    private NufftPlan atTargets;
    /** Type 2 at the targets with the Laplacian's tolerance (made on first use). */
    private NufftPlan laplacianAtTargets;
    /** Type 2 at the targets with the spreading tolerance: the backward pass spreads there (made on first use). */
    private NufftPlan spreadTargets;
    /** Type 2 at the sources with the values' tolerance, for the backward pass (made on first use). */
    private NufftPlan atSources;
    /** The fused factors per (spreading width, interpolating width): the kernels' corrections differ. */
    private final java.util.Map<Integer, double[][]> middleByWidths = new java.util.HashMap<>();
    private double[] strengths = new double[0]; // scratch, reused while the sizes stay
    private double[] values = new double[0];
    /** A second fine grid for the spectral gradient's fields (made on the first gradient). */
    private double[] work = new double[0];
    private final long[] stepNanos = new long[5];
    private boolean closed;

    /** The NUFFTs' tolerances as fractions of the sum's: spreading, interpolating values, interpolating gradients. */
    private final double spreadRatio;
    private final double valueRatio;
    private final double laplacianRatio;

    private FastKernelSum(int dimension, double sigma, double tolerance, NufftOptions options, double[] ratios) {
        this.spreadRatio = ratios[0];
        this.valueRatio = ratios[1];
        this.laplacianRatio = ratios[2];
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

    /**
     * {@link #gaussian(int, double, double, NufftOptions)} with the default options.
     *
     * @param dimension d = 1, 2 or 3
     * @param sigma the Gaussian's width s, {@code K(r) = exp(-|r|^2 / (2 s^2))}, positive and finite
     * @param tolerance the bound on E (class comment), in [1e-12, 0.1]
     * @return a fast sum without points; call {@link #setPoints} next
     * @throws IllegalArgumentException naming the argument that is out of range
     */
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
     * @return a fast sum without points; call {@link #setPoints} next
     * @throws IllegalArgumentException naming the argument that is out of range
     * @throws NullPointerException if {@code options} is null
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
        return new FastKernelSum(dimension, sigma, tolerance, nufft, RATIOS);
    }

    /**
     * The NUFFTs' tolerances over the sum's {spread, values and gradients, Laplacian}
     * (docs/decisions.md, fast sums): the Gaussian's coefficients weight the low modes, where the
     * kernels' aliasing is smallest, so one side may run at 10x. The error matrix is the same
     * whichever side that is (it is transposed), and the interpolation at 10x is the cheaper
     * choice: the spectral gradient interpolates two or more fields and spreads once. The
     * Laplacian (weights k^2, higher modes) interpolates at 1x.
     */
    private static final double[] RATIOS = {1, 10, 1};

    /** The same with other NUFFT tolerance ratios {spread, values and gradients, Laplacian} (surveys of the error budget). */
    static FastKernelSum gaussian(int dimension, double sigma, double tolerance, NufftOptions options,
                                  double[] ratios) {
        var fast = gaussian(dimension, sigma, tolerance, options);
        return new FastKernelSum(dimension, sigma, tolerance, fast.options, ratios.clone());
    }

    /**
     * A fast evaluator for a reduction that is a Gaussian sum {@code a_i = sum_j exp(-c
     * sqdist(x_i, y_j)) b_j} over j (b a scalar j-variable, or absent for b = 1; c any formula of
     * parameters and constants, such as {@code 1 / (2 s^2)}), in any spelling that
     * {@link org.nufft4j.reduce.Formulas}' simplification produces; empty for anything else.
     *
     * @param reduction the reduction to recognise
     * @param tolerance the fast sum's tolerance (E of the class comment) for its evaluations
     * @return the recognised Gaussian sum, or empty when the reduction is not one
     * @throws NullPointerException if {@code reduction} is null
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
     * scaling and the mode counts from their joint bounding box. The points may be anywhere
     * (no periodicity is assumed); calling it again replaces both sets.
     *
     * @param targets the N targets, point-major: coordinate e of target i at {@code targets[i d + e]}
     * @param sources the M sources, laid out the same way
     * @throws NullPointerException if an array is null
     * @throws IllegalStateException if this fast sum is closed
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
            // at least 16: then 2 N >= 2 w for every width, and every plan has the same fine grid
            nd = Math.max(nd, 16);
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
        if (spreadSources == null) {
            spreadSources = plan(NufftType.TYPE_1, -1, spreadRatio);
            atTargets = plan(NufftType.TYPE_2, 1, valueRatio);
        }
        this.fine = spreadSources.fineGridSize();
        middleByWidths.clear();
        this.squares = squaredFrequencies(newKappa, newModes, fine);
        this.frequencies = frequencies(newKappa, newModes, fine);
        setPoints(spreadSources, v);
        setPoints(atTargets, u);
        if (laplacianAtTargets != null) {
            setPoints(laplacianAtTargets, u);
        }
        if (spreadTargets != null && spreadTargets != laplacianAtTargets) {
            setPoints(spreadTargets, u);
        }
        if (atSources != null) {
            setPoints(atSources, v);
        }
    }

    private NufftPlan plan(NufftType type, int isign, double ratio) {
        var plan = NufftPlan.create(type, modes, isign, Math.min(tolerance * ratio, MAX_TOLERANCE), options);
        // (capped at 0.1 so that a coarse sum never asks a NUFFT for a tolerance it rejects)
        if (spreadSources != null && !Arrays.equals(plan.fineGridSize(), spreadSources.fineGridSize())) {
            // the fused route needs one fine grid; modes >= 16 keep 2 N >= 2 w for every width
            plan.close();
            throw new IllegalStateException("fine grids differ: " + Arrays.toString(plan.fineGridSize()) + " vs "
                    + Arrays.toString(fine));
        }
        return plan;
    }

    private NufftPlan laplacianAtTargets() {
        if (laplacianAtTargets == null) {
            laplacianAtTargets = typeTwoAt(targets, laplacianRatio);
        }
        return laplacianAtTargets;
    }

    private NufftPlan spreadTargets() {
        if (spreadTargets == null) {
            spreadTargets = laplacianRatio == spreadRatio ? laplacianAtTargets() : typeTwoAt(targets, spreadRatio);
        }
        return spreadTargets;
    }

    private NufftPlan atSources() {
        if (atSources == null) {
            atSources = typeTwoAt(sources, valueRatio);
        }
        return atSources;
    }

    /** A type 2 plan (isign +1) at these scaled points, made on first use. */
    private NufftPlan typeTwoAt(double[][] points, double ratio) {
        var plan = plan(NufftType.TYPE_2, 1, ratio);
        setPoints(plan, points);
        return plan;
    }

    /**
     * The tolerance of the NUFFT that interpolates values, 10x the sum's ({@link
     * #nufftTolerances} gives all three).
     *
     * @return {@code min(10 tolerance, MAX_TOLERANCE)}
     */
    public double nufftTolerance() {
        return Math.min(tolerance * valueRatio, MAX_TOLERANCE);
    }

    /**
     * The NUFFTs' tolerances: the spread (1x the sum's), the interpolation of values and of the
     * spectral gradient's fields (10x), and the Laplacian's interpolation (1x), each capped at
     * {@link #MAX_TOLERANCE}. One side can run at 10x because the Gaussian's coefficients weight
     * the low modes, where the kernels' aliasing is smallest (docs/design.md, Fast kernel sums).
     *
     * @return a new array {spread, values and gradient fields, Laplacian}
     */
    public double[] nufftTolerances() {
        return new double[] {Math.min(tolerance * spreadRatio, MAX_TOLERANCE), nufftTolerance(),
                Math.min(tolerance * laplacianRatio, MAX_TOLERANCE)};
    }

    /**
     * Modes per dimension chosen by the last {@link #setPoints}: even, at least 16, and enough
     * that the Gaussian's Fourier coefficients beyond them are below the error budget (the same
     * L kernel widths as the padding).
     *
     * @return a copy of the d mode counts, or null before the first setPoints
     */
    public int[] modes() {
        return modes == null ? null : modes.clone();
    }

    /**
     * The scaling of the last setPoints: coordinate d of a point maps to
     * {@code u_d = kappa_d (x_d - c_d)}, c the centre of the joint bounding box, so that the box
     * plus {@code L} Gaussian widths of padding spans one period 2 pi.
     *
     * @return a copy of the d factors kappa_d (radians per unit of the input coordinates), or
     *     null before the first setPoints
     */
    public double[] scaling() {
        return kappa == null ? null : kappa.clone();
    }

    /**
     * {@code out[b N + i] = sum_j weights[b M + j] K(x_i - y_j)} for each stacked weight vector b.
     *
     * @param weights k M real weights (k >= 1 vectors, each M long, vector b at offset b M),
     *     finite; with M = 0 it must be empty
     * @param out receives the k N sums, vector b at offset b N
     * @throws NullPointerException if an array is null
     * @throws IllegalStateException if this fast sum is closed or has no points yet
     * @throws IllegalArgumentException if {@code weights.length} is not a positive multiple of M,
     *     {@code out.length} is not k N, a weight is not finite, or the two are the same array
     */
    public void sum(double[] weights, double[] out) {
        run(weights, out, null, false, "sum");
    }

    /**
     * The sums and their gradients in the targets, {@code gradient[b N d + i d + e] = d a_i / d
     * x_{i,e}} (row-major N x d per weight vector): the forward FFT and the spread are the sums';
     * each field {@code i kappa_e k_e} times the coefficients is transformed back and interpolated
     * with the values' kernel (one real weight vector packs two fields per grid: one more FFT and
     * interpolation pass in 2D and 3D, none in 1D). Gradients are accurate to E measured against
     * {@code |b|_1 / sigma} (class comment).
     *
     * @param weights k M real weights, as for {@link #sum}
     * @param out receives the k N sums, as for {@link #sum}
     * @param gradient receives the k N d gradient components, vector b at offset {@code b N d}
     * @throws NullPointerException if an array is null
     * @throws IllegalStateException if this fast sum is closed or has no points yet
     * @throws IllegalArgumentException as for {@link #sum}, or if {@code gradient.length} is not
     *     k N d, or two of the arrays are the same
     */
    public void sumAndGradient(double[] weights, double[] out, double[] gradient) {
        Objects.requireNonNull(gradient, "gradient");
        run(weights, out, gradient, false, "sumAndGradient");
    }

    /**
     * The Laplacians in the targets, {@code out[b N + i] = (Delta a)(x_i)}: the sum's FFTs, the
     * coefficients times {@code -|kappa k|^2}, interpolated at the Laplacian's own tolerance
     * (accurate to E measured against {@code |b|_1 / sigma^2}).
     *
     * @param weights k M real weights, as for {@link #sum}
     * @param out receives the k N Laplacians, vector b at offset b N
     * @throws NullPointerException if an array is null
     * @throws IllegalStateException if this fast sum is closed or has no points yet
     * @throws IllegalArgumentException as for {@link #sum}
     */
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
     * @param weights the M weights b (one vector), finite
     * @param outBar the N incoming gradients dL/da_i, finite
     * @param weightsBar receives the M derivatives dL/db_j
     * @param targetsBar receives the N d derivatives dL/dx, point-major like the targets
     * @param sourcesBar receives the M d derivatives dL/dy, point-major like the sources
     * @throws NullPointerException if an array is null
     * @throws IllegalStateException if this fast sum is closed or has no points yet
     * @throws IllegalArgumentException if a length differs from the one above, an input is not
     *     finite, or an output is the same array as another argument
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
        pass(spreadTargets(), atSources(), outBar, 0, null, 0, weightsBar, swappedGradient, m,
                false, 0);
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
            // the Laplacian weights high modes (k^2): it interpolates at its own tolerance
            NufftPlan from = spreadSources;
            NufftPlan to = laplacian ? laplacianAtTargets() : atTargets;
            pass(from, to, weights, b * m, pair ? weights : null,
                    (b + 1) * m, out, gradient, n, laplacian, b);
        }
    }

    /**
     * Spread of {@code weights[offset..] + i second[secondOffset..]} at {@code from}, FFT, the
     * fused mode-space pass (times {@code -|kappa k|^2} for the Laplacian), FFT back, and
     * interpolation of values at {@code to}, all on one fine grid (docs/design.md, Fast kernel
     * sums); the real part goes to vector {@code b}, the imaginary part to vector {@code b + 1}
     * when there is a second. With {@code gradient} not null the gradient is spectral: the
     * transformed grid is kept, and each further field ({@code i kappa_e k_e} times the sum's
     * coefficients) is made from it, transformed back and interpolated with the values' kernel;
     * one weight vector packs two real fields into each complex grid, a pair needs d + 1 grids.
     */
    private void pass(NufftPlan fromPlan, NufftPlan toPlan, double[] weights, int offset, double[] second,
                      int secondOffset, double[] out, double[] gradient, int rows, boolean laplacian, int b) {
        SortedPoints from = fromPlan.sortedPoints();
        SortedPoints to = toPlan.sortedPoints();
        int sourcesCount = from.count();
        if (strengths.length < 2 * sourcesCount) {
            strengths = new double[2 * sourcesCount];
        }
        double[] c = strengths;
        for (int j = 0; j < sourcesCount; j++) {
            c[2 * j] = weights[offset + j];
            c[2 * j + 1] = second != null ? second[secondOffset + j] : 0;
        }
        if (values.length < 2 * rows) {
            values = new double[2 * rows];
        }
        int widths = 100 * fromPlan.kernel().width() + toPlan.kernel().width();
        double[][] factors = middleByWidths.computeIfAbsent(widths,
                w -> middleFactors(kappa, modes, fine, fromPlan.kernel(), toPlan.kernel()));
        long t0 = System.nanoTime();
        // spread with the plan whose tiles sorted these points; the FFTs depend on the sign only
        double[] grid = fromPlan.doubleSteps().spreadOnly(from, c);
        long t1 = System.nanoTime();
        spreadSources.doubleSteps().transformOnly(grid);
        long t2 = System.nanoTime();
        long multiplyNs = 0;
        long backNs = 0;
        long interpolateNs = 0;
        if (gradient == null) {
            multiply(grid, factors, laplacian);
            long t3 = System.nanoTime();
            atTargets.doubleSteps().transformOnly(grid);
            long t4 = System.nanoTime();
            toPlan.doubleSteps().interpolateOnly(to, grid, values, null);
            long t5 = System.nanoTime();
            multiplyNs = t3 - t2;
            backNs = t4 - t3;
            interpolateNs = t5 - t4;
            double[] v = values;
            for (int i = 0; i < rows; i++) {
                out[b * rows + i] = v[2 * i];
                if (second != null) {
                    out[(b + 1) * rows + i] = v[2 * i + 1];
                }
            }
        } else {
            // fields: one vector: (a + i d1 a), (d2 a + i d3 a); a pair: a, d1 a, .., dd a (each
            // complex); two at a time in one FFT call and one interpolation pass
            int fields = second == null ? (dim + 2) / 2 : dim + 1;
            int cells = 2 * fine[0] * (dim > 1 ? fine[1] : 1) * (dim > 2 ? fine[2] : 1);
            if (fields > 1 && work.length < 2 * cells) {
                work = new double[2 * cells];
            }
            if (values.length < 4 * rows) {
                values = new double[4 * rows];
            }
            double[] p = new double[2 * (dim + 1)]; // complex coefficients of 1, kappa_1 k_1, .., kappa_d k_d
            for (int f0 = 0; f0 < fields; f0 += 2) {
                int count = Math.min(2, fields - f0);
                // a lone field is made in place (one vector in 1D); else the transformed grid stays
                double[] dst = fields == 1 ? grid : work;
                long s0 = System.nanoTime();
                for (int q = 0; q < count; q++) {
                    fieldCoefficients(f0 + q, second == null, p);
                    multiplyInto(grid, dst, q * cells, factors, p);
                }
                long s1 = System.nanoTime();
                atTargets.doubleSteps().transformOnly(dst, count);
                long s2 = System.nanoTime();
                toPlan.doubleSteps().interpolateOnly(to, dst, count, values);
                long s3 = System.nanoTime();
                multiplyNs += s1 - s0;
                backNs += s2 - s1;
                interpolateNs += s3 - s2;
                for (int q = 0; q < count; q++) {
                    unpackField(f0 + q, second != null, values, 2 * rows * q, out, gradient, rows, b);
                }
            }
        }
        stepNanos[0] = t1 - t0;
        stepNanos[1] = t2 - t1;
        stepNanos[2] = multiplyNs;
        stepNanos[3] = backNs;
        stepNanos[4] = interpolateNs;
    }

    /**
     * The coefficients p of field f ({@link #multiplyInto}): one real vector packs a + i d1 a,
     * then d2 a + i d3 a (i times i kappa k is -kappa k); a pair (complex grid) has a, then
     * i kappa_f k_f.
     */
    private void fieldCoefficients(int f, boolean single, double[] p) {
        Arrays.fill(p, 0);
        if (!single) {
            p[f == 0 ? 0 : 2 * f + 1] = 1;
            return;
        }
        int e = 2 * f; // real part: a (e = 0) or d_e a; imaginary part: d_(e+1) a
        if (e == 0) {
            p[0] = 1;
        } else {
            p[2 * e + 1] = 1;
        }
        if (e + 1 <= dim) {
            p[2 * (e + 1)] = -1;
        }
    }

    /** Field f's interpolated values ({@code v[at..]}, complex) into the sums and gradients of vector b (and b + 1). */
    private void unpackField(int f, boolean pair, double[] v, int at, double[] out, double[] gradient, int rows,
                             int b) {
        if (pair) {
            for (int i = 0; i < rows; i++) {
                double re = v[at + 2 * i];
                double im = v[at + 2 * i + 1];
                if (f == 0) {
                    out[b * rows + i] = re;
                    out[(b + 1) * rows + i] = im;
                } else {
                    gradient[(b * rows + i) * dim + f - 1] = re;
                    gradient[((b + 1) * rows + i) * dim + f - 1] = im;
                }
            }
            return;
        }
        int e = 2 * f;
        for (int i = 0; i < rows; i++) {
            int row = (b * rows + i) * dim;
            if (e == 0) {
                out[b * rows + i] = v[at + 2 * i];
            } else {
                gradient[row + e - 1] = v[at + 2 * i];
            }
            if (e < dim) {
                gradient[row + e] = v[at + 2 * i + 1];
            }
        }
    }

    /**
     * {@code dst[g] = src[g] prod_d middle_d[g_d] P(k)} inside the mode box, 0 outside, with the
     * complex polynomial {@code P(k) = p_0 + sum_e p_e kappa_e k_e} ({@code p} interleaved re, im):
     * a field's coefficients from the transformed grid, {@code i kappa_e k_e} being d/dx_e;
     * {@code dst} from {@code dstOffset}, which may be {@code src} at 0. One pass by rows, in parallel.
     */
    private void multiplyInto(double[] src, double[] dst, int dstOffset, double[][] middle, double[] p) {
        int n1 = fine[0];
        int n2 = dim > 1 ? fine[1] : 1;
        int n3 = dim > 2 ? fine[2] : 1;
        int hi1 = (modes[0] - 1) / 2;
        int lo1 = n1 - modes[0] / 2;
        double[] m1 = middle[0];
        double[] k1 = frequencies[0];
        double p1r = p[2];
        double p1i = p[3];
        spreadSources.workers().forEach(n2 * n3, row -> {
            int g2 = row % n2;
            int g3 = row / n2;
            double f23 = 1;
            double cr = p[0];
            double ci = p[1];
            if (dim > 1) {
                f23 = middle[1][g2];
                cr += p[4] * frequencies[1][g2];
                ci += p[5] * frequencies[1][g2];
            }
            if (dim > 2) {
                f23 *= middle[2][g3];
                cr += p[6] * frequencies[2][g3];
                ci += p[7] * frequencies[2][g3];
            }
            int start = 2 * n1 * row;
            int to = dstOffset + start;
            if (f23 == 0) {
                Arrays.fill(dst, to, to + 2 * n1, 0);
                return;
            }
            Arrays.fill(dst, to + 2 * (hi1 + 1), to + 2 * lo1, 0);
            for (int g = 0; g < n1; g++) {
                if (g == hi1 + 1) {
                    g = lo1;
                }
                double f = f23 * m1[g];
                double qr = f * (cr + p1r * k1[g]);
                double qi = f * (ci + p1i * k1[g]);
                double re = src[start + 2 * g];
                double im = src[start + 2 * g + 1];
                dst[to + 2 * g] = re * qr - im * qi;
                dst[to + 2 * g + 1] = re * qi + im * qr;
            }
        });
    }

    /**
     * The fused diagonal step (docs/design.md, Fast kernel sums): {@code grid[g] *= prod_d
     * middle_d[g_d]} (times {@code -sum_d squares_d[g_d]} for the Laplacian) inside the mode box,
     * 0 outside, where the type 1 FFT left undefined values and the type 2 FFT needs zeros. One
     * pass over the grid by rows, in parallel.
     */
    private void multiply(double[] grid, double[][] middle, boolean laplacian) {
        int n1 = fine[0];
        int n2 = dim > 1 ? fine[1] : 1;
        int n3 = dim > 2 ? fine[2] : 1;
        int hi1 = (modes[0] - 1) / 2; // fine indices 0..hi1 and lo1..n1-1 hold modes
        int lo1 = n1 - modes[0] / 2;
        double[] m1 = middle[0];
        double[] q1 = squares[0];
        spreadSources.workers().forEach(n2 * n3, row -> {
            int g2 = row % n2;
            int g3 = row / n2;
            double f23 = 1;
            double q23 = 0;
            if (dim > 1) {
                f23 = middle[1][g2];
                q23 = squares[1][g2];
            }
            if (dim > 2) {
                f23 *= middle[2][g3];
                q23 += squares[2][g3];
            }
            int start = 2 * n1 * row;
            if (f23 == 0) {
                Arrays.fill(grid, start, start + 2 * n1, 0);
                return;
            }
            Arrays.fill(grid, start + 2 * (hi1 + 1), start + 2 * lo1, 0);
            if (laplacian) {
                for (int g = 0; g <= hi1; g++) {
                    double f = -f23 * m1[g] * (q1[g] + q23);
                    grid[start + 2 * g] *= f;
                    grid[start + 2 * g + 1] *= f;
                }
                for (int g = lo1; g < n1; g++) {
                    double f = -f23 * m1[g] * (q1[g] + q23);
                    grid[start + 2 * g] *= f;
                    grid[start + 2 * g + 1] *= f;
                }
            } else {
                for (int g = 0; g <= hi1; g++) {
                    double f = f23 * m1[g];
                    grid[start + 2 * g] *= f;
                    grid[start + 2 * g + 1] *= f;
                }
                for (int g = lo1; g < n1; g++) {
                    double f = f23 * m1[g];
                    grid[start + 2 * g] *= f;
                    grid[start + 2 * g + 1] *= f;
                }
            }
        });
    }

    /** Kernel widths of the spreading, value and (once made) Laplacian plans. */
    int[] widthsForSurvey() {
        return new int[] {spreadSources.kernel().width(), atTargets.kernel().width(),
                laplacianAtTargets == null ? 0 : laplacianAtTargets.kernel().width()};
    }

    /** Nanoseconds of the last pass's spread, FFT, mode-space multiply, FFT back and interpolation. */
    long[] lastStepNanos() {
        return stepNanos.clone();
    }

    /**
     * Per dimension and fine index g: {@code corr1(k) corr2(k) (l / sqrt(2 pi)) exp(-l^2 k^2 / 2)},
     * l = kappa sigma (the periodised Gaussian's coefficient, Poisson summation, and the
     * deconvolutions of the spreading and the interpolating kernel), for the modes {@code -N/2 <= k < N/2} at {@code g = k mod n}; 0 elsewhere.
     */
    private double[][] middleFactors(double[] kappa, int[] modes, int[] fine, org.nufft4j.kernel.EsKernel kernel,
                                     org.nufft4j.kernel.EsKernel kernel2) {
        double[][] out = new double[dim][];
        for (int d = 0; d < dim; d++) {
            double l = kappa[d] * sigma;
            double[] corr = org.nufft4j.kernel.KernelFourier.correction(kernel, fine[d], modes[d] / 2);
            double[] corr2 = org.nufft4j.kernel.KernelFourier.correction(kernel2, fine[d], modes[d] / 2);
            out[d] = new double[fine[d]];
            for (int g = 0; g < fine[d]; g++) {
                int k = mode(g, modes[d], fine[d]);
                if (k != Integer.MIN_VALUE) {
                    double c = corr[Math.abs(k)] * corr2[Math.abs(k)];
                    out[d][g] = c * l / Math.sqrt(2 * Math.PI) * Math.exp(-0.5 * l * l * k * k);
                }
            }
        }
        return out;
    }

    private double[][] frequencies(double[] kappa, int[] modes, int[] fine) {
        double[][] out = new double[dim][];
        for (int d = 0; d < dim; d++) {
            out[d] = new double[fine[d]];
            for (int g = 0; g < fine[d]; g++) {
                int k = mode(g, modes[d], fine[d]);
                if (k != Integer.MIN_VALUE) {
                    out[d][g] = kappa[d] * k;
                }
            }
        }
        return out;
    }

    private double[][] squaredFrequencies(double[] kappa, int[] modes, int[] fine) {
        double[][] out = frequencies(kappa, modes, fine);
        for (double[] row : out) {
            for (int g = 0; g < row.length; g++) {
                row[g] *= row[g];
            }
        }
        return out;
    }

    /** The mode k at fine index g (FFT order, the box {@code -N/2 <= k < N/2}), or MIN_VALUE outside it. */
    private static int mode(int g, int modes, int fine) {
        if (g <= (modes - 1) / 2) {
            return g;
        }
        return g >= fine - modes / 2 ? g - fine : Integer.MIN_VALUE;
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
        // spreadTargets may be laplacianAtTargets (equal ratios): closed once
        var distinct = spreadTargets == laplacianAtTargets ? null : spreadTargets;
        for (var p : new NufftPlan[] {spreadSources, atTargets, laplacianAtTargets, distinct, atSources}) {
            if (p != null) {
                p.close();
            }
        }
        spreadSources = null;
        atTargets = null;
        laplacianAtTargets = null;
        spreadTargets = null;
        atSources = null;
        fine = null;
    }

    /** Releases the plans and their threads; setPoints and the sums then throw IllegalStateException. */
    @Override
    public void close() {
        closePlans();
        closed = true;
    }
}
