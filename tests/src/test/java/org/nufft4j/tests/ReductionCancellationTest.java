package org.nufft4j.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nufft4j.reduce.Formulas.constant;
import static org.nufft4j.reduce.Formulas.mul;
import static org.nufft4j.reduce.Formulas.pm;
import static org.nufft4j.reduce.Formulas.vi;
import static org.nufft4j.reduce.Formulas.vj;

import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nufft4j.parallel.Workers;
import org.nufft4j.reduce.Formula;
import org.nufft4j.reduce.Formulas;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.reduce.Reducer;
import org.nufft4j.simd.VectorReductions;

/**
 * Interrupting the thread that runs a long SIMD reduction stops it at the next block of rows
 * with {@link CancellationException}; the same workers then give the same bits.
 */
class ReductionCancellationTest {

    private static final long STOP_WITHIN_MS = 400;

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2})
    void interruptedReductionStopsSoonAndTheWorkersStayUsable(int threads) throws Exception {
        long seed = 515;
        int n = 12_000;
        int m = 60_000;
        int dim = 3;
        var rnd = new SplittableRandom(seed);
        double[] x = TestData.uniform(rnd, n * dim, 0, 1);
        double[] y = TestData.uniform(rnd, m * dim, 0, 1);
        double[] b = TestData.uniform(rnd, m, -1, 1);
        Formula f = mul(Formulas.exp(Formulas.neg(Formulas.div(Formulas.sqdist(vi(0, dim), vj(1, dim)),
                mul(constant(2.0), Formulas.square(pm(3, 1)))))), vj(2, 1));
        var reduction = KernelReduction.overJ(f, Reducer.SUM);
        var data = ReductionData.of(n, m, x, y, b, new double[] {0.3});
        var pool = Executors.newSingleThreadExecutor();
        try (var workers = new Workers(threads)) {
            // a small reduction first, so the generated classes exist before the timed runs
            VectorReductions.evaluate(reduction, ReductionData.of(4, 4, new double[12], new double[12],
                    new double[4], new double[] {0.3}), workers);
            long t0 = System.nanoTime();
            double[] expected = VectorReductions.evaluate(reduction, data, workers).values();
            long fullMs = (System.nanoTime() - t0) / 1_000_000;

            var thrown = new AtomicReference<Throwable>();
            var stoppedAt = new AtomicLong();
            var started = new CountDownLatch(1);
            var done = new CountDownLatch(1);
            var future = pool.submit(() -> {
                started.countDown();
                try {
                    VectorReductions.evaluate(reduction, data, workers);
                } catch (Throwable e) {
                    thrown.set(e);
                } finally {
                    stoppedAt.set(System.nanoTime());
                    Thread.interrupted();
                    done.countDown();
                }
            });
            started.await();
            Thread.sleep(Math.min(100, fullMs / 4));
            long interruptedAt = System.nanoTime();
            future.cancel(true);
            assertTrue(done.await(60, TimeUnit.SECONDS), "the reduction did not return");
            long stopMs = (stoppedAt.get() - interruptedAt) / 1_000_000;
            assertNotNull(thrown.get(), "seed " + seed + ": finished although interrupted (full run " + fullMs + " ms)");
            assertEquals(CancellationException.class, thrown.get().getClass(), String.valueOf(thrown.get()));
            assertTrue(stopMs <= STOP_WITHIN_MS, "stopped " + stopMs + " ms after the interrupt (full run "
                    + fullMs + " ms)");
            System.out.println("ReductionCancellationTest: threads=" + threads + " full reduction " + fullMs
                    + " ms, stopped " + stopMs + " ms after the interrupt");
            double[] again = pool.submit(() -> VectorReductions.evaluate(reduction, data, workers).values()).get();
            assertArrayEquals(expected, again, "seed " + seed);
        } finally {
            pool.shutdownNow();
        }
    }
}
