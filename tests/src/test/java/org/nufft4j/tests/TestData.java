package org.nufft4j.tests;

import java.util.SplittableRandom;

/** Random inputs for the tests (callers choose and print the seed). */
final class TestData {

    private TestData() {
    }

    /** n values uniform in [lo, hi). */
    static double[] uniform(SplittableRandom rnd, int n, double lo, double hi) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * rnd.nextDouble();
        }
        return a;
    }
}
