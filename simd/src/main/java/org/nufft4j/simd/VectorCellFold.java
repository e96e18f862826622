package org.nufft4j.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nufft4j.grid.CellFold;
import org.nufft4j.grid.Periodic;

/**
 * {@link CellFold} in SIMD lanes: {@code Periodic.toZeroTwoPi}'s reductions (the division-free
 * one on [-2 pi, 4 pi), Cody–Waite beyond) and the scaling to cells, operation for operation
 * (sums, division, floor, fma, product and the two corrections are each correctly rounded in
 * lanes as in scalar code), so the bits are the scalar fold's. A vector with a coordinate beyond the Cody–Waite range (or not finite) goes
 * through the scalar fold, which takes the exact path or rejects it.
 */
final class VectorCellFold implements CellFold {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final double TWO_PI = Periodic.TWO_PI;
    private static final double P2 = Periodic.TWO_PI_TAIL;
    /** Periodic's Cody–Waite bound; below it x / 2 pi < 2^43, so floor through long is exact. */
    private static final double FAST_LIMIT = Periodic.CODY_WAITE_LIMIT;
    /** 2^52: adding and subtracting it rounds a smaller non-negative double to an integer. */
    private static final double TWO_52 = 0x1p52;
    private static final DoubleVector P1 = DoubleVector.broadcast(S, TWO_PI);

    VectorCellFold() {
        DoubleVector.zero(S).add(1).reduceLanes(VectorOperators.ADD);
    }

    @Override
    public String name() {
        return "simd-" + S.vectorBitSize() + "bit";
    }

    @Override
    public boolean fold(double[] x, int from, int count, double scale, int n, double[] out, int outFrom) {
        int i = 0;
        for (int end = count - L; i <= end; i += L) {
            var v = DoubleVector.fromArray(S, x, from + i);
            var below = v.compare(VectorOperators.LT, 0);
            var above = v.compare(VectorOperators.GE, TWO_PI);
            DoubleVector r;
            if (v.compare(VectorOperators.GE, -TWO_PI).and(v.compare(VectorOperators.LT, 2 * TWO_PI)).allTrue()) {
                // m = -1, 0 or 1 from two comparisons: Periodic.nearTurns's roundings, no division
                r = v.add(0.0).add(TWO_PI, below).sub(TWO_PI, above).add(P2, below).sub(P2, above);
            } else if (v.abs().compare(VectorOperators.LE, FAST_LIMIT).allTrue()) { // NaN compares false
                r = codyWaite(v);
            } else {
                if (!CellFold.SCALAR.fold(x, from + i, L, scale, n, out, outFrom + i)) {
                    return false;
                }
                continue;
            }
            r = r.add(TWO_PI, r.compare(VectorOperators.LT, 0));
            r = r.sub(TWO_PI, r.compare(VectorOperators.GE, TWO_PI));
            var c = r.mul(scale);
            c = c.sub(n, c.compare(VectorOperators.GE, n));
            c.intoArray(out, outFrom + i);
        }
        return CellFold.SCALAR.fold(x, from + i, count - i, scale, n, out, outFrom + i);
    }

    /** Periodic's Cody–Waite step {@code fma(-m, P1, v) - m P2} for |v| at most FAST_LIMIT. */
    private static DoubleVector codyWaite(DoubleVector v) {
        var q = v.div(TWO_PI);
        // floor(q) without a double-to-long conversion (AVX2 has none in lanes, and the
        // Vector API then falls back to Java code that allocates): |q| < 2^43, so
        // (|q| + 2^52) - 2^52 rounds |q| to the nearest integer exactly; the sign of q put
        // back (so -0.0 stays -0.0), less one where that rounded up.
        var rounded = q.abs().add(TWO_52).sub(TWO_52);
        var tr = rounded.reinterpretAsLongs().or(q.reinterpretAsLongs().and(Long.MIN_VALUE)).reinterpretAsDoubles();
        var m = tr.sub(1, tr.compare(VectorOperators.GT, q));
        return m.neg().fma(P1, v).sub(m.mul(P2));
    }
}
