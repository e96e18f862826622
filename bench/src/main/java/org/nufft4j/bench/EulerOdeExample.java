package org.nufft4j.bench;

import static org.nufft4j.reduce.Formulas.constant;
import static org.nufft4j.reduce.Formulas.mul;
import static org.nufft4j.reduce.Formulas.vi;
import static org.nufft4j.reduce.Formulas.vj;

import org.nufft4j.parallel.Workers;
import org.nufft4j.reduce.Backprop;
import org.nufft4j.reduce.Formula;
import org.nufft4j.reduce.Formulas;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.reduce.Reducer;
import org.nufft4j.simd.VectorReductions;

/**
 * Issue 5's ODE example: explicit Euler steps
 * <pre>
 *   Y(t+1)   = Y(t) + eps G(Y(t)),                     G(y) = -y + 0.5 sin(y) componentwise
 *   X_n(t+1) = X_n(t) + eps sum_m F(X_n(t), Y_m(t)),   F(x, y) = exp(-|x - y|^2 / (2 s^2)) (y - x)
 * </pre>
 * with the loss {@code L = (1/N) sum_{t=1..T} sum_n |X_n(t)|^2}, and dL/dY(0) by reverse mode.
 * The X_n interact only through the reduction over m, so every backward step is two
 * reductions of the same kind as the forward one (docs/design.md, Kernel reductions): the adjoint of X through a
 * reduction over j, the adjoint of Y through a reduction over i. Cost O(T N M), no Jacobian.
 *
 * <p>Points are row-major: X is N x D, Y is M x D.
 *
 * <p>Step size: the X update is explicit Euler with an effective rate up to {@code eps M}
 * (all Y near a particle), so it is stable only for {@code eps M} below about 1. With eps = 0.05
 * and M = 100 the trajectory overshoots by a factor ~4 a step once the Y cluster, rounding is
 * amplified, and no finite difference of the loss is meaningful (measured: a 1e-13 change of
 * Y0 moved L by 5e-9 at T = 50). The runner and the test use eps = 0.005.
 */
public final class EulerOdeExample {

    private final int n;
    private final int m;
    private final int dim;
    private final int steps;
    private final double eps;
    private final Workers workers;
    private final KernelReduction forward;
    private final KernelReduction adjointX;
    private final KernelReduction adjointY;

    public EulerOdeExample(int n, int m, int dim, int steps, double eps, double sigma, Workers workers) {
        this.n = n;
        this.m = m;
        this.dim = dim;
        this.steps = steps;
        this.eps = eps;
        this.workers = workers;
        Formula x = vi(0, dim);
        Formula y = vj(1, dim);
        Formula k = Formulas.exp(Formulas.neg(mul(constant(0.5 / (sigma * sigma)), Formulas.sqdist(x, y))));
        Formula f = mul(k, Formulas.sub(y, x));
        this.forward = KernelReduction.overJ(f, Reducer.SUM);
        // the incoming adjoint of X(t+1) is bound at data index 2
        this.adjointX = Backprop.gradient(forward, x, 2, 3);
        this.adjointY = Backprop.gradient(forward, y, 2, 3);
    }

    /** The trajectory: X(0..T) and Y(0..T), each row-major. */
    public record Trajectory(double[][] x, double[][] y, double loss) {
    }

    public Trajectory run(double[] x0, double[] y0) {
        double[][] xs = new double[steps + 1][];
        double[][] ys = new double[steps + 1][];
        xs[0] = x0.clone();
        ys[0] = y0.clone();
        double loss = 0;
        for (int t = 0; t < steps; t++) {
            double[] a = VectorReductions.evaluate(forward, ReductionData.of(n, m, xs[t], ys[t]), workers).values();
            double[] xn = xs[t].clone();
            for (int q = 0; q < xn.length; q++) {
                xn[q] += eps * a[q];
            }
            double[] yn = ys[t].clone();
            for (int q = 0; q < yn.length; q++) {
                yn[q] += eps * (-yn[q] + 0.5 * Math.sin(yn[q]));
            }
            xs[t + 1] = xn;
            ys[t + 1] = yn;
            for (double v : xn) {
                loss += v * v / n;
            }
        }
        return new Trajectory(xs, ys, loss);
    }

    /**
     * dL/dY0[q] by the Richardson-extrapolated central difference {@code (4 D(h/2) - D(h)) / 3}
     * (truncation O(h^4)), the oracle of {@link #gradientY0}.
     */
    public static double richardson(EulerOdeExample ode, double[] x0, double[] y0, int q, double h) {
        double keep = y0[q];
        double[] d = new double[2];
        for (int s = 0; s < 2; s++) {
            double step = s == 0 ? h : h / 2;
            y0[q] = keep + step;
            double lp = ode.run(x0, y0).loss();
            y0[q] = keep - step;
            double lm = ode.run(x0, y0).loss();
            d[s] = (lp - lm) / (2 * step);
        }
        y0[q] = keep;
        return (4 * d[1] - d[0]) / 3;
    }

    /** dL/dY(0), by reverse mode over a trajectory from {@link #run}. */
    public double[] gradientY0(Trajectory tr) {
        double[] xBar = new double[n * dim];
        double[] yBar = new double[m * dim];
        for (int t = steps - 1; t >= 0; t--) {
            // the loss term of X(t+1)
            double[] x1 = tr.x()[t + 1];
            for (int q = 0; q < xBar.length; q++) {
                xBar[q] += 2 * x1[q] / n;
            }
            var data = ReductionData.of(n, m, tr.x()[t], tr.y()[t], xBar);
            double[] gx = VectorReductions.evaluate(adjointX, data, workers).values();
            double[] gy = VectorReductions.evaluate(adjointY, data, workers).values();
            double[] y = tr.y()[t];
            double[] newX = xBar.clone();
            for (int q = 0; q < newX.length; q++) {
                newX[q] += eps * gx[q];
            }
            double[] newY = new double[yBar.length];
            for (int q = 0; q < newY.length; q++) {
                double dg = -1 + 0.5 * Math.cos(y[q]);
                newY[q] = yBar[q] * (1 + eps * dg) + eps * gy[q];
            }
            xBar = newX;
            yBar = newY;
        }
        return yBar;
    }
}
