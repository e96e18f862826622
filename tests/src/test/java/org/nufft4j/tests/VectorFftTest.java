package org.nufft4j.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nufft4j.NufftOptions;
import org.nufft4j.NufftPlan;
import org.nufft4j.NufftType;
import org.nufft4j.Precision;
import org.nufft4j.FftChoice;
import org.nufft4j.fft.FftShape;
import org.nufft4j.fft.Ffts;
import org.nufft4j.fft.FineGridFft;
import org.nufft4j.fft.FloatFineGridFft;
import org.nufft4j.fft.FloatGridFft;
import org.nufft4j.fft.GridFft;
import org.nufft4j.parallel.Workers;
import org.nufft4j.simd.FloatVectorGridFft;
import org.nufft4j.simd.VectorGridFft;

/**
 * The SIMD FFT against a double-double direct DFT ({@link ExactDft}) and against JTransforms
 * ({@link FineGridFft}): accuracy, batches, pruning, and bitwise equality across thread counts.
 */
class VectorFftTest {

    private static final long SEED = 20261202L;

    /** Products of 2, 3 and 5 from 1 to max. */
    static List<Integer> smoothSizes(int max) {
        List<Integer> sizes = new ArrayList<>();
        for (int n = 1; n <= max; n++) {
            int r = n;
            for (int f : new int[] {2, 3, 5}) {
                while (r % f == 0) {
                    r /= f;
                }
            }
            if (r == 1) {
                sizes.add(n);
            }
        }
        return sizes;
    }

    /** Values uniform in [-1, 1) that are floats, so that both precisions transform the same numbers. */
    static double[] floatValues(SplittableRandom rnd, int length) {
        double[] a = new double[length];
        for (int i = 0; i < length; i++) {
            a[i] = (float) (2 * rnd.nextDouble() - 1);
        }
        return a;
    }

    static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    static int cells(int[] n) {
        int c = 1;
        for (int s : n) {
            c *= s;
        }
        return c;
    }

    /** Errors of ours and of JTransforms against the exact DFT, double then float: {ours, jt, oursF, jtF}. */
    static double[] errors(int[] n, int isign, long seed, Workers workers) {
        double[] x = floatValues(new SplittableRandom(seed), 2 * cells(n));
        double[][] exact = ExactDft.transform(x, n, isign);
        var shape = FftShape.full(n, isign);
        double[] ours = x.clone();
        new VectorGridFft(shape, workers).transform(ours, ours.length, 1);
        double[] jt = x.clone();
        new FineGridFft(n, isign, workers).transform(jt, jt.length, 1);
        float[] oursF = toFloat(x);
        new FloatVectorGridFft(shape, workers).transform(oursF, oursF.length, 1);
        float[] jtF = toFloat(x);
        new FloatFineGridFft(n, isign, workers).transform(jtF, jtF.length, 1);
        return new double[] {ExactDft.relativeError(ours, 0, exact), ExactDft.relativeError(jt, 0, exact),
            ExactDft.relativeError(oursF, 0, exact), ExactDft.relativeError(jtF, 0, exact)};
    }

    /** The provider loads with the incubator module, and plans run the FFT they are asked for. */
    @Test
    void plansRunTheChosenFft() {
        assertTrue(Ffts.simdAvailable(), "the SIMD FFT must load with --add-modules=jdk.incubator.vector");
        for (var precision : Precision.values()) {
            var options = NufftOptions.defaults().withPrecision(precision);
            try (var simd = NufftPlan.create(NufftType.TYPE_1, new int[] {16, 12}, 1, 1e-5, options.withFft(FftChoice.SIMD));
                 var jt = NufftPlan.create(NufftType.TYPE_2, new int[] {16}, 1, 1e-5,
                         options.withFft(FftChoice.JTRANSFORMS))) {
                assertTrue(simd.fftImplementation().startsWith("simd-"), simd.fftImplementation());
                assertEquals("jtransforms", jt.fftImplementation());
            }
        }
    }

    /** Double and float unit roundoff: the absolute floor of the accuracy comparison. */
    private static final double EPS_DOUBLE = 0x1p-53;
    private static final double EPS_FLOAT = 0x1p-24;

    /**
     * Ours against JTransforms on the same data, both measured against the exact DFT. Margin:
     * 1.25x JTransforms' error plus one unit roundoff. Both errors are sums of a few hundred
     * roundings of random sign, so each fluctuates by tens of percent from one size to the
     * next; for the shortest lengths only a handful of roundings happen and either FFT may be
     * exact, hence the absolute floor. In aggregate (root of the sum of squares over all cases)
     * ours must be no worse than JTransforms' at all.
     */
    private static void assertAsAccurateAsJTransforms(double[] sumSq, double[] e, String what) {
        assertTrue(e[0] <= 1.25 * e[1] + EPS_DOUBLE, what + ": double error " + e[0] + " vs JTransforms " + e[1]);
        assertTrue(e[2] <= 1.25 * e[3] + EPS_FLOAT, what + ": float error " + e[2] + " vs JTransforms " + e[3]);
        for (int i = 0; i < 4; i++) {
            sumSq[i] += e[i] * e[i];
        }
    }

    private static void assertAggregate(double[] sumSq, String what) {
        System.out.printf("%s: rms-sum relative l2 error ours %.3g / JTransforms %.3g (double), %.3g / %.3g (float)%n",
                what, Math.sqrt(sumSq[0]), Math.sqrt(sumSq[1]), Math.sqrt(sumSq[2]), Math.sqrt(sumSq[3]));
        assertTrue(sumSq[0] <= sumSq[1], what + ": double, in aggregate less accurate than JTransforms");
        assertTrue(sumSq[2] <= sumSq[3], what + ": float, in aggregate less accurate than JTransforms");
    }

    @Test
    void everySmoothLengthUpTo1000MatchesTheExactDft() {
        var sumSq = new double[4];
        double worst = 0;
        double worstFloat = 0;
        try (var one = new Workers(1)) {
            for (int isign : new int[] {-1, 1}) {
                for (int n : smoothSizes(1000)) {
                    long seed = SEED + 31L * n + isign;
                    double[] e = errors(new int[] {n}, isign, seed, one);
                    assertAsAccurateAsJTransforms(sumSq, e, "n=" + n + " isign=" + isign + " seed=" + seed);
                    worst = Math.max(worst, e[0]);
                    worstFloat = Math.max(worstFloat, e[2]);
                }
            }
        }
        System.out.printf("1D n <= 1000: worst relative l2 error %.3g (double), %.3g (float)%n", worst, worstFloat);
        assertAggregate(sumSq, "1D n <= 1000");
    }

    @Test
    void multiDimensionalShapesMatchTheExactDft() {
        int[][] shapes = {{1, 1}, {6, 1}, {1, 10}, {5, 3}, {12, 10}, {16, 9}, {9, 16}, {25, 2}, {8, 1, 5}, {3, 4, 5},
            {10, 6, 4}, {1, 1, 12}, {30, 1, 2}, {2, 15, 1}, {9, 10, 8}, {16, 16, 3}};
        var sumSq = new double[4];
        try (var one = new Workers(1)) {
            for (int isign : new int[] {-1, 1}) {
                for (int[] n : shapes) {
                    long seed = SEED + Arrays.hashCode(n) + isign;
                    double[] e = errors(n, isign, seed, one);
                    assertAsAccurateAsJTransforms(sumSq, e, Arrays.toString(n) + " isign=" + isign + " seed=" + seed);
                    assertTrue(e[0] < 1e-15 && e[2] < 1e-6, Arrays.toString(n) + ": " + Arrays.toString(e));
                }
            }
        }
        assertAggregate(sumSq, "2D/3D shapes");
    }

    /** A batch transforms each grid as a single call would, and leaves the padding between grids alone. */
    @Test
    void batchesWithPaddedStride() {
        for (int[] n : new int[][] {{60}, {12, 10}, {6, 5, 4}}) {
            int cells = cells(n);
            int stride = 2 * cells + 6;
            int count = 3;
            long seed = SEED + 7 * Arrays.hashCode(n);
            double[] batch = floatValues(new SplittableRandom(seed), stride * count);
            try (var two = new Workers(2)) {
                var fft = new VectorGridFft(FftShape.full(n, 1), two);
                var ffts = new FloatVectorGridFft(FftShape.full(n, 1), two);
                double[] expected = batch.clone();
                for (int b = 0; b < count; b++) {
                    double[] one = Arrays.copyOfRange(batch, b * stride, b * stride + 2 * cells);
                    fft.transform(one, one.length, 1);
                    System.arraycopy(one, 0, expected, b * stride, one.length);
                }
                float[] batchF = toFloat(batch);
                float[] expectedF = toFloat(batch);
                for (int b = 0; b < count; b++) {
                    float[] one = Arrays.copyOfRange(batchF, b * stride, b * stride + 2 * cells);
                    ffts.transform(one, one.length, 1);
                    System.arraycopy(one, 0, expectedF, b * stride, one.length);
                }
                fft.transform(batch, stride, count);
                ffts.transform(batchF, stride, count);
                assertArrayEquals(expected, batch, Arrays.toString(n) + " seed=" + seed);
                assertArrayEquals(expectedF, batchF, Arrays.toString(n) + " float, seed=" + seed);
            }
        }
    }

    /** Big grids (the four-step 1D, long lines, partial lane blocks) against JTransforms. */
    @Test
    void bigGridsAgreeWithJTransforms() {
        int[][] shapes = {{200000}, {40500}, {360, 250}, {50, 48, 45}, {1, 4, 3000}};
        try (var two = new Workers(2)) {
            for (int[] n : shapes) {
                long seed = SEED + Arrays.hashCode(n);
                double[] x = floatValues(new SplittableRandom(seed), 2 * cells(n));
                for (int isign : new int[] {-1, 1}) {
                    double[] ours = x.clone();
                    new VectorGridFft(FftShape.full(n, isign), two).transform(ours, ours.length, 1);
                    double[] jt = x.clone();
                    new FineGridFft(n, isign, two).transform(jt, jt.length, 1);
                    double diff = relativeDistance(ours, jt);
                    float[] oursF = toFloat(x);
                    new FloatVectorGridFft(FftShape.full(n, isign), two).transform(oursF, oursF.length, 1);
                    float[] jtF = toFloat(x);
                    new FloatFineGridFft(n, isign, two).transform(jtF, jtF.length, 1);
                    double diffF = relativeDistance(widen(oursF), widen(jtF));
                    String what = Arrays.toString(n) + " isign=" + isign + " seed=" + seed;
                    assertTrue(diff < 2e-15, what + ": double distance " + diff);
                    assertTrue(diffF < 1e-6, what + ": float distance " + diffF);
                }
            }
        }
    }

    /** Pruned transforms: the kept outputs are bitwise those of the full transform. */
    @Test
    void prunedTransformsEqualTheFullOneWhereItMatters() {
        int[][][] cases = {{{40, 36}, {20, 17}}, {{24, 20, 18}, {12, 9, 10}}, {{10, 12, 16}, {5, 1, 16}}, {{16, 1, 8}, {7, 1, 3}}};
        try (var three = new Workers(3)) {
            for (int[][] c : cases) {
                int[] n = c[0];
                int[] modes = c[1];
                long seed = SEED + Arrays.hashCode(n);
                for (int isign : new int[] {-1, 1}) {
                    var zero = new FftShape(n, isign, modes, FftShape.Pruning.ZERO_OUTSIDE_MODES);
                    var only = new FftShape(n, isign, modes, FftShape.Pruning.ONLY_MODES_NEEDED);
                    double[] x = floatValues(new SplittableRandom(seed), 2 * cells(n));
                    // type 2: input zero outside the box, every output right
                    double[] boxed = x.clone();
                    forEachCell(n, (cell, in) -> {
                        if (!in.test(zero)) {
                            boxed[2 * cell] = 0;
                            boxed[2 * cell + 1] = 0;
                        }
                    });
                    double[] full = boxed.clone();
                    new VectorGridFft(FftShape.full(n, isign), three).transform(full, full.length, 1);
                    double[] pruned = boxed.clone();
                    new VectorGridFft(zero, three).transform(pruned, pruned.length, 1);
                    assertArrayEquals(full, pruned, Arrays.toString(n) + " ZERO_OUTSIDE_MODES seed=" + seed);
                    float[] fullF = toFloat(boxed);
                    new FloatVectorGridFft(FftShape.full(n, isign), three).transform(fullF, fullF.length, 1);
                    float[] prunedF = toFloat(boxed);
                    new FloatVectorGridFft(zero, three).transform(prunedF, prunedF.length, 1);
                    assertArrayEquals(fullF, prunedF, Arrays.toString(n) + " float ZERO_OUTSIDE_MODES seed=" + seed);
                    // type 1: only the box's outputs needed
                    double[] all = x.clone();
                    new VectorGridFft(FftShape.full(n, isign), three).transform(all, all.length, 1);
                    double[] kept = x.clone();
                    new VectorGridFft(only, three).transform(kept, kept.length, 1);
                    float[] allF = toFloat(x);
                    new FloatVectorGridFft(FftShape.full(n, isign), three).transform(allF, allF.length, 1);
                    float[] keptF = toFloat(x);
                    new FloatVectorGridFft(only, three).transform(keptF, keptF.length, 1);
                    int[] checked = {0};
                    forEachCell(n, (cell, in) -> {
                        if (in.test(only)) {
                            checked[0]++;
                            for (int p = 2 * cell; p < 2 * cell + 2; p++) {
                                assertEquals(all[p], kept[p], Arrays.toString(n) + " ONLY_MODES_NEEDED cell " + cell);
                                assertEquals(allF[p], keptF[p], Arrays.toString(n) + " float ONLY_MODES_NEEDED cell " + cell);
                            }
                        }
                    });
                    assertEquals(cells(modes), checked[0]);
                }
            }
        }
    }

    interface CellVisitor {
        void visit(int cell, java.util.function.Predicate<FftShape> inBox);
    }

    private static void forEachCell(int[] n, CellVisitor v) {
        int cells = cells(n);
        for (int cell = 0; cell < cells; cell++) {
            int c = cell;
            int[] idx = new int[n.length];
            for (int d = 0; d < n.length; d++) {
                idx[d] = c % n[d];
                c /= n[d];
            }
            v.visit(cell, shape -> {
                for (int d = 0; d < n.length; d++) {
                    if (!shape.inModes(d, idx[d])) {
                        return false;
                    }
                }
                return true;
            });
        }
    }

    /** Bitwise the same result for 1, 2, 3 and 5 threads, pruned or not, double and float. */
    @Test
    void bitwiseIdenticalForAnyThreadCount() {
        int[][] shapes = {{3000}, {120000}, {90, 64}, {20, 18, 30}};
        for (int[] n : shapes) {
            int[] modes = n.clone();
            for (int d = 0; d < n.length; d++) {
                modes[d] = Math.max(1, n[d] / 2 - 1);
            }
            for (FftShape.Pruning pruning : FftShape.Pruning.values()) {
                var shape = new FftShape(n, -1, modes, pruning);
                long seed = SEED + Arrays.hashCode(n) + pruning.ordinal();
                double[] x = floatValues(new SplittableRandom(seed), 2 * cells(n));
                double[] reference = null;
                float[] referenceF = null;
                for (int threads : new int[] {1, 2, 3, 5}) {
                    try (var workers = new Workers(threads)) {
                        double[] y = x.clone();
                        new VectorGridFft(shape, workers).transform(y, y.length, 1);
                        float[] yF = toFloat(x);
                        new FloatVectorGridFft(shape, workers).transform(yF, yF.length, 1);
                        if (reference == null) {
                            reference = y;
                            referenceF = yF;
                        } else {
                            String what = Arrays.toString(n) + " " + pruning + " threads=" + threads + " seed=" + seed;
                            assertArrayEquals(reference, y, what);
                            assertArrayEquals(referenceF, yF, what + " float");
                        }
                    }
                }
            }
        }
    }

    private static double relativeDistance(double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }

    private static double[] widen(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
