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
            for (int i = 0, dst = 0; i < len; i++, dst += 2 * L) {
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
            for (int i = 0, src = 0; i < len; i++, src += 2 * L) {
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
