package org.nufft4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nufft4j.parallel.Workers;

/**
 * The ODE example's reverse-mode gradient against finite differences (N=1000, M=100, T=50).
 *
 * <p>The oracle is a Richardson-extrapolated central difference, {@code (4 D(h/2) - D(h)) / 3}
 * with h = 1e-3: over 50 steps, rounding noise in the loss swamps a plain central difference
 * at h = 1e-5 (measured: its estimate moves by 2e-3 relative between h = 1e-5 and 1e-6), while
 * the truncation error of the extrapolated one is O(h^4).
 */
class EulerOdeExampleTest {

    @Test
    void gradientWithRespectToY0MatchesFiniteDifferences() {
        int n = 1000;
        int m = 100;
        int dim = 2;
        long seed = 2026;
        var rnd = new SplittableRandom(seed);
        double[] x0 = new double[n * dim];
        double[] y0 = new double[m * dim];
        for (int q = 0; q < x0.length; q++) {
            x0[q] = 2 * rnd.nextDouble() - 1;
        }
        for (int q = 0; q < y0.length; q++) {
            y0[q] = 2 * rnd.nextDouble() - 1;
        }
        try (var workers = new Workers(2)) {
            var ode = new EulerOdeExample(n, m, dim, 50, 0.005, 0.5, workers);
            double[] g = ode.gradientY0(ode.run(x0, y0));
            for (int q : new int[] {0, 1, 37, 101, 150, 199}) {
                double fd = EulerOdeExample.richardson(ode, x0, y0, q, 1e-3);
                assertEquals(fd, g[q], 1e-6 * Math.max(1, Math.abs(fd)), "seed " + seed + " component " + q);
            }
        }
    }
}
