package org.nufft4j.spread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Without usable SIMD kernels, AUTO falls back to the scalar ones and says so once, naming the
 * cause and the fix. In core's own run the simd module is absent (cause: the class path); in
 * the tests module it is present and there is nothing to say.
 */
class FallbackLoggingTest {

    /** A System.Logger that keeps what it is given. */
    static final class Capture implements System.Logger {
        final List<String> messages = new ArrayList<>();
        final List<Level> levels = new ArrayList<>();

        @Override
        public String getName() {
            return "capture";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            levels.add(level);
            messages.add(msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            levels.add(level);
            messages.add(format);
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            levels.add(level);
            messages.add(msgSupplier.get());
        }
    }

    @Test
    void theReasonNamesTheCauseAndTheFix() {
        var reason = Spreaders.simdUnavailableReason();
        if (Spreaders.simd().isPresent()) {
            assertTrue(reason.isEmpty(), "SIMD runs, yet a reason: " + reason);
            return;
        }
        String r = reason.orElseThrow();
        assertTrue(r.contains("org.nufft4j:nufft4j-simd") || r.contains("--add-modules=jdk.incubator.vector")
                || r.contains("failed to load"), r);
    }

    @Test
    void theFallbackIsLoggedOnceAsAWarning() {
        var log = new Capture();
        var once = new AtomicBoolean();
        Spreaders.warnFallbackOnce(log, once);
        Spreaders.warnFallbackOnce(log, once);
        assertEquals(List.of(System.Logger.Level.WARNING), log.levels);
        assertTrue(log.messages.get(0).contains("scalar kernels"), log.messages.get(0));
    }
}
