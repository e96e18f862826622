package org.nufft4j.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.nufft4j.parallel.Workers;

/**
 * A long 1D FFT as batches of short ones (Bailey's four-step), so that it runs in SIMD lanes
 * across lines and in parallel over the workers like the 2D and 3D transforms.
 *
 * <p>With n = n1 n2, j = j1 + n1 j2 and k = k2 + n2 k1:
 *
 * <pre>  X[k2 + n2 k1] = sum_j1 w_n1^(j1 k1) w_n^(j1 k2) sum_j2 x[j1 + n1 j2] w_n2^(j2 k2)</pre>
 *
 * (w_m = exp(isign 2 pi i / m)). Step A: the n1 columns (stride n1) get length-n2 FFTs, L
 * adjacent columns in the lanes, times the twiddle w_n^(j1 k2), and each block's lane buffer
 * is stored as it is, contiguously, in a work array (block b at {@code 2 L n2 b}). Step B:
 * the n2 rows k2 (length n1, along j1) get length-n1 FFTs, L rows in the lanes: element j1 of
 * rows k2 .. k2+L-1 is one gather from a 1 KiB tile of the work array (stride 2L); row k2's
 * output k1 is written to the grid's cell k2 + n2 k1: L adjacent cells, so the transpose of
 * the classical algorithm is done by the stores of step B. Both steps read one array and
 * write the other, so nothing is transposed in place.
 *
 * <p>Why the blocked work array: writing step A's columns back at stride n1 cost more than
 * the FFTs themselves (2e6 cells, 1 thread, AVX-512 Xeon: 14-16 ms of a 30 ms step A, against
 * 6-7 ms for reading them and 7 ms for their FFTs); stored contiguously they cost a sequential
 * write.
 *
 * <p>Twiddles of step A: lane c of the block starting at column c0 needs w_n^((c0 + c) k2) =
 * w_n^(c0 k2) w_n^(c k2). The second factor is a table of n2 vectors (exact indices); the
 * first is a scalar, the product of two tabulated roots {@code w_n^(hB) w_n^r} with c0 k2 mod
 * n = hB + r, B about sqrt(n). Each twiddle is thus the product of three correctly indexed
 * roots (error a few ulps, not growing with n) and the tables are O(sqrt(n)), not O(n).
 *
 * <p>Template of {@code FloatFourStepFft} (core/src/build/FloatTwins.java).
 */
@SuppressWarnings("cast") // the (double) casts of plan-time values become the float twin's narrowing casts
final class FourStepFft {

    private static final VectorSpecies<Double> S = LaneFft.S;
    private static final int L = LaneFft.L;

    private final int n;
    private final int n1;
    private final int n2;
    private final LaneFft columnFft;
    private final LaneFft rowFft;
    /** w_n^(c k2) at lane c of vector pair k2: reals at 2 L k2, imaginary parts at 2 L k2 + L. */
    private final double[] laneRoots;
    private final int rootStep;
    /** w_n^r, r < rootStep, interleaved. */
    private final double[] lowRoots;
    /** w_n^(h rootStep), interleaved. */
    private final double[] highRoots;
    /** Gather offsets of the L rows of a tile of the work array; for the last, partial row block. */
    private final int[] tileIndex;
    private final int[] lastTileIndex;
    private final Workers workers;
    private final LaneScratch.Pool scratch;
    private double[] work;

    FourStepFft(int n, int isign, Workers workers) {
        this.n = n;
        int a = 1; // n1: the largest divisor of n at most sqrt(n)
        for (int d = 1; (long) d * d <= n; d++) {
            if (n % d == 0) {
                a = d;
            }
        }
        this.n1 = a;
        this.n2 = n / a;
        this.columnFft = new LaneFft(n2, isign);
        this.rowFft = new LaneFft(n1, isign);
        this.workers = workers;
        this.scratch = new LaneScratch.Pool(workers.threads(), 2 * L * Math.max(n1, n2));
        this.tileIndex = new int[L];
        for (int r = 0; r < L; r++) {
            tileIndex[r] = 2 * L * r;
        }
        this.lastTileIndex = new int[L];
        for (int r = 0; r < L; r++) {
            lastTileIndex[r] = r < n2 % L ? 2 * L * r : 0; // lanes past the last row repeat row 0
        }
        this.laneRoots = new double[2 * L * n2];
        for (int k2 = 0; k2 < n2; k2++) {
            for (int c = 0; c < L; c++) {
                long j = (long) c * k2;
                laneRoots[2 * L * k2 + c] = (double) Twiddles.cos(j, n);
                laneRoots[2 * L * k2 + L + c] = (double) (isign * Twiddles.sin(j, n));
            }
        }
        this.rootStep = (int) Math.ceil(Math.sqrt(n));
        this.lowRoots = new double[2 * rootStep];
        for (int r = 0; r < rootStep; r++) {
            lowRoots[2 * r] = (double) Twiddles.cos(r, n);
            lowRoots[2 * r + 1] = (double) (isign * Twiddles.sin(r, n));
        }
        int highs = n / rootStep + 1;
        this.highRoots = new double[2 * highs];
        for (int h = 0; h < highs; h++) {
            highRoots[2 * h] = (double) Twiddles.cos((long) h * rootStep, n);
            highRoots[2 * h + 1] = (double) (isign * Twiddles.sin((long) h * rootStep, n));
        }
    }

    /** Transforms the n cells at {@code grid[offset ..]} in place. */
    void transform(double[] grid, int offset) {
        int columnBlocks = (n1 + L - 1) / L;
        if (work == null) {
            work = new double[2 * L * n2 * columnBlocks];
        }
        double[] w = work;
        workers.forEach(columnBlocks, blk -> columns(grid, offset, w, blk));
        int rowBlocks = (n2 + L - 1) / L;
        workers.forEach(rowBlocks, blk -> rows(w, grid, offset, blk * L));
    }

    /** Step A for columns c0 .. c0 + L - 1, c0 = L blk: FFT along j2, twiddle, into block blk of the work array. */
    private void columns(double[] grid, int offset, double[] w, int blk) {
        int c0 = blk * L;
        int wb = 2 * L * n2 * blk;
        int lanes = Math.min(L, n1 - c0);
        LaneScratch sc = scratch.take();
        LaneCopy.gatherColumns(grid, offset + 2 * c0, 2 * n1, n2, lanes, sc.a);
        double[] y = columnFft.transform(sc.a, sc.b);
        for (int k2 = 0; k2 < n2; k2++) {
            // e = w_n^(c0 k2) as the product of a high and a low root
            int m = (int) ((long) c0 * k2 % n);
            int h = 2 * (m / rootStep);
            int r = 2 * (m % rootStep);
            double er = highRoots[h] * lowRoots[r] - highRoots[h + 1] * lowRoots[r + 1];
            double ei = highRoots[h] * lowRoots[r + 1] + highRoots[h + 1] * lowRoots[r];
            int v = 2 * L * k2;
            var lr = DoubleVector.fromArray(S, laneRoots, v);
            var li = DoubleVector.fromArray(S, laneRoots, v + L);
            var tr = lr.mul(er).sub(li.mul(ei));
            var ti = lr.mul(ei).add(li.mul(er));
            var xr = DoubleVector.fromArray(S, y, v);
            var xi = DoubleVector.fromArray(S, y, v + L);
            xr.mul(tr).sub(xi.mul(ti)).intoArray(w, wb + v);
            xr.mul(ti).add(xi.mul(tr)).intoArray(w, wb + v + L);
        }
        scratch.give(sc);
    }

    /** Step B for rows k2 .. k2 + L - 1: FFT along j1, to cells k2 + n2 k1. */
    private void rows(double[] w, double[] grid, int offset, int k2) {
        int lanes = Math.min(L, n2 - k2);
        int[] index = lanes == L ? tileIndex : lastTileIndex;
        LaneScratch sc = scratch.take();
        double[] a = sc.a;
        int j1 = 0;
        if (LaneCopy.TRANSPOSE_8 && lanes == L) {
            // a whole block q of L = 8 elements j1: its real (imaginary) vectors of rows k2 + r
            // are an 8 x 8 matrix, transposed in registers instead of 16 gathers
            for (; j1 + L <= n1; j1 += L) {
                int src = 2 * L * n2 * (j1 / L) + 2 * L * k2;
                LaneCopy.transpose8(w, index, src, a, 2 * L * j1, 2 * L, true);
                LaneCopy.transpose8(w, index, src + L, a, 2 * L * j1 + L, 2 * L, true);
            }
        }
        for (int dst = 2 * L * j1; j1 < n1; j1++, dst += 2 * L) {
            // element j1 of rows k2 + r sits at block j1 / L, element k2 + r, lane j1 % L
            int src = 2 * L * n2 * (j1 / L) + 2 * L * k2 + j1 % L;
            DoubleVector.fromArray(S, w, src, index, 0).intoArray(a, dst);
            DoubleVector.fromArray(S, w, src + L, index, 0).intoArray(a, dst + L);
        }
        double[] y = rowFft.transform(sc.a, sc.b);
        LaneCopy.scatterColumns(y, grid, offset + 2 * k2, 2 * n2, n1, lanes);
        scratch.give(sc);
    }
}
