package org.nufft4j;

import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Exact O(N M) sums for types 1 and 2 in 1, 2 and 3 dimensions: the oracles of every test
 * and the runner's cross-check.
 *
 * <p>Phases are exact up to the final cos and sin ({@link ExactPhase}, which shares no code
 * with the transforms): each point is reduced modulo 2 pi into a double-double in [-pi, pi),
 * exactly for every finite double; {@code k.x} is formed from the reduced points in
 * double-double, reduced again, and exp taken with the low part's first-order correction.
 * The full sums ({@link #type1}, {@link #type2}) build {@code exp(isign i k x)} per dimension
 * as a giant step {@code exp(i (kmin + bB) x)} times a baby step {@code exp(i n x)}, n &lt; B =
 * ceil(sqrt N), both exact phases: one complex product per mode and 2 sqrt N cis per point,
 * error at most 3.6e-16 whatever N (a rotation recurrence re-seeded exactly every 32 modes
 * drifts to 2.9e-15, measured at N = 1000 and 20000). The sampled and gradient forms take
 * one exact phase per pair, so the two kinds check each other. Every sum is compensated
 * (two-sums), so its error does not grow with M or N either.
 *
 * <p>Accuracy, measured against a BigDecimal / double-double reference with its own pi
 * (DirectSumAccuracyTest): a single exp(i k.x) within 1.1e-16 per component (sampled forms)
 * or 3.3e-16 (tables, 2D), also for points up to +-Double.MAX_VALUE; relative l2 error of
 * whole outputs 0.8e-16 .. 1.9e-16, 1 to 2 units of roundoff (2^-53 = 1.1e-16), with no
 * factor growing in N or M (N up to 20000 and 200 x 200, M up to 1000). The former oracle
 * (double k x of points reduced by the transforms' own two-term reduction, plain sums) was off
 * by 7e-14 at N = 1000, 1.5e-12 at N = 20000, and by O(1) at |x| = 1e50.
 *
 * <p>Cost against the former oracle (one thread): the sampled forms 34 ns per pair instead of
 * 20 (1.7x); {@link #type2At} 5x, being per pair now instead of from tables; the full sums 1.1x
 * (1D) to 2.5x (2D), the compensated accumulation.
 *
 * <p>{@code points[d][j]} is coordinate d of point j; complex arrays are interleaved.
 */
public final class DirectSum {

    /** Largest array length the JVM allocates reliably. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private DirectSum() {
    }

    /**
     * All modes of a type 1 transform: {@code f_k = sum_j c_j exp(isign i k.x_j)} for
     * {@code -N_d/2 <= k_d <= (N_d-1)/2}, from exact per-dimension phase tables.
     *
     * @param points {@code modes.length} arrays of the M point coordinates, {@code points[d][j]}
     *     coordinate d of point j: radians, any finite doubles, read 2 pi-periodically
     * @param strengths the M strengths c_j, {@code 2 M} doubles interleaved (re, im)
     * @param modes N_1 (, N_2 (, N_3)), each at least 1: the dimension d is {@code modes.length}
     * @param isign +1 or -1, the sign in the exponential
     * @param order the order of the modes in the mode arrays
     * @return the modes f_k, {@code 2 N_1 N_2 N_3} doubles interleaved, dimension 1 fastest,
     *     in {@code order}
     * @throws IllegalArgumentException if {@code modes} has not 1 to 3 entries or one below 1,
     *     {@code points} has not {@code modes.length} arrays of one length, a coordinate is not
     *     finite, {@code isign} is not +1 or -1, an array has the wrong length, or the result would
     *     not fit one Java array
     * @throws NullPointerException if an array or {@code order} is null
     */
    public static double[] type1(double[][] points, double[] strengths, int[] modes, int isign, ModeOrder order) {
        int m = check(points, modes, isign, order);
        requireLength(strengths, 2L * m, "strengths");
        int dim = modes.length;
        int total = product(modes);
        int m1 = modes[0];
        int m2 = dim > 1 ? modes[1] : 1;
        int m3 = dim > 2 ? modes[2] : 1;
        Reduced x = reduce(points);
        // accumulate in CMCL order, then place
        double[] acc = complexArray(total, "modes");
        double[] err = new double[acc.length]; // acc + err is the compensated sum
        ModePhases[] e = new ModePhases[dim];
        for (int d = 0; d < dim; d++) {
            e[d] = new ModePhases(modes[d]);
        }
        for (int j = 0; j < m; j++) {
            for (int d = 0; d < dim; d++) {
                e[d].fill(x.hi[d][j], x.lo[d][j], isign);
            }
            double cr = strengths[2 * j];
            double ci = strengths[2 * j + 1];
            for (int i3 = 0; i3 < m3; i3++) {
                double ar = cr;
                double ai = ci;
                if (dim > 2) {
                    ar = cr * e[2].re[i3] - ci * e[2].im[i3];
                    ai = cr * e[2].im[i3] + ci * e[2].re[i3];
                }
                for (int i2 = 0; i2 < m2; i2++) {
                    double br = ar;
                    double bi = ai;
                    if (dim > 1) {
                        br = ar * e[1].re[i2] - ai * e[1].im[i2];
                        bi = ar * e[1].im[i2] + ai * e[1].re[i2];
                    }
                    int row = 2 * m1 * (i2 + m2 * i3);
                    double[] r1 = e[0].re;
                    double[] s1 = e[0].im;
                    for (int i1 = 0; i1 < m1; i1++) {
                        int p = row + 2 * i1;
                        double vr = br * r1[i1] - bi * s1[i1];
                        double vi = br * s1[i1] + bi * r1[i1];
                        double t = acc[p] + vr; // two-sums
                        double z = t - acc[p];
                        err[p] += (acc[p] - (t - z)) + (vr - z);
                        acc[p] = t;
                        t = acc[p + 1] + vi;
                        z = t - acc[p + 1];
                        err[p + 1] += (acc[p + 1] - (t - z)) + (vi - z);
                        acc[p + 1] = t;
                    }
                }
            }
        }
        for (int p = 0; p < acc.length; p++) {
            acc[p] += err[p];
        }
        return reorder(acc, modes, order);
    }

    /**
     * All values of a type 2 transform: {@code c_j = sum_k f_k exp(isign i k.x_j)}, from exact
     * per-dimension tables (one product per mode).
     *
     * @param points {@code modes.length} arrays of the M point coordinates, {@code points[d][j]}
     *     coordinate d of point j: radians, any finite doubles, read 2 pi-periodically
     * @param coefficients the modes f_k, {@code 2 N_1 N_2 N_3} doubles interleaved, dimension 1
     *     fastest, in {@code order}
     * @param modes N_1 (, N_2 (, N_3)), each at least 1: the dimension d is {@code modes.length}
     * @param isign +1 or -1, the sign in the exponential
     * @param order the order of the modes in the mode arrays
     * @return the values c_j, {@code 2 M} doubles interleaved
     * @throws IllegalArgumentException if {@code modes} has not 1 to 3 entries or one below 1,
     *     {@code points} has not {@code modes.length} arrays of one length, a coordinate is not
     *     finite, {@code isign} is not +1 or -1, an array has the wrong length, or the result would
     *     not fit one Java array
     * @throws NullPointerException if an array or {@code order} is null
     */
    public static double[] type2(double[][] points, double[] coefficients, int[] modes, int isign, ModeOrder order) {
        check(points, modes, isign, order);
        requireLength(coefficients, 2L * product(modes), "coefficients");
        return type2Tables(points, toCmcl(coefficients, modes, order), modes, isign);
    }

    /**
     * Type 2 values at the points {@code pointIndices} only; result {@code 2 * pointIndices.length}.
     * One exact phase per pair (not {@link #type2}'s tables: the two paths check each other).
     *
     * @param points {@code modes.length} arrays of the M point coordinates, {@code points[d][j]}
     *     coordinate d of point j: radians, any finite doubles, read 2 pi-periodically
     * @param coefficients the modes f_k, {@code 2 N_1 N_2 N_3} doubles interleaved, dimension 1
     *     fastest, in {@code order}
     * @param modes N_1 (, N_2 (, N_3)), each at least 1: the dimension d is {@code modes.length}
     * @param isign +1 or -1, the sign in the exponential
     * @param order the order of the modes in the mode arrays
     * @param pointIndices the indices j of the points to evaluate at, each in [0, M); repeats allowed
     * @return the values, {@code 2 S} doubles interleaved (S indices): entry q is c_j at
     *     {@code j = pointIndices[q]}
     * @throws IllegalArgumentException if {@code modes} has not 1 to 3 entries or one below 1,
     *     {@code points} has not {@code modes.length} arrays of one length, a coordinate is not
     *     finite, {@code isign} is not +1 or -1, an array has the wrong length, an index is
     *     outside its range, or the result would not fit one Java array
     * @throws NullPointerException if an array or {@code order} is null
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
        double[] out = complexArray(pointIndices.length, "pointIndices");
        IntStream.range(0, pointIndices.length).parallel().forEach(q -> {
            int j = pointIndices[q];
            var phase = new ExactPhase();
            double[] xh = new double[3]; // absent dimensions stay 0, with the single mode k = 0
            double[] xl = new double[3];
            for (int d = 0; d < dim; d++) {
                phase.set(points[d][j]).reduce();
                xh[d] = phase.hi();
                xl[d] = phase.lo();
            }
            var outer = new ExactPhase();
            var sr = new Sum();
            var si = new Sum();
            int p = 0;
            for (int i3 = 0; i3 < m3; i3++) {
                for (int i2 = 0; i2 < m2; i2++) {
                    outer.clear().add(i3 - m3 / 2, xh[2], xl[2]);
                    outer.add(i2 - m2 / 2, xh[1], xl[1]);
                    for (int i1 = 0; i1 < m1; i1++, p += 2) {
                        phase.set(outer).add(i1 - m1 / 2, xh[0], xl[0]);
                        phase.cis(isign);
                        double c = phase.cos();
                        double s = phase.sin();
                        sr.add(cmcl[p] * c - cmcl[p + 1] * s);
                        si.add(cmcl[p] * s + cmcl[p + 1] * c);
                    }
                }
            }
            out[2 * q] = sr.value();
            out[2 * q + 1] = si.value();
        });
        return out;
    }

    /**
     * Type 1 values at the flat mode-array positions {@code outputIndices} only (in the given
     * mode order); result {@code 2 * outputIndices.length}. One exact phase per pair.
     *
     * @param points {@code modes.length} arrays of the M point coordinates, {@code points[d][j]}
     *     coordinate d of point j: radians, any finite doubles, read 2 pi-periodically
     * @param strengths the M strengths c_j, {@code 2 M} doubles interleaved (re, im)
     * @param modes N_1 (, N_2 (, N_3)), each at least 1: the dimension d is {@code modes.length}
     * @param isign +1 or -1, the sign in the exponential
     * @param order the order of the modes in the mode arrays
     * @param outputIndices flat positions in the mode array (in {@code order}), each in
     *     [0, N_1 N_2 N_3); repeats allowed
     * @return the modes, {@code 2 S} doubles interleaved (S indices): entry q is f at flat position
     *     {@code outputIndices[q]}
     * @throws IllegalArgumentException if {@code modes} has not 1 to 3 entries or one below 1,
     *     {@code points} has not {@code modes.length} arrays of one length, a coordinate is not
     *     finite, {@code isign} is not +1 or -1, an array has the wrong length, an index is
     *     outside its range, or the result would not fit one Java array
     * @throws NullPointerException if an array or {@code order} is null
     */
    public static double[] type1At(double[][] points, double[] strengths, int[] modes, int isign, ModeOrder order,
                                   int[] outputIndices) {
        int m = check(points, modes, isign, order);
        requireLength(strengths, 2L * m, "strengths");
        checkIndices(outputIndices, product(modes), "outputIndices", "output index");
        int dim = modes.length;
        Reduced x = reduce(points);
        double[] out = complexArray(outputIndices.length, "outputIndices");
        IntStream.range(0, outputIndices.length).parallel().forEach(q -> {
            int[] k = modeOf(outputIndices[q], modes, order);
            var phase = new ExactPhase();
            var sr = new Sum();
            var si = new Sum();
            for (int j = 0; j < m; j++) {
                phase.clear();
                for (int d = 0; d < dim; d++) {
                    phase.add(k[d], x.hi[d][j], x.lo[d][j]);
                }
                phase.cis(isign);
                double c = phase.cos();
                double s = phase.sin();
                double cr = strengths[2 * j];
                double ci = strengths[2 * j + 1];
                sr.add(cr * c - ci * s);
                si.add(cr * s + ci * c);
            }
            out[2 * q] = sr.value();
            out[2 * q + 1] = si.value();
        });
        return out;
    }

    /**
     * Type 1 with dipoles, all modes: {@code f_k = sum_j (c_j + isign i k.d_j) exp(isign i k.x_j)};
     * dipole component d of point j at {@code dipoles[2 (d M + j)]} (docs/design.md, NUFFT). One exact
     * phase per pair: for tests of modest size.
     *
     * @param points {@code modes.length} arrays of the M point coordinates, {@code points[d][j]}
     *     coordinate d of point j: radians, any finite doubles, read 2 pi-periodically
     * @param strengths the M strengths c_j, {@code 2 M} doubles interleaved (re, im)
     * @param dipoles the complex dipole vectors d_j, {@code 2 M d} doubles: component d of point
     *     j at {@code 2 (d M + j)}
     * @param modes N_1 (, N_2 (, N_3)), each at least 1: the dimension d is {@code modes.length}
     * @param isign +1 or -1, the sign in the exponential
     * @param order the order of the modes in the mode arrays
     * @return the modes f_k, {@code 2 N_1 N_2 N_3} doubles interleaved, dimension 1 fastest,
     *     in {@code order}
     * @throws IllegalArgumentException if {@code modes} has not 1 to 3 entries or one below 1,
     *     {@code points} has not {@code modes.length} arrays of one length, a coordinate is not
     *     finite, {@code isign} is not +1 or -1, an array has the wrong length, or the result would
     *     not fit one Java array
     * @throws NullPointerException if an array or {@code order} is null
     */
    public static double[] type1Dipoles(double[][] points, double[] strengths, double[] dipoles, int[] modes,
                                        int isign, ModeOrder order) {
        check(points, modes, isign, order);
        return type1DipolesAt(points, strengths, dipoles, modes, isign, order,
                IntStream.range(0, product(modes)).toArray());
    }

    /**
     * {@link #type1Dipoles} at the flat mode-array positions {@code outputIndices} only.
     *
     * @param points {@code modes.length} arrays of the M point coordinates, {@code points[d][j]}
     *     coordinate d of point j: radians, any finite doubles, read 2 pi-periodically
     * @param strengths the M strengths c_j, {@code 2 M} doubles interleaved (re, im)
     * @param dipoles the complex dipole vectors d_j, {@code 2 M d} doubles: component d of point
     *     j at {@code 2 (d M + j)}
     * @param modes N_1 (, N_2 (, N_3)), each at least 1: the dimension d is {@code modes.length}
     * @param isign +1 or -1, the sign in the exponential
     * @param order the order of the modes in the mode arrays
     * @param outputIndices flat positions in the mode array (in {@code order}), each in
     *     [0, N_1 N_2 N_3); repeats allowed
     * @return the modes, {@code 2 S} doubles interleaved (S indices): entry q is f at flat position
     *     {@code outputIndices[q]}
     * @throws IllegalArgumentException if {@code modes} has not 1 to 3 entries or one below 1,
     *     {@code points} has not {@code modes.length} arrays of one length, a coordinate is not
     *     finite, {@code isign} is not +1 or -1, an array has the wrong length, an index is
     *     outside its range, or the result would not fit one Java array
     * @throws NullPointerException if an array or {@code order} is null
     */
    public static double[] type1DipolesAt(double[][] points, double[] strengths, double[] dipoles, int[] modes,
                                          int isign, ModeOrder order, int[] outputIndices) {
        int m = check(points, modes, isign, order);
        int dim = modes.length;
        requireLength(strengths, 2L * m, "strengths");
        requireLength(dipoles, 2L * m * dim, "dipoles");
        checkIndices(outputIndices, product(modes), "outputIndices", "output index");
        Reduced x = reduce(points);
        double[] out = complexArray(outputIndices.length, "outputIndices");
        IntStream.range(0, outputIndices.length).parallel().forEach(q -> {
            int[] k = modeOf(outputIndices[q], modes, order);
            var phase = new ExactPhase();
            var sr = new Sum();
            var si = new Sum();
            for (int j = 0; j < m; j++) {
                phase.clear();
                double kdr = 0;
                double kdi = 0;
                for (int d = 0; d < dim; d++) {
                    phase.add(k[d], x.hi[d][j], x.lo[d][j]);
                    kdr += k[d] * dipoles[2 * (d * m + j)];
                    kdi += k[d] * dipoles[2 * (d * m + j) + 1];
                }
                phase.cis(isign);
                double c = phase.cos();
                double s = phase.sin();
                double ar = strengths[2 * j] - isign * kdi; // c + isign i (k.d)
                double ai = strengths[2 * j + 1] + isign * kdr;
                sr.add(ar * c - ai * s);
                si.add(ar * s + ai * c);
            }
            out[2 * q] = sr.value();
            out[2 * q + 1] = si.value();
        });
        return out;
    }

    /**
     * Type 2 with gradients, all points: {@code [0]} the values c_j (2M numbers), {@code [1]} the
     * gradients {@code g_j = sum_k isign i k f_k exp(isign i k.x_j)}, component d of point j at
     * {@code 2 (d M + j)}. One exact phase per pair: for tests of modest size.
     *
     * @param points {@code modes.length} arrays of the M point coordinates, {@code points[d][j]}
     *     coordinate d of point j: radians, any finite doubles, read 2 pi-periodically
     * @param coefficients the modes f_k, {@code 2 N_1 N_2 N_3} doubles interleaved, dimension 1
     *     fastest, in {@code order}
     * @param modes N_1 (, N_2 (, N_3)), each at least 1: the dimension d is {@code modes.length}
     * @param isign +1 or -1, the sign in the exponential
     * @param order the order of the modes in the mode arrays
     * @return {values, gradient}: {@code 2 M} and {@code 2 M d} doubles, interleaved
     * @throws IllegalArgumentException if {@code modes} has not 1 to 3 entries or one below 1,
     *     {@code points} has not {@code modes.length} arrays of one length, a coordinate is not
     *     finite, {@code isign} is not +1 or -1, an array has the wrong length, or the result would
     *     not fit one Java array
     * @throws NullPointerException if an array or {@code order} is null
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
     *
     * @param points {@code modes.length} arrays of the M point coordinates, {@code points[d][j]}
     *     coordinate d of point j: radians, any finite doubles, read 2 pi-periodically
     * @param coefficients the modes f_k, {@code 2 N_1 N_2 N_3} doubles interleaved, dimension 1
     *     fastest, in {@code order}
     * @param modes N_1 (, N_2 (, N_3)), each at least 1: the dimension d is {@code modes.length}
     * @param isign +1 or -1, the sign in the exponential
     * @param order the order of the modes in the mode arrays
     * @param pointIndices the indices j of the points to evaluate at, each in [0, M); repeats allowed
     * @return {values, gradient} at the selected points, interleaved
     * @throws IllegalArgumentException if {@code modes} has not 1 to 3 entries or one below 1,
     *     {@code points} has not {@code modes.length} arrays of one length, a coordinate is not
     *     finite, {@code isign} is not +1 or -1, an array has the wrong length, an index is
     *     outside its range, or the result would not fit one Java array
     * @throws NullPointerException if an array or {@code order} is null
     */
    public static double[][] type2GradientAt(double[][] points, double[] coefficients, int[] modes, int isign,
                                             ModeOrder order, int[] pointIndices) {
        int m = check(points, modes, isign, order);
        int dim = modes.length;
        int total = product(modes);
        requireLength(coefficients, 2L * total, "coefficients");
        checkIndices(pointIndices, m, "pointIndices", "point index");
        int samples = pointIndices.length;
        double[] values = complexArray(samples, "pointIndices");
        double[] gradient = complexArray((long) samples * dim, "pointIndices");
        int[][] k = new int[total][];
        for (int q = 0; q < total; q++) {
            k[q] = modeOf(q, modes, order);
        }
        IntStream.range(0, samples).parallel().forEach(q -> {
            int j = pointIndices[q];
            var phase = new ExactPhase();
            double[] xh = new double[dim];
            double[] xl = new double[dim];
            for (int d = 0; d < dim; d++) {
                phase.set(points[d][j]).reduce();
                xh[d] = phase.hi();
                xl[d] = phase.lo();
            }
            var sr = new Sum();
            var si = new Sum();
            Sum[] hr = new Sum[dim];
            Sum[] hi = new Sum[dim];
            for (int d = 0; d < dim; d++) {
                hr[d] = new Sum();
                hi[d] = new Sum();
            }
            for (int p = 0; p < total; p++) {
                phase.clear();
                for (int d = 0; d < dim; d++) {
                    phase.add(k[p][d], xh[d], xl[d]);
                }
                phase.cis(isign);
                double c = phase.cos();
                double s = phase.sin();
                double tr = coefficients[2 * p] * c - coefficients[2 * p + 1] * s;
                double ti = coefficients[2 * p] * s + coefficients[2 * p + 1] * c;
                sr.add(tr);
                si.add(ti);
                for (int d = 0; d < dim; d++) {
                    hr[d].add(k[p][d] * tr);
                    hi[d].add(k[p][d] * ti);
                }
            }
            values[2 * q] = sr.value();
            values[2 * q + 1] = si.value();
            for (int d = 0; d < dim; d++) { // isign i h
                gradient[2 * (d * samples + q)] = -isign * hi[d].value();
                gradient[2 * (d * samples + q) + 1] = isign * hr[d].value();
            }
        });
        return new double[][] {values, gradient};
    }

    /**
     * Type 3, all targets: {@code f_k = sum_j c_j exp(isign i s_k.x_j)} for M sources
     * {@code sources[d][j]} and N targets (frequencies) {@code targets[d][k]}, any finite reals
     * (docs/design.md, "Type 3"). The adjoint {@code c_j = sum_k f_k exp(-isign i s_k.x_j)} is
     * {@code type3(targets, f, sources, -isign)}. One exact phase per pair: {@code s_k.x_j}
     * formed in double-double from the exact products of the doubles, then reduced; about
     * 35 ns per pair and thread, so for M N up to about 1e9.
     *
     * @param sources 1 to 3 arrays of the M source coordinates, {@code sources[d][j]}
     *     coordinate d of source j: any finite doubles (no periodicity)
     * @param strengths the M strengths c_j, {@code 2 M} doubles interleaved (re, im)
     * @param targets as many arrays as {@code sources}, of the N target frequencies s_k,
     *     {@code targets[d][k]}: any finite doubles
     * @param isign +1 or -1, the sign in the exponential
     * @return f_k at every target, {@code 2 N} doubles interleaved
     * @throws IllegalArgumentException if {@code sources} has not 1 to 3 arrays or {@code targets}
     *     another number, the arrays of one set differ in length, a coordinate is not finite,
     *     {@code isign} is not +1 or -1, an array has the wrong length, or the result would
     *     not fit one Java array
     * @throws NullPointerException if an array is null
     */
    public static double[] type3(double[][] sources, double[] strengths, double[][] targets, int isign) {
        int n = checkType3(sources, targets, isign);
        return type3At(sources, strengths, targets, isign, IntStream.range(0, n).toArray());
    }

    /**
     * {@link #type3} at the targets {@code targetIndices} only.
     *
     * @param sources 1 to 3 arrays of the M source coordinates, {@code sources[d][j]}
     *     coordinate d of source j: any finite doubles (no periodicity)
     * @param strengths the M strengths c_j, {@code 2 M} doubles interleaved (re, im)
     * @param targets as many arrays as {@code sources}, of the N target frequencies s_k,
     *     {@code targets[d][k]}: any finite doubles
     * @param isign +1 or -1, the sign in the exponential
     * @param targetIndices the indices k of the targets to evaluate at, each in [0, N); repeats
     *     allowed
     * @return {@code 2 S} doubles interleaved (S indices): entry q is f at target
     *     {@code targetIndices[q]}
     * @throws IllegalArgumentException if {@code sources} has not 1 to 3 arrays or {@code targets}
     *     another number, the arrays of one set differ in length, a coordinate is not finite,
     *     {@code isign} is not +1 or -1, an array has the wrong length, an index is outside
     *     its range, or the result would not fit one Java array
     * @throws NullPointerException if an array is null
     */
    public static double[] type3At(double[][] sources, double[] strengths, double[][] targets, int isign,
                                   int[] targetIndices) {
        int n = checkType3(sources, targets, isign);
        int m = sources[0].length;
        int dim = sources.length;
        requireLength(strengths, 2L * m, "strengths");
        checkIndices(targetIndices, n, "targetIndices", "target index");
        double[] out = complexArray(targetIndices.length, "targetIndices");
        IntStream.range(0, targetIndices.length).parallel().forEach(q -> {
            int k = targetIndices[q];
            var phase = new ExactPhase();
            var sr = new Sum();
            var si = new Sum();
            for (int j = 0; j < m; j++) {
                phase.clear();
                for (int d = 0; d < dim; d++) {
                    phase.addProduct(targets[d][k], sources[d][j]);
                }
                phase.cis(isign);
                double c = phase.cos();
                double s = phase.sin();
                double cr = strengths[2 * j];
                double ci = strengths[2 * j + 1];
                sr.add(cr * c - ci * s);
                si.add(cr * s + ci * c);
            }
            out[2 * q] = sr.value();
            out[2 * q + 1] = si.value();
        });
        return out;
    }

    /**
     * Type 3 with dipoles, all targets: {@code f_k = sum_j (c_j + isign i s_k.d_j) exp(isign i
     * s_k.x_j)}, complex dipoles {@code dipoles[2 (d M + j)]} (component d of source j), the
     * derivative of {@link #type3} along moved sources ({@code d_j = c_j dx_j}).
     *
     * @param sources 1 to 3 arrays of the M source coordinates, {@code sources[d][j]}
     *     coordinate d of source j: any finite doubles (no periodicity)
     * @param strengths the M strengths c_j, {@code 2 M} doubles interleaved (re, im)
     * @param dipoles the complex dipole vectors d_j, {@code 2 M d} doubles: component d of source
     *     j at {@code 2 (d M + j)}
     * @param targets as many arrays as {@code sources}, of the N target frequencies s_k,
     *     {@code targets[d][k]}: any finite doubles
     * @param isign +1 or -1, the sign in the exponential
     * @return f_k at every target, {@code 2 N} doubles interleaved
     * @throws IllegalArgumentException if {@code sources} has not 1 to 3 arrays or {@code targets}
     *     another number, the arrays of one set differ in length, a coordinate is not finite,
     *     {@code isign} is not +1 or -1, an array has the wrong length, or the result would
     *     not fit one Java array
     * @throws NullPointerException if an array is null
     */
    public static double[] type3Dipoles(double[][] sources, double[] strengths, double[] dipoles, double[][] targets,
                                        int isign) {
        int n = checkType3(sources, targets, isign);
        return type3DipolesAt(sources, strengths, dipoles, targets, isign, IntStream.range(0, n).toArray());
    }

    /**
     * {@link #type3Dipoles} at the targets {@code targetIndices} only.
     *
     * @param sources 1 to 3 arrays of the M source coordinates, {@code sources[d][j]}
     *     coordinate d of source j: any finite doubles (no periodicity)
     * @param strengths the M strengths c_j, {@code 2 M} doubles interleaved (re, im)
     * @param dipoles the complex dipole vectors d_j, {@code 2 M d} doubles: component d of source
     *     j at {@code 2 (d M + j)}
     * @param targets as many arrays as {@code sources}, of the N target frequencies s_k,
     *     {@code targets[d][k]}: any finite doubles
     * @param isign +1 or -1, the sign in the exponential
     * @param targetIndices the indices k of the targets to evaluate at, each in [0, N); repeats
     *     allowed
     * @return {@code 2 S} doubles interleaved (S indices): entry q is f at target
     *     {@code targetIndices[q]}
     * @throws IllegalArgumentException if {@code sources} has not 1 to 3 arrays or {@code targets}
     *     another number, the arrays of one set differ in length, a coordinate is not finite,
     *     {@code isign} is not +1 or -1, an array has the wrong length, an index is outside
     *     its range, or the result would not fit one Java array
     * @throws NullPointerException if an array is null
     */
    public static double[] type3DipolesAt(double[][] sources, double[] strengths, double[] dipoles,
                                          double[][] targets, int isign, int[] targetIndices) {
        checkType3(sources, targets, isign);
        Objects.requireNonNull(dipoles, "dipoles");
        int m = sources[0].length;
        requireLength(dipoles, 2L * m * sources.length, "dipoles");
        return type3Forms(sources, strengths, dipoles, targets, isign, targetIndices)[0];
    }

    /**
     * Type 3 with target gradients, all targets: the values {@link #type3} and {@code grad_s
     * f(s_k) = sum_j isign i x_j c_j exp(isign i s_k.x_j)}, returned as {values, gradient} with
     * component d of target k at {@code gradient[2 (d N + k)]}. The gradient of the adjoint in
     * the sources is the same sum with the roles swapped: {@code type3Gradient(targets, f,
     * sources, -isign)}.
     *
     * @param sources 1 to 3 arrays of the M source coordinates, {@code sources[d][j]}
     *     coordinate d of source j: any finite doubles (no periodicity)
     * @param strengths the M strengths c_j, {@code 2 M} doubles interleaved (re, im)
     * @param targets as many arrays as {@code sources}, of the N target frequencies s_k,
     *     {@code targets[d][k]}: any finite doubles
     * @param isign +1 or -1, the sign in the exponential
     * @return {values, gradient}: {@code 2 N} and {@code 2 N d} doubles, interleaved
     * @throws IllegalArgumentException if {@code sources} has not 1 to 3 arrays or {@code targets}
     *     another number, the arrays of one set differ in length, a coordinate is not finite,
     *     {@code isign} is not +1 or -1, an array has the wrong length, or the result would
     *     not fit one Java array
     * @throws NullPointerException if an array is null
     */
    public static double[][] type3Gradient(double[][] sources, double[] strengths, double[][] targets, int isign) {
        int n = checkType3(sources, targets, isign);
        return type3GradientAt(sources, strengths, targets, isign, IntStream.range(0, n).toArray());
    }

    /**
     * {@link #type3Gradient} at the targets {@code targetIndices} only (N read as their count).
     *
     * @param sources 1 to 3 arrays of the M source coordinates, {@code sources[d][j]}
     *     coordinate d of source j: any finite doubles (no periodicity)
     * @param strengths the M strengths c_j, {@code 2 M} doubles interleaved (re, im)
     * @param targets as many arrays as {@code sources}, of the N target frequencies s_k,
     *     {@code targets[d][k]}: any finite doubles
     * @param isign +1 or -1, the sign in the exponential
     * @param targetIndices the indices k of the targets to evaluate at, each in [0, N); repeats
     *     allowed
     * @return {values, gradient}: {@code 2 S} and {@code 2 S d} doubles (S indices), interleaved;
     *     component d of entry q at {@code gradient[2 (d S + q)]}
     * @throws IllegalArgumentException if {@code sources} has not 1 to 3 arrays or {@code targets}
     *     another number, the arrays of one set differ in length, a coordinate is not finite,
     *     {@code isign} is not +1 or -1, an array has the wrong length, an index is outside
     *     its range, or the result would not fit one Java array
     * @throws NullPointerException if an array is null
     */
    public static double[][] type3GradientAt(double[][] sources, double[] strengths, double[][] targets, int isign,
                                             int[] targetIndices) {
        checkType3(sources, targets, isign);
        return type3Forms(sources, strengths, null, targets, isign, targetIndices);
    }

    /** The type 3 sums with dipoles (when not null) and, without, the target gradients. */
    private static double[][] type3Forms(double[][] sources, double[] strengths, double[] dipoles, double[][] targets,
                                         int isign, int[] targetIndices) {
        int n = targets[0].length;
        int m = sources[0].length;
        int dim = sources.length;
        requireLength(strengths, 2L * m, "strengths");
        checkIndices(targetIndices, n, "targetIndices", "target index");
        int q0 = targetIndices.length;
        double[] out = complexArray(q0, "targetIndices");
        double[] grad = dipoles == null ? complexArray(q0 * dim, "targetIndices") : null;
        IntStream.range(0, q0).parallel().forEach(q -> {
            int k = targetIndices[q];
            var phase = new ExactPhase();
            var sr = new Sum();
            var si = new Sum();
            var gr = new Sum[dim];
            var gi = new Sum[dim];
            for (int d = 0; d < dim; d++) {
                gr[d] = new Sum();
                gi[d] = new Sum();
            }
            for (int j = 0; j < m; j++) {
                phase.clear();
                for (int d = 0; d < dim; d++) {
                    phase.addProduct(targets[d][k], sources[d][j]);
                }
                phase.cis(isign);
                double c = phase.cos();
                double s = phase.sin();
                double cr = strengths[2 * j];
                double ci = strengths[2 * j + 1];
                if (dipoles != null) { // c + isign i s_k.d_j
                    double ur = 0;
                    double ui = 0;
                    for (int d = 0; d < dim; d++) {
                        ur += targets[d][k] * dipoles[2 * (d * m + j)];
                        ui += targets[d][k] * dipoles[2 * (d * m + j) + 1];
                    }
                    cr -= isign * ui;
                    ci += isign * ur;
                }
                double tr = cr * c - ci * s;
                double ti = cr * s + ci * c;
                sr.add(tr);
                si.add(ti);
                if (grad != null) {
                    for (int d = 0; d < dim; d++) {
                        gr[d].add(sources[d][j] * tr);
                        gi[d].add(sources[d][j] * ti);
                    }
                }
            }
            out[2 * q] = sr.value();
            out[2 * q + 1] = si.value();
            if (grad != null) {
                for (int d = 0; d < dim; d++) { // isign i times the sum
                    grad[2 * (d * q0 + q)] = -isign * gi[d].value();
                    grad[2 * (d * q0 + q) + 1] = isign * gr[d].value();
                }
            }
        });
        return grad == null ? new double[][] {out} : new double[][] {out, grad};
    }

    /** Checks type 3 arguments; returns N, the number of targets. */
    private static int checkType3(double[][] sources, double[][] targets, int isign) {
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(targets, "targets");
        if (sources.length < 1 || sources.length > 3) {
            throw new IllegalArgumentException("sources must have 1, 2 or 3 coordinate arrays, got " + sources.length);
        }
        if (targets.length != sources.length) {
            throw new IllegalArgumentException("targets has " + targets.length + " coordinate arrays but sources has "
                    + sources.length);
        }
        if (isign != 1 && isign != -1) {
            throw new IllegalArgumentException("isign must be +1 or -1, got " + isign);
        }
        checkCoordinates(sources, "sources");
        return checkCoordinates(targets, "targets");
    }

    private static int checkCoordinates(double[][] p, String name) {
        int m = Objects.requireNonNull(p[0], name + "[0]").length;
        for (int d = 0; d < p.length; d++) {
            double[] c = Objects.requireNonNull(p[d], name + "[" + d + "]");
            if (c.length != m) {
                throw new IllegalArgumentException(name + "[" + d + "].length = " + c.length + ", expected " + m);
            }
            for (int j = 0; j < m; j++) {
                if (!Double.isFinite(c[j])) {
                    throw new IllegalArgumentException(name + "[" + d + "][" + j + "] = " + c[j] + " is not finite");
                }
            }
        }
        return m;
    }

    /**
     * The integer mode (k_1, .., k_d) at flat position {@code index} of a mode array, dimension 1
     * fastest: {@code index = i_1 + N_1 (i_2 + N_2 i_3)} with {@code k_d = order.mode(i_d, N_d)}.
     *
     * @param index the flat position, in [0, N_1 N_2 N_3); not checked
     * @param modes N_1 (, N_2 (, N_3))
     * @param order the order of the modes in the array
     * @return a new array of the d integer modes
     */
    public static int[] modeOf(int index, int[] modes, ModeOrder order) {
        int[] k = new int[modes.length];
        int rest = index;
        for (int d = 0; d < modes.length; d++) {
            k[d] = order.mode(rest % modes[d], modes[d]);
            rest /= modes[d];
        }
        return k;
    }

    /** Type 2 at every point from the per-dimension tables of {@link ModePhases}. */
    private static double[] type2Tables(double[][] points, double[] cmcl, int[] modes, int isign) {
        int m = points[0].length;
        int dim = modes.length;
        int m1 = modes[0];
        int m2 = dim > 1 ? modes[1] : 1;
        int m3 = dim > 2 ? modes[2] : 1;
        double[] out = complexArray(m, "points");
        IntStream.range(0, m).parallel().forEach(j -> {
            ModePhases[] e = new ModePhases[dim];
            var x = new ExactPhase();
            for (int d = 0; d < dim; d++) {
                x.set(points[d][j]).reduce();
                e[d] = new ModePhases(modes[d]);
                e[d].fill(x.hi(), x.lo(), isign);
            }
            double[] r1 = e[0].re;
            double[] s1 = e[0].im;
            var sr = new Sum();
            var si = new Sum();
            var pr = new Sum();
            var pi = new Sum();
            var rr = new Sum();
            var ri = new Sum();
            for (int i3 = 0; i3 < m3; i3++) {
                pr.clear();
                pi.clear();
                for (int i2 = 0; i2 < m2; i2++) {
                    int row = 2 * m1 * (i2 + m2 * i3);
                    rr.clear();
                    ri.clear();
                    for (int i1 = 0; i1 < m1; i1++) {
                        double fr = cmcl[row + 2 * i1];
                        double fi = cmcl[row + 2 * i1 + 1];
                        rr.add(fr * r1[i1] - fi * s1[i1]);
                        ri.add(fr * s1[i1] + fi * r1[i1]);
                    }
                    double a = rr.value();
                    double b = ri.value();
                    if (dim > 1) {
                        pr.add(a * e[1].re[i2] - b * e[1].im[i2]);
                        pi.add(a * e[1].im[i2] + b * e[1].re[i2]);
                    } else {
                        pr.add(a);
                        pi.add(b);
                    }
                }
                double a = pr.value();
                double b = pi.value();
                if (dim > 2) {
                    sr.add(a * e[2].re[i3] - b * e[2].im[i3]);
                    si.add(a * e[2].im[i3] + b * e[2].re[i3]);
                } else {
                    sr.add(a);
                    si.add(b);
                }
            }
            out[2 * j] = sr.value();
            out[2 * j + 1] = si.value();
        });
        return out;
    }

    /** Points reduced modulo 2 pi: coordinate d of point j is {@code hi[d][j] + lo[d][j]}. */
    private record Reduced(double[][] hi, double[][] lo) {
    }

    private static Reduced reduce(double[][] points) {
        double[][] hi = new double[points.length][];
        double[][] lo = new double[points.length][];
        for (int d = 0; d < points.length; d++) {
            hi[d] = new double[points[d].length];
            lo[d] = new double[points[d].length];
            ExactPhase.reduce(points[d], hi[d], lo[d]);
        }
        return new Reduced(hi, lo);
    }

    /**
     * {@code exp(isign i k x)} for the N modes k = -N/2 .. (N-1)/2 of one dimension (CMCL
     * positions), per point: k = kmin + bB + n is a giant step {@code exp(i (kmin + bB) x)} times
     * a baby step {@code exp(i n x)}, n &lt; B = ceil(sqrt N), both exact phases, so each value
     * carries two cis roundings and one product's, whatever N; 2 sqrt N cis calls per point.
     */
    private static final class ModePhases {
        final double[] re;
        final double[] im;
        private final double[] babyRe;
        private final double[] babyIm;
        private final int kmin;
        private final ExactPhase phase = new ExactPhase();

        ModePhases(int count) {
            re = new double[count];
            im = new double[count];
            int block = (int) Math.ceil(Math.sqrt(count));
            babyRe = new double[block];
            babyIm = new double[block];
            kmin = -(count / 2);
        }

        void fill(double xHi, double xLo, int isign) {
            int block = babyRe.length;
            for (int n = 0; n < block; n++) {
                phase.clear().add(n, xHi, xLo);
                phase.cis(isign);
                babyRe[n] = phase.cos();
                babyIm[n] = phase.sin();
            }
            for (int start = 0; start < re.length; start += block) {
                phase.clear().add(kmin + start, xHi, xLo);
                phase.cis(isign);
                double gr = phase.cos();
                double gi = phase.sin();
                int end = Math.min(re.length, start + block);
                for (int i = start; i < end; i++) {
                    double br = babyRe[i - start];
                    double bi = babyIm[i - start];
                    re[i] = Math.fma(gr, br, -gi * bi);
                    im[i] = Math.fma(gr, bi, gi * br);
                }
            }
        }
    }

    /**
     * A compensated sum (Ogita, Rump and Oishi's Sum2): every term added by Knuth's two-sum,
     * the rounding errors summed apart and added at the end; the error is at most
     * u |sum| + (n u)^2 sum |terms| for n terms and u = 2^-53, where a plain sum drifts by
     * about sqrt n u |terms|.
     */
    private static final class Sum {
        private double sum;
        private double err;

        void add(double v) {
            double t = sum + v;
            double z = t - sum;
            err += (sum - (t - z)) + (v - z);
            sum = t;
        }

        double value() {
            return sum + err;
        }

        void clear() {
            sum = 0;
            err = 0;
        }
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

    /** A zeroed array of {@code count} interleaved complex numbers, refused if 2 count overflows. */
    private static double[] complexArray(long count, String name) {
        if (2 * count > MAX_ARRAY) {
            throw new IllegalArgumentException(name + ": " + count + " complex outputs do not fit one Java array");
        }
        return new double[(int) (2 * count)];
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
