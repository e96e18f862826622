package org.nufft4j.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nufft4j.reduce.Formulas.vj;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The scalar interpreter stops on an interrupt of its thread, between output rows. */
class ScalarReductionsCancellationTest {

    private static final int D = 3;

    @Test
    void anInterruptDuringAReductionCancelsItWithinASecond() throws InterruptedException {
        long seed = 21;
        int n = 2000;
        int m = 200_000; // 4e8 pairs: far more than the 200 ms before the interrupt
        double[] x = ReductionTest.random(seed, n * D, 2);
        double[] y = ReductionTest.random(seed + 1, m * D, 2);
        double[] b = ReductionTest.random(seed + 2, m, 1);
        double[] s = {0.7};
        var r = KernelReduction.overJ(Formulas.mul(FormulaTest.gaussian(D), vj(2, 1)), Reducer.SUM);
        int rows = 3;
        var again = ReductionData.of(rows, m, Arrays.copyOf(x, rows * D), y, b, s);
        var thrown = new AtomicReference<Throwable>();
        var stillInterrupted = new AtomicBoolean();
        var caughtAt = new AtomicLong();
        var second = new AtomicReference<double[]>();
        var worker = new Thread(() -> {
            try {
                ScalarReductions.evaluate(r, ReductionData.of(n, m, x, y, b, s));
            } catch (Throwable t) {
                caughtAt.set(System.nanoTime());
                thrown.set(t);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
                Thread.interrupted(); // cleared: the same thread evaluates again
                second.set(ScalarReductions.evaluate(r, again).values());
            }
        });
        worker.start();
        Thread.sleep(200);
        long interruptedAt = System.nanoTime();
        worker.interrupt();
        worker.join(20_000);
        assertTrue(!worker.isAlive(), "seed " + seed + ": the reduction still runs 20 s after the interrupt");
        var e = assertInstanceOf(CancellationException.class, thrown.get(), "seed " + seed);
        assertTrue(e.getMessage().contains("reduction interrupted"), e.getMessage());
        double seconds = (caughtAt.get() - interruptedAt) * 1e-9;
        assertTrue(seconds <= 1.0, "seed " + seed + ": cancelled " + seconds + " s after the interrupt");
        assertTrue(stillInterrupted.get(), "the interrupt status stays set");

        // the next evaluation on that thread, its status cleared, is unaffected: three rows,
        // checked against plain loops
        double[] got = second.get();
        assertTrue(got != null, "seed " + seed + ": evaluated again");
        for (int i = 0; i < rows; i++) {
            double want = 0;
            for (int j = 0; j < m; j++) {
                want += Math.exp(-ReductionTest.sq(x, i, y, j, D) / (2 * s[0] * s[0])) * b[j];
            }
            assertEquals(want, got[i], 1e-12 * Math.max(1, Math.abs(want)), "seed " + seed + " row " + i);
        }
    }

    @Test
    void aThreadInterruptedBeforeTheCallIsCancelledAtTheFirstRowAndStaysInterrupted() {
        var r = KernelReduction.overJ(Formulas.sqdist(Formulas.vi(0, 1), vj(1, 1)), Reducer.SUM);
        var data = ReductionData.of(2, 2, new double[] {1, 2}, new double[] {3, 4});
        Thread.currentThread().interrupt();
        try {
            var e = assertThrows(CancellationException.class, () -> ScalarReductions.evaluate(r, data));
            assertTrue(e.getMessage().contains("reduction interrupted before output row 0 of 2"), e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status stays set");
        } finally {
            Thread.interrupted(); // leave the test thread as it was
        }
        double want = (1.0 - 3) * (1.0 - 3) + (1.0 - 4) * (1.0 - 4);
        assertEquals(want, ScalarReductions.evaluate(r, data).values()[0], "row 0 once the status is cleared");
    }
}
