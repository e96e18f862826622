package org.nufft4j.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.nufft4j.grid.SortedPoints;
import org.nufft4j.kernel.KernelPolynomial;
import org.nufft4j.spread.KernelSupport;
import org.nufft4j.spread.SpreadKernels;

/**
 * Spreading and interpolation in SIMD lanes (jdk.incubator.vector), the fast twin of
 * {@link org.nufft4j.spread.ScalarSpreadKernels} (same mathematics, docs/design.md, NUFFT).
 *
 * <p>A kernel row along dimension 1 is evaluated by Horner's rule directly in interleaved
 * form: lanes 2i and 2i+1 both hold phi at cell i (coefficients stored twice), so the row
 * multiplies interleaved complex cells (re, im, re, im, ...) with no shuffle. The row spans
 * {@code nv} vectors; lanes past 2w are zero, so whole vectors are added into the tile buffer
 * (the buffer has {@link #bufferSlack()} doubles of room at its end). Kernel values along
 * dimensions 2 and 3 are evaluated in lanes too and used as scalars. The tile update per
 * point and row is {@code buf += kx * (c * ky * kz)}: one fma per vector.
 *
 * <p>Interpolation accumulates {@code sum_rows ky * kz * gridRow} in vectors, multiplies by the
 * kernel row once and sums even and odd lanes, in a fixed order, for the real and imaginary
 * parts. Rows that wrap around the grid's end along dimension 1 are first copied into a small
 * scratch row.
 *
 * <p>Only lanewise operations (whose results are the same compiled or interpreted) and
 * fixed-order scalar sums are used, so results never depend on the JIT's state.
 *
 * <p>This class is the template of {@code FloatVectorSpreadKernels} (FloatVector lanes, twice
 * as many per vector; core/src/build/FloatTwins.java): lines marked "(stays double)" keep
 * point coordinates in double there.
 */
public final class VectorSpreadKernels implements SpreadKernels {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorMask<Double> ODD =
            VectorMask.fromLong(S, 0xAAAA_AAAA_AAAA_AAAAL & ((1L << L) - 1));

    VectorSpreadKernels() {
        // fail here, inside the provider's try, if the Vector API cannot be used
        DoubleVector.zero(S).add(1).reduceLanes(VectorOperators.ADD);
    }

    @Override
    public String name() {
        return "simd-" + S.vectorBitSize() + "bit";
    }

    @Override
    public int bufferSlack() {
        return 2 * 16 + 4 * L; // a kernel row is at most 2*16 doubles, rounded up to whole vectors
    }

    /** Rows of whole vectors: then every row of a buffer starts at a lane-aligned index. */
    @Override
    public int rowGranule() {
        return Math.max(1, L / 2);
    }

    /**
     * Vector {@code v} (a lane offset) of a Horner table's row at x: one chain of {@code degree}
     * fmas, returned in a register. Called once per vector of a row, never through an array of
     * vectors, which C2 would box.
     */
    private static DoubleVector hornerVector(KernelPolynomial.DoubleHornerTable t, DoubleVector x, int v) {
        double[] c = t.coefficients();
        int stride = t.stride();
        var acc = DoubleVector.fromArray(S, c, v);
        for (int k = 1; k <= t.degree(); k++) {
            acc = acc.fma(x, DoubleVector.fromArray(S, c, k * stride + v));
        }
        return acc;
    }

    /** The whole row of a Horner table at x, into {@code row[0..stride)}. */
    private static void horner(KernelPolynomial.DoubleHornerTable t, double x, double[] row) {
        var xv = DoubleVector.broadcast(S, x);
        for (int v = 0; v < t.stride(); v += L) {
            hornerVector(t, xv, v).intoArray(row, v);
        }
    }

    /**
     * Vectors {@code from..} of a Horner table's row at x, into {@code row} at the same
     * offsets: the part of a row that does not fit in the register locals of the callers.
     */
    private static void hornerTail(KernelPolynomial.DoubleHornerTable t, DoubleVector x, double[] row, int from) {
        for (int v = from * L; v < t.stride(); v += L) {
            hornerVector(t, x, v).intoArray(row, v);
        }
    }

    /**
     * Kernel values, in lanes, at the w cells of a point at fine coordinate t along one
     * dimension, into {@code out}; returns the first cell (see {@link KernelSupport}).
     */
    private static int kernelAt(KernelPolynomial.DoubleHornerTable table, double[] out,
                                double t, double half) { // (stays double)
        int l = KernelSupport.firstCell(t, half);
        horner(table, KernelSupport.hornerVariableDouble(t, half, l), out);
        return l;
    }

    /**
     * Tile update with aligned vectors: the buffer's rows are whole vectors (see
     * {@link #rowGranule()}), so all rows of a point share the lane offset r of its first cell.
     * The kernel row is evaluated pre-shifted by r lanes and written with vectors at
     * lane-aligned indices. Consecutive points then touch either the same vectors or disjoint
     * ones, never partially overlapping ones, which would defeat store-to-load forwarding.
     */
    @Override
    public void spread(KernelPolynomial kernel, SortedPoints points, int from, int to, double[] values, int batch,
                       double[] buf, int bufStride, int[] origin, int[] extent) {
        int w = kernel.width();
        var half = 0.5 * w; // (stays double)
        var shiftedTables = kernel.interleavedShiftedDouble(L);
        var ty = kernel.hornerTableDouble(L);
        double[] kx = new double[shiftedTables[shiftedTables.length - 1].stride()];
        double[] ky = new double[ty.stride()];
        double[] kz = new double[ty.stride()];
        int count = to - from;
        var t1 = points.t1(); // coordinates, double in both twins
        var t2 = points.t2();
        var t3 = points.t3();
        int dim = points.dimension();
        int m1 = extent[0];
        int m2 = dim > 1 ? extent[1] : 1;
        boolean permuteRows = permutesShiftedRows(ty, w, shiftedTables);
        var zeroRow = DoubleVector.zero(S);
        for (int s = from; s < to; s++) {
            // y and z first, in lanes, into ky and kz: they are read back as scalars, and by the
            // time the x row below is done their stores have committed (no forwarding stall)
            int b2 = 0;
            int b3 = 0;
            int w2 = 1;
            int w3 = 1;
            if (dim > 1) {
                b2 = kernelAt(ty, ky, t2[s], half) - origin[1];
                w2 = w;
            } else {
                ky[0] = 1;
            }
            if (dim > 2) {
                b3 = kernelAt(ty, kz, t3[s], half) - origin[2];
                w3 = w;
            } else {
                kz[0] = 1;
            }
            int l1 = KernelSupport.firstCell(t1[s], half);
            int b1 = l1 - origin[0];
            int shift = (2 * b1) & (L - 1);
            var tx = shiftedTables[shift >> 1];
            int nv = tx.stride() / L;
            // the x row stays in registers: five vectors cover w <= 8 with 256-bit lanes (a
            // shifted row of 2w + 2 doubles) and w <= 16 with 512-bit lanes; only the part past
            // them is evaluated into kx (evaluating the whole row there too cost the AVX2 w = 8
            // case a second Horner pass per point, docs/decisions.md, issue 19)
            var xv = DoubleVector.broadcast(S, KernelSupport.hornerVariableDouble(t1[s], half, l1));
            DoubleVector k0;
            DoubleVector k1;
            DoubleVector k2;
            DoubleVector k3;
            DoubleVector k4;
            if (permuteRows) {
                // one or two chains on the plain table, moved to the shifted (re, im) lanes by
                // two-source permutes: the same fmas on the same coefficients, a half or less
                // of the Horner work of the shifted table
                var lo = hornerVector(ty, xv, 0);
                var hi = upperHalf(ty, xv, zeroRow);
                int q = (shift >> 1) * WIDE_ROW * L;
                k0 = permuted(q, 0, lo, hi);
                k1 = nv > 1 ? permuted(q, 1, lo, hi) : k0;
                k2 = nv > 2 ? permuted(q, 2, lo, hi) : k0;
                k3 = nv > 3 ? permuted(q, 3, lo, hi) : k0;
                k4 = nv > 4 ? permuted(q, 4, lo, hi) : k0;
            } else {
                k0 = hornerVector(tx, xv, 0);
                k1 = nv > 1 ? hornerVector(tx, xv, L) : k0;
                k2 = nv > 2 ? hornerVector(tx, xv, 2 * L) : k0;
                k3 = nv > 3 ? hornerVector(tx, xv, 3 * L) : k0;
                k4 = nv > 4 ? hornerVector(tx, xv, 4 * L) : k0;
            }
            if (nv > 5) { // wide kernels with vectors narrower than 512 bits
                hornerTail(tx, xv, kx, 5);
            }
            int j = s - from;
            for (int b = 0; b < batch; b++) {
                int src = 2 * (b * count + j);
                // (cr, ci, cr, ci, ...)
                var c = DoubleVector.broadcast(S, values[src]).blend(values[src + 1], ODD);
                int base = b * bufStride - shift;
                for (int d3 = 0; d3 < w3; d3++) {
                    var c3 = c.mul(kz[d3]);
                    for (int d2 = 0; d2 < w2; d2++) {
                        var c23 = c3.mul(ky[d2]);
                        int at = base + 2 * (b1 + m1 * ((b2 + d2) + m2 * (b3 + d3)));
                        k0.fma(c23, DoubleVector.fromArray(S, buf, at)).intoArray(buf, at);
                        if (nv > 1) {
                            k1.fma(c23, DoubleVector.fromArray(S, buf, at + L)).intoArray(buf, at + L);
                        }
                        if (nv > 2) {
                            k2.fma(c23, DoubleVector.fromArray(S, buf, at + 2 * L)).intoArray(buf, at + 2 * L);
                        }
                        if (nv > 3) {
                            k3.fma(c23, DoubleVector.fromArray(S, buf, at + 3 * L)).intoArray(buf, at + 3 * L);
                        }
                        if (nv > 4) {
                            k4.fma(c23, DoubleVector.fromArray(S, buf, at + 4 * L)).intoArray(buf, at + 4 * L);
                        }
                        for (int v = 5; v < nv; v++) { // wide kernels with vectors narrower than 512 bits
                            int a = at + v * L;
                            DoubleVector.fromArray(S, kx, v * L).fma(c23, DoubleVector.fromArray(S, buf, a))
                                    .intoArray(buf, a);
                        }
                    }
                }
            }
        }
    }

    @Override
    public void interpolate(KernelPolynomial kernel, SortedPoints points, int from, int to,
                            double[] grid, int gridStride, int[] n, int batch, double[] values) {
        int w = kernel.width();
        var half = 0.5 * w; // (stays double)
        var tx = kernel.interleavedShiftedDouble(L)[0];
        var ty = kernel.hornerTableDouble(L);
        int nv = tx.stride() / L;
        int sx = tx.stride();
        double[] kx = new double[tx.stride()];
        double[] ky = new double[ty.stride()];
        double[] kz = new double[ty.stride()];
        double[] scratch = new double[tx.stride()];
        double[] lanes = new double[L];
        int[] g2 = new int[w];
        int[] g3 = new int[w];
        int count = to - from;
        var t1 = points.t1(); // coordinates, double in both twins
        var t2 = points.t2();
        var t3 = points.t3();
        int dim = points.dimension();
        int n1 = n[0];
        int n2 = dim > 1 ? n[1] : 1;
        int n3 = dim > 2 ? n[2] : 1;
        for (int s = from; s < to; s++) {
            // y and z first (read back as scalars), then the x row in registers
            int w2 = 1;
            int w3 = 1;
            g2[0] = 0;
            g3[0] = 0;
            if (dim > 1) {
                KernelSupport.wrapCells(kernelAt(ty, ky, t2[s], half), n2, g2, w);
                w2 = w;
            } else {
                ky[0] = 1;
            }
            if (dim > 2) {
                KernelSupport.wrapCells(kernelAt(ty, kz, t3[s], half), n3, g3, w);
                w3 = w;
            } else {
                kz[0] = 1;
            }
            int l1 = KernelSupport.firstCell(t1[s], half);
            var xv = DoubleVector.broadcast(S, KernelSupport.hornerVariableDouble(t1[s], half, l1));
            DoubleVector k0;
            DoubleVector k1;
            DoubleVector k2;
            DoubleVector k3;
            if (nv <= 4) {
                // chains on the plain table (half as many), every value then copied to its
                // (re, im) lane pair: the same fmas on the same coefficients, zeros past w
                var lo = hornerVector(ty, xv, 0);
                var hi = nv > 2 ? hornerVector(ty, xv, L) : lo;
                k0 = duplicated(0, lo, hi);
                k1 = nv > 1 ? duplicated(1, lo, hi) : k0;
                k2 = nv > 2 ? duplicated(2, lo, hi) : k0;
                k3 = nv > 3 ? duplicated(3, lo, hi) : k0;
            } else { // only with vectors narrower than 512 bits: k0..k3, then the rest into kx
                k0 = hornerVector(tx, xv, 0);
                k1 = hornerVector(tx, xv, L);
                k2 = hornerVector(tx, xv, 2 * L);
                k3 = hornerVector(tx, xv, 3 * L);
                hornerTail(tx, xv, kx, 4);
            }
            // whole vectors can be read in place when the row neither wraps nor runs off the grid
            boolean contiguous = l1 >= 0 && l1 + sx / 2 <= n1;
            int j = s - from;
            for (int b = 0; b < batch; b++) {
                int base = b * gridStride;
                // fixed locals, not an array of vectors, so that they stay in registers
                var a0 = DoubleVector.zero(S);
                var a1 = DoubleVector.zero(S);
                var a2 = DoubleVector.zero(S);
                var a3 = DoubleVector.zero(S);
                var tail = DoubleVector.zero(S);
                for (int d3 = 0; d3 < w3; d3++) {
                    for (int d2 = 0; d2 < w2; d2++) {
                        var f = DoubleVector.broadcast(S, ky[d2] * kz[d3]);
                        int row = base + 2 * n1 * (g2[d2] + n2 * g3[d3]);
                        double[] src = grid;
                        int at = row + 2 * l1;
                        if (!contiguous) {
                            copyWrappedRow(grid, row, l1, n1, w, scratch);
                            src = scratch;
                            at = 0;
                        }
                        a0 = DoubleVector.fromArray(S, src, at).fma(f, a0);
                        if (nv > 1) {
                            a1 = DoubleVector.fromArray(S, src, at + L).fma(f, a1);
                        }
                        if (nv > 2) {
                            a2 = DoubleVector.fromArray(S, src, at + 2 * L).fma(f, a2);
                        }
                        if (nv > 3) {
                            a3 = DoubleVector.fromArray(S, src, at + 3 * L).fma(f, a3);
                        }
                        for (int v = 4; v < nv; v++) { // only with vectors narrower than 512 bits
                            tail = DoubleVector.fromArray(S, src, at + v * L).mul(f)
                                    .fma(DoubleVector.fromArray(S, kx, v * L), tail);
                        }
                    }
                }
                var sum = a0.fma(k0, tail);
                if (nv > 1) {
                    sum = a1.fma(k1, sum);
                }
                if (nv > 2) {
                    sum = a2.fma(k2, sum);
                }
                if (nv > 3) {
                    sum = a3.fma(k3, sum);
                }
                // reduceLanes has no fixed order (C2 sums as a tree, the interpreter in sequence),
                // which would make results depend on JIT state: sum the lanes in a fixed order
                sum.intoArray(lanes, 0);
                double re = 0;
                double im = 0;
                for (int q = 0; q < L; q += 2) {
                    re += lanes[q];
                    im += lanes[q + 1];
                }
                int dst = 2 * (b * count + j);
                values[dst] = re;
                values[dst + 1] = im;
            }
        }
    }

    /**
     * Kernel values and derivatives in lanes along dimension 2 or 3 of a point, into
     * {@code out[at..at + stride)} and {@code out[at + stride..at + 2 stride)} (k = {1, 0, ...},
     * dk = 0 along absent dimensions); returns the first cell (0 when absent).
     */
    private static int valuesAndDerivativesInto(KernelPolynomial.DoubleHornerTable table,
                                                KernelPolynomial.DoubleHornerTable derivative, double[] out, int at,
                                                double[] t, int s, double half) { // (stays double)
        int stride = table.stride();
        if (t == null) {
            java.util.Arrays.fill(out, at, at + 2 * stride, 0);
            out[at] = 1;
            return 0;
        }
        int l = KernelSupport.firstCell(t[s], half);
        var x = DoubleVector.broadcast(S, KernelSupport.hornerVariableDouble(t[s], half, l));
        for (int v = 0; v < stride; v += L) {
            hornerVector(table, x, v).intoArray(out, at + v);
            hornerVector(derivative, x, v).intoArray(out, at + stride + v);
        }
        return l;
    }

    /** (re, im, re, im, ...) of complex {@code values[at]}. */
    private static DoubleVector complexLanes(double[] values, int at) {
        return DoubleVector.broadcast(S, values[at]).blend(values[at + 1], ODD);
    }

    /** Vectors per shift in {@link #SHIFTED_WIDE}: a shifted row of up to 2 (2 L - 1) + L - 2 doubles. */
    private static final int WIDE_ROW = 5;

    /**
     * Per lane shift r = 0, 2, .., L - 2 (in blocks of {@value #WIDE_ROW} L), indices into the two
     * plain-table vectors (lo, hi) of a row that put value i at lanes r + 2i and r + 2i + 1, and
     * elsewhere index 2 L - 1: a padding lane of the table (zero, as the shifted tables' padding
     * is) or, for rows of one vector, a lane of the zero vector passed as hi.
     */
    private static final double[] SHIFTED_WIDE = shiftedWide();

    private static double[] shiftedWide() {
        int shifts = Math.max(1, L / 2);
        double[] t = new double[shifts * WIDE_ROW * L];
        for (int h = 0; h < shifts; h++) {
            for (int lane = 0; lane < WIDE_ROW * L; lane++) {
                int pos = lane - 2 * h;
                t[h * WIDE_ROW * L + lane] = pos >= 0 ? Math.min(pos / 2, 2 * L - 1) : 2 * L - 1;
            }
        }
        return t;
    }

    /**
     * Whether the shifted rows of this kernel can come from the plain table by
     * {@link #SHIFTED_WIDE}'s permutes: 512-bit species (two-source permutes are single
     * instructions there, LaneCopy), a plain row of one vector, or of two with a padding lane
     * left (w < 2 L), and shifted rows of at most {@value #WIDE_ROW} vectors.
     */
    private static boolean permutesShiftedRows(KernelPolynomial.DoubleHornerTable plain, int w,
                                               KernelPolynomial.DoubleHornerTable[] shifted) {
        return S.vectorBitSize() >= 512 && (plain.stride() == L || plain.stride() == 2 * L && w < 2 * L)
                && shifted[shifted.length - 1].stride() <= WIDE_ROW * L;
    }

    /**
     * The second vector of a plain-table row at x (cells L..2L-1), or {@code zero} for rows of
     * one vector: the {@code hi} source of {@link #permuted}.
     */
    private static DoubleVector upperHalf(KernelPolynomial.DoubleHornerTable plain, DoubleVector x,
                                          DoubleVector zero) {
        return plain.stride() > L ? hornerVector(plain, x, L) : zero;
    }

    /**
     * Vector {@code v} of a shifted interleaved row, from the plain-table row (lo, hi) by the
     * {@link #SHIFTED_WIDE} indices at {@code q} (the block of the row's lane shift).
     */
    private static DoubleVector permuted(int q, int v, DoubleVector lo, DoubleVector hi) {
        return DoubleVector.fromArray(S, SHIFTED_WIDE, q + v * L).selectFrom(lo, hi);
    }

    /**
     * Vector {@code v} (0..3) of an unshifted interleaved row, from the plain-table row (lo, hi):
     * plain vector v / 2, its lower or upper half with every value duplicated to a (re, im) pair.
     */
    private static DoubleVector duplicated(int v, DoubleVector lo, DoubleVector hi) {
        return (v < 2 ? lo : hi).rearrange((v & 1) == 0 ? DUPLICATE_LOW : DUPLICATE_HIGH);
    }

    /** Lanes (0, 0, 1, 1, ...) and (L/2, L/2, ...) of a vector: values to (re, im) pairs. */
    private static final VectorShuffle<Double> DUPLICATE_LOW = VectorShuffle.fromOp(S, j -> j / 2);
    private static final VectorShuffle<Double> DUPLICATE_HIGH = VectorShuffle.fromOp(S, j -> L / 2 + j / 2);

    /** Points whose y and z rows {@link #spreadDipoles} evaluates in one pass before their x rows. */
    private static final int DIPOLE_CHUNK = 32;

    /**
     * Type 1 with dipoles (contract in {@link SpreadKernels#spreadDipoles}). Per buffer row the
     * update is {@code buf += kx * A + kx' * B} with interleaved complex A = c ky kz + D2 ky' kz +
     * D3 ky kz' and B = D1 ky kz: two fmas per vector where plain spreading has one. Points go
     * in chunks of {@value #DIPOLE_CHUNK}: the y and z values and derivatives of a chunk first,
     * into arrays, then {@link #dipoleRows} with the x row and its derivative in registers.
     */
    @Override
    public void spreadDipoles(KernelPolynomial kernel, SortedPoints points, int from, int to, double[] values,
                              int batch, double[] buf, int bufStride, int[] origin, int[] extent) {
        var shiftedRows = kernel.interleavedShiftedDouble(L);
        if (points.dimension() == 1 && shiftedRows[shiftedRows.length - 1].stride() <= WIDE_ROW * L) {
            spreadDipolesAlongX(kernel, points, from, to, values, batch, buf, bufStride, origin[0]);
            return;
        }
        int w = kernel.width();
        var half = 0.5 * w; // (stays double)
        var ty = kernel.hornerTableDouble(L);
        var dty = kernel.derivativeTableDouble(L);
        int sy = ty.stride();
        int dim = points.dimension();
        var t2 = points.t2(); // coordinates, double in both twins
        var t3 = points.t3();
        int chunk = Math.min(DIPOLE_CHUNK, to - from);
        double[] yz = new double[4 * sy * chunk];
        int[] first = new int[2 * chunk];
        var shifted = kernel.interleavedShiftedDouble(L);
        int stride = shifted[shifted.length - 1].stride();
        var rows = new DipoleRows(kernel, points, values, batch, buf, bufStride, origin, extent, to - from,
                new double[stride], new double[stride]);
        for (int s0 = from; s0 < to; s0 += chunk) {
            int s1 = Math.min(to, s0 + chunk);
            for (int s = s0; s < s1; s++) {
                int p = s - s0;
                first[2 * p] = valuesAndDerivativesInto(ty, dty, yz, 4 * sy * p, t2, s, half)
                        - (dim > 1 ? origin[1] : 0);
                first[2 * p + 1] = valuesAndDerivativesInto(ty, dty, yz, 4 * sy * p + 2 * sy, t3, s, half)
                        - (dim > 2 ? origin[2] : 0);
            }
            dipoleRows(rows, from, s0, s1, yz, sy, first);
        }
    }

    /**
     * {@link #spreadDipoles} in 1D with shifted rows of at most {@value #WIDE_ROW} vectors:
     * {@code buf += kx * c + kx' * D1} on one row per point, the row and its derivative in
     * registers. The general loop multiplies c and D1 by ky kz = 1 (exact) and adds no other
     * terms, so this writes the same bits without the y/z pass.
     */
    private static void spreadDipolesAlongX(KernelPolynomial kernel, SortedPoints points, int from, int to,
                                            double[] values, int batch, double[] buf, int bufStride, int origin1) {
        int w = kernel.width();
        var half = 0.5 * w; // (stays double)
        var shifted = kernel.interleavedShiftedDouble(L);
        var shiftedDerivative = kernel.derivativeInterleavedShiftedDouble(L);
        var ty = kernel.hornerTableDouble(L);
        var dty = kernel.derivativeTableDouble(L);
        boolean permute = permutesShiftedRows(ty, w, shifted) && dty.stride() == ty.stride();
        var t1 = points.t1(); // coordinates, double in both twins
        int count = to - from;
        var zero = DoubleVector.zero(S);
        for (int s = from; s < to; s++) {
            int l1 = KernelSupport.firstCell(t1[s], half);
            int b1 = l1 - origin1;
            int shift = (2 * b1) & (L - 1);
            int nv = shifted[shift >> 1].stride() / L;
            var xv = DoubleVector.broadcast(S, KernelSupport.hornerVariableDouble(t1[s], half, l1));
            DoubleVector k0;
            DoubleVector k1;
            DoubleVector k2;
            DoubleVector k3;
            DoubleVector k4;
            DoubleVector d0;
            DoubleVector d1;
            DoubleVector d2;
            DoubleVector d3;
            DoubleVector d4;
            if (permute) {
                var k = hornerVector(ty, xv, 0);
                var dk = hornerVector(dty, xv, 0);
                var kh = upperHalf(ty, xv, zero);
                var dkh = upperHalf(dty, xv, zero);
                int q = (shift >> 1) * WIDE_ROW * L;
                k0 = permuted(q, 0, k, kh);
                d0 = permuted(q, 0, dk, dkh);
                k1 = nv > 1 ? permuted(q, 1, k, kh) : k0;
                d1 = nv > 1 ? permuted(q, 1, dk, dkh) : d0;
                k2 = nv > 2 ? permuted(q, 2, k, kh) : k0;
                d2 = nv > 2 ? permuted(q, 2, dk, dkh) : d0;
                k3 = nv > 3 ? permuted(q, 3, k, kh) : k0;
                d3 = nv > 3 ? permuted(q, 3, dk, dkh) : d0;
                k4 = nv > 4 ? permuted(q, 4, k, kh) : k0;
                d4 = nv > 4 ? permuted(q, 4, dk, dkh) : d0;
            } else {
                var tx = shifted[shift >> 1];
                var dtx = shiftedDerivative[shift >> 1];
                k0 = hornerVector(tx, xv, 0);
                d0 = hornerVector(dtx, xv, 0);
                k1 = nv > 1 ? hornerVector(tx, xv, L) : k0;
                d1 = nv > 1 ? hornerVector(dtx, xv, L) : d0;
                k2 = nv > 2 ? hornerVector(tx, xv, 2 * L) : k0;
                d2 = nv > 2 ? hornerVector(dtx, xv, 2 * L) : d0;
                k3 = nv > 3 ? hornerVector(tx, xv, 3 * L) : k0;
                d3 = nv > 3 ? hornerVector(dtx, xv, 3 * L) : d0;
                k4 = nv > 4 ? hornerVector(tx, xv, 4 * L) : k0;
                d4 = nv > 4 ? hornerVector(dtx, xv, 4 * L) : d0;
            }
            for (int b = 0; b < batch; b++) {
                int src = b * 4 * count + 4 * (s - from);
                var c = complexLanes(values, src);
                var dip = complexLanes(values, src + 2);
                int at = b * bufStride - shift + 2 * b1;
                k0.fma(c, d0.fma(dip, DoubleVector.fromArray(S, buf, at))).intoArray(buf, at);
                if (nv > 1) {
                    int o = at + L;
                    k1.fma(c, d1.fma(dip, DoubleVector.fromArray(S, buf, o))).intoArray(buf, o);
                }
                if (nv > 2) {
                    int o = at + 2 * L;
                    k2.fma(c, d2.fma(dip, DoubleVector.fromArray(S, buf, o))).intoArray(buf, o);
                }
                if (nv > 3) {
                    int o = at + 3 * L;
                    k3.fma(c, d3.fma(dip, DoubleVector.fromArray(S, buf, o))).intoArray(buf, o);
                }
                if (nv > 4) {
                    int o = at + 4 * L;
                    k4.fma(c, d4.fma(dip, DoubleVector.fromArray(S, buf, o))).intoArray(buf, o);
                }
            }
        }
    }

    /** What {@link #dipoleRows} reads besides its chunk: the arguments of one spreadDipoles call. */
    private record DipoleRows(KernelPolynomial kernel, SortedPoints points, double[] values, int batch,
                              double[] buf, int bufStride, int[] origin, int[] extent, int count,
                              double[] kx, double[] dkx) {
    }

    /**
     * The buffer rows of points {@code s0..s1} of a spreadDipoles call that starts at
     * {@code from}, whose y/z values and derivatives {@code yz} holds (ky, ky', kz, kz' at
     * {@code 4 sy p}, each {@code sy} long) and first cells {@code first} (relative to the
     * buffer). A method of its own so that C2 compiles it as a unit: inside spreadDipoles with
     * the y/z Horner loops, the last row vectors' inlining hit C2's node-count cutoff and the
     * vectors they returned were boxed (docs/decisions.md, issue 19).
     */
    private static void dipoleRows(DipoleRows r, int from, int s0, int s1, double[] yz, int sy, int[] first) {
        var kernel = r.kernel();
        int w = kernel.width();
        var half = 0.5 * w; // (stays double)
        var shifted = kernel.interleavedShiftedDouble(L);
        var shiftedDerivative = kernel.derivativeInterleavedShiftedDouble(L);
        double[] values = r.values();
        double[] buf = r.buf();
        int dim = r.points().dimension();
        var t1 = r.points().t1(); // coordinates, double in both twins
        int count = r.count();
        int batch = r.batch();
        int bufStride = r.bufStride();
        int origin1 = r.origin()[0];
        int per = 2 * (dim + 1);
        int m1 = r.extent()[0];
        int m2 = dim > 1 ? r.extent()[1] : 1;
        int w2 = dim > 1 ? w : 1;
        int w3 = dim > 2 ? w : 1;
        var zero = DoubleVector.zero(S);
        double[] kx = r.kx();
        double[] dkx = r.dkx();
        var ty = kernel.hornerTableDouble(L);
        var dty = kernel.derivativeTableDouble(L);
        // the shifted rows from the plain tables by two-source permutes (permutesShiftedRows)
        boolean spreadPlain = permutesShiftedRows(ty, w, shifted) && dty.stride() == ty.stride();
        for (int s = s0; s < s1; s++) {
            int p = s - s0;
            int y = 4 * sy * p;
            int z = y + 2 * sy;
            int b2 = first[2 * p];
            int b3 = first[2 * p + 1];
            int l1 = KernelSupport.firstCell(t1[s], half);
            int b1 = l1 - origin1;
            int shift = (2 * b1) & (L - 1);
            var tx = shifted[shift >> 1];
            var dtx = shiftedDerivative[shift >> 1];
            int nv = tx.stride() / L;
            var xv = DoubleVector.broadcast(S, KernelSupport.hornerVariableDouble(t1[s], half, l1));
            // the x row and its derivative in registers: three vectors each cover w <= 8 with
            // 512-bit lanes (a shifted row of 2w + 6 doubles); wider rows go to the loop below
            DoubleVector k0;
            DoubleVector k1;
            DoubleVector k2;
            DoubleVector d0;
            DoubleVector d1;
            DoubleVector d2;
            if (spreadPlain) {
                // one chain each on the plain tables, moved to the shifted (re, im) lanes by
                // two-source permutes with zero: the same fmas, half the Horner work
                var k = hornerVector(ty, xv, 0);
                var dk = hornerVector(dty, xv, 0);
                var kh = upperHalf(ty, xv, zero);
                var dkh = upperHalf(dty, xv, zero);
                int q = (shift >> 1) * WIDE_ROW * L;
                k0 = permuted(q, 0, k, kh);
                k1 = permuted(q, 1, k, kh);
                k2 = permuted(q, 2, k, kh);
                d0 = permuted(q, 0, dk, dkh);
                d1 = permuted(q, 1, dk, dkh);
                d2 = permuted(q, 2, dk, dkh);
                for (int v = 3; v < nv; v++) { // the vectors past the register locals
                    permuted(q, v, k, kh).intoArray(kx, v * L);
                    permuted(q, v, dk, dkh).intoArray(dkx, v * L);
                }
            } else {
                k0 = hornerVector(tx, xv, 0);
                k1 = nv > 1 ? hornerVector(tx, xv, L) : k0;
                k2 = nv > 2 ? hornerVector(tx, xv, 2 * L) : k0;
                d0 = hornerVector(dtx, xv, 0);
                d1 = nv > 1 ? hornerVector(dtx, xv, L) : d0;
                d2 = nv > 2 ? hornerVector(dtx, xv, 2 * L) : d0;
            }
            if (nv > 3 && !spreadPlain) {
                hornerTail(tx, xv, kx, 3);
                hornerTail(dtx, xv, dkx, 3);
            }
            for (int b = 0; b < batch; b++) {
                int src = b * per * count + per * (s - from);
                var c = complexLanes(values, src);
                var dip1 = complexLanes(values, src + 2);
                var dip2 = dim > 1 ? complexLanes(values, src + 4) : zero;
                var dip3 = dim > 2 ? complexLanes(values, src + 6) : zero;
                int base = b * bufStride - shift;
                for (int i3 = 0; i3 < w3; i3++) {
                    double kz = yz[z + i3];
                    double dkz = yz[z + sy + i3];
                    for (int i2 = 0; i2 < w2; i2++) {
                        double ky = yz[y + i2];
                        double p23 = ky * kz;
                        var a = c.mul(p23);
                        if (dim > 1) {
                            a = dip2.fma(DoubleVector.broadcast(S, yz[y + sy + i2] * kz), a);
                        }
                        if (dim > 2) {
                            a = dip3.fma(DoubleVector.broadcast(S, ky * dkz), a);
                        }
                        var bv = dip1.mul(p23);
                        int at = base + 2 * (b1 + m1 * ((b2 + i2) + m2 * (b3 + i3)));
                        k0.fma(a, d0.fma(bv, DoubleVector.fromArray(S, buf, at))).intoArray(buf, at);
                        if (nv > 1) {
                            int o = at + L;
                            k1.fma(a, d1.fma(bv, DoubleVector.fromArray(S, buf, o))).intoArray(buf, o);
                        }
                        if (nv > 2) {
                            int o = at + 2 * L;
                            k2.fma(a, d2.fma(bv, DoubleVector.fromArray(S, buf, o))).intoArray(buf, o);
                        }
                        for (int v = 3; v < nv; v++) { // wide kernels with vectors narrower than 512 bits
                            int o = at + v * L;
                            DoubleVector.fromArray(S, kx, v * L).fma(a, DoubleVector.fromArray(S, dkx, v * L)
                                    .fma(bv, DoubleVector.fromArray(S, buf, o))).intoArray(buf, o);
                        }
                    }
                }
            }
        }
    }

    /**
     * Type 2 with gradients (contract in {@link SpreadKernels#interpolateGradient}). As
     * {@link #interpolate}, rows are accumulated in vectors weighted by the kernel along
     * dimensions 2 and 3, once with ky kz (giving the value and d/dx1 after multiplying by kx
     * and kx'), once with ky' kz (d/dx2) and once with ky kz' (d/dx3): d fmas per row vector
     * where plain interpolation has one. Lanes are summed in a fixed order at the end.
     */
    @Override
    public void interpolateGradient(KernelPolynomial kernel, SortedPoints points, int from, int to,
                                    double[] grid, int gridStride, int[] n, int batch, double[] values) {
        if (points.dimension() == 1 && kernel.interleavedShiftedDouble(L)[0].stride() <= 4 * L) {
            interpolateGradientAlongX(kernel, points, from, to, grid, gridStride, n[0], batch, values);
            return;
        }
        int w = kernel.width();
        var half = 0.5 * w; // (stays double)
        var tx = kernel.interleavedShiftedDouble(L)[0];
        var dtx = kernel.derivativeInterleavedShiftedDouble(L)[0];
        var ty = kernel.hornerTableDouble(L);
        var dty = kernel.derivativeTableDouble(L);
        int sx = tx.stride();
        int nv = sx / L;
        double[] kx = new double[sx];
        double[] dkx = new double[sx];
        int sy = ty.stride();
        double[] yk = new double[2 * sy]; // ky, then ky' at sy
        double[] zk = new double[2 * sy]; // kz, then kz' at sy
        double[] scratch = new double[sx];
        double[] lanes = new double[L];
        int[] g2 = new int[w];
        int[] g3 = new int[w];
        int dim = points.dimension();
        var t1 = points.t1(); // coordinates, double in both twins
        var t2 = points.t2();
        var t3 = points.t3();
        int count = to - from;
        int per = 2 * (dim + 1);
        int n1 = n[0];
        int n2 = dim > 1 ? n[1] : 1;
        int n3 = dim > 2 ? n[2] : 1;
        int w2 = dim > 1 ? w : 1;
        int w3 = dim > 2 ? w : 1;
        var zero = DoubleVector.zero(S);
        // the interleaved x row is at most four vectors: two of the plain tables, each value
        // duplicated to its (re, im) lanes
        boolean duplicate = nv <= 4;
        for (int s = from; s < to; s++) {
            KernelSupport.wrapCells(valuesAndDerivativesInto(ty, dty, yk, 0, t2, s, half), n2, g2, w2);
            KernelSupport.wrapCells(valuesAndDerivativesInto(ty, dty, zk, 0, t3, s, half), n3, g3, w3);
            int l1 = KernelSupport.firstCell(t1[s], half);
            double x = KernelSupport.hornerVariableDouble(t1[s], half, l1);
            if (duplicate) {
                // one chain each on the plain tables, then every value copied to its (re, im)
                // lane pair: the same fmas on the same coefficients, half the Horner work
                var xv = DoubleVector.broadcast(S, x);
                var k = hornerVector(ty, xv, 0);
                var dk = hornerVector(dty, xv, 0);
                var kh = nv > 2 ? hornerVector(ty, xv, L) : k;
                var dkh = nv > 2 ? hornerVector(dty, xv, L) : dk;
                // constant vector numbers, so that each shuffle is a constant (C2 intrinsic)
                duplicated(0, k, kh).intoArray(kx, 0);
                duplicated(0, dk, dkh).intoArray(dkx, 0);
                if (nv > 1) {
                    duplicated(1, k, kh).intoArray(kx, L);
                    duplicated(1, dk, dkh).intoArray(dkx, L);
                }
                if (nv > 2) {
                    duplicated(2, k, kh).intoArray(kx, 2 * L);
                    duplicated(2, dk, dkh).intoArray(dkx, 2 * L);
                }
                if (nv > 3) {
                    duplicated(3, k, kh).intoArray(kx, 3 * L);
                    duplicated(3, dk, dkh).intoArray(dkx, 3 * L);
                }
            } else {
                horner(tx, x, kx);
                horner(dtx, x, dkx);
            }
            boolean contiguous = l1 >= 0 && l1 + sx / 2 <= n1;
            for (int b = 0; b < batch; b++) {
                int base = b * gridStride;
                // accumulators per row vector: a (ky kz), p (ky' kz), q (ky kz'); fixed locals
                var a0 = zero;
                var a1 = zero;
                var a2 = zero;
                var a3 = zero;
                var p0 = zero;
                var p1 = zero;
                var p2 = zero;
                var p3 = zero;
                var q0 = zero;
                var q1 = zero;
                var q2 = zero;
                var q3 = zero;
                var tailValue = zero;
                var tailGrad1 = zero;
                var tailGrad2 = zero;
                var tailGrad3 = zero;
                for (int i3 = 0; i3 < w3; i3++) {
                    // one plane's rows weighted by ky (pa) and ky' (pp); kz and kz' applied once
                    // per plane: two fmas per row vector in 3D instead of three
                    var pa0 = zero;
                    var pa1 = zero;
                    var pa2 = zero;
                    var pa3 = zero;
                    var pp0 = zero;
                    var pp1 = zero;
                    var pp2 = zero;
                    var pp3 = zero;
                    for (int i2 = 0; i2 < w2; i2++) {
                        int row = base + 2 * n1 * (g2[i2] + n2 * g3[i3]);
                        double[] src = grid;
                        int at = row + 2 * l1;
                        if (!contiguous) {
                            copyWrappedRow(grid, row, l1, n1, w, scratch);
                            src = scratch;
                            at = 0;
                        }
                        var fy = DoubleVector.broadcast(S, yk[i2]);
                        var fdy = DoubleVector.broadcast(S, yk[sy + i2]);
                        var r = DoubleVector.fromArray(S, src, at);
                        pa0 = r.fma(fy, pa0);
                        if (dim > 1) {
                            pp0 = r.fma(fdy, pp0);
                        }
                        if (nv > 1) {
                            r = DoubleVector.fromArray(S, src, at + L);
                            pa1 = r.fma(fy, pa1);
                            if (dim > 1) {
                                pp1 = r.fma(fdy, pp1);
                            }
                        }
                        if (nv > 2) {
                            r = DoubleVector.fromArray(S, src, at + 2 * L);
                            pa2 = r.fma(fy, pa2);
                            if (dim > 1) {
                                pp2 = r.fma(fdy, pp2);
                            }
                        }
                        if (nv > 3) {
                            r = DoubleVector.fromArray(S, src, at + 3 * L);
                            pa3 = r.fma(fy, pa3);
                            if (dim > 1) {
                                pp3 = r.fma(fdy, pp3);
                            }
                        }
                        // only with vectors narrower than 512 bits: the row past four vectors
                        var fa = nv > 4 ? DoubleVector.broadcast(S, yk[i2] * zk[i3]) : zero;
                        var fp = nv > 4 ? DoubleVector.broadcast(S, yk[sy + i2] * zk[i3]) : zero;
                        var fq = nv > 4 ? DoubleVector.broadcast(S, yk[i2] * zk[sy + i3]) : zero;
                        for (int v = 4; v < nv; v++) {
                            r = DoubleVector.fromArray(S, src, at + v * L);
                            var kv = DoubleVector.fromArray(S, kx, v * L);
                            tailValue = r.mul(fa).fma(kv, tailValue);
                            tailGrad1 = r.mul(fa).fma(DoubleVector.fromArray(S, dkx, v * L), tailGrad1);
                            tailGrad2 = r.mul(fp).fma(kv, tailGrad2);
                            tailGrad3 = r.mul(fq).fma(kv, tailGrad3);
                        }
                    }
                    // kz = 1 and no q below 3D: then a = pa and p = pp exactly, as before the split
                    var fz = DoubleVector.broadcast(S, zk[i3]);
                    var fdz = DoubleVector.broadcast(S, zk[sy + i3]);
                    a0 = pa0.fma(fz, a0);
                    if (dim > 1) {
                        p0 = pp0.fma(fz, p0);
                    }
                    if (dim > 2) {
                        q0 = pa0.fma(fdz, q0);
                    }
                    if (nv > 1) {
                        a1 = pa1.fma(fz, a1);
                        if (dim > 1) {
                            p1 = pp1.fma(fz, p1);
                        }
                        if (dim > 2) {
                            q1 = pa1.fma(fdz, q1);
                        }
                    }
                    if (nv > 2) {
                        a2 = pa2.fma(fz, a2);
                        if (dim > 1) {
                            p2 = pp2.fma(fz, p2);
                        }
                        if (dim > 2) {
                            q2 = pa2.fma(fdz, q2);
                        }
                    }
                    if (nv > 3) {
                        a3 = pa3.fma(fz, a3);
                        if (dim > 1) {
                            p3 = pp3.fma(fz, p3);
                        }
                        if (dim > 2) {
                            q3 = pa3.fma(fdz, q3);
                        }
                    }
                }
                var k0 = DoubleVector.fromArray(S, kx, 0);
                var d0 = DoubleVector.fromArray(S, dkx, 0);
                var value = a0.fma(k0, tailValue);
                var grad1 = a0.fma(d0, tailGrad1);
                var grad2 = p0.fma(k0, tailGrad2);
                var grad3 = q0.fma(k0, tailGrad3);
                if (nv > 1) {
                    var kv = DoubleVector.fromArray(S, kx, L);
                    value = a1.fma(kv, value);
                    grad1 = a1.fma(DoubleVector.fromArray(S, dkx, L), grad1);
                    grad2 = p1.fma(kv, grad2);
                    grad3 = q1.fma(kv, grad3);
                }
                if (nv > 2) {
                    var kv = DoubleVector.fromArray(S, kx, 2 * L);
                    value = a2.fma(kv, value);
                    grad1 = a2.fma(DoubleVector.fromArray(S, dkx, 2 * L), grad1);
                    grad2 = p2.fma(kv, grad2);
                    grad3 = q2.fma(kv, grad3);
                }
                if (nv > 3) {
                    var kv = DoubleVector.fromArray(S, kx, 3 * L);
                    value = a3.fma(kv, value);
                    grad1 = a3.fma(DoubleVector.fromArray(S, dkx, 3 * L), grad1);
                    grad2 = p3.fma(kv, grad2);
                    grad3 = q3.fma(kv, grad3);
                }
                // vectors are stored here, not passed to a helper: C2 boxed them at that call
                // (192-256 bytes per point, JMH -prof gc, issue 19)
                int dst = b * per * count + per * (s - from);
                value.intoArray(lanes, 0);
                sumPairs(lanes, values, dst);
                grad1.intoArray(lanes, 0);
                sumPairs(lanes, values, dst + 2);
                if (dim > 1) {
                    grad2.intoArray(lanes, 0);
                    sumPairs(lanes, values, dst + 4);
                }
                if (dim > 2) {
                    grad3.intoArray(lanes, 0);
                    sumPairs(lanes, values, dst + 6);
                }
            }
        }
    }

    /**
     * {@link #interpolateGradient} in 1D with interleaved rows of at most four vectors: the
     * value and d/dx1 of each point from one grid row, the kernel row and its derivative in
     * registers (duplicated from the plain tables). The general loop's absent dimensions
     * multiply by 1 and add 0, which changes no bits here, so this gives the same values
     * without their fills, accumulators and loops.
     */
    private static void interpolateGradientAlongX(KernelPolynomial kernel, SortedPoints points, int from, int to,
                                                  double[] grid, int gridStride, int n1, int batch,
                                                  double[] values) {
        int w = kernel.width();
        var half = 0.5 * w; // (stays double)
        var ty = kernel.hornerTableDouble(L);
        var dty = kernel.derivativeTableDouble(L);
        int sx = kernel.interleavedShiftedDouble(L)[0].stride();
        int nv = sx / L;
        double[] scratch = new double[sx];
        double[] lanes = new double[L];
        var t1 = points.t1(); // coordinates, double in both twins
        int count = to - from;
        var zero = DoubleVector.zero(S);
        for (int s = from; s < to; s++) {
            int l1 = KernelSupport.firstCell(t1[s], half);
            var xv = DoubleVector.broadcast(S, KernelSupport.hornerVariableDouble(t1[s], half, l1));
            var lo = hornerVector(ty, xv, 0);
            var dlo = hornerVector(dty, xv, 0);
            var hi = nv > 2 ? hornerVector(ty, xv, L) : lo;
            var dhi = nv > 2 ? hornerVector(dty, xv, L) : dlo;
            var k0 = duplicated(0, lo, hi);
            var d0 = duplicated(0, dlo, dhi);
            var k1 = nv > 1 ? duplicated(1, lo, hi) : k0;
            var d1 = nv > 1 ? duplicated(1, dlo, dhi) : d0;
            var k2 = nv > 2 ? duplicated(2, lo, hi) : k0;
            var d2 = nv > 2 ? duplicated(2, dlo, dhi) : d0;
            var k3 = nv > 3 ? duplicated(3, lo, hi) : k0;
            var d3 = nv > 3 ? duplicated(3, dlo, dhi) : d0;
            boolean contiguous = l1 >= 0 && l1 + sx / 2 <= n1;
            for (int b = 0; b < batch; b++) {
                double[] src = grid;
                int at = b * gridStride + 2 * l1;
                if (!contiguous) {
                    copyWrappedRow(grid, b * gridStride, l1, n1, w, scratch);
                    src = scratch;
                    at = 0;
                }
                var r = DoubleVector.fromArray(S, src, at);
                var value = r.fma(k0, zero);
                var grad = r.fma(d0, zero);
                if (nv > 1) {
                    r = DoubleVector.fromArray(S, src, at + L);
                    value = r.fma(k1, value);
                    grad = r.fma(d1, grad);
                }
                if (nv > 2) {
                    r = DoubleVector.fromArray(S, src, at + 2 * L);
                    value = r.fma(k2, value);
                    grad = r.fma(d2, grad);
                }
                if (nv > 3) {
                    r = DoubleVector.fromArray(S, src, at + 3 * L);
                    value = r.fma(k3, value);
                    grad = r.fma(d3, grad);
                }
                int dst = b * 4 * count + 4 * (s - from);
                value.intoArray(lanes, 0);
                sumPairs(lanes, values, dst);
                grad.intoArray(lanes, 0);
                sumPairs(lanes, values, dst + 2);
            }
        }
    }

    /** out[at] = sum of even lanes, out[at + 1] = sum of odd lanes, in a fixed order. */
    private static void sumPairs(double[] lanes, double[] out, int at) {
        double re = 0;
        double im = 0;
        for (int q = 0; q < L; q += 2) {
            re += lanes[q];
            im += lanes[q + 1];
        }
        out[at] = re;
        out[at + 1] = im;
    }

    /** scratch = the w cells (l1 + i) mod n1 of a grid row, interleaved; the rest zero. */
    private static void copyWrappedRow(double[] grid, int row, int l1, int n1, int w, double[] scratch) {
        java.util.Arrays.fill(scratch, 0);
        int c = l1 < 0 ? l1 + n1 : l1;
        for (int i = 0; i < w; i++) {
            scratch[2 * i] = grid[row + 2 * c];
            scratch[2 * i + 1] = grid[row + 2 * c + 1];
            if (++c == n1) {
                c = 0;
            }
        }
    }
}
