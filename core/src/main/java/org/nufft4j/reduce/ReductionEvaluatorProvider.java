package org.nufft4j.reduce;

import java.util.Optional;

/**
 * Service interface through which {@code simd} plugs its reduction evaluator into {@code core}
 * (found with {@link java.util.ServiceLoader}, as {@link org.nufft4j.spread.SpreadKernelsProvider}).
 * A provider whose machinery is missing (no {@code --add-modules jdk.incubator.vector}) returns
 * empty instead of failing.
 */
public interface ReductionEvaluatorProvider {

    /**
     * Makes the provider's evaluator.
     *
     * @return the evaluator, or empty when it cannot run in this JVM
     */
    Optional<ReductionEvaluator> create();
}
