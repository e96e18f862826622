package org.nufft4j.fft;

import java.util.Optional;
import org.nufft4j.parallel.Workers;

/**
 * Service interface through which {@code simd} plugs its FFT into {@code core} (found with
 * {@link java.util.ServiceLoader}). A provider whose machinery is missing (no
 * {@code --add-modules jdk.incubator.vector}) returns empty instead of failing.
 */
public interface GridFftProvider {

    /**
     * Whether this provider's transforms can run in this JVM.
     *
     * @return false when its machinery (the Vector API module) is missing
     */
    boolean available();

    /**
     * A double transform of this shape on these workers, or empty when it cannot run.
     *
     * @param shape sizes, sign and pruning the transform is made for
     * @param workers pool the transform runs on
     * @return the transform, or empty when this provider cannot run it
     */
    Optional<GridFft> create(FftShape shape, Workers workers);

    /**
     * A float transform of this shape on these workers, or empty when it cannot run.
     *
     * @param shape sizes, sign and pruning the transform is made for
     * @param workers pool the transform runs on
     * @return the transform, or empty when this provider cannot run it
     */
    Optional<FloatGridFft> createFloat(FftShape shape, Workers workers);
}
