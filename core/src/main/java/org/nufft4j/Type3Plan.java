package org.nufft4j;

import java.util.Arrays;
import java.util.Objects;
import org.nufft4j.fft.FftShape;
import org.nufft4j.fft.Ffts;
import org.nufft4j.grid.BinSort;
import org.nufft4j.grid.SortedPoints;
import org.nufft4j.grid.TileLayout;
import org.nufft4j.kernel.EsKernel;
import org.nufft4j.kernel.KernelFourier;
import org.nufft4j.kernel.KernelFourierFit;
import org.nufft4j.kernel.KernelPolynomial;
import org.nufft4j.parallel.Workers;
import org.nufft4j.spread.Spreaders;

/**
 * The type 3 side of a {@link NufftPlan} (docs/design.md, "Type 3"): the kernels and the fit
 * of their Fourier transform, fixed at create time (they depend on the tolerance and the
 * upsampling factors only), and everything that depends on the points, built by
 * {@link #setPoints}: the boxes, the outer and inner grid sizes, the two sorts and the steps.
 * Steps, layouts and sorters are kept while the grid sizes stay the same.
 *
 * <p>Not thread safe on its own: {@link NufftPlan} synchronizes every call.
 */
final class Type3Plan {

    private static final int MAX_CHUNK = 8;

    /**
     * The factors the cost model chooses from, for the outer and the inner step independently
     * (docs/design.md, "Type 3", "Upsampling"). Below 1.5 the kernel grows fast (1e-6: 13
     * cells at 1.25, 10 at 1.5, 8 at 2), and 1.25 reaches only about 1e-9.
     */
    static final double[] CANDIDATES = {1.25, 1.5, 2.0};
    /**
     * Cost-model weights per dimension (index d - 1), ns of wall time at 2 threads, fitted to
     * Type3Bench's split at factors 1.25, 1.5 and 2 (widths 13, 10, 8) on AMD EPYC, AVX2 (4
     * doubles a vector), Temurin 25.0.3, SIMD kernels and FFT, M = N = 1e6, tol 1e-6
     * (docs/performance.md, "Type 3"): spreading or interpolating one point costs
     * SPREAD_POINT_NS plus SPREAD_CELL_NS per cell of its padded kernel box, p w^(d-1) with p
     * the width rounded up to a whole vector of 4 (the SIMD kernels' row) ...
     */
    static final double[] SPREAD_POINT_NS = {48, 79, 416};
    static final double[] SPREAD_CELL_NS = {0.28, 0.81, 0.42};
    /** ... a pruned FFT pass costs FFT_NS per cell it transforms and per log2 of its length ... */
    static final double[] FFT_NS = {3.3, 2.8, 4.5};
    /** ... and each outer and inner grid cell costs GRID_NS (zeroing, the deconvolving copy). */
    static final double GRID_NS = 1.5;
    /** The SIMD kernels' row: widths are padded to a multiple of this many lanes (4 doubles, AVX2). */
    private static final int ROW = 4;

    private final int dim;
    private final int isign;
    private final double tolerance;
    private final NufftOptions options;
    private final Workers workers;
    private final boolean single;
    /** Kernels and polynomials per candidate factor (null where the tolerance is out of reach), fits lazily. */
    private final double[] factors;
    private final EsKernel[] kernels;
    private final KernelPolynomial[] polynomials;
    private final KernelFourierFit[] fits;
    /** Tests only ({@link #forceFactors}): outer and inner candidate factors instead of the cost model's. */
    private double[] forced;
    /** The choice of the last setPoints (before any: the largest candidate, or the forced factor). */
    double sigmaOuter;
    double sigmaInner;
    EsKernel outerKernel;
    EsKernel innerKernel;
    KernelPolynomial outerPolynomial;
    private KernelPolynomial innerPolynomial;
    KernelFourierFit fit;

    private int[] outerSize = new int[0];
    private int[] innerSize = new int[0];
    private double builtOuter;
    private double builtInner;
    /** max(M, N) the steps' chunk was sized for. */
    private long builtPoints;
    private BinSort outerSort;
    private BinSort innerSort;
    private Type3Steps doubleSteps;
    private FloatType3Steps floatSteps;
    private Type3Geometry geometry;
    private SortedPoints sources;
    private SortedPoints targets;
    private long setPointsNanos;

    Type3Plan(int dim, int isign, double tolerance, NufftOptions options, Workers workers) {
        this.dim = dim;
        this.isign = isign;
        this.tolerance = tolerance;
        this.options = options;
        this.workers = workers;
        this.single = options.precision() == Precision.FLOAT;
        this.factors = options.automaticUpsampling() ? CANDIDATES.clone() : new double[] {options.upsampling()};
        int c = factors.length;
        this.kernels = new EsKernel[c];
        this.polynomials = new KernelPolynomial[c];
        this.fits = new KernelFourierFit[c];
        for (int i = 0; i < c; i++) {
            try {
                kernels[i] = EsKernel.forTolerance(tolerance, factors[i], dim, single);
            } catch (IllegalArgumentException e) {
                // out of reach at this factor; the largest candidate (2) reaches every accepted tolerance
                if (factors.length == 1) {
                    throw e;
                }
            }
        }
        choose(c - 1, c - 1);
    }

    /** Makes candidates {@code o} and {@code i} the outer and inner steps' kernels. */
    private void choose(int o, int i) {
        sigmaOuter = factors[o];
        sigmaInner = factors[i];
        outerKernel = kernels[o];
        innerKernel = kernels[i];
        outerPolynomial = polynomial(o);
        innerPolynomial = polynomial(i);
        if (fits[o] == null) { // rescaled targets reach pi / sigma; the margin covers their rounding
            fits[o] = KernelFourierFit.fit(kernels[o], Math.PI / factors[o] * (1 + 1e-9));
        }
        fit = fits[o];
    }

    private KernelPolynomial polynomial(int i) {
        if (polynomials[i] == null) {
            polynomials[i] = KernelPolynomial.fit(kernels[i], tolerance);
        }
        return polynomials[i];
    }

    /**
     * The cost model (docs/design.md, "Type 3", "Upsampling"): the modelled execute time in ns
     * of M sources and N targets for the outer and inner factors and widths, or infinity where
     * the grids do not fit. The outer spread and the inner interpolation cost SPREAD_POINT_NS
     * per point plus SPREAD_CELL_NS per cell of the padded kernel box; the inner FFT is pruned (the passes before the last
     * run only over the lines holding the outer grid's modes, as FftShape's ZERO_OUTSIDE_MODES
     * does), FFT_NS per cell and log2 of the line length; both grids cost GRID_NS a cell.
     */
    static double cost(double[] halfX, double[] halfS, long m, long n, double sigmaOuter, int outerWidth,
                       double sigmaInner, int innerWidth) {
        int dim = halfX.length;
        int[][] grids = Type3Geometry.grids(halfX, halfS, sigmaOuter, outerWidth, sigmaInner, innerWidth);
        if (grids == null) {
            return Double.POSITIVE_INFINITY;
        }
        double outerCells = 1;
        double innerCells = 1;
        double wo = (outerWidth + ROW - 1) / ROW * ROW; // the padded box p w^(d-1)
        double wi = (innerWidth + ROW - 1) / ROW * ROW;
        for (int d = 0; d < dim; d++) {
            outerCells *= grids[0][d];
            innerCells *= grids[1][d];
            if (d > 0) {
                wo *= outerWidth;
                wi *= innerWidth;
            }
        }
        double fft = 0;
        for (int d = 0; d < dim; d++) { // pass d: dimensions before d transformed, those after still modes only
            double cells = 1;
            for (int e = 0; e < dim; e++) {
                cells *= e <= d ? grids[1][e] : grids[0][e];
            }
            fft += cells * (Math.log(grids[1][d]) / Math.log(2));
        }
        int i = dim - 1;
        return m * (SPREAD_POINT_NS[i] + SPREAD_CELL_NS[i] * wo) + n * (SPREAD_POINT_NS[i] + SPREAD_CELL_NS[i] * wi)
                + FFT_NS[i] * fft + GRID_NS * (outerCells + innerCells);
    }

    /**
     * With automatic upsampling, the candidate pair of least modelled cost for these boxes (ties:
     * the larger factors, whose errors are the better measured); otherwise the forced factor.
     */
    private void chooseFor(Type3Geometry.Boxes boxes, int m, int n) {
        int c = factors.length;
        if (c == 1) {
            return;
        }
        if (forced != null) {
            chooseFactors(forced[0], forced[1]);
            return;
        }
        int bestO = c - 1;
        int bestI = c - 1;
        double best = Double.POSITIVE_INFINITY;
        for (int o = c - 1; o >= 0; o--) {
            for (int i = c - 1; i >= 0; i--) {
                if (kernels[o] == null || kernels[i] == null) {
                    continue;
                }
                double t = cost(boxes.halfX(), boxes.halfS(), m, n, factors[o], kernels[o].width(), factors[i],
                        kernels[i].width());
                if (t < best) {
                    best = t;
                    bestO = o;
                    bestI = i;
                }
            }
        }
        if (best == Double.POSITIVE_INFINITY) { // nothing fits: the smallest grids give the rejection
            for (int i = 0; i < c; i++) {
                if (kernels[i] != null) {
                    bestO = i;
                    bestI = i;
                    break;
                }
            }
        }
        choose(bestO, bestI);
    }

    /** Checks and sets the points; on a rejected argument the previous points stay. */
    void setPoints(double[][] src, double[][] tgt) {
        Objects.requireNonNull(src, "sources");
        Objects.requireNonNull(tgt, "targets");
        int m = checkCoordinates(src, "sources");
        int n = checkCoordinates(tgt, "targets");
        long t0 = System.nanoTime();
        var boxes = Type3Geometry.boxes(src, tgt);
        double[] previous = {sigmaOuter, sigmaInner};
        chooseFor(boxes, m, n);
        Type3Geometry g;
        try {
            g = Type3Geometry.of(src, tgt, boxes, isign, outerKernel.width(), sigmaOuter, innerKernel.width(),
                    sigmaInner, fit, single ? 8 : 16, workers);
        } catch (IllegalArgumentException e) { // rejected: the previous points and their choice stay
            chooseFactors(previous[0], previous[1]);
            throw e;
        }
        // from here on the previous points are given up (an interrupt leaves the plan without points)
        geometry = null;
        sources = null;
        targets = null;
        if (!g.empty()) {
            ensureSteps(g);
            SortedPoints s = outerSort.sort(g.sources);
            SortedPoints t = innerSort.sort(g.targets);
            if (s == null || t == null) { // the rescaled points of finite inputs are finite
                throw new IllegalStateException("rescaled type 3 points not finite: M = " + m + ", N = " + n);
            }
            sources = s;
            targets = t;
        }
        geometry = g;
        setPointsNanos = System.nanoTime() - t0;
    }

    /**
     * Tests only: with automatic upsampling, use these candidate factors at the next setPoints
     * instead of the cost model's choice (null: the cost model again).
     */
    void forceFactors(double[] outerInner) {
        if (outerInner != null) {
            for (double f : outerInner) {
                int i = Arrays.binarySearch(factors, f);
                if (factors.length == 1 || i < 0 || kernels[i] == null) {
                    throw new IllegalArgumentException("not an available candidate factor: " + f);
                }
            }
        }
        forced = outerInner == null ? null : outerInner.clone();
    }

    private void chooseFactors(double outer, double inner) {
        int o = 0;
        int i = 0;
        for (int c = 0; c < factors.length; c++) {
            o = factors[c] == outer ? c : o;
            i = factors[c] == inner ? c : i;
        }
        choose(o, i);
    }

    private int checkCoordinates(double[][] p, String name) {
        if (p.length != dim) {
            throw new IllegalArgumentException("this plan is " + dim + "D: " + name + " needs " + dim
                    + " coordinate arrays, got " + p.length);
        }
        for (int d = 0; d < dim; d++) {
            Objects.requireNonNull(p[d], name + "[" + d + "]");
        }
        int count = p[0].length;
        for (int d = 0; d < dim; d++) {
            double[] c = p[d];
            if (c.length != count) {
                throw new IllegalArgumentException(name + "[" + d + "].length = " + c.length + " but " + name
                        + "[0].length = " + count + ": all coordinate arrays need one entry per point");
            }
            for (int j = 0; j < c.length; j++) {
                if (!Double.isFinite(c[j])) {
                    throw new IllegalArgumentException(name + "[" + d + "][" + j + "] = " + c[j]
                            + ": coordinates must be finite");
                }
            }
        }
        return count;
    }

    /** Builds layouts, sorters and steps for the geometry's grid sizes, unless they are the current ones. */
    private void ensureSteps(Type3Geometry g) {
        if (Arrays.equals(outerSize, g.outer) && Arrays.equals(innerSize, g.inner) && builtOuter == sigmaOuter
                && builtInner == sigmaInner && builtPoints == Math.max(g.sourceCount, g.targetCount)
                && (doubleSteps != null || floatSteps != null)) {
            return;
        }
        release();
        int[] n = g.outer;
        int[] n2 = g.inner;
        // grids and work array of the plain forms within a quarter of the heap (setPoints has
        // checked one transform against half); the gradient forms' array is checked when first used
        int cellBytes = single ? 8 : 16;
        long points = Math.max(g.sourceCount, g.targetCount);
        int chunk = Math.max(1, Type3Geometry.chunkThatFits(g.outerCells(), g.innerCells(), points, 0,
                Math.min(options.batchSize(), MAX_CHUNK), cellBytes, Runtime.getRuntime().maxMemory() / 2));
        long innerCells = g.innerCells();
        var outerLayout = new TileLayout(n, outerKernel.width());
        var innerLayout = new TileLayout(n2, innerKernel.width());
        var fold = Spreaders.resolveFold(options.kernels());
        outerSort = new BinSort(outerLayout, workers, fold);
        innerSort = new BinSort(innerLayout, workers, fold);
        double[][] corr = new double[dim][];
        for (int d = 0; d < dim; d++) {
            corr[d] = KernelFourier.correction(innerKernel, n2[d], n[d] / 2);
        }
        var forward = new FftShape(n2, isign, n, FftShape.Pruning.ZERO_OUTSIDE_MODES);
        var backward = new FftShape(n2, -isign, n, FftShape.Pruning.ONLY_MODES_NEEDED);
        if (single) {
            var kernels = Spreaders.resolveFloat(options.kernels());
            var inner = new FloatTransformSteps(NufftType.TYPE_2, n, n2, isign, ModeOrder.FFT, innerLayout,
                    innerPolynomial, kernels, Ffts.resolveFloat(options.fft(), forward, workers), workers, corr, chunk);
            floatSteps = new FloatType3Steps(outerLayout, outerPolynomial, kernels, inner,
                    () -> new FloatTransformSteps(NufftType.TYPE_1, n, n2, -isign, ModeOrder.FFT, innerLayout,
                            innerPolynomial, kernels, Ffts.resolveFloat(options.fft(), backward, workers), workers,
                            corr, chunk), workers, isign, chunk, innerCells, cellBytes);
        } else {
            var kernels = Spreaders.resolve(options.kernels());
            var inner = new TransformSteps(NufftType.TYPE_2, n, n2, isign, ModeOrder.FFT, innerLayout,
                    innerPolynomial, kernels, Ffts.resolve(options.fft(), forward, workers), workers, corr, chunk);
            doubleSteps = new Type3Steps(outerLayout, outerPolynomial, kernels, inner,
                    () -> new TransformSteps(NufftType.TYPE_1, n, n2, -isign, ModeOrder.FFT, innerLayout,
                            innerPolynomial, kernels, Ffts.resolve(options.fft(), backward, workers), workers,
                            corr, chunk), workers, isign, chunk, innerCells, cellBytes);
        }
        outerSize = n.clone();
        innerSize = n2.clone();
        builtOuter = sigmaOuter;
        builtInner = sigmaInner;
        builtPoints = points;
    }

    long setPointsNanos() {
        return setPointsNanos;
    }

    boolean hasPoints() {
        return geometry != null;
    }

    int sourceCount() {
        return geometry == null ? 0 : geometry.sourceCount;
    }

    int targetCount() {
        return geometry == null ? 0 : geometry.targetCount;
    }

    /** The geometry of the last setPoints, null before. */
    Type3Geometry geometry() {
        return geometry;
    }

    /** Runs {@code batch} forward ({@code adjoint} false) or adjoint transforms of a double plan. */
    ExecutionTimes execute(double[] input, double[] output, int batch, boolean adjoint) {
        return adjoint ? executeAdjoint(input, output, null, batch) : execute(input, null, output, null, batch);
    }

    /** The same for a float plan. */
    ExecutionTimes execute(float[] input, float[] output, int batch, boolean adjoint) {
        return adjoint ? executeAdjoint(input, output, null, batch) : execute(input, null, output, null, batch);
    }

    /**
     * Forward transforms of a double plan, with dipoles and target gradients when not null
     * ({@link Type3Steps#run}).
     */
    ExecutionTimes execute(double[] input, double[] dipoles, double[] output, double[] gradient, int batch) {
        if (geometry.empty()) {
            return empty(output, gradient);
        }
        double[] rho = gradient == null ? null : geometry.rho(fit, workers);
        return withSetPoints(doubleSteps.run(geometry, sources, targets, input, dipoles, output, gradient, rho, batch));
    }

    /** The same for a float plan. */
    ExecutionTimes execute(float[] input, float[] dipoles, float[] output, float[] gradient, int batch) {
        if (geometry.empty()) {
            return empty(output, gradient);
        }
        double[] rho = gradient == null ? null : geometry.rho(fit, workers);
        return withSetPoints(floatSteps.run(geometry, sources, targets, input, dipoles, output, gradient, rho, batch));
    }

    /** Adjoint transforms of a double plan, with source gradients when not null. */
    ExecutionTimes executeAdjoint(double[] input, double[] output, double[] gradient, int batch) {
        if (geometry.empty()) {
            return empty(output, gradient);
        }
        return withSetPoints(doubleSteps.runAdjoint(geometry, sources, targets, input, output, gradient, batch));
    }

    /** The same for a float plan. */
    ExecutionTimes executeAdjoint(float[] input, float[] output, float[] gradient, int batch) {
        if (geometry.empty()) {
            return empty(output, gradient);
        }
        return withSetPoints(floatSteps.runAdjoint(geometry, sources, targets, input, output, gradient, batch));
    }

    /** M = 0 or N = 0: every output is an empty sum. */
    private ExecutionTimes empty(Object output, Object gradient) {
        for (Object a : new Object[] {output, gradient}) {
            if (a instanceof double[] v) {
                Arrays.fill(v, 0);
            } else if (a instanceof float[] v) {
                Arrays.fill(v, 0);
            }
        }
        return new ExecutionTimes(setPointsNanos, 0, 0, 0);
    }

    private ExecutionTimes withSetPoints(ExecutionTimes t) {
        return new ExecutionTimes(setPointsNanos, t.spreadOrInterpolate(), t.fft(), t.deconvolve());
    }

    /** Outer grid sizes of the last setPoints (empty before). */
    int[] outerGridSize() {
        return outerSize.clone();
    }

    /** Inner fine grid sizes of the last setPoints (empty before). */
    int[] innerGridSize() {
        return innerSize.clone();
    }

    String implementation() {
        if (doubleSteps != null) {
            return doubleSteps.implementation();
        }
        if (floatSteps != null) {
            return floatSteps.implementation();
        }
        return single ? Spreaders.resolveFloat(options.kernels()).name() : Spreaders.resolve(options.kernels()).name();
    }

    String fftImplementation() {
        if (doubleSteps != null) {
            return doubleSteps.fftImplementation();
        }
        if (floatSteps != null) {
            return floatSteps.fftImplementation();
        }
        return Ffts.name(options.fft());
    }

    /** Drops steps, grids and sorted points. */
    void release() {
        if (doubleSteps != null) {
            doubleSteps.release();
        }
        if (floatSteps != null) {
            floatSteps.release();
        }
        if (outerSort != null) {
            outerSort.release();
            innerSort.release();
        }
        doubleSteps = null;
        floatSteps = null;
        outerSort = null;
        innerSort = null;
        outerSize = new int[0];
        innerSize = new int[0];
    }
}
