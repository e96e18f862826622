package org.nufft4j.simd;

import java.util.Optional;
import org.nufft4j.fft.FftShape;
import org.nufft4j.fft.FloatGridFft;
import org.nufft4j.fft.GridFft;
import org.nufft4j.fft.GridFftProvider;
import org.nufft4j.parallel.Workers;

/**
 * Plugs {@link VectorGridFft} and its float twin into core. Touches no Vector API type itself, so that it loads
 * without {@code --add-modules jdk.incubator.vector} and answers empty there. Sizes with a prime factor other than
 * 2, 3 and 5 also get empty (core then falls back to JTransforms).
 */
public final class VectorGridFftProvider implements GridFftProvider {

    /** Made by {@link java.util.ServiceLoader}, which core asks for a {@link GridFftProvider}. */
    public VectorGridFftProvider() {
    }

    @Override
    public boolean available() {
        return Probe.USABLE;
    }

    /** Runs a tiny transform once, so that a Vector API that cannot run fails here and not in a plan. */
    private static final class Probe {
        static final boolean USABLE = probe();

        private static boolean probe() {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                return false;
            }
            try (var one = new Workers(1)) {
                new VectorGridFft(FftShape.full(new int[] {4, 4}, -1), one).transform(new double[32], 32, 1);
                return true;
            } catch (LinkageError e) {
                return false;
            }
        }
    }

    @Override
    public Optional<GridFft> create(FftShape shape, Workers workers) {
        if (!available() || !VectorGridFft.supports(shape.sizes())) {
            return Optional.empty();
        }
        return Optional.of(new VectorGridFft(shape, workers));
    }

    @Override
    public Optional<FloatGridFft> createFloat(FftShape shape, Workers workers) {
        if (!available() || !VectorGridFft.supports(shape.sizes())) {
            return Optional.empty();
        }
        return Optional.of(new FloatVectorGridFft(shape, workers));
    }
}
