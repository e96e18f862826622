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

    /** First cell touched by a point at fine coordinate t; {@code half} is w/2. */
    public static int firstCell(double t, double half) {
        return (int) Math.ceil(t - half);
    }

    /** Horner variable x in [-1, 1] of a point at t whose first cell is l0. */
    public static double hornerVariableDouble(double t, double half, int l0) {
        return 2.0 * (l0 - (t - half)) - 1.0;
    }

    /**
     * The same, rounded to float for float transforms: an absolute error below 6e-8 in x, far
     * below the float tolerances (the cells themselves were found in double).
     */
    public static float hornerVariableFloat(double t, double half, int l0) {
        return (float) hornerVariableDouble(t, half, l0);
    }

    /** g[i] = (l0 + i) mod n for i = 0..w-1, for l0 >= -n. */
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
