package org.nufft4j.bench.jmh;

import java.util.SplittableRandom;
import org.nufft4j.NufftPlan;

/** Uniformly random points in [-pi, pi)^dim, the input of every transform benchmark. */
final class BenchPoints {

    private BenchPoints() {
    }

    static double[][] uniform(SplittableRandom rnd, int dim, int count) {
        double[][] x = new double[dim][count];
        for (double[] row : x) {
            for (int j = 0; j < count; j++) {
                row[j] = Math.PI * (2 * rnd.nextDouble() - 1);
            }
        }
        return x;
    }

    static void set(NufftPlan plan, double[][] x) {
        switch (x.length) {
            case 1 -> plan.setPoints(x[0]);
            case 2 -> plan.setPoints(x[0], x[1]);
            default -> plan.setPoints(x[0], x[1], x[2]);
        }
    }
}
