package org.nufft4j.fft;

import java.util.Optional;
import org.nufft4j.parallel.Workers;

/**
 * Service interface through which {@code simd} plugs its FFT into {@code core} (found with
 * {@link java.util.ServiceLoader}). A provider whose machinery is missing (no
 * {@code --add-modules jdk.incubator.vector}) returns empty instead of failing.
 */
public interface GridFftProvider {

    /** Whether this provider's transforms can run in this JVM. */
    boolean available();

    /** A double transform of this shape on these workers, or empty when it cannot run. */
    Optional<GridFft> create(FftShape shape, Workers workers);

    /** A float transform of this shape on these workers, or empty when it cannot run. */
    Optional<FloatGridFft> createFloat(FftShape shape, Workers workers);
}
