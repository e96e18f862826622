package org.nufft4j;

import java.util.Objects;

/**
 * Immutable plan options. Start from {@link #defaults()} and change fields with the
 * {@code with...} methods. Serializable (a distributed job ships them to its workers; plans and
 * their pools are not serializable and are made where they run).
 *
 * @param upsampling fine-grid upsampling factor sigma in (1, 16], or {@link #AUTO_UPSAMPLING}
 *     (the default): 2.0 for types 1 and 2, and for type 3 the outer and inner factors the
 *     plan's cost model picks at each setPoints (README, "Type 3"). Smaller factors give
 *     smaller grids and wider kernels and reach fewer tolerances, e.g. 1.25 about 1e-9 in
 *     double and 1e-5 in float: {@link org.nufft4j.kernel.EsKernel#forTolerance}
 * @param modeOrder order of modes in mode arrays
 * @param threads threads of the plan's own pool (default: all processors)
 * @param batchSize number of transforms sharing the points in one {@code execute}
 * @param kernels which spreading kernels to run (AUTO: SIMD when available)
 * @param precision DOUBLE (default) or FLOAT strengths, modes and arithmetic
 * @param fft which FFT to run (AUTO: the SIMD FFT when available, else JTransforms)
 */
public record NufftOptions(double upsampling, ModeOrder modeOrder, int threads, int batchSize,
                           SpreadKernelsChoice kernels, Precision precision, FftChoice fft)
        implements java.io.Serializable {

    /** Largest upsampling factor accepted: beyond it the fine grid only wastes memory. */
    public static final double MAX_UPSAMPLING = 16.0;

    /**
     * The upsampling value that lets the plan choose (FINUFFT's convention, {@code upsampfac =
     * 0}): 2.0 for types 1 and 2, the cost model's outer and inner factors for type 3.
     */
    public static final double AUTO_UPSAMPLING = 0.0;

    /** The factor used by types 1 and 2 when the upsampling is {@link #AUTO_UPSAMPLING}. */
    static final double DEFAULT_UPSAMPLING = 2.0;

    /**
     * Checks the options.
     *
     * @throws IllegalArgumentException if {@code upsampling} is neither {@link #AUTO_UPSAMPLING}
     *     nor in (1, {@link #MAX_UPSAMPLING}], or {@code threads} or {@code batchSize} is below 1
     * @throws NullPointerException if {@code modeOrder}, {@code kernels}, {@code precision} or
     *     {@code fft} is null
     */
    public NufftOptions {
        if (upsampling != AUTO_UPSAMPLING && (!(upsampling > 1.0) || !(upsampling <= MAX_UPSAMPLING))) {
            throw new IllegalArgumentException("upsampling must be in (1, " + MAX_UPSAMPLING + "] or "
                    + "AUTO_UPSAMPLING (0), got " + upsampling);
        }
        Objects.requireNonNull(modeOrder, "modeOrder");
        Objects.requireNonNull(kernels, "kernels");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(fft, "fft");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
    }

    /**
     * Automatic upsampling (2.0 for types 1 and 2), CMCL order, all processors, one transform,
     * automatic kernels and FFT, double.
     *
     * @return the default options
     */
    public static NufftOptions defaults() {
        return new NufftOptions(AUTO_UPSAMPLING, ModeOrder.CMCL, Runtime.getRuntime().availableProcessors(), 1,
                SpreadKernelsChoice.AUTO, Precision.DOUBLE, FftChoice.AUTO);
    }

    /**
     * Whether the plan chooses the upsampling.
     *
     * @return true when {@code upsampling} is {@link #AUTO_UPSAMPLING}
     */
    public boolean automaticUpsampling() {
        return upsampling == AUTO_UPSAMPLING;
    }

    /** The factor of a type 1 or 2 plan: the option, or 2.0 when automatic. */
    double upsamplingOfTypes12() {
        return automaticUpsampling() ? DEFAULT_UPSAMPLING : upsampling;
    }

    /**
     * A copy with another {@code upsampling}.
     *
     * @param value the upsampling factor or {@link #AUTO_UPSAMPLING}
     * @return these options with {@code upsampling} replaced
     * @throws IllegalArgumentException if the value is neither {@link #AUTO_UPSAMPLING} nor in
     *     (1, {@link #MAX_UPSAMPLING}]
     */
    public NufftOptions withUpsampling(double value) {
        return new NufftOptions(value, modeOrder, threads, batchSize, kernels, precision, fft);
    }

    /**
     * A copy with another {@code modeOrder}.
     *
     * @param value the order of modes in mode arrays
     * @return these options with {@code modeOrder} replaced
     * @throws NullPointerException if the value is null
     */
    public NufftOptions withModeOrder(ModeOrder value) {
        return new NufftOptions(upsampling, value, threads, batchSize, kernels, precision, fft);
    }

    /**
     * A copy with another {@code threads}.
     *
     * @param value the number of threads of the plan's pool
     * @return these options with {@code threads} replaced
     * @throws IllegalArgumentException if the value is below 1
     */
    public NufftOptions withThreads(int value) {
        return new NufftOptions(upsampling, modeOrder, value, batchSize, kernels, precision, fft);
    }

    /**
     * A copy with another {@code batchSize}.
     *
     * @param value the number of transforms per {@code execute}
     * @return these options with {@code batchSize} replaced
     * @throws IllegalArgumentException if the value is below 1
     */
    public NufftOptions withBatchSize(int value) {
        return new NufftOptions(upsampling, modeOrder, threads, value, kernels, precision, fft);
    }

    /**
     * A copy with another {@code kernels}.
     *
     * @param value the spreading kernels
     * @return these options with {@code kernels} replaced
     * @throws NullPointerException if the value is null
     */
    public NufftOptions withKernels(SpreadKernelsChoice value) {
        return new NufftOptions(upsampling, modeOrder, threads, batchSize, value, precision, fft);
    }

    /**
     * A copy with another {@code precision}.
     *
     * @param value the precision
     * @return these options with {@code precision} replaced
     * @throws NullPointerException if the value is null
     */
    public NufftOptions withPrecision(Precision value) {
        return new NufftOptions(upsampling, modeOrder, threads, batchSize, kernels, value, fft);
    }

    /**
     * A copy with another {@code fft}.
     *
     * @param value the FFT implementation
     * @return these options with {@code fft} replaced
     * @throws NullPointerException if the value is null
     */
    public NufftOptions withFft(FftChoice value) {
        return new NufftOptions(upsampling, modeOrder, threads, batchSize, kernels, precision, value);
    }
}
