package org.nufft4j;

import java.util.SplittableRandom;

/** Seeded random inputs and error measures shared by the tests. */
final class TestData {

    private TestData() {
    }

    /** dim coordinate arrays of m points uniform in [lo, hi). */
    static double[][] points(long seed, int dim, int m, double lo, double hi) {
        var rnd = new SplittableRandom(seed);
        double[][] p = new double[dim][m];
        for (int d = 0; d < dim; d++) {
            for (int j = 0; j < m; j++) {
                p[d][j] = lo + (hi - lo) * rnd.nextDouble();
            }
        }
        return p;
    }

    /** Interleaved complex values with parts uniform in [-1, 1). */
    static double[] complex(long seed, int count) {
        var rnd = new SplittableRandom(seed);
        double[] a = new double[2 * count];
        for (int i = 0; i < a.length; i++) {
            a[i] = 2 * rnd.nextDouble() - 1;
        }
        return a;
    }

    /** ||a - b||_2 / ||b||_2 over the whole vectors. */
    static double relativeError(double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            num += d * d;
            den += b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }

    /**
     * The plain transforms' error measure for any points (README, Conventions, "Tolerance"):
     * {@code ||got - exact||_2 / max(||exact||_2, sqrt(n) ||input||_2)}, n the number of complex
     * outputs. {@code sqrt(n) ||input||_2} is the output's typical norm (for points independent
     * and uniform over the period, E|f_k|^2 = ||c||^2 in type 1 and E|c_j|^2 = ||f||^2 in type 2);
     * where the exact output is at least that large, this is the relative l2 error.
     */
    static double promiseError(double[] got, double[] exact, double[] input) {
        double num = 0;
        for (int i = 0; i < got.length; i++) {
            num += (got[i] - exact[i]) * (got[i] - exact[i]);
        }
        return Math.sqrt(num / Math.max(squaredNorm(exact), exact.length / 2.0 * squaredNorm(input)));
    }

    static double squaredNorm(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return s;
    }

    static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    static int product(int[] modes) {
        int p = 1;
        for (int v : modes) {
            p *= v;
        }
        return p;
    }

    static void setPoints(NufftPlan plan, double[][] p) {
        switch (p.length) {
            case 1 -> plan.setPoints(p[0]);
            case 2 -> plan.setPoints(p[0], p[1]);
            default -> plan.setPoints(p[0], p[1], p[2]);
        }
    }

    static void setPoints(NufftGradients g, double[][] p) {
        switch (p.length) {
            case 1 -> g.setPoints(p[0]);
            case 2 -> g.setPoints(p[0], p[1]);
            default -> g.setPoints(p[0], p[1], p[2]);
        }
    }
}
