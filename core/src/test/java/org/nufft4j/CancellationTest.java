package org.nufft4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interrupting the thread that runs a long execute (here through {@code Future.cancel(true)})
 * stops the plan's work at the next tile or line block: the call throws
 * {@link CancellationException} soon after, and the plan gives the right answer next time.
 */
class CancellationTest {

    /** Generous for a loaded 2-core CI machine; the test prints the measured time (a few ms here). */
    private static final long STOP_WITHIN_MS = 400;

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2})
    void interruptedExecuteStopsSoonAndThePlanStaysUsable(int threads) throws Exception {
        long seed = 4242;
        int m = 2_000_000;
        int[] modes = {384, 384};
        double[][] x = TestData.points(seed, 2, m, -Math.PI, Math.PI);
        double[] c = TestData.complex(seed + 1, m);
        double[] expected = new double[2 * TestData.product(modes)];
        var pool = Executors.newSingleThreadExecutor();
        try (var plan = NufftPlan.create(NufftType.TYPE_1, modes, 1, 1e-9,
                NufftOptions.defaults().withThreads(threads))) {
            plan.setPoints(x[0], x[1]);
            plan.execute(c, expected); // warm-up: the sleep below is a quarter of a warm run
            long t0 = System.nanoTime();
            plan.execute(c, expected);
            long fullMs = (System.nanoTime() - t0) / 1_000_000;

            var thrown = new AtomicReference<Throwable>();
            var stoppedAt = new AtomicLong();
            var started = new CountDownLatch(1);
            var done = new CountDownLatch(1);
            double[] out = new double[expected.length];
            var future = pool.submit(() -> {
                started.countDown();
                try {
                    plan.execute(c, out);
                } catch (Throwable e) {
                    thrown.set(e);
                } finally {
                    stoppedAt.set(System.nanoTime());
                    Thread.interrupted(); // the pool thread is reused below
                    done.countDown();
                }
            });
            started.await();
            Thread.sleep(Math.min(100, fullMs / 4));
            long interruptedAt = System.nanoTime();
            future.cancel(true);
            assertTrue(done.await(30, TimeUnit.SECONDS), "execute did not return");
            long stopMs = (stoppedAt.get() - interruptedAt) / 1_000_000;
            assertNotNull(thrown.get(), "seed " + seed + ": execute finished although interrupted (full run "
                    + fullMs + " ms)");
            assertEquals(CancellationException.class, thrown.get().getClass(), String.valueOf(thrown.get()));
            assertTrue(stopMs <= STOP_WITHIN_MS, "stopped " + stopMs + " ms after the interrupt (full run "
                    + fullMs + " ms)");
            System.out.println("CancellationTest: threads=" + threads + " full execute " + fullMs
                    + " ms, stopped " + stopMs + " ms after the interrupt");

            // the plan is usable again and gives the same bits as before
            double[] again = new double[expected.length];
            pool.submit(() -> plan.execute(c, again)).get();
            assertArrayEquals(expected, again, "seed " + seed);
        } finally {
            pool.shutdownNow();
        }
        // and the uninterrupted answer was right (a sample of modes against the exact sum)
        int[] sample = new java.util.Random(seed).ints(16, 0, TestData.product(modes)).toArray();
        double[] exact = DirectSum.type1At(x, c, modes, 1, ModeOrder.CMCL, sample);
        double[] got = new double[exact.length];
        for (int q = 0; q < sample.length; q++) {
            got[2 * q] = expected[2 * sample[q]];
            got[2 * q + 1] = expected[2 * sample[q] + 1];
        }
        assertTrue(TestData.relativeError(got, exact) < 2e-9, "seed " + seed);
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2})
    void anInterruptBeforeTheCallCancelsItAndKeepsTheInterruptStatus(int threads) {
        int[] modes = {32};
        double[][] x = TestData.points(7, 1, 100, -Math.PI, Math.PI);
        double[] c = TestData.complex(8, 100);
        try (var plan = NufftPlan.create(NufftType.TYPE_1, modes, -1, 1e-6,
                NufftOptions.defaults().withThreads(threads))) {
            plan.setPoints(x[0]);
            double[] out = new double[64];
            Thread.currentThread().interrupt();
            try {
                plan.execute(c, out);
                throw new AssertionError("execute ran although the thread was interrupted");
            } catch (CancellationException expected) {
                assertTrue(Thread.currentThread().isInterrupted(), "interrupt status must stay set");
            } finally {
                Thread.interrupted();
            }
            plan.execute(c, out);
            double[] exact = DirectSum.type1(x, c, modes, -1, ModeOrder.CMCL);
            assertTrue(TestData.relativeError(out, exact) < 2e-6);
        }
    }

    /** An interrupted setPoints throws CancellationException and leaves the plan without points. */
    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2})
    void anInterruptedSetPointsLeavesThePlanWithoutPoints(int threads) {
        int[] modes = {40, 36};
        double[][] x = TestData.points(9, 2, 50_000, -Math.PI, Math.PI);
        double[] c = TestData.complex(10, 50_000);
        try (var plan = NufftPlan.create(NufftType.TYPE_1, modes, -1, 1e-6,
                NufftOptions.defaults().withThreads(threads))) {
            plan.setPoints(x[0], x[1]);
            double[] out = new double[2 * TestData.product(modes)];
            plan.execute(c, out);
            Thread.currentThread().interrupt();
            try {
                plan.setPoints(x[1], x[0]);
                throw new AssertionError("setPoints ran although the thread was interrupted");
            } catch (CancellationException expected) {
                assertTrue(Thread.currentThread().isInterrupted(), "interrupt status must stay set");
            } finally {
                Thread.interrupted();
            }
            var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> plan.execute(c, new double[out.length]));
            assertTrue(e.getMessage().contains("setPoints"), e.getMessage());
            plan.setPoints(x[0], x[1]);
            double[] again = new double[out.length];
            plan.execute(c, again);
            assertArrayEquals(out, again);
        }
    }
}
