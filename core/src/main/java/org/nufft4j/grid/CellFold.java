package org.nufft4j.grid;

/**
 * Folds coordinates into fine-grid cells, a block at a time: the step of {@link BinSort} that
 * the {@code simd} module runs in lanes. Every implementation gives the bits of
 * {@link #SCALAR}, so the sort, and everything downstream of it, does not depend on which
 * one runs.
 */
public interface CellFold {

    /**
     * {@code out[outFrom + i] = cell(x[from + i])} for {@code i < count}, where {@code cell(v)} is
     * {@code Periodic.toZeroTwoPi(v) * scale}, less {@code n} when rounding lands on n.
     *
     * @param x the coordinates along one dimension, in radians (any finite value)
     * @param from index in {@code x} of the first coordinate folded
     * @param count number of coordinates folded
     * @param scale {@code n / Periodic.TWO_PI}
     * @param n fine grid size along this dimension
     * @param out receives the cell coordinates, in [0, n)
     * @param outFrom index in {@code out} of the first result
     * @return false if some coordinate is not finite ({@code out} is then unspecified)
     */
    boolean fold(double[] x, int from, int count, double scale, int n, double[] out, int outFrom);

    /**
     * Which implementation runs.
     *
     * @return "scalar", or the SIMD implementation's name
     */
    String name();

    /** The reference: one point at a time. */
    CellFold SCALAR = new CellFold() {
        @Override
        public boolean fold(double[] x, int from, int count, double scale, int n, double[] out, int outFrom) {
            for (int i = 0; i < count; i++) {
                double v = x[from + i];
                if (!Double.isFinite(v)) {
                    return false; // before the fold: its exact path rejects NaN and infinities
                }
                out[outFrom + i] = cell(v, scale, n);
            }
            return true;
        }

        @Override
        public String name() {
            return "scalar";
        }
    };

    /**
     * The cell coordinate of one finite coordinate.
     *
     * @param x the coordinate in radians; must be finite
     * @param scale {@code n / Periodic.TWO_PI}
     * @param n fine grid size along this dimension
     * @return x mod 2 pi in fine-grid cells, in [0, n)
     */
    static double cell(double x, double scale, int n) {
        double v = Periodic.toZeroTwoPi(x) * scale;
        return v >= n ? v - n : v; // rounding at the top of [0, 2 pi)
    }
}
