package org.nufft4j;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * vjp and jvp of {@link NufftGradients} against central finite differences of the plain
 * transforms, for points and for strengths/coefficients, types 1 and 2, d = 1, 2, 3, both
 * signs, with a batch of 2 (point derivatives sum over the batch).
 *
 * <p>The loss is {@code L = Re <out, W>} for a fixed random W, so the incoming gradient is W
 * (the convention dL/dRe + i dL/dIm). Differences use h = 1e-5 on transforms at tolerance
 * 1e-12: agreement to 1e-6 relative.
 */
class NufftGradientsTest {

    static final double H = 1e-5;
    static final double TOL = 1e-12;
    static final int BATCH = 2;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(NufftType.TYPE_1, new int[] {24}, 1, 71L),
                Arguments.of(NufftType.TYPE_1, new int[] {10, 9}, -1, 72L),
                Arguments.of(NufftType.TYPE_1, new int[] {6, 5, 7}, 1, 73L),
                Arguments.of(NufftType.TYPE_2, new int[] {24}, -1, 74L),
                Arguments.of(NufftType.TYPE_2, new int[] {10, 9}, 1, 75L),
                Arguments.of(NufftType.TYPE_2, new int[] {6, 5, 7}, -1, 76L));
    }

    /** Plain transform output for points p and input in. */
    static double[] apply(NufftType type, int[] modes, int isign, double[][] p, double[] in, int outLength) {
        double[] out = new double[outLength];
        try (var plan = NufftPlan.create(type, modes, isign, TOL, NufftOptions.defaults().withBatchSize(BATCH))) {
            TestData.setPoints(plan, p);
            plan.execute(in, out);
        }
        return out;
    }

    static double[][] move(double[][] p, double[] tangent, double h) {
        int m = p[0].length;
        double[][] q = new double[p.length][];
        for (int d = 0; d < p.length; d++) {
            q[d] = p[d].clone();
            for (int j = 0; j < m; j++) {
                q[d][j] += h * tangent[d * m + j];
            }
        }
        return q;
    }

    static double[] axpy(double[] x, double h, double[] y) {
        double[] r = x.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] += h * y[i];
        }
        return r;
    }

    static double realDot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double[] real(long seed, int count) {
        var rnd = new java.util.SplittableRandom(seed);
        double[] a = new double[count];
        for (int i = 0; i < count; i++) {
            a[i] = 2 * rnd.nextDouble() - 1;
        }
        return a;
    }

    @ParameterizedTest(name = "{0} modes={1} isign={2} seed={3}")
    @MethodSource("cases")
    void vjpAndJvpMatchFiniteDifferences(NufftType type, int[] modes, int isign, long seed) {
        int dim = modes.length;
        int m = 150;
        int n = TestData.product(modes);
        int inLen = 2 * BATCH * (type == NufftType.TYPE_1 ? m : n);
        int outLen = 2 * BATCH * (type == NufftType.TYPE_1 ? n : m);
        double[][] p = TestData.points(seed, dim, m, -Math.PI, Math.PI);
        double[] in = TestData.complex(seed + 1, inLen / 2);
        double[] w = TestData.complex(seed + 2, outLen / 2);
        double[] dIn = TestData.complex(seed + 3, inLen / 2);
        double[] dx = real(seed + 4, dim * m);

        double[] inGrad = new double[inLen];
        double[] pointGrad = new double[dim * m];
        double[] outTangent = new double[outLen];
        try (var g = NufftGradients.create(type, modes, isign, TOL, NufftOptions.defaults().withBatchSize(BATCH))) {
            TestData.setPoints(g, p);
            g.vjp(in, w, inGrad, pointGrad);
            g.jvp(in, dIn, dx, outTangent);
        }
        // vjp, strengths: dL along dIn is <inGrad, dIn> (real dot of interleaved arrays)
        double lPlus = realDot(apply(type, modes, isign, p, axpy(in, H, dIn), outLen), w);
        double lMinus = realDot(apply(type, modes, isign, p, axpy(in, -H, dIn), outLen), w);
        double fdIn = (lPlus - lMinus) / (2 * H);
        double adIn = realDot(inGrad, dIn);
        assertTrue(Math.abs(fdIn - adIn) <= 1e-6 * Math.abs(fdIn),
                () -> "seed " + seed + ": input vjp " + adIn + " vs differences " + fdIn);
        // vjp, points: dL along dx is <pointGrad, dx>
        double pPlus = realDot(apply(type, modes, isign, move(p, dx, H), in, outLen), w);
        double pMinus = realDot(apply(type, modes, isign, move(p, dx, -H), in, outLen), w);
        double fdX = (pPlus - pMinus) / (2 * H);
        double adX = realDot(pointGrad, dx);
        assertTrue(Math.abs(fdX - adX) <= 1e-6 * Math.abs(fdX),
                () -> "seed " + seed + ": point vjp " + adX + " vs differences " + fdX);
        // jvp: tangent of the output along (dIn, dx) together
        double[] plus = apply(type, modes, isign, move(p, dx, H), axpy(in, H, dIn), outLen);
        double[] minus = apply(type, modes, isign, move(p, dx, -H), axpy(in, -H, dIn), outLen);
        double[] fd = new double[outLen];
        for (int i = 0; i < outLen; i++) {
            fd[i] = (plus[i] - minus[i]) / (2 * H);
        }
        double err = TestData.relativeError(outTangent, fd);
        assertTrue(err <= 1e-6, () -> "seed " + seed + ": jvp vs differences " + err);
    }

    @Test
    void badInputFailsFast() {
        try (var g = NufftGradients.create(NufftType.TYPE_1, new int[] {8}, 1, 1e-6)) {
            var e1 = assertThrows(IllegalStateException.class,
                    () -> g.vjp(new double[8], new double[16], new double[8], new double[4]));
            assertTrue(e1.getMessage().contains("setPoints"), e1.getMessage());
            g.setPoints(new double[] {0.1, 0.2, 0.3, 0.4});
            var e2 = assertThrows(IllegalArgumentException.class,
                    () -> g.vjp(new double[8], new double[16], new double[8], new double[3]));
            assertTrue(e2.getMessage().contains("pointGradient.length = 3"), e2.getMessage());
            var e3 = assertThrows(IllegalArgumentException.class,
                    () -> g.jvp(new double[8], new double[6], new double[4], new double[16]));
            assertTrue(e3.getMessage().contains("inputTangent.length = 6"), e3.getMessage());
        }
        var e4 = assertThrows(IllegalArgumentException.class, () -> NufftGradients.create(NufftType.TYPE_2,
                new int[] {8}, 1, 1e-6, NufftOptions.defaults().withPrecision(Precision.FLOAT)));
        assertTrue(e4.getMessage().contains("double"), e4.getMessage());
    }

    /**
     * One sort serves both directions: after new points (another M), after a rejected call
     * (the previous points stay) and after the same points again, vjp (which runs the adjoint
     * plan for type 2) gives the bits of a fresh pair set to the same points.
     */
    @Test
    void bothDirectionsFollowEverySetPoints() {
        int[] modes = {12, 10};
        for (NufftType type : new NufftType[] {NufftType.TYPE_1, NufftType.TYPE_2}) {
            try (var g = NufftGradients.create(type, modes, 1, 1e-8)) {
                double[][] first = TestData.points(71, 2, 300, -Math.PI, Math.PI);
                double[][] second = TestData.points(72, 2, 500, -4, 9);
                g.setPoints(first[0], first[1]);
                g.setPoints(second[0], second[1]);
                double[] bad = second[1].clone();
                bad[7] = Double.NaN;
                assertThrows(IllegalArgumentException.class, () -> g.setPoints(second[0], bad));
                double[][] expected = vjpOfFreshPair(type, modes, second);
                double[][] got = vjpOf(g, type, modes, second[0].length);
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected[0], got[0], type + " input gradient");
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected[1], got[1], type + " point gradient");
            }
        }
    }

    private static double[][] vjpOfFreshPair(NufftType type, int[] modes, double[][] p) {
        try (var fresh = NufftGradients.create(type, modes, 1, 1e-8)) {
            fresh.setPoints(p[0], p[1]);
            return vjpOf(fresh, type, modes, p[0].length);
        }
    }

    private static double[][] vjpOf(NufftGradients g, NufftType type, int[] modes, int m) {
        int modeCount = TestData.product(modes);
        int inLen = 2 * (type == NufftType.TYPE_1 ? m : modeCount);
        int outLen = 2 * (type == NufftType.TYPE_1 ? modeCount : m);
        double[] in = TestData.complex(5, inLen / 2);
        double[] outGrad = TestData.complex(6, outLen / 2);
        double[] inGrad = new double[inLen];
        double[] pointGrad = new double[2 * m];
        g.vjp(in, outGrad, inGrad, pointGrad);
        return new double[][] {inGrad, pointGrad};
    }
}
