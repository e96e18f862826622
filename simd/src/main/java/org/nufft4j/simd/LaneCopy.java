package org.nufft4j.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Moves L lines between a grid (interleaved re, im) and a lane buffer ({@link LaneFft}'s
 * layout: per element, L real parts then L imaginary parts), in both directions.
 *
 * <p>Columns: L adjacent cells at each element (the lines of dimension 2 or 3, and the
 * columns of the four-step 1D FFT) are 2L adjacent doubles in the grid; two vector loads and
 * two two-vector selections split them into the real and imaginary vectors (and back).
 *
 * <p>Rows: L rows of dimension 1, each contiguous. Row c's element i goes to lane c of
 * element i: a transpose, done with the gather and scatter instructions, one vector of L
 * lanes from L rows at a time (measured on the AVX-512 Xeon, per 8e6 cells gathered and
 * scattered back: 10-11 ms for rows of 200 to 2000 cells, against 9.5-30 ms for a plain
 * scalar transpose and 14-17 ms for a tiled one).
 *
 * <p>Blocks with fewer than L lines (the grid's edge) go through a scalar copy and the unused
 * lanes are set to zero, so they never hold growing garbage.
 *
 * <p>Two-source permutes ({@code selectFrom(v0, v1)}) and the scatter instruction exist only
 * with AVX-512 on x86; on an AVX2 CPU the Vector API runs them as allocating Java code (3-10x
 * slower, docs/decisions.md, "The FFT"). So they are used only where the preferred species is
 * 512 bits wide; narrower species split and merge complex pairs with one-source
 * {@code rearrange} and {@code blend}, and scatter rows with the tiled scalar transpose.
 *
 * <p>Template of {@code FloatLaneCopy} (core/src/build/FloatTwins.java).
 */
final class LaneCopy {

    private static final VectorSpecies<Double> S = LaneFft.S;
    private static final int L = LaneFft.L;

    /** Lane indices into the concatenation (v1, v2) of two vectors, for selectFrom. */
    private static final DoubleVector EVEN = indices(0);
    private static final DoubleVector ODD = indices(1);
    private static final DoubleVector INTERLEAVE_LOW = interleave(0);
    private static final DoubleVector INTERLEAVE_HIGH = interleave(L / 2);
    /** Whether the CPU has two-source permutes and scatters (AVX-512): a 512-bit species. */
    private static final boolean WIDE = S.vectorBitSize() >= 512;
    /** (re_0, im_0, re_1, im_1, ...) to (re_0 .. re_h-1, im_0 .. im_h-1), h = L / 2. */
    private static final VectorShuffle<Double> SPLIT = shuffle(j -> j < L / 2 ? 2 * j : 2 * (j - L / 2) + 1);
    /** As SPLIT with the halves exchanged: (im_0 .. im_h-1, re_0 .. re_h-1). */
    private static final VectorShuffle<Double> SPLIT_SWAPPED = shuffle(j -> j < L / 2 ? 2 * j + 1 : 2 * (j - L / 2));
    /** The halves exchanged. */
    private static final VectorShuffle<Double> SWAP = shuffle(j -> (j + L / 2) % L);
    /** (re_0 .. re_h-1, im_0 .. im_h-1) to (re_0, im_0, re_1, im_1, ...): SPLIT's inverse. */
    private static final VectorShuffle<Double> MERGE = shuffle(j -> j % 2 == 0 ? j / 2 : L / 2 + j / 2);
    /**
     * Whether full row blocks use the in-register transpose ({@link #transpose8}): 8 lanes on
     * a 512-bit species (double on AVX-512), where two-source permutes are single
     * instructions and gathers, scatters especially, are slow on some CPUs (AMD Zen 4).
     */
    static final boolean TRANSPOSE_8 = WIDE && L == 8;
    /**
     * Stage h of the 8 x 8 transpose (h = 1, 2, 4) swaps bit h of the row index with bit h
     * of the column index: rows a = i and b = i + h (bit h clear in i) become
     * {@code LOW_h.selectFrom(a, b)} and {@code HIGH_h.selectFrom(a, b)}.
     */
    private static final DoubleVector LOW_1 = transposeIndices(1, false);
    private static final DoubleVector HIGH_1 = transposeIndices(1, true);
    private static final DoubleVector LOW_2 = transposeIndices(2, false);
    private static final DoubleVector HIGH_2 = transposeIndices(2, true);
    private static final DoubleVector LOW_4 = transposeIndices(4, false);
    private static final DoubleVector HIGH_4 = transposeIndices(4, true);
    /** The upper half of the lanes. */
    private static final VectorMask<Double> HIGH = VectorMask.fromLong(S, ((1L << L) - 1) & ~((1L << (L / 2)) - 1));

    private LaneCopy() {
    }

    private static VectorShuffle<Double> shuffle(java.util.function.IntUnaryOperator lane) {
        int[] idx = new int[L];
        for (int j = 0; j < L; j++) {
            idx[j] = lane.applyAsInt(j);
        }
        return VectorShuffle.fromArray(S, idx, 0);
    }

    /** Indices into (a, b) of stage h's row a (high: row b) of the transpose; see LOW_1. */
    private static DoubleVector transposeIndices(int h, boolean high) {
        double[] idx = new double[L];
        for (int j = 0; j < L; j++) {
            boolean fromB = (j & h) != 0;
            if (h >= L) { // no such stage for this species: never used
                idx[j] = j;
            } else if (!high) {
                idx[j] = fromB ? L + j - h : j;
            } else {
                idx[j] = fromB ? L + j : j + h;
            }
        }
        return DoubleVector.fromArray(S, idx, 0);
    }

    private static DoubleVector indices(int first) {
        double[] idx = new double[L];
        for (int j = 0; j < L; j++) {
            idx[j] = first + 2 * j;
        }
        return DoubleVector.fromArray(S, idx, 0);
    }

    /** Lanes (re_f, im_f, re_f+1, im_f+1, ...) of the pair (re, im). */
    private static DoubleVector interleave(int first) {
        double[] idx = new double[L];
        for (int j = 0; j < L; j++) {
            idx[j] = first + j / 2 + (j % 2) * L;
        }
        return DoubleVector.fromArray(S, idx, 0);
    }

    /**
     * Element i of line c is the cell at {@code g[base + i * elementStride + 2c]}, i < len,
     * c < lanes.
     */
    static void gatherColumns(double[] g, int base, int elementStride, int len, int lanes, double[] buf) {
        if (lanes == L) {
            for (int i = 0, src = base, dst = 0; i < len; i++, src += elementStride, dst += 2 * L) {
                var v0 = DoubleVector.fromArray(S, g, src);
                var v1 = DoubleVector.fromArray(S, g, src + L);
                if (WIDE) { // a constant: C2 keeps one branch
                    EVEN.selectFrom(v0, v1).intoArray(buf, dst);
                    ODD.selectFrom(v0, v1).intoArray(buf, dst + L);
                } else {
                    v0.rearrange(SPLIT).blend(v1.rearrange(SPLIT_SWAPPED), HIGH).intoArray(buf, dst);
                    v0.rearrange(SPLIT_SWAPPED).blend(v1.rearrange(SPLIT), HIGH).intoArray(buf, dst + L);
                }
            }
            return;
        }
        for (int i = 0, src = base, dst = 0; i < len; i++, src += elementStride, dst += 2 * L) {
            for (int c = 0; c < L; c++) {
                buf[dst + c] = c < lanes ? g[src + 2 * c] : 0;
                buf[dst + L + c] = c < lanes ? g[src + 2 * c + 1] : 0;
            }
        }
    }

    /** The inverse of {@link #gatherColumns}: lanes past {@code lanes} are not written. */
    static void scatterColumns(double[] buf, double[] g, int base, int elementStride, int len, int lanes) {
        if (lanes == L) {
            for (int i = 0, dst = base, src = 0; i < len; i++, dst += elementStride, src += 2 * L) {
                var re = DoubleVector.fromArray(S, buf, src);
                var im = DoubleVector.fromArray(S, buf, src + L);
                if (WIDE) {
                    INTERLEAVE_LOW.selectFrom(re, im).intoArray(g, dst);
                    INTERLEAVE_HIGH.selectFrom(re, im).intoArray(g, dst + L);
                } else {
                    re.blend(im.rearrange(SWAP), HIGH).rearrange(MERGE).intoArray(g, dst);
                    re.rearrange(SWAP).blend(im, HIGH).rearrange(MERGE).intoArray(g, dst + L);
                }
            }
            return;
        }
        for (int i = 0, dst = base, src = 0; i < len; i++, dst += elementStride, src += 2 * L) {
            for (int c = 0; c < lanes; c++) {
                g[dst + 2 * c] = buf[src + c];
                g[dst + 2 * c + 1] = buf[src + L + c];
            }
        }
    }

    /**
     * An 8 x 8 transpose in registers (three stages of two-source permutes, 24 in all): the 8
     * vectors {@code rows[index[c] + offset ..]}, c < 8, become the vectors
     * {@code buf[at + j stride ..]}, j < 8, vector j holding lane j of every row vector. For
     * rows of interleaved (re, im) and stride L that is 4 elements of 8 rows moved into the
     * lane buffer. {@code toBuffer} false runs it backwards (the transpose is its own
     * inverse). Written out (no vector arrays, no helper taking vectors) so that C2 keeps the
     * 8 vectors in registers.
     */
    static void transpose8(double[] g, int[] index, int offset, double[] buf, int at, int stride, boolean toBuffer) {
        DoubleVector r0;
        DoubleVector r1;
        DoubleVector r2;
        DoubleVector r3;
        DoubleVector r4;
        DoubleVector r5;
        DoubleVector r6;
        DoubleVector r7;
        if (toBuffer) {
            r0 = DoubleVector.fromArray(S, g, index[0] + offset);
            r1 = DoubleVector.fromArray(S, g, index[1] + offset);
            r2 = DoubleVector.fromArray(S, g, index[2] + offset);
            r3 = DoubleVector.fromArray(S, g, index[3] + offset);
            r4 = DoubleVector.fromArray(S, g, index[4] + offset);
            r5 = DoubleVector.fromArray(S, g, index[5] + offset);
            r6 = DoubleVector.fromArray(S, g, index[6] + offset);
            r7 = DoubleVector.fromArray(S, g, index[7] + offset);
        } else {
            r0 = DoubleVector.fromArray(S, buf, at);
            r1 = DoubleVector.fromArray(S, buf, at + stride);
            r2 = DoubleVector.fromArray(S, buf, at + 2 * stride);
            r3 = DoubleVector.fromArray(S, buf, at + 3 * stride);
            r4 = DoubleVector.fromArray(S, buf, at + 4 * stride);
            r5 = DoubleVector.fromArray(S, buf, at + 5 * stride);
            r6 = DoubleVector.fromArray(S, buf, at + 6 * stride);
            r7 = DoubleVector.fromArray(S, buf, at + 7 * stride);
        }
        // h = 1: pairs (0,1) (2,3) (4,5) (6,7)
        DoubleVector t0 = LOW_1.selectFrom(r0, r1);
        DoubleVector t1 = HIGH_1.selectFrom(r0, r1);
        DoubleVector t2 = LOW_1.selectFrom(r2, r3);
        DoubleVector t3 = HIGH_1.selectFrom(r2, r3);
        DoubleVector t4 = LOW_1.selectFrom(r4, r5);
        DoubleVector t5 = HIGH_1.selectFrom(r4, r5);
        DoubleVector t6 = LOW_1.selectFrom(r6, r7);
        DoubleVector t7 = HIGH_1.selectFrom(r6, r7);
        // h = 2: pairs (0,2) (1,3) (4,6) (5,7)
        r0 = LOW_2.selectFrom(t0, t2);
        r2 = HIGH_2.selectFrom(t0, t2);
        r1 = LOW_2.selectFrom(t1, t3);
        r3 = HIGH_2.selectFrom(t1, t3);
        r4 = LOW_2.selectFrom(t4, t6);
        r6 = HIGH_2.selectFrom(t4, t6);
        r5 = LOW_2.selectFrom(t5, t7);
        r7 = HIGH_2.selectFrom(t5, t7);
        // h = 4: pairs (0,4) (1,5) (2,6) (3,7)
        t0 = LOW_4.selectFrom(r0, r4);
        t4 = HIGH_4.selectFrom(r0, r4);
        t1 = LOW_4.selectFrom(r1, r5);
        t5 = HIGH_4.selectFrom(r1, r5);
        t2 = LOW_4.selectFrom(r2, r6);
        t6 = HIGH_4.selectFrom(r2, r6);
        t3 = LOW_4.selectFrom(r3, r7);
        t7 = HIGH_4.selectFrom(r3, r7);
        if (toBuffer) {
            t0.intoArray(buf, at);
            t1.intoArray(buf, at + stride);
            t2.intoArray(buf, at + 2 * stride);
            t3.intoArray(buf, at + 3 * stride);
            t4.intoArray(buf, at + 4 * stride);
            t5.intoArray(buf, at + 5 * stride);
            t6.intoArray(buf, at + 6 * stride);
            t7.intoArray(buf, at + 7 * stride);
        } else {
            t0.intoArray(g, index[0] + offset);
            t1.intoArray(g, index[1] + offset);
            t2.intoArray(g, index[2] + offset);
            t3.intoArray(g, index[3] + offset);
            t4.intoArray(g, index[4] + offset);
            t5.intoArray(g, index[5] + offset);
            t6.intoArray(g, index[6] + offset);
            t7.intoArray(g, index[7] + offset);
        }
    }

    /** Elements per tile of the row transposes: 2 KiB of lane buffer, 8 x 256 B of rows. */
    private static final int TILE = 16;

    /**
     * Line c is the contiguous row starting at {@code g[base + 2 len rows[from + c]]}, c <
     * lanes. A full block is read with the vector gather instruction (lane c from row c; the L
     * row offsets go to {@code index}, L ints of scratch); a partial one is transposed by
     * scalar copies, a tile of {@link #TILE} elements at a time, so that the lane buffer's part
     * being written stays in L1 however long the rows are.
     */
    static void gatherRows(double[] g, int base, int[] rows, int from, int lanes, int len, int[] index,
                           double[] buf) {
        int rowLength2 = 2 * len;
        if (lanes == L) {
            for (int c = 0; c < L; c++) {
                index[c] = base + rowLength2 * rows[from + c];
            }
            int i = 0;
            if (TRANSPOSE_8) { // a constant: C2 keeps one branch
                for (; i + L / 2 <= len; i += L / 2) {
                    transpose8(g, index, 2 * i, buf, 2 * L * i, L, true);
                }
            }
            for (int dst = 2 * L * i; i < len; i++, dst += 2 * L) {
                DoubleVector.fromArray(S, g, 2 * i, index, 0).intoArray(buf, dst);
                DoubleVector.fromArray(S, g, 2 * i + 1, index, 0).intoArray(buf, dst + L);
            }
            return;
        }
        for (int i0 = 0; i0 < len; i0 += TILE) {
            int i1 = Math.min(len, i0 + TILE);
            for (int c = 0; c < L; c++) {
                if (c < lanes) {
                    int src = base + rowLength2 * rows[from + c] + 2 * i0;
                    for (int i = i0, dst = 2 * L * i0 + c; i < i1; i++, src += 2, dst += 2 * L) {
                        buf[dst] = g[src];
                        buf[dst + L] = g[src + 1];
                    }
                } else {
                    for (int i = i0, dst = 2 * L * i0 + c; i < i1; i++, dst += 2 * L) {
                        buf[dst] = 0;
                        buf[dst + L] = 0;
                    }
                }
            }
        }
    }

    /**
     * The inverse of {@link #gatherRows} (full blocks through the vector scatter instruction):
     * lanes past {@code lanes} are not written.
     */
    static void scatterRows(double[] buf, double[] g, int base, int[] rows, int from, int lanes, int len,
                            int[] index) {
        int rowLength2 = 2 * len;
        if (lanes == L && WIDE) {
            for (int c = 0; c < L; c++) {
                index[c] = base + rowLength2 * rows[from + c];
            }
            int i = 0;
            if (TRANSPOSE_8) {
                for (; i + L / 2 <= len; i += L / 2) {
                    transpose8(g, index, 2 * i, buf, 2 * L * i, L, false);
                }
            }
            for (int src = 2 * L * i; i < len; i++, src += 2 * L) {
                DoubleVector.fromArray(S, buf, src).intoArray(g, 2 * i, index, 0);
                DoubleVector.fromArray(S, buf, src + L).intoArray(g, 2 * i + 1, index, 0);
            }
            return;
        }
        for (int i0 = 0; i0 < len; i0 += TILE) {
            int i1 = Math.min(len, i0 + TILE);
            for (int c = 0; c < lanes; c++) {
                int dst = base + rowLength2 * rows[from + c] + 2 * i0;
                for (int i = i0, src = 2 * L * i0 + c; i < i1; i++, dst += 2, src += 2 * L) {
                    g[dst] = buf[src];
                    g[dst + 1] = buf[src + L];
                }
            }
        }
    }

}
