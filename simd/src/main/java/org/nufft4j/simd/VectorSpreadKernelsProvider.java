package org.nufft4j.simd;

import java.util.Optional;
import org.nufft4j.grid.CellFold;
import org.nufft4j.spread.FloatSpreadKernels;
import org.nufft4j.spread.SpreadKernels;
import org.nufft4j.spread.SpreadKernelsProvider;

/**
 * Plugs {@link VectorSpreadKernels} and its float twin into core. Touches no Vector API type itself, so that it
 * loads without {@code --add-modules jdk.incubator.vector} and answers empty there.
 */
public final class VectorSpreadKernelsProvider implements SpreadKernelsProvider {

    /** Made by {@link java.util.ServiceLoader}, which core asks for a {@link SpreadKernelsProvider}. */
    public VectorSpreadKernelsProvider() {
    }

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

    @Override
    public Optional<FloatSpreadKernels> createFloat() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FloatVectorSpreadKernels());
        } catch (LinkageError e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<CellFold> createFold() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new VectorCellFold());
        } catch (LinkageError e) {
            return Optional.empty();
        }
    }
}
