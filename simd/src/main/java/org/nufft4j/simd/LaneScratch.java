package org.nufft4j.simd;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The two lane buffers (and the gather offsets) one task of a vector FFT works in, and the pool that lends them to the
 * worker threads: a task takes a pair when it starts and gives it back when it ends, so there
 * are never more pairs than threads running at once, and after the first call nothing is
 * allocated (a pool slot is an array element, not a list node).
 *
 * <p>Template of {@code FloatLaneScratch} (core/src/build/FloatTwins.java).
 */
final class LaneScratch {

    final double[] a;
    final double[] b;
    /** L row offsets for {@link LaneCopy#gatherRows}. */
    final int[] index = new int[LaneFft.L];

    private LaneScratch(int length) {
        a = new double[length];
        b = new double[length];
    }

    /** Lends pairs of buffers of one length; safe for any number of threads. */
    static final class Pool {

        private final AtomicReferenceArray<LaneScratch> free;
        private final int length;

        /**
         * @param slots how many pairs are kept (the pool's thread count; more concurrent takers
         *     still work, their extra pairs are dropped when given back)
         * @param length doubles per buffer
         */
        Pool(int slots, int length) {
            this.free = new AtomicReferenceArray<>(Math.max(1, slots));
            this.length = length;
        }

        LaneScratch take() {
            for (int i = 0; i < free.length(); i++) {
                LaneScratch s = free.getAndSet(i, null);
                if (s != null) {
                    return s;
                }
            }
            return new LaneScratch(length);
        }

        void give(LaneScratch s) {
            for (int i = 0; i < free.length(); i++) {
                if (free.compareAndSet(i, null, s)) {
                    return;
                }
            }
        }
    }
}
