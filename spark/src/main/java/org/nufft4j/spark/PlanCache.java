package org.nufft4j.spark;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nufft4j.NufftOptions;
import org.nufft4j.NufftPlan;
import org.nufft4j.NufftType;

/**
 * The plans of one JVM (an executor, or the driver in local mode), kept between rows and tasks
 * and keyed by (type, modes or the TYPE_3 dimension, isign, tol, options, and the broadcast of
 * shared points for plans that keep them). Plans are not serializable, so each executor
 * makes its own; this cache makes each of them once.
 *
 * <p>A task takes a plan for the whole of one row and gives it back: a plan is never used by
 * two tasks at once, so concurrent tasks of one shape each get their own (a JVM holds at most
 * as many plans of a key as it ran tasks of that key at the same time) and run in parallel.
 *
 * <p>Closing: the cache keeps at most {@link #capacity()} plans (system property
 * {@value #CAPACITY_PROPERTY}, default {@value #DEFAULT_CAPACITY}; on a cluster set it with
 * {@code spark.executor.extraJavaOptions}). When a plan comes back and the cache holds more,
 * idle plans of the least recently used keys are closed. A shutdown hook closes the idle plans
 * when the JVM exits (an executor exits through {@code System.exit}); a plan in use then is
 * closed when its row gives it back. Plans in use are never closed under a running row.
 */
public final class PlanCache {

    /** The system property that sets the capacity of the JVM's cache. */
    public static final String CAPACITY_PROPERTY = "nufft4j.spark.maxPlans";

    /** The capacity without the property. */
    public static final int DEFAULT_CAPACITY = 16;

    private static final class Holder {
        static final PlanCache JVM = create();

        private static PlanCache create() {
            var cache = new PlanCache(Integer.getInteger(CAPACITY_PROPERTY, DEFAULT_CAPACITY));
            Runtime.getRuntime().addShutdownHook(new Thread(cache::close, "nufft4j-spark-plan-cache"));
            return cache;
        }
    }

    /**
     * What plans are made for: the plan's arguments (modes as a list, for equals; empty for
     * TYPE_3, whose plans have a dimension only) and, for plans that keep points shared by many
     * rows, the ids of the broadcasts those points came from (the points, and a TYPE_3 plan's
     * targets; {@link #NO_POINTS} otherwise).
     */
    record Key(NufftType type, int dimension, List<Integer> modes, int isign, double tol, NufftOptions options,
               long pointsId, long targetsId) implements java.io.Serializable {

        /** The pointsId (and targetsId) of plans whose rows bring their own points. */
        static final long NO_POINTS = -1;

        Key(NufftType type, int[] modes, int isign, double tol, NufftOptions options) {
            this(type, modes.length, Arrays.stream(modes).boxed().toList(), isign, tol, options, NO_POINTS,
                    NO_POINTS);
        }

        static Key type3(int dimension, int isign, double tol, NufftOptions options) {
            return new Key(NufftType.TYPE_3, dimension, List.of(), isign, tol, options, NO_POINTS, NO_POINTS);
        }

        /** This key for plans that hold the points of broadcast {@code id}. */
        Key withPoints(long id) {
            return withPoints(id, NO_POINTS);
        }

        /** This key for TYPE_3 plans that hold the sources and targets of these broadcasts. */
        Key withPoints(long sourcesId, long targetsId) {
            return new Key(type, dimension, modes, isign, tol, options, sourcesId, targetsId);
        }

        int[] modeArray() {
            return modes.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    private final int capacity;
    /** Idle plans per key, keys in access order (least recently used first). */
    private final LinkedHashMap<Key, ArrayDeque<NufftPlan>> idle = new LinkedHashMap<>(16, 0.75f, true);
    private int idleCount;
    private int inUse;
    private long creations;
    private long preparations;
    private long evictions;
    private long discards;
    private boolean closed;

    PlanCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException(CAPACITY_PROPERTY + " must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    static PlanCache jvm() {
        return Holder.JVM;
    }

    /**
     * An idle plan of {@code key}, or a new one (made outside the cache's lock, so that other
     * tasks are not held up). The caller owns it until {@link #release}.
     *
     * @throws IllegalArgumentException as {@link NufftPlan#create} for a key it refuses
     */
    NufftPlan acquire(Key key) {
        return acquire(key, null);
    }

    /**
     * {@link #acquire(Key)}, running {@code prepare} on a new plan before lending it (the
     * {@code setPoints} of shared points: an idle plan of a key with points has them already).
     * When {@code prepare} throws, the new plan is closed and the exception goes to the caller.
     *
     * @throws IllegalArgumentException as {@link NufftPlan#create} for a key it refuses, or as
     *     {@code prepare}
     */
    NufftPlan acquire(Key key, java.util.function.Consumer<NufftPlan> prepare) {
        synchronized (this) {
            ArrayDeque<NufftPlan> plans = idle.get(key);
            if (plans != null && !plans.isEmpty()) {
                idleCount--;
                inUse++;
                return plans.pop();
            }
        }
        NufftPlan plan = key.type() == NufftType.TYPE_3
                ? NufftPlan.createType3(key.dimension(), key.isign(), key.tol(), key.options())
                : NufftPlan.create(key.type(), key.modeArray(), key.isign(), key.tol(), key.options());
        if (prepare != null) {
            try {
                prepare.accept(plan);
            } catch (RuntimeException | Error e) {
                plan.close();
                throw e;
            }
        }
        synchronized (this) {
            creations++;
            if (prepare != null) {
                preparations++;
            }
            inUse++;
        }
        return plan;
    }

    /**
     * Gives a plan back: kept for the next row of its key, or closed when {@code reusable} is
     * false (the row ended in something other than a rejected argument) or the cache is closed;
     * idle plans beyond the capacity are closed, least recently used keys first.
     */
    void release(Key key, NufftPlan plan, boolean reusable) {
        List<NufftPlan> toClose = new ArrayList<>();
        synchronized (this) {
            inUse--;
            if (closed || !reusable) {
                toClose.add(plan);
                if (!reusable) {
                    discards++;
                }
            } else {
                idle.computeIfAbsent(key, k -> new ArrayDeque<>()).push(plan);
                idleCount++;
                Iterator<Map.Entry<Key, ArrayDeque<NufftPlan>>> lru = idle.entrySet().iterator();
                while (idleCount + inUse > capacity && lru.hasNext()) {
                    ArrayDeque<NufftPlan> plans = lru.next().getValue();
                    while (!plans.isEmpty() && idleCount + inUse > capacity) {
                        toClose.add(plans.removeLast());
                        idleCount--;
                        evictions++;
                    }
                    if (plans.isEmpty()) {
                        lru.remove();
                    }
                }
            }
        }
        toClose.forEach(NufftPlan::close); // outside the lock: a close may wait for nothing, but never for us
    }

    /**
     * Closes the idle plans (their memory goes); plans in use stay open, and the cache keeps
     * caching.
     */
    public void clear() {
        closeIdle(false);
    }

    /**
     * Closes the idle plans and every plan given back from now on (the shutdown hook's work).
     * Rows that still run afterwards make plans that are closed when given back.
     */
    public void close() {
        closeIdle(true);
    }

    private void closeIdle(boolean andClose) {
        List<NufftPlan> toClose = new ArrayList<>();
        synchronized (this) {
            closed |= andClose;
            idle.values().forEach(toClose::addAll);
            idle.clear();
            idleCount = 0;
        }
        toClose.forEach(NufftPlan::close);
    }

    /** Plans taken and not given back. */
    synchronized int inUse() {
        return inUse;
    }

    /**
     * How many plans this cache has made since the JVM started (for tests and monitoring: a
     * batch of R rows of K shapes on T concurrent tasks makes at most K T, not R).
     *
     * @return the number of plans created
     */
    public synchronized long creations() {
        return creations;
    }

    /**
     * How many new plans were prepared before their first use: with shared points, the number of
     * {@code setPoints} calls this JVM made for them (one per plan of a (key, broadcast)).
     *
     * @return the number of plans prepared
     */
    public synchronized long preparations() {
        return preparations;
    }

    /**
     * How many plans were closed when given back because their row ended otherwise than by a
     * rejected argument (an interrupt of a killed task, an error): never reused.
     *
     * @return the number of plans discarded
     */
    public synchronized long discards() {
        return discards;
    }

    /**
     * How many idle plans were closed to keep the cache within its capacity.
     *
     * @return the number of plans evicted
     */
    public synchronized long evictions() {
        return evictions;
    }

    /**
     * The plans held: idle ones plus those rows are using now.
     *
     * @return the number of open plans of this cache
     */
    public synchronized int size() {
        return idleCount + inUse;
    }

    /**
     * The most plans kept (rows in use may exceed it briefly: their plans are closed when given
     * back).
     *
     * @return the capacity
     */
    public int capacity() {
        return capacity;
    }

    @Override
    public synchronized String toString() {
        return "PlanCache[capacity " + capacity + ", idle " + idleCount + ", in use " + inUse + ", created "
                + creations + ", prepared " + preparations + ", evicted " + evictions + ", discarded " + discards + (closed ? ", closed" : "") + "]";
    }
}
