package org.nufft4j.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One FFT length, {@code Y_k = sum_j y_j exp(isign 2 pi i j k / n)}, applied to L independent
 * lines at once, one line per SIMD lane (L = the preferred species' length). Every butterfly
 * is then plain lanewise vector arithmetic: no shuffle, no horizontal operation, and each lane
 * gets exactly the arithmetic a scalar FFT would give its line.
 *
 * <p>Lane buffer layout (what {@link LaneCopy} fills): element e of the L lines has its L real
 * parts at {@code buf[2eL .. 2eL+L)} and its L imaginary parts at {@code buf[2eL+L .. 2eL+2L)}.
 *
 * <p>Algorithm: mixed-radix Stockham (self-sorting, no bit reversal), decimation in frequency,
 * radices 5, 3, 4 (and one 2 or 8 for odd powers of two), ping-ponging between two buffers.
 * Pass with radix p at sub-length {@code nc = p m} and span {@code s} (n = nc s): for q < m,
 * t < s,
 *
 * <pre>  y[t + s(p q + k)] = w_nc^(q k) * sum_j x[t + s(q + m j)] w_p^(j k),   k < p,</pre>
 *
 * then nc = m, s = s p. The butterfly code is written for the forward sign only: the inverse
 * DFT of p points is the forward one with outputs k and p-k exchanged, so for isign = +1 each
 * pass just stores output k at position p-k (and uses that position's twiddle).
 *
 * <p>Twiddles {@code w_nc^(q k) = exp(isign 2 pi i (q k s mod n) / n)} are tabulated per pass
 * from {@link Twiddles} (exact integer index, one rounding), once per object.
 *
 * <p>Template of {@code FloatLaneFft} (core/src/build/FloatTwins.java).
 */
@SuppressWarnings("cast") // the (double) casts of plan-time values become the float twin's narrowing casts
final class LaneFft {

    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private static final double SIN_60 = (double) (Math.sqrt(3) / 2); // sqrt(3/4) exactly
    private static final double HALF = (double) 1 / 2;
    private static final double COS_72 = (double) Twiddles.cos(1, 5);
    private static final double COS_144 = (double) Twiddles.cos(2, 5);
    private static final double SIN_72 = (double) Twiddles.sin(1, 5);
    private static final double SIN_144 = (double) Twiddles.sin(2, 5);
    private static final double SQRT_HALF = (double) (Math.sqrt(2) / 2); // sqrt(1/2) exactly

    private final int n;
    private final int[] radix;
    /** Per pass, for q < m and forward output k = 1..p-1: (cos, sin) at {@code 2 (q (p-1) + k - 1)}. */
    private final double[][] twiddles;
    /** Per pass, where forward output k is stored: k, or p - k for the inverse. */
    private final int[][] position;

    /**
     * @param n the length, any product of 2, 3 and 5 (1 too)
     * @param isign sign of the exponent
     */
    LaneFft(int n, int isign) {
        if (!supports(n)) {
            throw new IllegalArgumentException("length " + n + " has a prime factor other than 2, 3, 5");
        }
        this.n = n;
        this.radix = radices(n);
        this.twiddles = new double[radix.length][];
        this.position = new int[radix.length][];
        int nc = n;
        int s = 1;
        for (int pass = 0; pass < radix.length; pass++) {
            int p = radix[pass];
            int m = nc / p;
            int[] pos = new int[p];
            for (int k = 0; k < p; k++) {
                pos[k] = isign < 0 ? k : (p - k) % p;
            }
            double[] tw = new double[2 * m * (p - 1)];
            for (int q = 0; q < m; q++) {
                for (int k = 1; k < p; k++) {
                    long j = (long) q * pos[k] * s;
                    tw[2 * (q * (p - 1) + k - 1)] = (double) Twiddles.cos(j, n);
                    tw[2 * (q * (p - 1) + k - 1) + 1] = (double) (isign * Twiddles.sin(j, n));
                }
            }
            twiddles[pass] = tw;
            position[pass] = pos;
            nc = m;
            s *= p;
        }
    }

    /** Whether n (>= 1) has no prime factor but 2, 3 and 5. */
    static boolean supports(int n) {
        if (n < 1) {
            return false;
        }
        for (int f : new int[] {2, 3, 5}) {
            while (n % f == 0) {
                n /= f;
            }
        }
        return n == 1;
    }

    /** The passes' radices: fives, threes, then fours, with an eight or a two for an odd power of two. */
    static int[] radices(int n) {
        int twos = Integer.numberOfTrailingZeros(n);
        int rest = n >> twos;
        int threes = 0;
        while (rest % 3 == 0) {
            rest /= 3;
            threes++;
        }
        int fives = 0;
        while (rest % 5 == 0) {
            rest /= 5;
            fives++;
        }
        int eights = twos % 2 == 1 && twos >= 3 ? 1 : 0;
        int fours = (twos - 3 * eights) / 2;
        int two = twos - 3 * eights - 2 * fours;
        int[] r = new int[fives + threes + eights + fours + two];
        int i = 0;
        for (int k = 0; k < fives; k++) {
            r[i++] = 5;
        }
        for (int k = 0; k < threes; k++) {
            r[i++] = 3;
        }
        for (int k = 0; k < eights; k++) {
            r[i++] = 8;
        }
        for (int k = 0; k < fours; k++) {
            r[i++] = 4;
        }
        if (two == 1) {
            r[i] = 2;
        }
        return r;
    }

    int length() {
        return n;
    }

    /** Doubles of one lane buffer: 2 n L. */
    int bufferLength() {
        return 2 * n * L;
    }

    /**
     * Transforms the L lines held in {@code a} (lane buffer layout), using {@code b} as the
     * other buffer of the ping-pong; returns whichever of the two holds the result.
     */
    double[] transform(double[] a, double[] b) {
        double[] x = a;
        double[] y = b;
        int nc = n;
        int s = 1;
        for (int pass = 0; pass < radix.length; pass++) {
            int p = radix[pass];
            int m = nc / p;
            switch (p) {
                case 2 -> radix2(x, y, m, s, twiddles[pass]);
                case 3 -> radix3(x, y, m, s, twiddles[pass], position[pass]);
                case 4 -> radix4(x, y, m, s, twiddles[pass], position[pass]);
                case 5 -> radix5(x, y, m, s, twiddles[pass], position[pass]);
                default -> radix8(x, y, m, s, twiddles[pass], position[pass]);
            }
            double[] t = x;
            x = y;
            y = t;
            nc = m;
            s *= p;
        }
        return x;
    }

    private static DoubleVector load(double[] a, int offset) {
        return DoubleVector.fromArray(S, a, offset);
    }

    private static void radix2(double[] x, double[] y, int m, int s, double[] tw) {
        final int step = 2 * L;
        final int in = step * s * m; // between a butterfly's inputs
        final int out = step * s; // between its outputs
        for (int q = 0; q < m; q++) {
            var c1 = DoubleVector.broadcast(S, tw[2 * q]);
            var s1 = DoubleVector.broadcast(S, tw[2 * q + 1]);
            int i = step * s * q;
            int o = step * s * 2 * q;
            for (int t = 0; t < s; t++, i += step, o += step) {
                var a0r = load(x, i);
                var a0i = load(x, i + L);
                var a1r = load(x, i + in);
                var a1i = load(x, i + in + L);
                a0r.add(a1r).intoArray(y, o);
                a0i.add(a1i).intoArray(y, o + L);
                var z1r = a0r.sub(a1r);
                var z1i = a0i.sub(a1i);
                z1r.mul(c1).sub(z1i.mul(s1)).intoArray(y, o + out);
                z1r.mul(s1).add(z1i.mul(c1)).intoArray(y, o + out + L);
            }
        }
    }

    private static void radix3(double[] x, double[] y, int m, int s, double[] tw, int[] pos) {
        final int step = 2 * L;
        final int in = step * s * m;
        final int out = step * s;
        final int o1 = out * pos[1];
        final int o2 = out * pos[2];
        for (int q = 0; q < m; q++) {
            int w = 4 * q;
            var c1 = DoubleVector.broadcast(S, tw[w]);
            var s1 = DoubleVector.broadcast(S, tw[w + 1]);
            var c2 = DoubleVector.broadcast(S, tw[w + 2]);
            var s2 = DoubleVector.broadcast(S, tw[w + 3]);
            int i = step * s * q;
            int o = step * s * 3 * q;
            for (int t = 0; t < s; t++, i += step, o += step) {
                var a0r = load(x, i);
                var a0i = load(x, i + L);
                var a1r = load(x, i + in);
                var a1i = load(x, i + in + L);
                var a2r = load(x, i + 2 * in);
                var a2i = load(x, i + 2 * in + L);
                var sr = a1r.add(a2r);
                var si = a1i.add(a2i);
                var ur = a1r.sub(a2r).mul(SIN_60);
                var ui = a1i.sub(a2i).mul(SIN_60);
                var mr = a0r.sub(sr.mul(HALF));
                var mi = a0i.sub(si.mul(HALF));
                a0r.add(sr).intoArray(y, o);
                a0i.add(si).intoArray(y, o + L);
                var z1r = mr.add(ui);
                var z1i = mi.sub(ur);
                z1r.mul(c1).sub(z1i.mul(s1)).intoArray(y, o + o1);
                z1r.mul(s1).add(z1i.mul(c1)).intoArray(y, o + o1 + L);
                var z2r = mr.sub(ui);
                var z2i = mi.add(ur);
                z2r.mul(c2).sub(z2i.mul(s2)).intoArray(y, o + o2);
                z2r.mul(s2).add(z2i.mul(c2)).intoArray(y, o + o2 + L);
            }
        }
    }

    private static void radix4(double[] x, double[] y, int m, int s, double[] tw, int[] pos) {
        final int step = 2 * L;
        final int in = step * s * m;
        final int out = step * s;
        final int o1 = out * pos[1];
        final int o3 = out * pos[3];
        for (int q = 0; q < m; q++) {
            int w = 6 * q;
            var c1 = DoubleVector.broadcast(S, tw[w]);
            var s1 = DoubleVector.broadcast(S, tw[w + 1]);
            var c2 = DoubleVector.broadcast(S, tw[w + 2]);
            var s2 = DoubleVector.broadcast(S, tw[w + 3]);
            var c3 = DoubleVector.broadcast(S, tw[w + 4]);
            var s3 = DoubleVector.broadcast(S, tw[w + 5]);
            int i = step * s * q;
            int o = step * s * 4 * q;
            for (int t = 0; t < s; t++, i += step, o += step) {
                var a0r = load(x, i);
                var a0i = load(x, i + L);
                var a1r = load(x, i + in);
                var a1i = load(x, i + in + L);
                var a2r = load(x, i + 2 * in);
                var a2i = load(x, i + 2 * in + L);
                var a3r = load(x, i + 3 * in);
                var a3i = load(x, i + 3 * in + L);
                var t0r = a0r.add(a2r);
                var t0i = a0i.add(a2i);
                var t1r = a0r.sub(a2r);
                var t1i = a0i.sub(a2i);
                var t2r = a1r.add(a3r);
                var t2i = a1i.add(a3i);
                var dr = a1r.sub(a3r);
                var di = a1i.sub(a3i);
                t0r.add(t2r).intoArray(y, o);
                t0i.add(t2i).intoArray(y, o + L);
                // y1 = t1 - i d, y2 = t0 - t2, y3 = t1 + i d (forward)
                var z1r = t1r.add(di);
                var z1i = t1i.sub(dr);
                z1r.mul(c1).sub(z1i.mul(s1)).intoArray(y, o + o1);
                z1r.mul(s1).add(z1i.mul(c1)).intoArray(y, o + o1 + L);
                var z2r = t0r.sub(t2r);
                var z2i = t0i.sub(t2i);
                z2r.mul(c2).sub(z2i.mul(s2)).intoArray(y, o + 2 * out);
                z2r.mul(s2).add(z2i.mul(c2)).intoArray(y, o + 2 * out + L);
                var z3r = t1r.sub(di);
                var z3i = t1i.add(dr);
                z3r.mul(c3).sub(z3i.mul(s3)).intoArray(y, o + o3);
                z3r.mul(s3).add(z3i.mul(c3)).intoArray(y, o + o3 + L);
            }
        }
    }

    private static void radix5(double[] x, double[] y, int m, int s, double[] tw, int[] pos) {
        final int step = 2 * L;
        final int in = step * s * m;
        final int out = step * s;
        final int o1 = out * pos[1];
        final int o2 = out * pos[2];
        final int o3 = out * pos[3];
        final int o4 = out * pos[4];
        for (int q = 0; q < m; q++) {
            int w = 8 * q;
            var c1 = DoubleVector.broadcast(S, tw[w]);
            var s1 = DoubleVector.broadcast(S, tw[w + 1]);
            var c2 = DoubleVector.broadcast(S, tw[w + 2]);
            var s2 = DoubleVector.broadcast(S, tw[w + 3]);
            var c3 = DoubleVector.broadcast(S, tw[w + 4]);
            var s3 = DoubleVector.broadcast(S, tw[w + 5]);
            var c4 = DoubleVector.broadcast(S, tw[w + 6]);
            var s4 = DoubleVector.broadcast(S, tw[w + 7]);
            int i = step * s * q;
            int o = step * s * 5 * q;
            for (int t = 0; t < s; t++, i += step, o += step) {
                var a0r = load(x, i);
                var a0i = load(x, i + L);
                var a1r = load(x, i + in);
                var a1i = load(x, i + in + L);
                var a2r = load(x, i + 2 * in);
                var a2i = load(x, i + 2 * in + L);
                var a3r = load(x, i + 3 * in);
                var a3i = load(x, i + 3 * in + L);
                var a4r = load(x, i + 4 * in);
                var a4i = load(x, i + 4 * in + L);
                var b1r = a1r.add(a4r);
                var b1i = a1i.add(a4i);
                var b2r = a2r.add(a3r);
                var b2i = a2i.add(a3i);
                var d1r = a1r.sub(a4r);
                var d1i = a1i.sub(a4i);
                var d2r = a2r.sub(a3r);
                var d2i = a2i.sub(a3i);
                a0r.add(b1r).add(b2r).intoArray(y, o);
                a0i.add(b1i).add(b2i).intoArray(y, o + L);
                // r1 = a0 + c72 b1 + c144 b2, r2 = a0 + c144 b1 + c72 b2
                var r1r = a0r.add(b1r.mul(COS_72)).add(b2r.mul(COS_144));
                var r1i = a0i.add(b1i.mul(COS_72)).add(b2i.mul(COS_144));
                var r2r = a0r.add(b1r.mul(COS_144)).add(b2r.mul(COS_72));
                var r2i = a0i.add(b1i.mul(COS_144)).add(b2i.mul(COS_72));
                // u1 = s72 d1 + s144 d2, u2 = s144 d1 - s72 d2
                var u1r = d1r.mul(SIN_72).add(d2r.mul(SIN_144));
                var u1i = d1i.mul(SIN_72).add(d2i.mul(SIN_144));
                var u2r = d1r.mul(SIN_144).add(d2r.mul(-SIN_72));
                var u2i = d1i.mul(SIN_144).add(d2i.mul(-SIN_72));
                // y1 = r1 - i u1, y4 = r1 + i u1, y2 = r2 - i u2, y3 = r2 + i u2 (forward)
                var z1r = r1r.add(u1i);
                var z1i = r1i.sub(u1r);
                z1r.mul(c1).sub(z1i.mul(s1)).intoArray(y, o + o1);
                z1r.mul(s1).add(z1i.mul(c1)).intoArray(y, o + o1 + L);
                var z2r = r2r.add(u2i);
                var z2i = r2i.sub(u2r);
                z2r.mul(c2).sub(z2i.mul(s2)).intoArray(y, o + o2);
                z2r.mul(s2).add(z2i.mul(c2)).intoArray(y, o + o2 + L);
                var z3r = r2r.sub(u2i);
                var z3i = r2i.add(u2r);
                z3r.mul(c3).sub(z3i.mul(s3)).intoArray(y, o + o3);
                z3r.mul(s3).add(z3i.mul(c3)).intoArray(y, o + o3 + L);
                var z4r = r1r.sub(u1i);
                var z4i = r1i.add(u1r);
                z4r.mul(c4).sub(z4i.mul(s4)).intoArray(y, o + o4);
                z4r.mul(s4).add(z4i.mul(c4)).intoArray(y, o + o4 + L);
            }
        }
    }

    /**
     * Radix 8 as two radix-4 halves (even and odd inputs) joined by w_8^k: with E, O the forward
     * 4-point DFTs of the even and odd inputs, y_k = E_k + w_8^k O_k and y_(k+4) = E_k - w_8^k
     * O_k, w_8 = exp(-2 pi i / 8).
     */
    private static void radix8(double[] x, double[] y, int m, int s, double[] tw, int[] pos) {
        final int step = 2 * L;
        final int in = step * s * m;
        final int out = step * s;
        final int o1 = out * pos[1];
        final int o2 = out * pos[2];
        final int o3 = out * pos[3];
        final int o4 = out * pos[4];
        final int o5 = out * pos[5];
        final int o6 = out * pos[6];
        final int o7 = out * pos[7];
        for (int q = 0; q < m; q++) {
            int w = 14 * q;
            int i = step * s * q;
            int ob = step * s * 8 * q;
            for (int t = 0; t < s; t++, i += step, ob += step) {
                // even inputs 0, 2, 4, 6: 4-point DFT E
                var a0r = load(x, i);
                var a0i = load(x, i + L);
                var a2r = load(x, i + 2 * in);
                var a2i = load(x, i + 2 * in + L);
                var a4r = load(x, i + 4 * in);
                var a4i = load(x, i + 4 * in + L);
                var a6r = load(x, i + 6 * in);
                var a6i = load(x, i + 6 * in + L);
                var p0r = a0r.add(a4r);
                var p0i = a0i.add(a4i);
                var p1r = a0r.sub(a4r);
                var p1i = a0i.sub(a4i);
                var p2r = a2r.add(a6r);
                var p2i = a2i.add(a6i);
                var p3r = a2r.sub(a6r);
                var p3i = a2i.sub(a6i);
                var e0r = p0r.add(p2r);
                var e0i = p0i.add(p2i);
                var e2r = p0r.sub(p2r);
                var e2i = p0i.sub(p2i);
                var e1r = p1r.add(p3i); // p1 - i p3
                var e1i = p1i.sub(p3r);
                var e3r = p1r.sub(p3i); // p1 + i p3
                var e3i = p1i.add(p3r);
                // odd inputs 1, 3, 5, 7: 4-point DFT O
                var a1r = load(x, i + in);
                var a1i = load(x, i + in + L);
                var a3r = load(x, i + 3 * in);
                var a3i = load(x, i + 3 * in + L);
                var a5r = load(x, i + 5 * in);
                var a5i = load(x, i + 5 * in + L);
                var a7r = load(x, i + 7 * in);
                var a7i = load(x, i + 7 * in + L);
                var g0r = a1r.add(a5r);
                var g0i = a1i.add(a5i);
                var g1r = a1r.sub(a5r);
                var g1i = a1i.sub(a5i);
                var g2r = a3r.add(a7r);
                var g2i = a3i.add(a7i);
                var g3r = a3r.sub(a7r);
                var g3i = a3i.sub(a7i);
                var f0r = g0r.add(g2r);
                var f0i = g0i.add(g2i);
                var f2r = g0r.sub(g2r);
                var f2i = g0i.sub(g2i);
                var f1r = g1r.add(g3i);
                var f1i = g1i.sub(g3r);
                var f3r = g1r.sub(g3i);
                var f3i = g1i.add(g3r);
                // w_8^1 f1 = sqrt(1/2) (1 - i) f1; w_8^2 f2 = -i f2; w_8^3 f3 = -sqrt(1/2) (1 + i) f3
                var h1r = f1r.add(f1i).mul(SQRT_HALF);
                var h1i = f1i.sub(f1r).mul(SQRT_HALF);
                var h2r = f2i;
                var h2i = f2r.neg();
                var h3r = f3i.sub(f3r).mul(SQRT_HALF);
                var h3i = f3r.add(f3i).neg().mul(SQRT_HALF);
                e0r.add(f0r).intoArray(y, ob);
                e0i.add(f0i).intoArray(y, ob + L);
                var z1r = e1r.add(h1r);
                var z1i = e1i.add(h1i);
                z1r.mul(DoubleVector.broadcast(S, tw[w])).sub(z1i.mul(DoubleVector.broadcast(S, tw[w + 1]))).intoArray(y, ob + o1);
                z1r.mul(DoubleVector.broadcast(S, tw[w + 1])).add(z1i.mul(DoubleVector.broadcast(S, tw[w]))).intoArray(y, ob + o1 + L);
                var z2r = e2r.add(h2r);
                var z2i = e2i.add(h2i);
                z2r.mul(DoubleVector.broadcast(S, tw[w + 2])).sub(z2i.mul(DoubleVector.broadcast(S, tw[w + 3]))).intoArray(y, ob + o2);
                z2r.mul(DoubleVector.broadcast(S, tw[w + 3])).add(z2i.mul(DoubleVector.broadcast(S, tw[w + 2]))).intoArray(y, ob + o2 + L);
                var z3r = e3r.add(h3r);
                var z3i = e3i.add(h3i);
                z3r.mul(DoubleVector.broadcast(S, tw[w + 4])).sub(z3i.mul(DoubleVector.broadcast(S, tw[w + 5]))).intoArray(y, ob + o3);
                z3r.mul(DoubleVector.broadcast(S, tw[w + 5])).add(z3i.mul(DoubleVector.broadcast(S, tw[w + 4]))).intoArray(y, ob + o3 + L);
                var z4r = e0r.sub(f0r);
                var z4i = e0i.sub(f0i);
                z4r.mul(DoubleVector.broadcast(S, tw[w + 6])).sub(z4i.mul(DoubleVector.broadcast(S, tw[w + 7]))).intoArray(y, ob + o4);
                z4r.mul(DoubleVector.broadcast(S, tw[w + 7])).add(z4i.mul(DoubleVector.broadcast(S, tw[w + 6]))).intoArray(y, ob + o4 + L);
                var z5r = e1r.sub(h1r);
                var z5i = e1i.sub(h1i);
                z5r.mul(DoubleVector.broadcast(S, tw[w + 8])).sub(z5i.mul(DoubleVector.broadcast(S, tw[w + 9]))).intoArray(y, ob + o5);
                z5r.mul(DoubleVector.broadcast(S, tw[w + 9])).add(z5i.mul(DoubleVector.broadcast(S, tw[w + 8]))).intoArray(y, ob + o5 + L);
                var z6r = e2r.sub(h2r);
                var z6i = e2i.sub(h2i);
                z6r.mul(DoubleVector.broadcast(S, tw[w + 10])).sub(z6i.mul(DoubleVector.broadcast(S, tw[w + 11]))).intoArray(y, ob + o6);
                z6r.mul(DoubleVector.broadcast(S, tw[w + 11])).add(z6i.mul(DoubleVector.broadcast(S, tw[w + 10]))).intoArray(y, ob + o6 + L);
                var z7r = e3r.sub(h3r);
                var z7i = e3i.sub(h3i);
                z7r.mul(DoubleVector.broadcast(S, tw[w + 12])).sub(z7i.mul(DoubleVector.broadcast(S, tw[w + 13]))).intoArray(y, ob + o7);
                z7r.mul(DoubleVector.broadcast(S, tw[w + 13])).add(z7i.mul(DoubleVector.broadcast(S, tw[w + 12]))).intoArray(y, ob + o7 + L);
            }
        }
    }
}
