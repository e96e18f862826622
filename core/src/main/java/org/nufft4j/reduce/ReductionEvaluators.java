package org.nufft4j.reduce;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nufft4j.parallel.Workers;
import org.nufft4j.spread.Spreaders;

/**
 * The switch between the scalar interpreter and the SIMD evaluator of reductions, the same as
 * the plans' ({@link Spreaders}): the system property {@value Spreaders#PROPERTY} ({@code auto},
 * {@code scalar} or {@code simd}) decides; under {@code auto} a JVM where the SIMD evaluator
 * cannot run (simd module absent, or no {@code --add-modules=jdk.incubator.vector}) gets the
 * scalar interpreter and one warning naming the cause and the fix.
 */
public final class ReductionEvaluators {

    private static final ReductionEvaluator SCALAR = new ReductionEvaluator() {
        @Override
        public String name() {
            return "scalar";
        }

        @Override
        public ReductionResult evaluate(KernelReduction reduction, ReductionData data, Workers workers) {
            Objects.requireNonNull(workers, "workers");
            return ScalarReductions.evaluate(reduction, data);
        }
    };

    private static final Optional<ReductionEvaluator> SIMD = load();
    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

    private ReductionEvaluators() {
    }

    /**
     * The scalar interpreter (the oracle, {@link ScalarReductions}), on the calling thread.
     *
     * @return the one scalar evaluator; it ignores the workers it is given (but not a null)
     */
    public static ReductionEvaluator scalar() {
        return SCALAR;
    }

    /**
     * The SIMD evaluator, found once per JVM through {@link ReductionEvaluatorProvider}.
     *
     * @return the evaluator, or empty when the simd module is not on the class path or the
     *     Vector API is not usable ({@link #unavailableReason})
     */
    public static Optional<ReductionEvaluator> simd() {
        return SIMD;
    }

    /**
     * The evaluator the property chooses: {@code scalar}, {@code simd} (fails when it cannot
     * run), or {@code auto} (the default: SIMD when it can run, else scalar with one warning).
     * The property is read at each call (case and surrounding blanks ignored).
     *
     * @return the evaluator to use
     * @throws IllegalStateException when the property asks for {@code simd} and it cannot run
     * @throws IllegalArgumentException when the property has another value
     */
    public static ReductionEvaluator resolve() {
        String p = System.getProperty(Spreaders.PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        return switch (p) {
            case "scalar" -> SCALAR;
            case "simd" -> SIMD.orElseThrow(() -> new IllegalStateException("SIMD reductions requested (system property "
                    + Spreaders.PROPERTY + "=simd) but not available: " + unavailableReason().orElse("?")));
            case "auto", "" -> {
                if (SIMD.isEmpty()) {
                    logFallbackOnce();
                }
                yield SIMD.orElse(SCALAR);
            }
            default -> throw new IllegalArgumentException("system property " + Spreaders.PROPERTY + "='" + p
                    + "': expected auto, scalar or simd");
        };
    }

    /**
     * Why the SIMD evaluator cannot run in this JVM, with the fix, or empty when it can (the same
     * causes as the plans' kernels: {@link Spreaders#simdUnavailableReason}).
     *
     * @return the reason with its fix, or empty when the SIMD evaluator is available
     */
    public static Optional<String> unavailableReason() {
        if (SIMD.isPresent()) {
            return Optional.empty();
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return Optional.of("the Vector API module is not loaded (run java with --add-modules=jdk.incubator.vector)");
        }
        return Spreaders.simdUnavailableReason()
                .or(() -> Optional.of("the SIMD reduction evaluator failed to load on this JVM"));
    }

    /**
     * Logs, once per JVM, that reductions run in the scalar interpreter and why; for the
     * evaluators that fall back (this class under {@code auto}, and the simd module's
     * {@code VectorReductions} when the Vector API is missing).
     */
    public static void logFallbackOnce() {
        warnFallbackOnce(System.getLogger("org.nufft4j"), FALLBACK_LOGGED);
    }

    static void warnFallbackOnce(System.Logger logger, AtomicBoolean once) {
        if (once.compareAndSet(false, true)) {
            logger.log(System.Logger.Level.WARNING, fallbackMessage());
        }
    }

    static String fallbackMessage() {
        return "nufft4j: SIMD reductions unavailable, reductions run in the scalar interpreter"
                + " (one thread, no SIMD): " + unavailableReason().orElse("?");
    }

    private static Optional<ReductionEvaluator> load() {
        try {
            for (var provider : ServiceLoader.load(ReductionEvaluatorProvider.class)) {
                var e = provider.create();
                if (e.isPresent()) {
                    return e;
                }
            }
        } catch (java.util.ServiceConfigurationError | LinkageError e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
