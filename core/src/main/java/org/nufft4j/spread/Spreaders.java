package org.nufft4j.spread;

import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The single switch between scalar and SIMD kernels (as Lucene's VectorizationProvider).
 *
 * <p>The system property {@code nufft4j.kernels} ({@code auto}, {@code scalar} or
 * {@code simd}) overrides {@link SpreadKernelsChoice#AUTO}; an explicit choice in the plan
 * options wins over the property.
 */
public final class Spreaders {

    public static final String PROPERTY = "nufft4j.kernels";

    private static final Optional<SpreadKernels> SIMD = loadSimd();

    private Spreaders() {
    }

    private static Optional<SpreadKernels> loadSimd() {
        try {
            for (var provider : ServiceLoader.load(SpreadKernelsProvider.class)) {
                Optional<SpreadKernels> k = provider.create();
                if (k.isPresent()) {
                    return k;
                }
            }
        } catch (java.util.ServiceConfigurationError | LinkageError e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The SIMD kernels, if the simd module is on the class path and the Vector API is usable. */
    public static Optional<SpreadKernels> simd() {
        return SIMD;
    }

    /** The kernels a plan with this choice runs. */
    public static SpreadKernels resolve(SpreadKernelsChoice choice) {
        SpreadKernelsChoice effective = choice;
        if (choice == SpreadKernelsChoice.AUTO) {
            String p = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
            effective = switch (p) {
                case "auto", "" -> SpreadKernelsChoice.AUTO;
                case "scalar" -> SpreadKernelsChoice.SCALAR;
                case "simd" -> SpreadKernelsChoice.SIMD;
                default -> throw new IllegalArgumentException("system property " + PROPERTY + "='" + p
                        + "': expected auto, scalar or simd");
            };
        }
        return switch (effective) {
            case SCALAR -> ScalarSpreadKernels.INSTANCE;
            case SIMD -> SIMD.orElseThrow(() -> new IllegalStateException(
                    "SIMD kernels requested but not available: put nufft4j-simd on the class path and run"
                            + " java with --add-modules=jdk.incubator.vector"));
            case AUTO -> SIMD.orElse(ScalarSpreadKernels.INSTANCE);
        };
    }

    /** Name of the kernels {@link SpreadKernelsChoice#AUTO} gives in this JVM. */
    public static String activeName() {
        return resolve(SpreadKernelsChoice.AUTO).name();
    }
}
