package org.nufft4j.fft;

import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import org.nufft4j.FftChoice;
import org.nufft4j.parallel.Workers;

/**
 * The single switch between JTransforms and the SIMD FFT (as {@link org.nufft4j.spread.Spreaders}
 * is for the spreading kernels).
 *
 * <p>The system property {@code nufft4j.fft} ({@code auto}, {@code jtransforms} or {@code simd})
 * overrides {@link FftChoice#AUTO}; an explicit choice in the plan options wins over the
 * property.
 */
public final class Ffts {

    /** Name of the system property that overrides {@link FftChoice#AUTO}. */
    public static final String PROPERTY = "nufft4j.fft";

    private static final Optional<GridFftProvider> PROVIDER = loadProvider();

    private Ffts() {
    }

    private static Optional<GridFftProvider> loadProvider() {
        try {
            for (var provider : ServiceLoader.load(GridFftProvider.class)) {
                if (provider.available()) {
                    return Optional.of(provider);
                }
            }
        } catch (java.util.ServiceConfigurationError | LinkageError e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * Whether the SIMD FFT can run in this JVM.
     *
     * @return true when a {@link GridFftProvider} was found on the class path and reports itself
     *     available (nufft4j-simd present and jdk.incubator.vector added)
     */
    public static boolean simdAvailable() {
        return PROVIDER.isPresent();
    }

    /**
     * The double FFT a plan with this choice runs.
     *
     * @param choice the plan's option; {@code AUTO} is first replaced by the system property
     *     {@value #PROPERTY} when set, then means SIMD when available, JTransforms otherwise
     * @param shape sizes, sign and pruning the transform is made for
     * @param workers pool the transform runs its lines on
     * @return a transform fixed to this shape and these workers
     * @throws IllegalStateException if SIMD is chosen but not available
     * @throws IllegalArgumentException if the system property has an unknown value
     */
    public static GridFft resolve(FftChoice choice, FftShape shape, Workers workers) {
        return switch (effective(choice)) {
            case JTRANSFORMS -> new FineGridFft(shape.sizes(), shape.isign(), workers);
            case SIMD -> PROVIDER.flatMap(p -> p.create(shape, workers)).orElseThrow(Ffts::unavailable);
            case AUTO -> PROVIDER.flatMap(p -> p.create(shape, workers))
                    .orElseGet(() -> new FineGridFft(shape.sizes(), shape.isign(), workers));
        };
    }

    /**
     * The float FFT a plan with this choice runs.
     *
     * @param choice the plan's option, resolved as in {@link #resolve}
     * @param shape sizes, sign and pruning the transform is made for
     * @param workers pool the transform runs its lines on
     * @return a float transform fixed to this shape and these workers
     * @throws IllegalStateException if SIMD is chosen but not available
     * @throws IllegalArgumentException if the system property has an unknown value
     */
    public static FloatGridFft resolveFloat(FftChoice choice, FftShape shape, Workers workers) {
        return switch (effective(choice)) {
            case JTRANSFORMS -> new FloatFineGridFft(shape.sizes(), shape.isign(), workers);
            case SIMD -> PROVIDER.flatMap(p -> p.createFloat(shape, workers)).orElseThrow(Ffts::unavailable);
            case AUTO -> PROVIDER.flatMap(p -> p.createFloat(shape, workers))
                    .orElseGet(() -> new FloatFineGridFft(shape.sizes(), shape.isign(), workers));
        };
    }

    /**
     * Name of the FFT a plan with this choice runs in this JVM (found by making a small
     * one-thread transform).
     *
     * @param choice the plan's option, resolved as in {@link #resolve}
     * @return {@link GridFft#name()} of that transform: {@code "jtransforms"} or {@code "simd-..."}
     * @throws IllegalStateException if SIMD is chosen but not available
     * @throws IllegalArgumentException if the system property has an unknown value
     */
    public static String name(FftChoice choice) {
        try (var one = new Workers(1)) {
            return resolve(choice, FftShape.full(new int[] {16}, -1), one).name();
        }
    }

    private static IllegalStateException unavailable() {
        return new IllegalStateException("SIMD FFT requested but not available: put nufft4j-simd on the class path"
                + " and run java with --add-modules=jdk.incubator.vector");
    }

    /** The choice with AUTO replaced by the system property, when it is set. */
    static FftChoice effective(FftChoice choice) {
        if (choice != FftChoice.AUTO) {
            return choice;
        }
        String p = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        return switch (p) {
            case "auto", "" -> FftChoice.AUTO;
            case "jtransforms" -> FftChoice.JTRANSFORMS;
            case "simd" -> FftChoice.SIMD;
            default -> throw new IllegalArgumentException("system property " + PROPERTY + "='" + p
                    + "': expected auto, jtransforms or simd");
        };
    }
}
