package org.nufft4j;

import java.util.Objects;
import java.util.stream.IntStream;
import org.nufft4j.grid.Periodic;

/**
 * Exact O(N M) sums for types 1 and 2 in 1, 2 and 3 dimensions: the oracles of every test
 * and the runner's cross-check.
 *
 * <p>Points are first reduced into [-pi, pi) (accurately, see {@link Periodic}), so that
 * {@code k x} is formed from a small argument. Full sums advance {@code exp(isign i k x)} in k
 * by complex rotation, re-seeded from sin/cos every 32 modes (error a few ulps); the sampled
 * forms call sin and cos for every pair.
 *
 * <p>{@code points[d][j]} is coordinate d of point j; complex arrays are interleaved.
 */
public final class DirectSum {

    private static final int RESEED = 32;

    private DirectSum() {
    }

    /** All modes of a type 1 transform: {@code f_k = sum_j c_j exp(isign i k.x_j)}. */
    public static double[] type1(double[][] points, double[] strengths, int[] modes, int isign, ModeOrder order) {
        int m = check(points, modes, isign, order);
        requireLength(strengths, 2L * m, "strengths");
        int dim = modes.length;
        int total = product(modes);
        int m1 = modes[0];
        int m2 = dim > 1 ? modes[1] : 1;
        int m3 = dim > 2 ? modes[2] : 1;
        double[][] reduced = reduce(points);
        // accumulate in CMCL order, then place
        double[] acc = new double[2 * total];
        double[][] er = new double[dim][];
        double[][] ei = new double[dim][];
        for (int d = 0; d < dim; d++) {
            er[d] = new double[modes[d]];
            ei[d] = new double[modes[d]];
        }
        for (int j = 0; j < m; j++) {
            for (int d = 0; d < dim; d++) {
                phases(reduced[d][j], isign, modes[d], er[d], ei[d]);
            }
            double cr = strengths[2 * j];
            double ci = strengths[2 * j + 1];
            for (int i3 = 0; i3 < m3; i3++) {
                double ar = cr;
                double ai = ci;
                if (dim > 2) {
                    ar = cr * er[2][i3] - ci * ei[2][i3];
                    ai = cr * ei[2][i3] + ci * er[2][i3];
                }
                for (int i2 = 0; i2 < m2; i2++) {
                    double br = ar;
                    double bi = ai;
                    if (dim > 1) {
                        br = ar * er[1][i2] - ai * ei[1][i2];
                        bi = ar * ei[1][i2] + ai * er[1][i2];
                    }
                    int row = 2 * m1 * (i2 + m2 * i3);
                    double[] r1 = er[0];
                    double[] s1 = ei[0];
                    for (int i1 = 0; i1 < m1; i1++) {
                        acc[row + 2 * i1] += br * r1[i1] - bi * s1[i1];
                        acc[row + 2 * i1 + 1] += br * s1[i1] + bi * r1[i1];
                    }
                }
            }
        }
        return reorder(acc, modes, order);
    }

    /** All values of a type 2 transform: {@code c_j = sum_k f_k exp(isign i k.x_j)}. */
    public static double[] type2(double[][] points, double[] coefficients, int[] modes, int isign, ModeOrder order) {
        int m = check(points, modes, isign, order);
        requireLength(coefficients, 2L * product(modes), "coefficients");
        int[] all = IntStream.range(0, m).toArray();
        return type2At(points, coefficients, modes, isign, order, all);
    }

    /**
     * Type 2 values at the points {@code pointIndices} only; result {@code 2 * pointIndices.length}.
     */
    public static double[] type2At(double[][] points, double[] coefficients, int[] modes, int isign, ModeOrder order,
                                   int[] pointIndices) {
        int m = check(points, modes, isign, order);
        requireLength(coefficients, 2L * product(modes), "coefficients");
        checkIndices(pointIndices, m, "pointIndices", "point index");
        int dim = modes.length;
        double[] cmcl = toCmcl(coefficients, modes, order);
        int m1 = modes[0];
        int m2 = dim > 1 ? modes[1] : 1;
        int m3 = dim > 2 ? modes[2] : 1;
        double[] out = new double[2 * pointIndices.length];
        IntStream.range(0, pointIndices.length).parallel().forEach(q -> {
            int j = pointIndices[q];
            double[][] er = new double[dim][];
            double[][] ei = new double[dim][];
            for (int d = 0; d < dim; d++) {
                er[d] = new double[modes[d]];
                ei[d] = new double[modes[d]];
                phases(Periodic.toMinusPiPi(points[d][j]), isign, modes[d], er[d], ei[d]);
            }
            double sr = 0;
            double si = 0;
            for (int i3 = 0; i3 < m3; i3++) {
                double pr = 0;
                double pi = 0;
                for (int i2 = 0; i2 < m2; i2++) {
                    int row = 2 * m1 * (i2 + m2 * i3);
                    double rr = 0;
                    double ri = 0;
                    for (int i1 = 0; i1 < m1; i1++) {
                        double fr = cmcl[row + 2 * i1];
                        double fi = cmcl[row + 2 * i1 + 1];
                        rr += fr * er[0][i1] - fi * ei[0][i1];
                        ri += fr * ei[0][i1] + fi * er[0][i1];
                    }
                    if (dim > 1) {
                        pr += rr * er[1][i2] - ri * ei[1][i2];
                        pi += rr * ei[1][i2] + ri * er[1][i2];
                    } else {
                        pr += rr;
                        pi += ri;
                    }
                }
                if (dim > 2) {
                    sr += pr * er[2][i3] - pi * ei[2][i3];
                    si += pr * ei[2][i3] + pi * er[2][i3];
                } else {
                    sr += pr;
                    si += pi;
                }
            }
            out[2 * q] = sr;
            out[2 * q + 1] = si;
        });
        return out;
    }

    /**
     * Type 1 values at the flat mode-array positions {@code outputIndices} only (in the given
     * mode order); result {@code 2 * outputIndices.length}.
     */
    public static double[] type1At(double[][] points, double[] strengths, int[] modes, int isign, ModeOrder order,
                                   int[] outputIndices) {
        int m = check(points, modes, isign, order);
        requireLength(strengths, 2L * m, "strengths");
        checkIndices(outputIndices, product(modes), "outputIndices", "output index");
        int dim = modes.length;
        double[][] reduced = reduce(points);
        double[] out = new double[2 * outputIndices.length];
        IntStream.range(0, outputIndices.length).parallel().forEach(q -> {
            int[] k = modeOf(outputIndices[q], modes, order);
            double sr = 0;
            double si = 0;
            for (int j = 0; j < m; j++) {
                double arg = 0;
                for (int d = 0; d < dim; d++) {
                    arg += k[d] * reduced[d][j];
                }
                arg *= isign;
                double c = Math.cos(arg);
                double s = Math.sin(arg);
                double cr = strengths[2 * j];
                double ci = strengths[2 * j + 1];
                sr += cr * c - ci * s;
                si += cr * s + ci * c;
            }
            out[2 * q] = sr;
            out[2 * q + 1] = si;
        });
        return out;
    }

    /**
     * Type 1 with dipoles, all modes: {@code f_k = sum_j (c_j + isign i k.d_j) exp(isign i k.x_j)};
     * dipole component d of point j at {@code dipoles[2 (d M + j)]} (DESIGN.md §3). One sin and
     * cos per pair: for tests of modest size.
     */
    public static double[] type1Dipoles(double[][] points, double[] strengths, double[] dipoles, int[] modes,
                                        int isign, ModeOrder order) {
        check(points, modes, isign, order);
        return type1DipolesAt(points, strengths, dipoles, modes, isign, order,
                IntStream.range(0, product(modes)).toArray());
    }

    /** {@link #type1Dipoles} at the flat mode-array positions {@code outputIndices} only. */
    public static double[] type1DipolesAt(double[][] points, double[] strengths, double[] dipoles, int[] modes,
                                          int isign, ModeOrder order, int[] outputIndices) {
        int m = check(points, modes, isign, order);
        int dim = modes.length;
        requireLength(strengths, 2L * m, "strengths");
        requireLength(dipoles, 2L * m * dim, "dipoles");
        checkIndices(outputIndices, product(modes), "outputIndices", "output index");
        double[][] reduced = reduce(points);
        double[] out = new double[2 * outputIndices.length];
        IntStream.range(0, outputIndices.length).parallel().forEach(q -> {
            int[] k = modeOf(outputIndices[q], modes, order);
            double sr = 0;
            double si = 0;
            for (int j = 0; j < m; j++) {
                double arg = 0;
                double kdr = 0;
                double kdi = 0;
                for (int d = 0; d < dim; d++) {
                    arg += k[d] * reduced[d][j];
                    kdr += k[d] * dipoles[2 * (d * m + j)];
                    kdi += k[d] * dipoles[2 * (d * m + j) + 1];
                }
                arg *= isign;
                double c = Math.cos(arg);
                double s = Math.sin(arg);
                double ar = strengths[2 * j] - isign * kdi; // c + isign i (k.d)
                double ai = strengths[2 * j + 1] + isign * kdr;
                sr += ar * c - ai * s;
                si += ar * s + ai * c;
            }
            out[2 * q] = sr;
            out[2 * q + 1] = si;
        });
        return out;
    }

    /**
     * Type 2 with gradients, all points: {@code [0]} the values c_j (2M numbers), {@code [1]} the
     * gradients {@code g_j = sum_k isign i k f_k exp(isign i k.x_j)}, component d of point j at
     * {@code 2 (d M + j)}. One sin and cos per pair: for tests of modest size.
     */
    public static double[][] type2Gradient(double[][] points, double[] coefficients, int[] modes, int isign,
                                           ModeOrder order) {
        int m = check(points, modes, isign, order);
        return type2GradientAt(points, coefficients, modes, isign, order, IntStream.range(0, m).toArray());
    }

    /**
     * {@link #type2Gradient} at the points {@code pointIndices} only: {@code [0]} holds
     * {@code 2 S} values, {@code [1]} {@code 2 S dim} gradient numbers, component d of sample q
     * at {@code 2 (d S + q)} (S = pointIndices.length).
     */
    public static double[][] type2GradientAt(double[][] points, double[] coefficients, int[] modes, int isign,
                                             ModeOrder order, int[] pointIndices) {
        int m = check(points, modes, isign, order);
        int dim = modes.length;
        int total = product(modes);
        requireLength(coefficients, 2L * total, "coefficients");
        checkIndices(pointIndices, m, "pointIndices", "point index");
        int samples = pointIndices.length;
        int[][] k = new int[total][];
        for (int q = 0; q < total; q++) {
            k[q] = modeOf(q, modes, order);
        }
        double[] values = new double[2 * samples];
        double[] gradient = new double[2 * samples * dim];
        IntStream.range(0, samples).parallel().forEach(q -> {
            int j = pointIndices[q];
            double[] x = new double[dim];
            for (int d = 0; d < dim; d++) {
                x[d] = Periodic.toMinusPiPi(points[d][j]);
            }
            double sr = 0;
            double si = 0;
            double[] hr = new double[dim];
            double[] hi = new double[dim];
            for (int p = 0; p < total; p++) {
                double arg = 0;
                for (int d = 0; d < dim; d++) {
                    arg += k[p][d] * x[d];
                }
                arg *= isign;
                double c = Math.cos(arg);
                double s = Math.sin(arg);
                double tr = coefficients[2 * p] * c - coefficients[2 * p + 1] * s;
                double ti = coefficients[2 * p] * s + coefficients[2 * p + 1] * c;
                sr += tr;
                si += ti;
                for (int d = 0; d < dim; d++) {
                    hr[d] += k[p][d] * tr;
                    hi[d] += k[p][d] * ti;
                }
            }
            values[2 * q] = sr;
            values[2 * q + 1] = si;
            for (int d = 0; d < dim; d++) { // isign i h
                gradient[2 * (d * samples + q)] = -isign * hi[d];
                gradient[2 * (d * samples + q) + 1] = isign * hr[d];
            }
        });
        return new double[][] {values, gradient};
    }

    /** The integer mode (k_1, .., k_d) at flat position {@code index} of a mode array. */
    public static int[] modeOf(int index, int[] modes, ModeOrder order) {
        int[] k = new int[modes.length];
        int rest = index;
        for (int d = 0; d < modes.length; d++) {
            k[d] = order.mode(rest % modes[d], modes[d]);
            rest /= modes[d];
        }
        return k;
    }

    /** e^{isign i k x} for k = -N/2 .. (N-1)/2 (CMCL positions 0..N-1). */
    private static void phases(double x, int isign, int count, double[] re, double[] im) {
        int kmin = -(count / 2);
        double sr = Math.cos(x);
        double si = isign * Math.sin(x);
        double r = 0;
        double s = 0;
        for (int i = 0; i < count; i++) {
            if (i % RESEED == 0) {
                double a = isign * (double) (kmin + i) * x;
                r = Math.cos(a);
                s = Math.sin(a);
            }
            re[i] = r;
            im[i] = s;
            double nr = r * sr - s * si;
            s = r * si + s * sr;
            r = nr;
        }
    }

    private static double[][] reduce(double[][] points) {
        double[][] r = new double[points.length][];
        for (int d = 0; d < points.length; d++) {
            r[d] = new double[points[d].length];
            for (int j = 0; j < r[d].length; j++) {
                r[d][j] = Periodic.toMinusPiPi(points[d][j]);
            }
        }
        return r;
    }

    private static double[] reorder(double[] cmcl, int[] modes, ModeOrder order) {
        if (order == ModeOrder.CMCL) {
            return cmcl;
        }
        double[] out = new double[cmcl.length];
        int total = product(modes);
        for (int p = 0; p < total; p++) {
            int dst = flatIndex(modeOfCmcl(p, modes), modes, order);
            out[2 * dst] = cmcl[2 * p];
            out[2 * dst + 1] = cmcl[2 * p + 1];
        }
        return out;
    }

    private static double[] toCmcl(double[] f, int[] modes, ModeOrder order) {
        if (order == ModeOrder.CMCL) {
            return f;
        }
        double[] out = new double[f.length];
        int total = product(modes);
        for (int p = 0; p < total; p++) {
            int src = flatIndex(modeOfCmcl(p, modes), modes, order);
            out[2 * p] = f[2 * src];
            out[2 * p + 1] = f[2 * src + 1];
        }
        return out;
    }

    private static int[] modeOfCmcl(int p, int[] modes) {
        return modeOf(p, modes, ModeOrder.CMCL);
    }

    private static int flatIndex(int[] k, int[] modes, ModeOrder order) {
        int idx = 0;
        for (int d = modes.length - 1; d >= 0; d--) {
            idx = idx * modes[d] + order.index(k[d], modes[d]);
        }
        return idx;
    }

    private static int check(double[][] points, int[] modes, int isign, ModeOrder order) {
        Objects.requireNonNull(points, "points");
        Objects.requireNonNull(modes, "modes");
        Objects.requireNonNull(order, "order");
        if (modes.length < 1 || modes.length > 3) {
            throw new IllegalArgumentException("modes must have length 1, 2 or 3, got " + modes.length);
        }
        if (points.length != modes.length) {
            throw new IllegalArgumentException("points has " + points.length + " coordinate arrays but modes is "
                    + modes.length + "D");
        }
        for (int d = 0; d < modes.length; d++) {
            if (modes[d] < 1) {
                throw new IllegalArgumentException("modes[" + d + "] must be >= 1, got " + modes[d]);
            }
        }
        if (isign != 1 && isign != -1) {
            throw new IllegalArgumentException("isign must be +1 or -1, got " + isign);
        }
        int m = Objects.requireNonNull(points[0], "points[0]").length;
        for (int d = 0; d < points.length; d++) {
            double[] c = Objects.requireNonNull(points[d], "points[" + d + "]");
            if (c.length != m) {
                throw new IllegalArgumentException("points[" + d + "].length = " + c.length + ", expected " + m);
            }
            for (int j = 0; j < m; j++) {
                if (!Double.isFinite(c[j])) {
                    throw new IllegalArgumentException("points[" + d + "][" + j + "] = " + c[j] + " is not finite");
                }
            }
        }
        return m;
    }

    private static void checkIndices(int[] indices, int bound, String name, String what) {
        Objects.requireNonNull(indices, name);
        for (int i : indices) {
            if (i < 0 || i >= bound) {
                throw new IllegalArgumentException(what + " " + i + " outside [0, " + bound + ")");
            }
        }
    }

    private static void requireLength(double[] a, long expected, String name) {
        Objects.requireNonNull(a, name);
        if (a.length != expected) {
            throw new IllegalArgumentException(name + ".length = " + a.length + ", expected " + expected);
        }
    }

    private static int product(int[] modes) {
        long p = 1;
        for (int v : modes) {
            p *= v;
        }
        if (p > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("too many modes for a direct sum: " + p);
        }
        return (int) p;
    }
}
