package org.nufft4j.spread;

import java.util.Optional;
import org.nufft4j.grid.CellFold;

/**
 * Service interface through which {@code simd} plugs its kernels into {@code core}
 * (found with {@link java.util.ServiceLoader}). A provider whose machinery is missing (no
 * {@code --add-modules jdk.incubator.vector}) returns empty instead of failing.
 */
public interface SpreadKernelsProvider {

    /**
     * The double kernels.
     *
     * @return the kernels, or empty when they cannot run in this JVM
     */
    Optional<SpreadKernels> create();

    /**
     * The float twins of the kernels.
     *
     * @return the float kernels, or empty when they cannot run in this JVM
     */
    Optional<FloatSpreadKernels> createFloat();

    /**
     * The coordinate fold of the sort in lanes.
     *
     * @return the fold, or empty when this provider has none (the scalar one runs)
     */
    default Optional<CellFold> createFold() {
        return Optional.empty();
    }
}
