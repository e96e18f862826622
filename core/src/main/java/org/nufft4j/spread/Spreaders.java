package org.nufft4j.spread;

import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nufft4j.SpreadKernelsChoice;
import org.nufft4j.grid.CellFold;

/**
 * The single switch between scalar and SIMD kernels (as Lucene's VectorizationProvider).
 *
 * <p>The system property {@code nufft4j.kernels} ({@code auto}, {@code scalar} or
 * {@code simd}) overrides {@link SpreadKernelsChoice#AUTO}; an explicit choice in the plan
 * options wins over the property.
 */
public final class Spreaders {

    /** Name of the system property that overrides {@link SpreadKernelsChoice#AUTO}. */
    public static final String PROPERTY = "nufft4j.kernels";

    private static final Optional<SpreadKernelsProvider> PROVIDER = loadProvider();
    private static final Optional<SpreadKernels> SIMD = PROVIDER.flatMap(SpreadKernelsProvider::create);
    private static final Optional<FloatSpreadKernels> SIMD_FLOAT = PROVIDER.flatMap(SpreadKernelsProvider::createFloat);
    private static final Optional<CellFold> SIMD_FOLD = PROVIDER.flatMap(SpreadKernelsProvider::createFold);

    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

    private Spreaders() {
    }

    /**
     * Why the SIMD kernels cannot run in this JVM, with the fix, or empty when they can. Names
     * the cause: the simd module missing from the class path, or the incubator module not added.
     *
     * @return a sentence for a log or an exception message, or empty when SIMD kernels load
     */
    public static Optional<String> simdUnavailableReason() {
        if (SIMD.isPresent()) {
            return Optional.empty();
        }
        boolean providerFound;
        try {
            providerFound = ServiceLoader.load(SpreadKernelsProvider.class).findFirst().isPresent();
        } catch (java.util.ServiceConfigurationError | LinkageError e) {
            return Optional.of("the SIMD provider failed to load (" + e + ")");
        }
        if (!providerFound) {
            return Optional.of("nufft4j-simd is not on the class path (add the dependency org.nufft4j:nufft4j-simd)");
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return Optional.of("the Vector API module is not loaded (run java with --add-modules=jdk.incubator.vector)");
        }
        return Optional.of("the Vector API is present but its kernels failed to load on this JVM");
    }

    /**
     * Logs the fallback warning unless {@code once} is already set; {@link #pick} calls it with
     * one flag per JVM when AUTO gives the scalar kernels.
     */
    static void warnFallbackOnce(System.Logger logger, AtomicBoolean once) {
        if (once.compareAndSet(false, true)) {
            logger.log(System.Logger.Level.WARNING, fallbackMessage());
        }
    }

    static String fallbackMessage() {
        return "nufft4j: SIMD kernels unavailable, plans run the scalar kernels and JTransforms (about 2-3x"
                + " slower): " + simdUnavailableReason().orElse("?");
    }

    /** The first provider whose kernels can run in this JVM. */
    private static Optional<SpreadKernelsProvider> loadProvider() {
        try {
            for (var provider : ServiceLoader.load(SpreadKernelsProvider.class)) {
                if (provider.create().isPresent()) {
                    return Optional.of(provider);
                }
            }
        } catch (java.util.ServiceConfigurationError | LinkageError e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The SIMD kernels.
     *
     * @return the kernels, if the simd module is on the class path and the Vector API is usable;
     *     otherwise empty
     */
    public static Optional<SpreadKernels> simd() {
        return SIMD;
    }

    /**
     * The float SIMD kernels.
     *
     * @return the float kernels, or empty under the same conditions as {@link #simd()}
     */
    public static Optional<FloatSpreadKernels> simdFloat() {
        return SIMD_FLOAT;
    }

    /**
     * The kernels a double plan with this choice runs.
     *
     * @param choice the plan's option; {@code AUTO} is first replaced by the system property
     *     {@value #PROPERTY} when set, then means SIMD when available, scalar otherwise (with a
     *     warning logged once per JVM)
     * @return the SIMD or the scalar kernels
     * @throws IllegalStateException if SIMD is chosen but not available
     * @throws IllegalArgumentException if the system property has an unknown value
     */
    public static SpreadKernels resolve(SpreadKernelsChoice choice) {
        return pick(choice, SIMD, ScalarSpreadKernels.INSTANCE);
    }

    /**
     * The kernels a float plan with this choice runs.
     *
     * @param choice the plan's option, resolved as in {@link #resolve}
     * @return the float SIMD or the float scalar kernels
     * @throws IllegalStateException if SIMD is chosen but not available
     * @throws IllegalArgumentException if the system property has an unknown value
     */
    public static FloatSpreadKernels resolveFloat(SpreadKernelsChoice choice) {
        return pick(choice, SIMD_FLOAT, FloatScalarSpreadKernels.INSTANCE);
    }

    /**
     * The coordinate fold of the sort for this choice (the same bits either way).
     *
     * @param choice the plan's option, resolved as in {@link #resolve}; SIMD falls back to the
     *     scalar fold when the provider has none, without failing
     * @return the fold the plan's {@link org.nufft4j.grid.BinSort} uses
     * @throws IllegalArgumentException if the system property has an unknown value
     */
    public static CellFold resolveFold(SpreadKernelsChoice choice) {
        return effective(choice) == SpreadKernelsChoice.SCALAR ? CellFold.SCALAR : SIMD_FOLD.orElse(CellFold.SCALAR);
    }

    private static <K> K pick(SpreadKernelsChoice choice, Optional<K> simd, K scalar) {
        return switch (effective(choice)) {
            case SCALAR -> scalar;
            case SIMD -> simd.orElseThrow(() -> new IllegalStateException(
                    "SIMD kernels requested but not available: put nufft4j-simd on the class path and run"
                            + " java with --add-modules=jdk.incubator.vector"));
            case AUTO -> {
                if (simd.isEmpty()) {
                    warnFallbackOnce(System.getLogger("org.nufft4j"), FALLBACK_LOGGED);
                }
                yield simd.orElse(scalar);
            }
        };
    }

    /** The choice with AUTO replaced by the system property, when it is set. */
    private static SpreadKernelsChoice effective(SpreadKernelsChoice choice) {
        if (choice != SpreadKernelsChoice.AUTO) {
            return choice;
        }
        String p = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        return switch (p) {
            case "auto", "" -> SpreadKernelsChoice.AUTO;
            case "scalar" -> SpreadKernelsChoice.SCALAR;
            case "simd" -> SpreadKernelsChoice.SIMD;
            default -> throw new IllegalArgumentException("system property " + PROPERTY + "='" + p
                    + "': expected auto, scalar or simd");
        };
    }

    /**
     * Name of the kernels {@link SpreadKernelsChoice#AUTO} gives in this JVM.
     *
     * @return "scalar" or "simd-..." (the system property is honoured)
     * @throws IllegalStateException if the property asks for SIMD and it is not available
     * @throws IllegalArgumentException if the system property has an unknown value
     */
    public static String activeName() {
        return resolve(SpreadKernelsChoice.AUTO).name();
    }
}
