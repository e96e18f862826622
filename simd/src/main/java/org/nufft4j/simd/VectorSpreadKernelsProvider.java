package org.nufft4j.simd;

import java.util.Optional;
import org.nufft4j.spread.SpreadKernels;
import org.nufft4j.spread.SpreadKernelsProvider;

/**
 * Plugs {@link VectorSpreadKernels} into core. Touches no Vector API type itself, so that it
 * loads without {@code --add-modules jdk.incubator.vector} and answers empty there.
 */
public final class VectorSpreadKernelsProvider implements SpreadKernelsProvider {

    @Override
    public Optional<SpreadKernels> create() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new VectorSpreadKernels());
        } catch (LinkageError e) {
            return Optional.empty();
        }
    }
}
