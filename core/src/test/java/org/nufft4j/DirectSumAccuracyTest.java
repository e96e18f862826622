package org.nufft4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The direct sums against {@link ExactReference} (pi by the AGM, BigDecimal reduction, Taylor
 * cos and sin, double-double sums): exact phases for any finite point, and relative errors of
 * a few 1e-16 whatever N and M.
 */
class DirectSumAccuracyTest {

    /** Points whose reduction needs more than a two-term 2 pi, up to the largest doubles. */
    static final double[] HUGE = {
        1e17, 5e17, 1e22, -1e22, 1e50, 1e300, -1e300, Double.MAX_VALUE, -Double.MAX_VALUE,
        Math.nextDown(0x1p53 * 2 * Math.PI), 0x1p53 * 2 * Math.PI, 0x1p36, Math.nextDown(0x1p36),
        6381956970095103.0 * 0x1p797, // among the doubles closest to a multiple of pi / 2
        1e6 + 0.5, -123456.789, Double.MIN_VALUE, 3.0, -Math.PI, Math.PI
    };

    /** 60 digits of pi as published; guards the AGM of the reference. */
    static final String PI_60 = "3.14159265358979323846264338327950288419716939937510582097494";

    @Test
    void referencePiAndTheSplitOfTwoPi() {
        assertEquals(PI_60, ExactReference.PI.toString().substring(0, PI_60.length()));
        // Machin (DirectSum) against the AGM (reference) to the 400 places DirectSum keeps
        BigDecimal machin = ExactPhase.twoPi(400);
        BigDecimal gap = machin.subtract(ExactReference.TWO_PI).abs();
        assertTrue(gap.compareTo(new BigDecimal("1e-399")) <= 0, () -> "Machin 2 pi differs from the AGM's by " + gap);
        // P0 + P1 + P2 holds 2 pi to ~2^-159
        BigDecimal split = new BigDecimal(ExactPhase.P0).add(new BigDecimal(ExactPhase.P1))
                .add(new BigDecimal(ExactPhase.P2));
        double splitGap = split.subtract(ExactReference.TWO_PI).abs().doubleValue();
        assertTrue(splitGap <= 0x1p-158, () -> "P0 + P1 + P2 differs from 2 pi by " + splitGap);
        assertEquals(2 * Math.PI, ExactPhase.P0);
    }

    /**
     * Fixed hard cases, random doubles of every magnitude and doubles next to (half-)integer
     * multiples of 2 pi: |hi + lo - r| below 1e-30 (measured worst about 1e-32: the
     * double-double rounding of r), hi + lo normalised and in [-pi, pi).
     */
    @Test
    void everyFiniteDoubleReducesExactly() {
        long seed = 2024;
        var rnd = new SplittableRandom(seed);
        List<Double> xs = new ArrayList<>();
        for (double x : HUGE) {
            xs.add(x);
        }
        while (xs.size() < 4000) { // random bits: every exponent (most beyond the fast path), both signs
            double x = Double.longBitsToDouble(rnd.nextLong());
            if (Double.isFinite(x)) {
                xs.add(x);
            }
        }
        for (int i = 0; i < 2000; i++) { // the fast path, |x| < 2^40
            xs.add(Math.scalb(rnd.nextDouble(-2, 2), rnd.nextInt(-60, 40)));
        }
        for (int i = 0; i < 500; i++) { // near half-integer quotients, around +-pi after reduction
            double q = Math.rint(rnd.nextDouble(-1e9, 1e9));
            xs.add((q + 0.5) * 2 * Math.PI);
            xs.add(Math.nextUp((q + 0.5) * 2 * Math.PI));
            xs.add(q * 2 * Math.PI);
        }
        double worst = 0;
        var phase = new ExactPhase();
        for (double x : xs) {
            phase.set(x).reduce();
            BigDecimal exact = ExactReference.reduce(new BigDecimal(x));
            BigDecimal got = new BigDecimal(phase.hi()).add(new BigDecimal(phase.lo()));
            double err = got.subtract(exact).abs().doubleValue();
            worst = Math.max(worst, err);
            double hi = phase.hi();
            double lo = phase.lo();
            assertTrue(err < 1e-30, () -> "seed " + seed + ", x = " + x + ": reduced " + hi + " + " + lo
                    + " is " + err + " from " + exact.round(new java.math.MathContext(40)));
            assertTrue(Math.abs(lo) <= Math.ulp(hi) / 2, () -> "x = " + x + ": not normalised, " + hi + " + " + lo);
            assertTrue(got.compareTo(ExactReference.PI.negate()) >= 0 && got.compareTo(ExactReference.PI) < 0,
                    () -> "x = " + x + ": " + hi + " + " + lo + " outside [-pi, pi)");
        }
        System.out.printf("DirectSumAccuracyTest: %d reductions, worst error %.2e%n", xs.size(), worst);
    }

    static Stream<Arguments> huge() {
        List<Arguments> list = new ArrayList<>();
        for (double x : HUGE) {
            for (int isign : new int[] {-1, 1}) {
                list.add(Arguments.of(x, isign));
            }
        }
        return list.stream();
    }

    /**
     * One point of strength 1: f_k = exp(isign i k x), through the full sums (tables), the
     * sampled sums (one phase per pair) and both type 2 forms on unit modes. Measured worst
     * 2.2e-16 (1D, N = 33 and 32) and 3.3e-16 (2D, 9 x 8: one more product); pinned 1e-15.
     */
    @ParameterizedTest(name = "x={0} isign={1}")
    @MethodSource("huge")
    void hugePointsGiveExactPhases(double x, int isign) {
        double y = -0.75 * x;
        for (int[] modes : new int[][] {{33}, {32}, {9, 8}}) {
            int dim = modes.length;
            double[][] p = dim == 1 ? new double[][] {{x}} : new double[][] {{x}, {y}};
            int total = TestData.product(modes);
            double[] unit = {1, 0};
            double[] full = DirectSum.type1(p, unit, modes, isign, ModeOrder.CMCL);
            double[] sampled = DirectSum.type1At(p, unit, modes, isign, ModeOrder.CMCL,
                    IntStream.range(0, total).toArray());
            for (int q = 0; q < total; q++) {
                int[] k = DirectSum.modeOf(q, modes, ModeOrder.CMCL);
                double[] e = ExactReference.expi(k, dim == 1 ? new double[] {x} : new double[] {x, y}, isign);
                double[] f = new double[2 * total];
                f[2 * q] = 1;
                double[] viaType2 = DirectSum.type2(p, f, modes, isign, ModeOrder.CMCL);
                double[] viaType2At = DirectSum.type2At(p, f, modes, isign, ModeOrder.CMCL, new int[] {0});
                for (int part = 0; part < 2; part++) {
                    int qq = q;
                    int pp = part;
                    double ef = Math.abs(full[2 * q + part] - e[part]);
                    double es = Math.abs(sampled[2 * q + part] - e[part]);
                    double e2 = Math.abs(viaType2[part] - e[part]);
                    double e2s = Math.abs(viaType2At[part] - e[part]);
                    double worst = Math.max(Math.max(ef, es), Math.max(e2, e2s));
                    assertTrue(worst <= 1e-15, () -> "x = " + x + ", isign " + isign + ", k = "
                            + java.util.Arrays.toString(k) + " part " + pp + ": type1 " + ef + ", type1At " + es
                            + ", type2 " + e2 + ", type2At " + e2s + " (position " + qq + ")");
                }
            }
        }
    }

    static Stream<Arguments> manyModes() {
        return Stream.of(
                Arguments.of(new int[] {1000}, 1000, Math.PI, 11L),
                Arguments.of(new int[] {1000}, 300, 1000.0, 12L),
                Arguments.of(new int[] {20000}, 200, Math.PI, 13L),
                Arguments.of(new int[] {200, 200}, 100, Math.PI, 14L),
                Arguments.of(new int[] {199, 200}, 60, 1e5, 15L));
    }

    /**
     * Relative l2 error of all four sums against the double-double reference. Measured
     * 0.8e-16 .. 1.9e-16 for these cases (N up to 20000 or 200 x 200, M up to 1000, points up
     * to 1e5), independent of N and M; pinned 5e-16. Before the exact phases and compensated
     * sums: 7e-14 at N = 1000, 1.5e-12 at N = 20000, 2e-14 at 200 x 200 (M = 200).
     */
    @ParameterizedTest(name = "modes={0} M={1} range={2} seed={3}")
    @MethodSource("manyModes")
    void manyModesAndPointsStayNearOneUlp(int[] modes, int m, double range, long seed) {
        int dim = modes.length;
        int total = TestData.product(modes);
        double[][] p = TestData.points(seed, dim, m, -range, range);
        double[] c = TestData.complex(seed + 1, m);
        double[] f = TestData.complex(seed + 2, total);
        int[] outputs = new SplittableRandom(seed + 3).ints(40, 0, total).toArray();
        int[] samples = new SplittableRandom(seed + 4).ints(40, 0, m).toArray();
        for (int isign : new int[] {-1, 1}) {
            double[] ref1 = ExactReference.type1(p, c, modes, isign);
            double[] ref2 = ExactReference.type2(p, f, modes, isign);
            double e1 = TestData.relativeError(DirectSum.type1(p, c, modes, isign, ModeOrder.CMCL), ref1);
            double e2 = TestData.relativeError(DirectSum.type2(p, f, modes, isign, ModeOrder.CMCL), ref2);
            double e1s = TestData.relativeError(
                    DirectSum.type1At(p, c, modes, isign, ModeOrder.CMCL, outputs), pick(ref1, outputs));
            double e2s = TestData.relativeError(
                    DirectSum.type2At(p, f, modes, isign, ModeOrder.CMCL, samples), pick(ref2, samples));
            String what = "seed " + seed + ", isign " + isign + ": type1 " + e1 + ", type2 " + e2 + ", type1At "
                    + e1s + ", type2At " + e2s;
            assertTrue(Math.max(Math.max(e1, e2), Math.max(e1s, e2s)) <= 5e-16, what);
        }
    }

    /**
     * The full sums (exact tables, one product per mode) and the sampled ones (one exact phase
     * per pair) are separate code paths; so are the gradient forms (zero dipoles, values).
     * Measured differences up to 2.1e-16 relative over 1D-3D, both signs and orders, points up
     * to 1e6; pinned 6e-16.
     */
    @Test
    void fullAndSampledSumsAgree() {
        int[][] shapes = {{64}, {37}, {1}, {20, 13}, {1, 9}, {8, 5, 6}, {7, 1, 4}};
        long seed = 77;
        for (int[] modes : shapes) {
            for (int isign : new int[] {-1, 1}) {
                for (ModeOrder order : ModeOrder.values()) {
                    seed++;
                    int dim = modes.length;
                    int m = 150;
                    int total = TestData.product(modes);
                    double[][] p = TestData.points(seed, dim, m, -1e6, 1e6);
                    double[] c = TestData.complex(seed + 1, m);
                    double[] f = TestData.complex(seed + 2, total);
                    double[] t1 = DirectSum.type1(p, c, modes, isign, order);
                    double[] t1At = DirectSum.type1At(p, c, modes, isign, order, IntStream.range(0, total).toArray());
                    double[] t2 = DirectSum.type2(p, f, modes, isign, order);
                    double[] t2At = DirectSum.type2At(p, f, modes, isign, order, IntStream.range(0, m).toArray());
                    // the gradient forms with zero dipoles / their values are the plain sums
                    double[] dip = DirectSum.type1Dipoles(p, c, new double[2 * m * dim], modes, isign, order);
                    double[] val = DirectSum.type2Gradient(p, f, modes, isign, order)[0];
                    double a = TestData.relativeError(t1At, t1);
                    double b = TestData.relativeError(t2At, t2);
                    double d = TestData.relativeError(dip, t1);
                    double v = TestData.relativeError(val, t2);
                    long s = seed;
                    assertTrue(Math.max(Math.max(a, b), Math.max(d, v)) <= 6e-16, () -> "seed " + s + ", modes "
                            + java.util.Arrays.toString(modes) + ": type1/At " + a + ", type2/At " + b
                            + ", type1/dipoles " + d + ", type2/gradient values " + v);
                }
            }
        }
    }

    /**
     * Gradient forms on huge points (one per entry of {@link #HUGE}, strengths and dipoles
     * random) against sums of reference phases taken exactly in BigDecimal. Measured up to
     * 1.6e-16 relative; pinned 5e-16.
     */
    @Test
    void gradientFormsOnHugePoints() {
        long seed = 31;
        for (int[] modes : new int[][] {{16}, {6, 5}, {3, 4, 2}}) {
            for (int isign : new int[] {-1, 1}) {
                int dim = modes.length;
                int m = HUGE.length;
                int total = TestData.product(modes);
                double[][] p = new double[dim][m];
                for (int j = 0; j < m; j++) {
                    for (int d = 0; d < dim; d++) {
                        p[d][j] = HUGE[(j + 5 * d) % m] * (d == 1 ? -0.5 : 1);
                    }
                }
                double[] c = TestData.complex(seed, m);
                double[] dipoles = TestData.complex(seed + 1, m * dim);
                double[] f = TestData.complex(seed + 2, total);
                // e[j][q]: reference exp(isign i k_q.x_j)
                double[][][] e = new double[m][total][];
                for (int j = 0; j < m; j++) {
                    double[] xj = new double[dim];
                    for (int d = 0; d < dim; d++) {
                        xj[d] = p[d][j];
                    }
                    for (int q = 0; q < total; q++) {
                        e[j][q] = ExactReference.expi(DirectSum.modeOf(q, modes, ModeOrder.FFT), xj, isign);
                    }
                }
                double[] refDip = new double[2 * total];
                for (int q = 0; q < total; q++) {
                    int[] k = DirectSum.modeOf(q, modes, ModeOrder.FFT);
                    BigDecimal sr = BigDecimal.ZERO;
                    BigDecimal si = BigDecimal.ZERO;
                    for (int j = 0; j < m; j++) {
                        BigDecimal br = new BigDecimal(c[2 * j]);
                        BigDecimal bi = new BigDecimal(c[2 * j + 1]);
                        for (int d = 0; d < dim; d++) {
                            br = br.subtract(new BigDecimal(isign * k[d]).multiply(new BigDecimal(dipoles[2 * (d * m + j) + 1])));
                            bi = bi.add(new BigDecimal(isign * k[d]).multiply(new BigDecimal(dipoles[2 * (d * m + j)])));
                        }
                        BigDecimal er = new BigDecimal(e[j][q][0]);
                        BigDecimal ei = new BigDecimal(e[j][q][1]);
                        sr = sr.add(br.multiply(er)).subtract(bi.multiply(ei));
                        si = si.add(br.multiply(ei)).add(bi.multiply(er));
                    }
                    refDip[2 * q] = sr.doubleValue();
                    refDip[2 * q + 1] = si.doubleValue();
                }
                double[] refVal = new double[2 * m];
                double[] refGrad = new double[2 * m * dim];
                for (int j = 0; j < m; j++) {
                    BigDecimal[] acc = new BigDecimal[2 + 2 * dim];
                    java.util.Arrays.fill(acc, BigDecimal.ZERO);
                    for (int q = 0; q < total; q++) {
                        int[] k = DirectSum.modeOf(q, modes, ModeOrder.FFT);
                        BigDecimal er = new BigDecimal(e[j][q][0]);
                        BigDecimal ei = new BigDecimal(e[j][q][1]);
                        BigDecimal tr = new BigDecimal(f[2 * q]).multiply(er).subtract(new BigDecimal(f[2 * q + 1]).multiply(ei));
                        BigDecimal ti = new BigDecimal(f[2 * q]).multiply(ei).add(new BigDecimal(f[2 * q + 1]).multiply(er));
                        acc[0] = acc[0].add(tr);
                        acc[1] = acc[1].add(ti);
                        for (int d = 0; d < dim; d++) { // isign i k_d t
                            BigDecimal sk = new BigDecimal(isign * k[d]);
                            acc[2 + 2 * d] = acc[2 + 2 * d].subtract(sk.multiply(ti));
                            acc[3 + 2 * d] = acc[3 + 2 * d].add(sk.multiply(tr));
                        }
                    }
                    refVal[2 * j] = acc[0].doubleValue();
                    refVal[2 * j + 1] = acc[1].doubleValue();
                    for (int d = 0; d < dim; d++) {
                        refGrad[2 * (d * m + j)] = acc[2 + 2 * d].doubleValue();
                        refGrad[2 * (d * m + j) + 1] = acc[3 + 2 * d].doubleValue();
                    }
                }
                double[] dip = DirectSum.type1Dipoles(p, c, dipoles, modes, isign, ModeOrder.FFT);
                double[][] grad = DirectSum.type2Gradient(p, f, modes, isign, ModeOrder.FFT);
                double ed = TestData.relativeError(dip, refDip);
                double ev = TestData.relativeError(grad[0], refVal);
                double eg = TestData.relativeError(grad[1], refGrad);
                long s = seed;
                assertTrue(Math.max(ed, Math.max(ev, eg)) <= 5e-16, () -> "seed " + s + ", modes "
                        + java.util.Arrays.toString(modes) + ", isign " + isign + ": dipoles " + ed + ", values " + ev
                        + ", gradients " + eg);
                seed += 3;
            }
        }
    }

    @Test
    void oversizedModeBoxesAreRefused() {
        double[][] p = {{0.5}, {0.25}};
        assertThrows(IllegalArgumentException.class,
                () -> DirectSum.type1(p, new double[2], new int[] {1 << 16, 1 << 16}, 1, ModeOrder.CMCL));
        assertThrows(IllegalArgumentException.class,
                () -> DirectSum.type1At(p, new double[2], new int[] {1 << 15, 1 << 15}, 1, ModeOrder.CMCL, new int[1]));
    }

    private static double[] pick(double[] values, int[] indices) {
        double[] out = new double[2 * indices.length];
        for (int s = 0; s < indices.length; s++) {
            out[2 * s] = values[2 * indices[s]];
            out[2 * s + 1] = values[2 * indices[s] + 1];
        }
        return out;
    }
}
