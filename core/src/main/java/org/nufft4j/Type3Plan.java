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

    private final int dim;
    private final int isign;
    private final NufftOptions options;
    private final Workers workers;
    private final boolean single;
    final double sigmaOuter;
    final double sigmaInner;
    final EsKernel outerKernel;
    final EsKernel innerKernel;
    final KernelPolynomial outerPolynomial;
    private final KernelPolynomial innerPolynomial;
    final KernelFourierFit fit;

    private int[] outerSize = new int[0];
    private int[] innerSize = new int[0];
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
        this.options = options;
        this.workers = workers;
        this.single = options.precision() == Precision.FLOAT;
        this.sigmaOuter = options.upsampling();
        this.sigmaInner = options.upsampling();
        this.outerKernel = EsKernel.forTolerance(tolerance, sigmaOuter, dim, single);
        this.innerKernel = EsKernel.forTolerance(tolerance, sigmaInner, dim, single);
        this.outerPolynomial = KernelPolynomial.fit(outerKernel, tolerance);
        this.innerPolynomial = KernelPolynomial.fit(innerKernel, tolerance);
        // rescaled targets reach pi / sigma; the margin covers their rounding
        this.fit = KernelFourierFit.fit(outerKernel, Math.PI / sigmaOuter * (1 + 1e-9));
    }

    /** Checks and sets the points; on a rejected argument the previous points stay. */
    void setPoints(double[][] src, double[][] tgt) {
        Objects.requireNonNull(src, "sources");
        Objects.requireNonNull(tgt, "targets");
        int m = checkCoordinates(src, "sources");
        int n = checkCoordinates(tgt, "targets");
        long t0 = System.nanoTime();
        var g = Type3Geometry.of(src, tgt, isign, outerKernel.width(), sigmaOuter, innerKernel.width(), sigmaInner,
                fit, single ? 8 : 16, workers);
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
        if (Arrays.equals(outerSize, g.outer) && Arrays.equals(innerSize, g.inner)
                && (doubleSteps != null || floatSteps != null)) {
            return;
        }
        release();
        int[] n = g.outer;
        int[] n2 = g.inner;
        long bytes = (g.outerCells() + g.innerCells()) * (single ? 8 : 16);
        long byMemory = Math.max(1, (Runtime.getRuntime().maxMemory() / 4) / bytes);
        long byIndex = (Integer.MAX_VALUE - 8L) / (2 * Math.max(g.innerCells(), Math.max(g.sourceCount,
                g.targetCount)));
        int chunk = (int) Math.max(1, Math.min(Math.min(options.batchSize(), MAX_CHUNK), Math.min(byMemory, byIndex)));
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
                            corr, chunk), workers, isign, chunk);
        } else {
            var kernels = Spreaders.resolve(options.kernels());
            var inner = new TransformSteps(NufftType.TYPE_2, n, n2, isign, ModeOrder.FFT, innerLayout,
                    innerPolynomial, kernels, Ffts.resolve(options.fft(), forward, workers), workers, corr, chunk);
            doubleSteps = new Type3Steps(outerLayout, outerPolynomial, kernels, inner,
                    () -> new TransformSteps(NufftType.TYPE_1, n, n2, -isign, ModeOrder.FFT, innerLayout,
                            innerPolynomial, kernels, Ffts.resolve(options.fft(), backward, workers), workers,
                            corr, chunk), workers, isign, chunk);
        }
        outerSize = n.clone();
        innerSize = n2.clone();
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
