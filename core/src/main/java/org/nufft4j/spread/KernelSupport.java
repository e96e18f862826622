package org.nufft4j.spread;

/**
 * The cells a point's kernel covers (docs/design.md, NUFFT), shared by every spreading implementation.
 *
 * <p>A point at fine coordinate t touches cells {@code l0 + i}, i = 0..w-1, with
 * {@code l0 = ceil(t - w/2)}; the kernel values come from
 * {@link org.nufft4j.kernel.KernelPolynomial} at {@code x = 2 (l0 - (t - w/2)) - 1}.
 */
public final class KernelSupport {

    private KernelSupport() {
    }

    /**
     * First cell touched by a point at fine coordinate t.
     *
     * @param t the point's coordinate in fine-grid cells
     * @param half w/2, half the kernel width in cells
     * @return l0 = ceil(t - w/2), before any periodic wrap (negative near the low edge)
     */
    public static int firstCell(double t, double half) {
        return (int) Math.ceil(t - half);
    }

    /**
     * Horner variable of a point at t whose first cell is l0.
     *
     * @param t the point's coordinate in fine-grid cells
     * @param half w/2, half the kernel width in cells
     * @param l0 the point's first cell, {@link #firstCell}
     * @return x = 2 (l0 - (t - w/2)) - 1, in [-1, 1]
     */
    public static double hornerVariableDouble(double t, double half, int l0) {
        return 2.0 * (l0 - (t - half)) - 1.0;
    }

    /**
     * The same, rounded to float for float transforms: an absolute error below 6e-8 in x, far
     * below the float tolerances (the cells themselves were found in double).
     *
     * @param t the point's coordinate in fine-grid cells
     * @param half w/2, half the kernel width in cells
     * @param l0 the point's first cell, {@link #firstCell}
     * @return the Horner variable of {@link #hornerVariableDouble}, rounded to float
     */
    public static float hornerVariableFloat(double t, double half, int l0) {
        return (float) hornerVariableDouble(t, half, l0);
    }

    /**
     * The grid cells of a point's support with periodic wrap: {@code g[i] = (l0 + i) mod n} for
     * i = 0..w-1.
     *
     * @param l0 the first cell, {@code -n <= l0 < n}
     * @param n fine grid size along the dimension
     * @param g receives the w wrapped cell indices, each in [0, n)
     * @param w kernel width in cells: number of cells written
     */
    public static void wrapCells(int l0, int n, int[] g, int w) {
        int c = l0 < 0 ? l0 + n : l0;
        for (int i = 0; i < w; i++) {
            g[i] = c;
            if (++c == n) {
                c = 0;
            }
        }
    }
}
