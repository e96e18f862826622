package org.nufft4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nufft4j.NufftOptions;
import org.nufft4j.NufftPlan;
import org.nufft4j.NufftType;

/** The cache alone, without Spark: reuse, one plan per concurrent user, the LRU bound, closing. */
class PlanCacheTest {

    private static final NufftOptions OPTIONS = SparkNufft.defaultOptions();

    private static PlanCache.Key key(int n) {
        return new PlanCache.Key(NufftType.TYPE_1, new int[] {n}, -1, 1e-6, OPTIONS);
    }

    /** A closed plan refuses setPoints; an open one takes it. */
    private static boolean isOpen(NufftPlan plan) {
        try {
            plan.setPoints(new double[] {0.5});
            return true;
        } catch (IllegalStateException closed) {
            return false;
        }
    }

    @Test
    void aPlanGivenBackIsReusedAndConcurrentUsersGetTheirOwn() {
        var cache = new PlanCache(4);
        NufftPlan a = cache.acquire(key(8));
        NufftPlan b = cache.acquire(key(8)); // a is still in use
        assertNotSame(a, b);
        assertEquals(2, cache.creations());
        cache.release(key(8), a, true);
        cache.release(key(8), b, true);
        NufftPlan c = cache.acquire(key(8));
        assertSame(b, c, "the most recently given back plan comes first");
        cache.release(key(8), c, true);
        assertEquals(2, cache.creations());
        assertEquals(2, cache.size());
    }

    @Test
    void theLeastRecentlyUsedKeyIsClosedBeyondTheCapacity() {
        var cache = new PlanCache(2);
        NufftPlan p8 = cache.acquire(key(8));
        cache.release(key(8), p8, true);
        NufftPlan p9 = cache.acquire(key(9));
        cache.release(key(9), p9, true);
        cache.release(key(8), cache.acquire(key(8)), true); // 8 is now the most recent
        NufftPlan p10 = cache.acquire(key(10));
        cache.release(key(10), p10, true);
        assertEquals(1, cache.evictions());
        assertEquals(2, cache.size());
        assertEquals(false, isOpen(p9), "key 9 was the least recently used");
        assertEquals(true, isOpen(p8));
        assertEquals(true, isOpen(p10));
        assertEquals(3, cache.creations());
    }

    @Test
    void aPlanInUseIsClosedWhenGivenBackAfterTheCacheCloses() {
        var cache = new PlanCache(4);
        NufftPlan idle = cache.acquire(key(8));
        cache.release(key(8), idle, true);
        NufftPlan busy = cache.acquire(key(9));
        cache.close();
        assertEquals(false, isOpen(idle));
        assertEquals(true, isOpen(busy), "never closed under a running row");
        cache.release(key(9), busy, true);
        assertEquals(false, isOpen(busy));
        assertEquals(0, cache.size());
    }

    @Test
    void aPlanThatFailedOtherwiseThanByAnArgumentIsClosed() {
        var cache = new PlanCache(4);
        NufftPlan p = cache.acquire(key(8));
        cache.release(key(8), p, false);
        assertEquals(false, isOpen(p));
        assertEquals(0, cache.size());
    }

    @Test
    void aRowTheLibraryRejectsGivesItsPlanBackForReuse() {
        var cache = new PlanCache(4);
        double[][] points = {{0.1, 0.2, 0.3}};
        var e = assertThrows(IllegalArgumentException.class,
                () -> BatchFunction.run(cache, key(8), points, new double[4]));
        assertEquals("input.length = 4, expected 2 * M * batchSize = 6", e.getMessage());
        assertEquals(0, cache.inUse());
        assertEquals(1, cache.size());
        double[] out = BatchFunction.run(cache, key(8), points, new double[6]);
        assertEquals(16, out.length);
        assertEquals(1, cache.creations(), "the plan of the rejected row ran the next one");
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new PlanCache(0));
        assertEquals("nufft4j.spark.maxPlans must be >= 1, got 0", e.getMessage());
    }
}
