package org.nufft4j;

import java.util.Arrays;
import java.util.Objects;
import org.nufft4j.fft.FftShape;
import org.nufft4j.fft.Ffts;
import org.nufft4j.grid.BinSort;
import org.nufft4j.grid.FineGridSize;
import org.nufft4j.grid.SortedPoints;
import org.nufft4j.grid.TileLayout;
import org.nufft4j.kernel.EsKernel;
import org.nufft4j.kernel.KernelFourier;
import org.nufft4j.kernel.KernelPolynomial;
import org.nufft4j.parallel.Workers;
import org.nufft4j.spread.Spreaders;

/**
 * A non-uniform FFT of type 1, 2 or 3 in 1, 2 or 3 dimensions, planned once and executed many
 * times (FINUFFT's plan interface; conventions in docs/design.md, NUFFT and the README; type 3, from
 * non-uniform points to non-uniform frequencies, in {@link #createType3}).
 *
 * <pre>{@code
 * try (var plan = NufftPlan.create(NufftType.TYPE_1, new int[] {64, 64}, -1, 1e-9)) {
 *     plan.setPoints(x, y);          // M points, any finite reals, read 2 pi-periodically
 *     plan.execute(strengths, modes); // 2M doubles in, 2 * 64 * 64 doubles out
 * }
 * }</pre>
 *
 * <p>Complex arrays are interleaved (re, im). Modes are stored with dimension 1 varying
 * fastest; batches are stacked with the transform index outermost. A plan created with
 * {@link Precision#FLOAT} in its options takes {@code float[]} strengths and modes
 * ({@link #execute(float[], float[])}); point coordinates are {@code double[]} in both
 * precisions.
 *
 * <p>Points: {@code setPoints} folds the coordinates into the fine grid and sorts them by tile
 * into arrays the plan keeps ({@code 8 d + 8} bytes per point, plus per-task scratch for the
 * largest group of tiles) and reuses while M stays the same; {@link #close} releases them. A {@code setPoints}
 * rejected for its arguments keeps the previous points; one cancelled by an interrupt leaves
 * the plan without points.
 *
 * <p>Thread safety: {@code setPoints}, {@code execute} and {@code close} are synchronized, so a
 * plan may be shared between threads; concurrent {@code execute} calls on one plan run one
 * after another (each already uses all the plan's threads). Plans do not share state.
 */
public final class NufftPlan implements AutoCloseable {

    /**
     * Smallest tolerance accepted. Near it double rounding dominates: the phases k.x of double
     * points give a floor of about 1e-16 N for N modes per dimension (README, Conventions), so
     * the 2x promise holds here for up to about 1000 modes per dimension.
     */
    public static final double MIN_TOLERANCE = 1e-13;

    /** Smallest tolerance accepted for {@link Precision#FLOAT} plans: below it float rounding dominates. */
    public static final double MIN_TOLERANCE_FLOAT = 1e-6;

    private static final System.Logger LOG = System.getLogger("org.nufft4j");
    private static final int MAX_CHUNK = 8;
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8L;

    private final NufftType type;
    private final int[] modes;
    private final int isign;
    private final double tolerance;
    private final NufftOptions options;
    private final int dim;
    private final int modeCount;
    private final int[] n;
    private final EsKernel kernel;
    private final KernelPolynomial polynomial;
    private final TileLayout layout;
    private final Workers workers;
    /** Folds and sorts the points; keeps their arrays for the next setPoints. */
    private final BinSort sorter;
    /** The steps of the plan's precision; the other one is null. */
    private final TransformSteps doubleSteps;
    private final FloatTransformSteps floatSteps;
    /** The type 3 side; null for types 1 and 2 (whose fields above it leaves null or empty). */
    private final Type3Plan type3;

    private SortedPoints points;
    private boolean closed;
    private long sortNanos;
    private ExecutionTimes lastTimes = new ExecutionTimes(0, 0, 0, 0);

    private NufftPlan(NufftType type, int[] modes, int isign, double tolerance, NufftOptions options) {
        this.type = type;
        this.type3 = null;
        this.modes = modes.clone();
        this.isign = isign;
        this.tolerance = tolerance;
        this.options = options;
        this.dim = modes.length;
        this.kernel = EsKernel.forTolerance(tolerance, options.upsamplingOfTypes12(), modes.length);
        long count = 1;
        long cells = 1;
        this.n = new int[dim];
        for (int d = 0; d < dim; d++) {
            count *= modes[d];
            long nd = FineGridSize.forModes(modes[d], options.upsamplingOfTypes12(), kernel.width());
            if (nd < 0) {
                throw new IllegalArgumentException("modes[" + d + "] = " + modes[d]
                        + ": the fine grid along that dimension would exceed the int range");
            }
            n[d] = (int) nd;
            cells *= nd;
        }
        if (2 * count * options.batchSize() > MAX_ARRAY) {
            throw new IllegalArgumentException("modes " + Arrays.toString(modes) + " x batchSize " + options.batchSize()
                    + ": the mode arrays would need " + 2 * count * options.batchSize()
                    + " doubles, more than a Java array holds");
        }
        if (2 * cells > MAX_ARRAY) {
            throw new IllegalArgumentException("modes " + Arrays.toString(modes) + ": fine grid " + Arrays.toString(n)
                    + " has " + cells + " cells, more than an int-indexed array of complex values holds");
        }
        boolean single = options.precision() == Precision.FLOAT;
        long gridBytes = (single ? 8 : 16) * cells;
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (gridBytes > maxHeap / 2) {
            throw new IllegalArgumentException("modes " + Arrays.toString(modes) + ": fine grid " + Arrays.toString(n)
                    + " needs " + (gridBytes >> 20) + " MiB, more than half the JVM's maximum heap ("
                    + (maxHeap >> 20) + " MiB); raise -Xmx or lower the upsampling");
        }
        this.modeCount = (int) count;
        long byMemory = Math.max(1, (maxHeap / 4) / gridBytes);
        long byIndex = MAX_ARRAY / (2 * cells);
        int chunk = (int) Math.max(1, Math.min(Math.min(options.batchSize(), MAX_CHUNK), Math.min(byMemory, byIndex)));
        this.polynomial = KernelPolynomial.fit(kernel, tolerance);
        this.workers = new Workers(options.threads());
        this.layout = new TileLayout(n, kernel.width());
        this.sorter = new BinSort(layout, workers, Spreaders.resolveFold(options.kernels()));
        double[][] corr = new double[dim][];
        for (int d = 0; d < dim; d++) {
            corr[d] = KernelFourier.correction(kernel, n[d], modes[d] / 2);
        }
        var fftShape = new FftShape(n, isign, modes, type == NufftType.TYPE_1
                ? FftShape.Pruning.ONLY_MODES_NEEDED : FftShape.Pruning.ZERO_OUTSIDE_MODES);
        if (single) {
            this.doubleSteps = null;
            this.floatSteps = new FloatTransformSteps(type, modes, n, isign, options.modeOrder(), layout, polynomial,
                    Spreaders.resolveFloat(options.kernels()), Ffts.resolveFloat(options.fft(), fftShape, workers),
                    workers, corr, chunk);
        } else {
            this.doubleSteps = new TransformSteps(type, modes, n, isign, options.modeOrder(), layout, polynomial,
                    Spreaders.resolve(options.kernels()), Ffts.resolve(options.fft(), fftShape, workers),
                    workers, corr, chunk);
            this.floatSteps = null;
        }
    }

    /** A type 3 plan: no modes; the grids follow from the points given to setPoints. */
    private NufftPlan(int dimension, int isign, double tolerance, NufftOptions options) {
        this.type = NufftType.TYPE_3;
        this.modes = new int[0];
        this.isign = isign;
        this.tolerance = tolerance;
        this.options = options;
        this.dim = dimension;
        this.modeCount = 0;
        this.n = new int[0];
        this.workers = new Workers(options.threads());
        this.type3 = new Type3Plan(dimension, isign, tolerance, options, workers);
        this.kernel = type3.outerKernel;
        this.polynomial = type3.outerPolynomial;
        this.layout = null;
        this.sorter = null;
        this.doubleSteps = null;
        this.floatSteps = null;
    }

    /**
     * A type 3 plan with {@link NufftOptions#defaults()}:
     * {@link #createType3(int, int, double, NufftOptions)}.
     *
     * @param dimension 1, 2 or 3
     * @param isign +1 or -1, the sign in the exponential
     * @param tolerance requested l2 error, measured as for {@link #create}
     * @return a type 3 plan without points; call {@link #setPoints(double[][], double[][])} next
     * @throws IllegalArgumentException naming the argument that is wrong
     */
    public static NufftPlan createType3(int dimension, int isign, double tolerance) {
        return createType3(dimension, isign, tolerance, NufftOptions.defaults());
    }

    /**
     * A type 3 plan (docs/design.md, "Type 3"): {@code f_k = sum_j c_j exp(isign i s_k.x_j)}
     * from M sources x_j to N target frequencies s_k, any finite reals in 1, 2 or 3 dimensions,
     * with no periodicity. Points come with {@link #setPoints(double[][], double[][])}; then
     * {@link #execute(double[], double[])} reads {@code 2 M batchSize} numbers and writes
     * {@code 2 N batchSize}, and {@link #executeAdjoint(double[], double[])} computes
     * {@code c_j = sum_k f_k exp(-isign i s_k.x_j)} with the same plan.
     *
     * <p>Cost and memory follow the space-bandwidth product X_d S_d (half-widths of the boxes of
     * sources and targets), not M or N: the outer grid has about {@code 2 sigma X_d S_d / pi}
     * cells per dimension, the inner FFT sigma times more.
     *
     * @param dimension 1, 2 or 3
     * @param isign +1 or -1
     * @param tolerance requested l2 error, measured as for {@link #create}
     * @param options as for {@link #create}; {@code modeOrder} has no meaning here
     * @return a type 3 plan without points; call {@link #setPoints(double[][], double[][])} next
     * @throws IllegalArgumentException naming the argument that is wrong
     * @throws NullPointerException if {@code options} is null
     */
    public static NufftPlan createType3(int dimension, int isign, double tolerance, NufftOptions options) {
        Objects.requireNonNull(options, "options");
        if (dimension < 1 || dimension > 3) {
            throw new IllegalArgumentException("dimension must be 1, 2 or 3, got " + dimension);
        }
        checkCommon(isign, tolerance, options);
        // automatic: the factor 2 candidate reaches every tolerance the others do
        EsKernel.forTolerance(tolerance, options.automaticUpsampling() ? NufftOptions.DEFAULT_UPSAMPLING
                : options.upsampling(), dimension, options.precision() == Precision.FLOAT);
        return new NufftPlan(dimension, isign, tolerance, options);
    }

    private static void checkCommon(int isign, double tolerance, NufftOptions options) {
        if (isign != 1 && isign != -1) {
            throw new IllegalArgumentException("isign must be +1 or -1, got " + isign);
        }
        if (Double.isNaN(tolerance) || tolerance <= 0 || tolerance >= 1) {
            throw new IllegalArgumentException("tolerance must be in [" + MIN_TOLERANCE + ", 1), got " + tolerance);
        }
        if (tolerance < MIN_TOLERANCE) {
            throw new IllegalArgumentException("tolerance " + tolerance + " is below " + MIN_TOLERANCE
                    + ", the smallest accepted: double rounding alone comes close to it");
        }
        boolean single = options.precision() == Precision.FLOAT;
        if (single && tolerance < MIN_TOLERANCE_FLOAT) {
            throw new IllegalArgumentException("tolerance " + tolerance + " is below " + MIN_TOLERANCE_FLOAT
                    + ", which a float plan cannot reach: use Precision.DOUBLE");
        }
    }

    /**
     * A type 1 or 2 plan with {@link NufftOptions#defaults()}: {@link #create(NufftType, int[], int,
     * double, NufftOptions)}.
     *
     * @param type TYPE_1 or TYPE_2
     * @param modes N_1 (, N_2 (, N_3)), each at least 1: the dimension is {@code modes.length}
     * @param isign +1 or -1, the sign in the exponential
     * @param tolerance requested l2 error, as for the five-argument form
     * @return a plan without points; call {@code setPoints} next
     * @throws IllegalArgumentException naming the argument that is wrong
     * @throws NullPointerException if {@code type} or {@code modes} is null
     */
    public static NufftPlan create(NufftType type, int[] modes, int isign, double tolerance) {
        return create(type, modes, isign, tolerance, NufftOptions.defaults());
    }

    /**
     * A type 1 or 2 plan (docs/design.md, NUFFT): chooses the kernel for the tolerance, the fine
     * grid, the spreading kernels and the FFT, and starts the plan's threads. Type 1 computes
     * {@code f_k = sum_j c_j exp(isign i k.x_j)} for the modes {@code -N_d/2 <= k_d <= (N_d-1)/2},
     * type 2 {@code c_j = sum_k f_k exp(isign i k.x_j)}; neither normalises.
     *
     * @param type TYPE_1 or TYPE_2 (TYPE_3 plans come from {@link #createType3})
     * @param modes N_1 (, N_2 (, N_3)), each at least 1: the dimension is {@code modes.length}
     *     (copied)
     * @param isign +1 or -1, the sign in the exponential
     * @param tolerance requested l2 error of the output relative to
     *     {@code max(|exact output|, sqrt(n) |input|)}, n the number of outputs: the relative l2
     *     error wherever the output has its typical size, as for points spread over the period
     *     (README, "Tolerance"); in [1e-13, 1) ([1e-6, 1) for float plans);
     *     upsampling factors other than 2 reach less (the kernel would be wider than 16 cells, or
     *     rounding amplified by the deconvolution too large; see {@link EsKernel#forTolerance})
     * @param options see {@link NufftOptions}
     * @return a plan without points; call {@code setPoints} next
     * @throws IllegalArgumentException naming the argument that is wrong, also when the fine grid
     *     would not fit an int-indexed array or would need more than half the maximum heap
     * @throws NullPointerException if {@code type}, {@code modes} or {@code options} is null
     */
    public static NufftPlan create(NufftType type, int[] modes, int isign, double tolerance, NufftOptions options) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(modes, "modes");
        Objects.requireNonNull(options, "options");
        if (type == NufftType.TYPE_3) {
            throw new IllegalArgumentException("type TYPE_3 has no modes: create it with NufftPlan.createType3");
        }
        if (modes.length < 1 || modes.length > 3) {
            throw new IllegalArgumentException("modes must have length 1, 2 or 3 (the dimension), got " + modes.length);
        }
        for (int d = 0; d < modes.length; d++) {
            if (modes[d] < 1) {
                throw new IllegalArgumentException("modes[" + d + "] must be >= 1, got " + modes[d]);
            }
        }
        checkCommon(isign, tolerance, options);
        boolean single = options.precision() == Precision.FLOAT;
        // the kernel this upsampling factor needs: at most 16 cells, rounding within the tolerance
        EsKernel.forTolerance(tolerance, options.upsamplingOfTypes12(), modes.length, single);
        var plan = new NufftPlan(type, modes, isign, tolerance, options);
        LOG.log(System.Logger.Level.DEBUG, () -> "nufft4j plan " + type + " modes " + Arrays.toString(modes) + " tol "
                + tolerance + ": kernel width " + plan.kernel.width() + ", fine grid " + Arrays.toString(plan.n)
                + ", kernels " + plan.implementation() + ", fft " + plan.fftImplementation() + ", threads "
                + options.threads());
        return plan;
    }

    /**
     * Sets the M points of a 1D type 1 or 2 plan, x_j = {@code x[j]}: the
     * coordinates are any finite reals in radians, read 2 pi-periodically (reduced modulo 2 pi,
     * README, Conventions). They are folded and sorted by tile into arrays the plan keeps, not
     * the given ones; a rejected call keeps the previous points, an interrupted one leaves none.
     *
     * @param x the M coordinates
     * @throws NullPointerException if an array is null
     * @throws IllegalStateException if the plan is closed or is a TYPE_3 plan
     * @throws IllegalArgumentException if the plan has another dimension, the arrays differ in
     *     length, or a coordinate is not finite
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted
     */
    public synchronized void setPoints(double[] x) {
        setPoints(new double[][] {x}, new String[] {"x"});
    }

    /**
     * Sets the M points of a 2D type 1 or 2 plan, x_j = ({@code x[j]}, {@code y[j]}): the
     * coordinates are any finite reals in radians, read 2 pi-periodically (reduced modulo 2 pi,
     * README, Conventions). They are folded and sorted by tile into arrays the plan keeps, not
     * the given ones; a rejected call keeps the previous points, an interrupted one leaves none.
     *
     * @param x the first coordinate of each point
     * @param y the second coordinate of each point, as many as {@code x}
     * @throws NullPointerException if an array is null
     * @throws IllegalStateException if the plan is closed or is a TYPE_3 plan
     * @throws IllegalArgumentException if the plan has another dimension, the arrays differ in
     *     length, or a coordinate is not finite
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted
     */
    public synchronized void setPoints(double[] x, double[] y) {
        setPoints(new double[][] {x, y}, new String[] {"x", "y"});
    }

    /**
     * Sets the M points of a 3D type 1 or 2 plan, x_j = ({@code x[j]}, {@code y[j]},
     * {@code z[j]}): the coordinates are any finite reals in radians, read 2 pi-periodically
     * (reduced modulo 2 pi, README, Conventions). They are folded and sorted by tile into arrays
     * the plan keeps, not the given ones; a rejected call keeps the previous points, an
     * interrupted one leaves none.
     *
     * @param x the first coordinate of each point
     * @param y the second coordinate of each point, as many as {@code x}
     * @param z the third coordinate of each point, as many as {@code x}
     * @throws NullPointerException if an array is null
     * @throws IllegalStateException if the plan is closed or is a TYPE_3 plan
     * @throws IllegalArgumentException if the plan has another dimension, the arrays differ in
     *     length, or a coordinate is not finite
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted
     */
    public synchronized void setPoints(double[] x, double[] y, double[] z) {
        setPoints(new double[][] {x, y, z}, new String[] {"x", "y", "z"});
    }

    /**
     * Sets the M sources and N targets of a type 3 plan: {@code sources[d]} holds coordinate d
     * of every source, {@code targets[d]} of every target (frequency); any finite reals. Both
     * are copied (rescaled into the grids); the grid sizes follow from their boxes, and a box
     * whose space-bandwidth product needs grids beyond an int index or half the heap is
     * rejected, with the numbers, before anything is allocated. A rejected call keeps the
     * previous points; an interrupted one leaves the plan without points. With automatic
     * upsampling the cost model chooses the outer and inner factors here.
     *
     * @param sources {@code dimension} arrays of the M source coordinates x_j (coordinate-major)
     * @param targets {@code dimension} arrays of the N target frequencies s_k
     * @throws NullPointerException if an array is null
     * @throws IllegalStateException if the plan is closed or not a TYPE_3 plan
     * @throws IllegalArgumentException if either has not {@code dimension} arrays, its arrays
     *     differ in length, a coordinate is not finite, or the grids would be too large
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted
     */
    public synchronized void setPoints(double[][] sources, double[][] targets) {
        ensureOpen();
        if (type != NufftType.TYPE_3) {
            throw new IllegalStateException("setPoints(sources, targets) needs a TYPE_3 plan; this plan is " + type
                    + ": use setPoints(x, ...)");
        }
        type3.setPoints(sources, targets);
        lastTimes = new ExecutionTimes(type3.setPointsNanos(), 0, 0, 0);
    }

    private void setPoints(double[][] coords, String[] names) {
        ensureOpen();
        if (type == NufftType.TYPE_3) {
            throw new IllegalStateException("a TYPE_3 plan takes setPoints(double[][] sources, double[][] targets)");
        }
        if (coords.length != dim) {
            throw new IllegalArgumentException("this plan is " + dim + "D: setPoints needs " + dim
                    + " coordinate arrays, got " + coords.length);
        }
        for (int d = 0; d < dim; d++) {
            Objects.requireNonNull(coords[d], names[d]);
        }
        int m = coords[0].length;
        for (int d = 0; d < dim; d++) {
            if (coords[d].length != m) {
                throw new IllegalArgumentException(names[d] + ".length = " + coords[d].length + " but "
                        + names[0] + ".length = " + m + ": all coordinate arrays need one entry per point");
            }
        }
        long t0 = System.nanoTime();
        SortedPoints sorted;
        try {
            sorted = sorter.sort(coords); // checks finiteness before it overwrites anything
        } catch (RuntimeException | Error e) {
            points = null; // interrupted: the arrays the previous points share may be partly rewritten
            throw e;
        }
        if (sorted == null) {
            throw notFinite(coords, names);
        }
        points = sorted;
        sortNanos = System.nanoTime() - t0;
    }

    /** The first coordinate that is not finite, for the message (the sorter only says there is one). */
    private static IllegalArgumentException notFinite(double[][] coords, String[] names) {
        for (int d = 0; d < coords.length; d++) {
            double[] c = coords[d];
            for (int j = 0; j < c.length; j++) {
                if (!Double.isFinite(c[j])) {
                    return new IllegalArgumentException(names[d] + "[" + j + "] = " + c[j]
                            + ": coordinates must be finite");
                }
            }
        }
        return new IllegalArgumentException("coordinates must be finite (they changed during setPoints)");
    }

    /**
     * The points of {@code source}, a plan with the same fine grid and kernel width, shared
     * rather than sorted again ({@link NufftGradients}' two directions); null points when
     * {@code source} has none.
     */
    void sharePointsOf(NufftPlan source) {
        SortedPoints p;
        long nanos;
        synchronized (source) {
            p = source.points;
            nanos = source.sortNanos;
        }
        synchronized (this) {
            ensureOpen();
            if (!Arrays.equals(n, source.n) || kernel.width() != source.kernel.width()) {
                throw new IllegalArgumentException("points can be shared only between plans of one fine grid and"
                        + " kernel width");
            }
            points = p;
            sortNanos = nanos;
        }
    }

    /**
     * The double steps, sorted points and threads of a type 1 or 2 double plan, for
     * {@link FastKernelSum}'s fused route (one fine grid from the spread to the interpolation).
     */
    TransformSteps doubleSteps() {
        return doubleSteps;
    }

    synchronized SortedPoints sortedPoints() {
        return points;
    }

    Workers workers() {
        return workers;
    }

    /** Whether setPoints has succeeded (and no interrupted setPoints came after). */
    synchronized boolean hasPoints() {
        return type3 != null ? type3.hasPoints() : points != null;
    }

    /**
     * Runs the batch of transforms of a double plan. Type 1 reads {@code 2 M batchSize} doubles
     * and writes {@code 2 N batchSize}; type 2 the reverse (N = N_1 N_2 N_3). Nothing is written
     * when an argument is rejected. Type 3 reads the strengths at the M sources and writes f at
     * the N targets. Complex numbers are interleaved (re, im); transform b of the batch starts
     * at {@code 2 b M} in point arrays, at {@code 2 b N} in mode arrays, whose modes are stored
     * dimension 1 fastest in the plan's {@link ModeOrder}.
     *
     * @param input type 1 and type 3: the strengths c_j, {@code 2 M batchSize} doubles; type 2:
     *     the modes f_k, {@code 2 N batchSize} doubles
     * @param output type 1: the modes f_k, {@code 2 N batchSize} doubles; type 2: the values c_j
     *     at the points, {@code 2 M batchSize}; type 3: f_k at the N targets, {@code 2 N
     *     batchSize}. Overwritten
     * @throws NullPointerException if an array is null
     * @throws IllegalStateException if the plan is closed or has no points
     * @throws IllegalArgumentException if the plan's precision is the other one, a length
     *     differs from the one above, or input and output are the same array
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted;
     *     the output then holds unspecified values and the interrupt status stays set
     */
    public synchronized void execute(double[] input, double[] output) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        if (type3 != null) {
            checkType3(Precision.DOUBLE, false, input, input.length, output, output.length);
            lastTimes = type3.execute(input, output, options.batchSize(), false);
            return;
        }
        checkExecute(Precision.DOUBLE, "input", input, input.length, "output", output, output.length);
        lastTimes = doubleSteps.run(points, input, output, options.batchSize(), sortNanos);
    }

    /**
     * {@link #execute(double[], double[])} for a plan created with {@link Precision#FLOAT}: float
     * strengths and modes, in the same layouts.
     *
     * @param input type 1 and type 3: the strengths, {@code 2 M batchSize} floats; type 2: the
     *     modes, {@code 2 N batchSize} floats
     * @param output type 1: the modes; type 2: the values at the points; type 3: f at the
     *     targets. Overwritten
     * @throws NullPointerException if an array is null
     * @throws IllegalStateException if the plan is closed or has no points
     * @throws IllegalArgumentException if the plan's precision is the other one, a length
     *     differs from the one above, or input and output are the same array
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted;
     *     the output then holds unspecified values and the interrupt status stays set
     */
    public synchronized void execute(float[] input, float[] output) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        if (type3 != null) {
            checkType3(Precision.FLOAT, false, input, input.length, output, output.length);
            lastTimes = type3.execute(input, output, options.batchSize(), false);
            return;
        }
        checkExecute(Precision.FLOAT, "input", input, input.length, "output", output, output.length);
        lastTimes = floatSteps.run(points, input, output, options.batchSize(), sortNanos);
    }

    /**
     * Type 1 with dipoles (docs/design.md, NUFFT): {@code f_k = sum_j (c_j + isign i k.d_j) exp(isign i
     * k.x_j)} for complex dipole vectors d_j, with one spread (kernel values and derivatives from
     * one Horner pass per dimension), one FFT and one deconvolution per transform. {@code dipoles}
     * holds {@code 2 M dim batchSize} doubles, component by component: component d of point j
     * of transform b at {@code 2 (b M dim + d M + j)}. A TYPE_1 plan, or a TYPE_3 plan:
     * {@code f_k = sum_j (c_j + isign i s_k.d_j) exp(isign i s_k.x_j)} into {@code modesOut}
     * ({@code 2 N batchSize}), one dipole spread and one inner FFT (docs/design.md, "Type 3").
     *
     * <p>Accuracy: {@code |f - f*| <= 4 tol (|f*| + sigma |k|max |D*|)} in l2, with D* the
     * plain type 1 of the dipole components, sigma the upsampling and {@code |k|max =
     * sqrt(sum (N_d/2)^2)} (README, "Gradient forms", says why not relative to |f*| alone).
     *
     * @param strengths the strengths c_j, {@code 2 M batchSize} doubles, as for {@link #execute}
     * @param dipoles the dipole vectors d_j, {@code 2 M dim batchSize} doubles (layout above)
     * @param modesOut receives f: type 1 the modes, {@code 2 N batchSize} doubles in the plan's
     *     mode layout; type 3 the N targets, {@code 2 N batchSize}
     * @throws NullPointerException if an array is null
     * @throws IllegalStateException if the plan is closed, has no points, or is a TYPE_2 plan
     * @throws IllegalArgumentException if the plan is a float plan, a length differs from the
     *     one above, or {@code modesOut} is also an input
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted;
     *     the output then holds unspecified values and the interrupt status stays set
     */
    public synchronized void executeDipoles(double[] strengths, double[] dipoles, double[] modesOut) {
        Objects.requireNonNull(strengths, "strengths");
        Objects.requireNonNull(dipoles, "dipoles");
        Objects.requireNonNull(modesOut, "modesOut");
        if (type3 != null) {
            checkType3Form(Precision.DOUBLE, "executeDipoles", strengths, "strengths", dipoles, "dipoles", false, modesOut,
                    "out", null, null);
            lastTimes = type3.execute(strengths, dipoles, modesOut, null, options.batchSize());
            return;
        }
        checkGradientForm(NufftType.TYPE_1, "executeDipoles", "dipoles", dipoles.length);
        checkExecute(Precision.DOUBLE, "strengths", strengths, strengths.length, "modesOut", modesOut,
                modesOut.length);
        checkDistinct(dipoles, "dipoles", modesOut, "modesOut");
        lastTimes = doubleSteps.run(points, strengths, dipoles, modesOut, null, options.batchSize(), sortNanos);
    }

    /**
     * Type 2 with gradients (docs/design.md, NUFFT): the values {@code c_j = sum_k f_k exp(isign i k.x_j)}
     * and their gradients in the point, {@code g_j = sum_k isign i k f_k exp(isign i k.x_j)},
     * with one deconvolution, one FFT and one interpolation pass per transform. {@code gradient}
     * receives {@code 2 M dim batchSize} doubles in the layout of
     * {@link #executeDipoles}'s dipoles. A TYPE_2 plan, or a TYPE_3 plan: {@code modesIn}
     * the strengths, {@code values} the type 3 output, {@code gradient} the target gradients
     * {@code grad_s f(s_k) = sum_j isign i x_j c_j exp(isign i s_k.x_j)}, {@code 2 N dim
     * batchSize} numbers in the same layout; one inner FFT (docs/design.md, "Type 3").
     *
     * <p>Accuracy: values as {@link #execute}; gradients {@code |g - g*| <= 4 tol (|g*| + sigma
     * |k|max |c*|)} in l2, with c* the exact values ({@link #executeDipoles} for the symbols).
     *
     * @param modesIn type 2: the modes f_k, {@code 2 N batchSize} doubles in the plan's mode
     *     layout; type 3: the strengths c_j, {@code 2 M batchSize}
     * @param values receives type 2's values at the M points ({@code 2 M batchSize}), or type 3's
     *     f at the N targets ({@code 2 N batchSize})
     * @param gradient receives the gradients: type 2 {@code 2 M dim batchSize} doubles, component
     *     d of point j of transform b at {@code 2 (b M dim + d M + j)}; type 3 {@code 2 N dim
     *     batchSize}, the same layout over the N targets
     * @throws NullPointerException if an array is null
     * @throws IllegalStateException if the plan is closed, has no points, or is a TYPE_1 plan
     * @throws IllegalArgumentException if the plan is a float plan, a length differs from the
     *     one above, or an output is also another argument
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted;
     *     the output then holds unspecified values and the interrupt status stays set
     */
    public synchronized void executeGradient(double[] modesIn, double[] values, double[] gradient) {
        Objects.requireNonNull(modesIn, "modesIn");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(gradient, "gradient");
        if (type3 != null) {
            checkType3Form(Precision.DOUBLE, "executeGradient", modesIn, "strengths", null, null, false, values, "out",
                    gradient, "targetGradient");
            lastTimes = type3.execute(modesIn, null, values, gradient, options.batchSize());
            return;
        }
        checkGradientForm(NufftType.TYPE_2, "executeGradient", "gradient", gradient.length);
        checkExecute(Precision.DOUBLE, "modesIn", modesIn, modesIn.length, "values", values, values.length);
        checkDistinct(modesIn, "modesIn", gradient, "gradient");
        checkDistinct(values, "values", gradient, "gradient");
        lastTimes = doubleSteps.run(points, modesIn, null, values, gradient, options.batchSize(), sortNanos);
    }

    /**
     * {@link #executeDipoles(double[], double[], double[])} for a float plan, same layouts.
     *
     * @param strengths the strengths c_j, {@code 2 M batchSize} floats
     * @param dipoles the dipole vectors d_j, {@code 2 M dim batchSize} floats
     * @param modesOut receives f, {@code 2 N batchSize} floats (modes, or type 3 targets)
     * @throws NullPointerException if an array is null
     * @throws IllegalStateException if the plan is closed, has no points, or is a TYPE_2 plan
     * @throws IllegalArgumentException if the plan is a double plan, a length is wrong, or
     *     {@code modesOut} is also an input
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted;
     *     the output then holds unspecified values and the interrupt status stays set
     */
    public synchronized void executeDipoles(float[] strengths, float[] dipoles, float[] modesOut) {
        Objects.requireNonNull(strengths, "strengths");
        Objects.requireNonNull(dipoles, "dipoles");
        Objects.requireNonNull(modesOut, "modesOut");
        if (type3 != null) {
            checkType3Form(Precision.FLOAT, "executeDipoles", strengths, "strengths", dipoles, "dipoles", false, modesOut,
                    "out", null, null);
            lastTimes = type3.execute(strengths, dipoles, modesOut, null, options.batchSize());
            return;
        }
        checkGradientForm(NufftType.TYPE_1, "executeDipoles", "dipoles", dipoles.length);
        checkExecute(Precision.FLOAT, "strengths", strengths, strengths.length, "modesOut", modesOut,
                modesOut.length);
        checkDistinct(dipoles, "dipoles", modesOut, "modesOut");
        lastTimes = floatSteps.run(points, strengths, dipoles, modesOut, null, options.batchSize(), sortNanos);
    }

    /**
     * {@link #executeGradient(double[], double[], double[])} for a float plan, same layouts.
     *
     * @param modesIn type 2: the modes, {@code 2 N batchSize} floats; type 3: the strengths,
     *     {@code 2 M batchSize}
     * @param values receives the values at the points (type 2) or f at the targets (type 3)
     * @param gradient receives the gradients, {@code 2 M dim batchSize} floats (type 3:
     *     {@code 2 N dim batchSize})
     * @throws NullPointerException if an array is null
     * @throws IllegalStateException if the plan is closed, has no points, or is a TYPE_1 plan
     * @throws IllegalArgumentException if the plan is a double plan, a length is wrong, or an
     *     output is also another argument
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted;
     *     the output then holds unspecified values and the interrupt status stays set
     */
    public synchronized void executeGradient(float[] modesIn, float[] values, float[] gradient) {
        Objects.requireNonNull(modesIn, "modesIn");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(gradient, "gradient");
        if (type3 != null) {
            checkType3Form(Precision.FLOAT, "executeGradient", modesIn, "strengths", null, null, false, values, "out",
                    gradient, "targetGradient");
            lastTimes = type3.execute(modesIn, null, values, gradient, options.batchSize());
            return;
        }
        checkGradientForm(NufftType.TYPE_2, "executeGradient", "gradient", gradient.length);
        checkExecute(Precision.FLOAT, "modesIn", modesIn, modesIn.length, "values", values, values.length);
        checkDistinct(modesIn, "modesIn", gradient, "gradient");
        checkDistinct(values, "values", gradient, "gradient");
        lastTimes = floatSteps.run(points, modesIn, null, values, gradient, options.batchSize(), sortNanos);
    }

    /**
     * The adjoint of a type 3 plan (docs/design.md, "Type 3"): {@code c_j = sum_k f_k
     * exp(-isign i s_k.x_j)}, reading {@code 2 N batchSize} numbers and writing {@code 2 M
     * batchSize}, with the plan's sorts, kernels and accuracy. A TYPE_3 plan only.
     *
     * @param in the coefficients f_k at the N targets, {@code 2 N batchSize} doubles
     * @param out receives c_j at the M sources, {@code 2 M batchSize} doubles
     * @throws NullPointerException if an array is null
     * @throws IllegalStateException if the plan is closed, has no points, or is not a TYPE_3 plan
     * @throws IllegalArgumentException if the plan's precision is the other one, a length
     *     differs from the one above, or an output is also another argument
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted;
     *     the output then holds unspecified values and the interrupt status stays set
     */
    public synchronized void executeAdjoint(double[] in, double[] out) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        checkType3(Precision.DOUBLE, true, in, in.length, out, out.length);
        lastTimes = type3.execute(in, out, options.batchSize(), true);
    }

    /**
     * {@link #executeAdjoint(double[], double[])} for a float plan.
     *
     * @param in the coefficients f_k at the N targets, {@code 2 N batchSize} floats
     * @param out receives c_j at the M sources, {@code 2 M batchSize} floats
     * @throws NullPointerException if an array is null
     * @throws IllegalStateException if the plan is closed, has no points, or is not a TYPE_3 plan
     * @throws IllegalArgumentException if the plan's precision is the other one, a length
     *     differs from the one above, or an output is also another argument
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted;
     *     the output then holds unspecified values and the interrupt status stays set
     */
    public synchronized void executeAdjoint(float[] in, float[] out) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        checkType3(Precision.FLOAT, true, in, in.length, out, out.length);
        lastTimes = type3.execute(in, out, options.batchSize(), true);
    }

    /**
     * The adjoint of a type 3 plan with its gradients in the source (docs/design.md, "Type 3",
     * "Gradient forms"): {@code c_j = sum_k f_k exp(-isign i s_k.x_j)} into {@code out} as
     * {@link #executeAdjoint}, and {@code grad_x c(x_j) = sum_k (-isign i s_k) f_k exp(-isign i
     * s_k.x_j)} into {@code sourceGradient}, {@code 2 M dim batchSize} numbers, component d of
     * source j of transform b at {@code 2 (b M dim + d M + j)}; one inner FFT per transform. A
     * TYPE_3 plan only.
     *
     * <p>Accuracy: values as {@link #executeAdjoint}; gradients as README "Gradient forms"
     * states for type 3.
     *
     * @param in the coefficients f_k at the N targets, {@code 2 N batchSize} doubles
     * @param out receives c_j at the M sources, {@code 2 M batchSize} doubles
     * @param sourceGradient receives the gradients at the sources, {@code 2 M dim batchSize}
     *     doubles (layout above)
     * @throws NullPointerException if an array is null
     * @throws IllegalStateException if the plan is closed, has no points, or is not a TYPE_3 plan
     * @throws IllegalArgumentException if the plan's precision is the other one, a length
     *     differs from the one above, or an output is also another argument
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted;
     *     the output then holds unspecified values and the interrupt status stays set
     */
    public synchronized void executeAdjointGradient(double[] in, double[] out, double[] sourceGradient) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(sourceGradient, "sourceGradient");
        checkType3Form(Precision.DOUBLE, "executeAdjointGradient", in, "in", null, null, true, out, "out",
                sourceGradient, "sourceGradient");
        lastTimes = type3.executeAdjoint(in, out, sourceGradient, options.batchSize());
    }

    /**
     * {@link #executeAdjointGradient(double[], double[], double[])} for a float plan.
     *
     * @param in the coefficients f_k at the N targets, {@code 2 N batchSize} floats
     * @param out receives c_j at the M sources, {@code 2 M batchSize} floats
     * @param sourceGradient receives the gradients at the sources, {@code 2 M dim batchSize}
     *     floats
     * @throws NullPointerException if an array is null
     * @throws IllegalStateException if the plan is closed, has no points, or is not a TYPE_3 plan
     * @throws IllegalArgumentException if the plan's precision is the other one, a length
     *     differs from the one above, or an output is also another argument
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted;
     *     the output then holds unspecified values and the interrupt status stays set
     */
    public synchronized void executeAdjointGradient(float[] in, float[] out, float[] sourceGradient) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(sourceGradient, "sourceGradient");
        checkType3Form(Precision.FLOAT, "executeAdjointGradient", in, "in", null, null, true, out, "out",
                sourceGradient, "sourceGradient");
        lastTimes = type3.executeAdjoint(in, out, sourceGradient, options.batchSize());
    }

    /**
     * Checks of a type 3 gradient form: those of {@link #checkType3}, then the vectors' lengths
     * ({@code 2 M dim batchSize} for dipoles and source gradients, {@code 2 N dim batchSize}
     * for target gradients) and that no output is also an input.
     */
    private void checkType3Form(Precision precision, String method, Object in, String inName, Object dipoles,
                                String dipolesName, boolean adjoint, Object out, String outName, Object gradient,
                                String gradientName) {
        ensureOpen();
        if (type3 == null) {
            throw new IllegalStateException(method + " of this kind needs a TYPE_3 plan; this plan is " + type);
        }
        if (dipoles != null) {
            checkDistinct(dipoles, dipolesName, out, outName);
        }
        if (gradient != null) {
            checkDistinct(in, inName, gradient, gradientName);
            checkDistinct(out, outName, gradient, gradientName);
        }
        checkType3(precision, adjoint, in, java.lang.reflect.Array.getLength(in), out,
                java.lang.reflect.Array.getLength(out), method, inName, outName);
        long batch = options.batchSize();
        long perSource = 2L * type3.sourceCount() * dim * batch;
        long perTarget = 2L * type3.targetCount() * dim * batch;
        if (dipoles != null) {
            int length = java.lang.reflect.Array.getLength(dipoles);
            if (length != perSource) {
                throw new IllegalArgumentException(dipolesName + ".length = " + length
                        + ", expected 2 * M * dim * batchSize = " + perSource + " (component d of source j at 2 (d M + j))");
            }
        }
        if (gradient != null) {
            int length = java.lang.reflect.Array.getLength(gradient);
            long expect = adjoint ? perSource : perTarget;
            String who = adjoint ? "2 * M * dim * batchSize = " + expect + " (component d of source j at 2 (d M + j))"
                    : "2 * N * dim * batchSize = " + expect + " (component d of target k at 2 (d N + k))";
            if (length != expect) {
                throw new IllegalArgumentException(gradientName + ".length = " + length + ", expected " + who);
            }
        }
    }

    /**
     * Checks of a type 3 execute ({@code adjoint} false: input and output) or executeAdjoint
     * (in and out): plan type, precision, points, lengths, distinct arrays.
     */
    private void checkType3(Precision precision, boolean adjoint, Object in, int inLength, Object out,
                            int outLength) {
        checkType3(precision, adjoint, in, inLength, out, outLength, adjoint ? "executeAdjoint" : "execute",
                adjoint ? "in" : "input", adjoint ? "out" : "output");
    }

    private void checkType3(Precision precision, boolean adjoint, Object in, int inLength, Object out,
                            int outLength, String method, String inName, String outName) {
        ensureOpen();
        if (type3 == null) {
            throw new IllegalStateException(method + "(" + inName + ", " + outName + ") of this kind needs a TYPE_3 plan;"
                    + " this plan is " + type);
        }
        if (precision != options.precision()) {
            String want = options.precision() == Precision.DOUBLE ? "double" : "float";
            throw new IllegalArgumentException("this plan's precision is " + options.precision() + ": " + inName + " and "
                    + outName + " must be " + want + "[] (set NufftOptions.precision when creating the plan)");
        }
        if (!type3.hasPoints()) {
            throw new IllegalStateException(method + " before setPoints: set the sources and targets first");
        }
        checkDistinct(in, inName, out, outName);
        long batch = options.batchSize();
        long sources = 2L * type3.sourceCount() * batch;
        long targets = 2L * type3.targetCount() * batch;
        String perSource = "2 * M * batchSize (M sources)";
        String perTarget = "2 * N * batchSize (N targets)";
        if (inLength != (adjoint ? targets : sources)) {
            throw new IllegalArgumentException(inName + ".length = " + inLength + ", expected "
                    + (adjoint ? perTarget + " = " + targets : perSource + " = " + sources));
        }
        if (outLength != (adjoint ? sources : targets)) {
            throw new IllegalArgumentException(outName + ".length = " + outLength + ", expected "
                    + (adjoint ? perSource + " = " + sources : perTarget + " = " + targets));
        }
    }

    private void checkGradientForm(NufftType needed, String method, String name, int length) {
        ensureOpen();
        if (type != needed) {
            throw new IllegalStateException(method + " needs a " + needed + " plan; this plan is " + type);
        }
        if (points == null) {
            throw new IllegalStateException("execute before setPoints: set the non-uniform points first");
        }
        long expect = 2L * points.count() * dim * options.batchSize();
        if (length != expect) {
            throw new IllegalArgumentException(name + ".length = " + length + ", expected 2 * M * dim * batchSize = "
                    + expect + " (component d of point j at 2 (d M + j))");
        }
    }

    private void checkExecute(Precision precision, String inName, Object in, int inLength, String outName, Object out,
                              int outLength) {
        ensureOpen();
        if (precision != options.precision()) {
            String want = options.precision() == Precision.DOUBLE ? "double" : "float";
            throw new IllegalArgumentException("this plan's precision is " + options.precision() + ": " + inName + " and "
                    + outName + " must be " + want + "[] (set NufftOptions.precision when creating the plan)");
        }
        if (points == null) {
            throw new IllegalStateException("execute before setPoints: set the non-uniform points first");
        }
        checkDistinct(in, inName, out, outName);
        int batch = options.batchSize();
        long pointValues = 2L * points.count() * batch;
        long modeValues = 2L * modeCount * batch;
        long expectIn = type == NufftType.TYPE_1 ? pointValues : modeValues;
        long expectOut = type == NufftType.TYPE_1 ? modeValues : pointValues;
        String perPoint = "2 * M * batchSize";
        String perMode = "2 * N1*N2*N3 * batchSize (modes)";
        if (inLength != expectIn) {
            throw new IllegalArgumentException(inName + ".length = " + inLength + ", expected "
                    + (type == NufftType.TYPE_1 ? perPoint : perMode) + " = " + expectIn);
        }
        if (outLength != expectOut) {
            throw new IllegalArgumentException(outName + ".length = " + outLength + ", expected "
                    + (type == NufftType.TYPE_1 ? perMode : perPoint) + " = " + expectOut);
        }
    }

    /** Rejects an output that is also an input: the transforms read their input while writing. */
    private static void checkDistinct(Object a, String aName, Object b, String bName) {
        if (a == b) {
            throw new IllegalArgumentException(aName + " and " + bName + " must be different arrays");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("plan is closed");
        }
    }

    /** Releases the plan's threads and grids; any later call fails with IllegalStateException. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            workers.close();
            if (type3 != null) {
                type3.release();
            } else if (doubleSteps != null) {
                doubleSteps.release();
            } else {
                floatSteps.release();
            }
            points = null;
            if (sorter != null) {
                sorter.release();
            }
        }
    }

    /**
     * The kind of transform.
     *
     * @return TYPE_1, TYPE_2 or TYPE_3
     */
    public NufftType type() {
        return type;
    }

    /**
     * The number of dimensions d.
     *
     * @return 1, 2 or 3
     */
    public int dimension() {
        return dim;
    }

    /**
     * The mode counts.
     *
     * @return a copy of N_1 (, N_2 (, N_3)); empty for type 3
     */
    public int[] modes() {
        return modes.clone();
    }

    /**
     * The sign in the exponential.
     *
     * @return +1 or -1
     */
    public int isign() {
        return isign;
    }

    /**
     * The requested tolerance.
     *
     * @return the tolerance given at creation
     */
    public double tolerance() {
        return tolerance;
    }

    /**
     * The options the plan was created with.
     *
     * @return the options as given (an automatic upsampling stays
     *     {@link NufftOptions#AUTO_UPSAMPLING}; {@link #upsamplingFactors} gives the factors used)
     */
    public NufftOptions options() {
        return options;
    }

    /**
     * Fine-grid size per dimension; a copy. For type 3, the outer grid of the last setPoints
     * (empty before; {@link #innerGridSize} is the inner FFT's).
     *
     * @return the fine-grid cells per dimension
     */
    public synchronized int[] fineGridSize() {
        return type3 != null ? type3.outerGridSize() : n.clone();
    }

    /** Tests only: the type 3 side, null for types 1 and 2. */
    Type3Plan type3Plan() {
        return type3;
    }

    /**
     * Type 3: the inner fine grid (the FFT's size) of the last setPoints.
     *
     * @return a copy of the cells per dimension; empty for types 1 and 2
     */
    public synchronized int[] innerGridSize() {
        return type3 != null ? type3.innerGridSize() : new int[0];
    }

    /**
     * Type 3: the outer and inner upsampling factors of the last setPoints (with automatic
     * upsampling the cost model's choice; before any setPoints, 2 and 2); for types 1 and 2
     * both are the plan's.
     *
     * @return {outer, inner} upsampling factors
     */
    public synchronized double[] upsamplingFactors() {
        return type3 != null ? new double[] {type3.sigmaOuter, type3.sigmaInner}
                : new double[] {options.upsamplingOfTypes12(), options.upsamplingOfTypes12()};
    }

    /**
     * Type 3: the kernel of the inner type 2 of the last setPoints.
     *
     * @return the inner kernel; for types 1 and 2, {@link #kernel}
     */
    public synchronized EsKernel innerKernel() {
        return type3 != null ? type3.innerKernel : kernel;
    }

    /**
     * The spreading kernel (width, beta) chosen for the tolerance (type 3: of the outer spread,
     * for the upsampling of the last setPoints).
     *
     * @return the kernel: its width in fine-grid cells, beta and upsampling factor
     */
    public synchronized EsKernel kernel() {
        return type3 != null ? type3.outerKernel : kernel;
    }

    /**
     * Degree of the piecewise polynomial that evaluates the kernel (type 3: the outer one).
     *
     * @return the degree of {@link KernelPolynomial}'s fit
     */
    public synchronized int kernelPolynomialDegree() {
        return type3 != null ? type3.outerPolynomial.degree() : polynomial.degree();
    }

    /**
     * Number of points of the last setPoints; type 3: the sources.
     *
     * @return M, or 0 before any setPoints
     */
    public synchronized int pointCount() {
        if (type3 != null) {
            return type3.sourceCount();
        }
        return points == null ? 0 : points.count();
    }

    /**
     * Type 3: the number of targets of the last setPoints.
     *
     * @return N; 0 before any setPoints, and for types 1 and 2
     */
    public synchronized int targetCount() {
        return type3 != null ? type3.targetCount() : 0;
    }

    /**
     * Name of the spreading kernels this plan runs.
     *
     * @return {@code "scalar"} or a name starting {@code "simd-"}
     */
    public String implementation() {
        if (type3 != null) {
            return type3.implementation();
        }
        return doubleSteps != null ? doubleSteps.implementation() : floatSteps.implementation();
    }

    /**
     * Name of the FFT this plan runs.
     *
     * @return {@code "jtransforms"} or a name starting {@code "simd-"}
     */
    public String fftImplementation() {
        if (type3 != null) {
            return type3.fftImplementation();
        }
        return doubleSteps != null ? doubleSteps.fftImplementation() : floatSteps.fftImplementation();
    }

    /**
     * Timings of the last setPoints and execute.
     *
     * @return the step times in nanoseconds (all zero before any call)
     */
    public synchronized ExecutionTimes lastTimes() {
        return lastTimes;
    }
}
