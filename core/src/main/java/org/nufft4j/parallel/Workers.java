package org.nufft4j.parallel;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * The threads of one plan: a private {@link ForkJoinPool}, or the calling thread alone when
 * one thread is asked for. {@link #forEach} runs a body for every index of a range, split by
 * work stealing down to single indices, so uneven tiles balance themselves.
 *
 * <p>Cancellation: when the thread that called {@code forEach} is interrupted, no further body
 * starts (bodies already running finish, so nothing runs after {@code forEach} returns), and
 * {@code forEach} throws {@link CancellationException} in the caller with the caller's
 * interrupt status set. The check is one volatile read per index (one read of the caller's
 * interrupt flag on one thread); indices are tiles, line blocks or row blocks, never single
 * points or pairs, so it costs nothing measurable and bounds the time to stop by the longest
 * single body.
 */
public final class Workers implements AutoCloseable {

    private final int threads;
    private final ForkJoinPool pool;
    /** The stop flag of the forEach whose body this thread is running (pool threads only). */
    private static final ThreadLocal<Stop> RUNNING = new ThreadLocal<>();

    /**
     * Makes the workers of one plan.
     *
     * @param threads the number of threads; 1 runs every body on the calling thread and starts no
     *     pool, more starts a private {@link ForkJoinPool} of that parallelism
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public Workers(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads);
    }

    /**
     * The number of threads given at construction.
     *
     * @return the parallelism, at least 1
     */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code body.accept(i)} for i = 0..count-1, in parallel when there are threads, and
     * returns once every body has finished. Bodies run in no particular order.
     *
     * @param count the number of indices; nothing runs when it is 0 or negative
     * @param body the work for one index; it must be safe to run concurrently for distinct
     *     indices. A {@link RuntimeException} or {@link Error} it throws is rethrown in the caller
     * @throws CancellationException if the calling thread is interrupted before every body has
     *     started; the bodies not started are skipped and the interrupt status stays set
     */
    public void forEach(int count, IntConsumer body) {
        if (count <= 0) {
            return;
        }
        Thread caller = Thread.currentThread();
        if (pool == null || count == 1) {
            for (int i = 0; i < count; i++) {
                if (caller.isInterrupted()) {
                    throw cancelled();
                }
                body.accept(i);
            }
            if (caller.isInterrupted()) { // the last body may have returned early (stopRequested)
                throw cancelled();
            }
            return;
        }
        if (caller.isInterrupted()) {
            throw cancelled();
        }
        // The caller waits interruptibly (ForkJoinTask.invoke would hide the interrupt from the
        // workers until the whole range had run), then waits for the bodies already running.
        var stop = new Stop();
        ForkJoinTask<Void> task = pool.submit(new Range(body, 0, count, stop));
        try {
            task.get();
        } catch (InterruptedException e) {
            stop.requested = true;
            task.quietlyJoin();
            Thread.currentThread().interrupt();
            throw cancelled();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /**
     * For a long body (one tile of a dense cluster): true once the running {@code forEach} has
     * been asked to stop, so the body may return early. Its partial work is then never used:
     * that {@code forEach} throws {@link CancellationException}. Called between sub-bins, never
     * per point.
     *
     * @return whether the {@code forEach} running this body was cancelled; outside a pool body,
     *     whether the current thread is interrupted
     */
    public static boolean stopRequested() {
        Stop stop = RUNNING.get();
        return stop != null ? stop.requested : Thread.currentThread().isInterrupted();
    }

    private static CancellationException cancelled() {
        return new CancellationException("interrupted: the computation was abandoned (the thread's interrupt status"
                + " stays set)");
    }

    /** Shuts the pool down without waiting: bodies already submitted finish, no new ones start. */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    /** Set once the caller was interrupted: no body starts after that. */
    private static final class Stop {
        volatile boolean requested;
    }

    private static final class Range extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient IntConsumer body;
        private final int from;
        private final int to;
        private final transient Stop stop;

        Range(IntConsumer body, int from, int to, Stop stop) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.stop = stop;
        }

        @Override
        protected void compute() {
            if (stop.requested) {
                return;
            }
            if (to - from == 1) {
                RUNNING.set(stop);
                try {
                    body.accept(from);
                } finally {
                    RUNNING.remove();
                }
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Range(body, from, mid, stop), new Range(body, mid, to, stop));
        }
    }
}
