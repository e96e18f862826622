package org.nufft4j;

import java.util.Arrays;
import java.util.Locale;
import org.nufft4j.grid.FineGridSize;
import org.nufft4j.grid.Periodic;
import org.nufft4j.kernel.KernelFourierFit;
import org.nufft4j.parallel.Workers;

/**
 * What one type 3 {@code setPoints} fixes (docs/design.md, "Type 3"): per dimension the boxes
 * of the sources (half-width X_d, centre C_d) and of the targets (S_d, D_d), the outer grid
 * n_d and the inner fine grid, the rescaled points, and the phase and deconvolution factors.
 *
 * <p>With {@code x = C + gamma x'} and {@code s = D + s~}, {@code s.x = D.x + s~.C + (gamma
 * s~).x'}; so {@code f_k = post_k T(s'_k)} where T is a type 2 of the outer grid spread from
 * {@code c'_j = pre_j c_j} at x', {@code pre_j = exp(isign i D.x_j)}, {@code post_k =
 * exp(isign i s~_k.C) / prod_d Phi(s'_kd)} and {@code s'_d = (pi / (sigma S_d)) s~_d}.
 *
 * <p>Both phases are formed from exact products (fma) in double-double and reduced modulo
 * 2 pi before the cos and sin, so offset data (large C or D) cost no accuracy: the rounding
 * left is that of s~ and x' themselves, about 1e-16 times the space-bandwidth product (the
 * floor of every type 3).
 */
final class Type3Geometry {

    /** Relative offset below which a box is widened to be centred at 0 (FINUFFT's 10% rule). */
    static final double CENTRE_FRACTION = 0.1;
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8L;
    /** Points per task in the parallel loops over sources and targets. */
    private static final int BLOCK = 4096;

    final int dim;
    final int sourceCount;
    final int targetCount;
    final double[] halfX;
    final double[] centreX;
    final double[] halfS;
    final double[] centreS;
    final int[] outer;
    final int[] inner;
    /** x' = (x - C) / gamma_d, the sources in radians of the outer grid. */
    final double[] gamma;
    /** s' = targetScale_d (s - D), the targets in radians of the inner transform: pi / (sigma S_d). */
    final double[] targetScale;
    final double[][] sources;
    final double[][] targets;
    /** exp(isign i D.x_j), interleaved; null when D = 0. */
    final double[] pre;
    /** exp(isign i (s_k - D).C) / prod_d Phi(s'_kd), interleaved. */
    final double[] post;
    /** Phi'/Phi at s'_kd, component d of target k at [d N + k]; null until a gradient form needs it. */
    double[] rho;

    private Type3Geometry(int dim, int m, int nTargets, double[] halfX, double[] centreX, double[] halfS,
                          double[] centreS, int[] outer, int[] inner, double[] gamma, double[] targetScale,
                          double[][] sources, double[][] targets, double[] pre, double[] post) {
        this.dim = dim;
        this.sourceCount = m;
        this.targetCount = nTargets;
        this.halfX = halfX;
        this.centreX = centreX;
        this.halfS = halfS;
        this.centreS = centreS;
        this.outer = outer;
        this.inner = inner;
        this.gamma = gamma;
        this.targetScale = targetScale;
        this.sources = sources;
        this.targets = targets;
        this.pre = pre;
        this.post = post;
    }

    /** Whether every output is an empty sum (M = 0) or there are no outputs (N = 0). */
    boolean empty() {
        return sourceCount == 0 || targetCount == 0;
    }

    /** Cells of the outer grid. */
    long outerCells() {
        long c = 1;
        for (int v : outer) {
            c *= v;
        }
        return c;
    }

    /** Cells of the inner fine grid. */
    long innerCells() {
        long c = 1;
        for (int v : inner) {
            c *= v;
        }
        return c;
    }

    /**
     * The geometry of sources and targets (checked: same dimension, equal lengths, finite) for
     * the given kernels and upsampling factors.
     *
     * @param bytesPerCell 16 (double) or 8 (float): the heap check counts both grids
     * @throws IllegalArgumentException when the space-bandwidth product needs grids larger than
     *     an int index or half the heap allows, naming X_d, S_d, the grid sizes and the limit
     */
    static Type3Geometry of(double[][] src, double[][] tgt, Boxes boxes, int isign, int outerWidth,
                            double sigmaOuter, int innerWidth, double sigmaInner, KernelFourierFit fit,
                            int bytesPerCell, Workers workers) {
        int dim = src.length;
        int m = src[0].length;
        int nTargets = tgt[0].length;
        double[] halfX = boxes.halfX();
        double[] centreX = boxes.centreX();
        double[] halfS = boxes.halfS();
        double[] centreS = boxes.centreS();
        int[] outer = new int[dim];
        int[] inner = new int[dim];
        long outerCells = 1;
        long innerCells = 1;
        String tooLarge = null;
        for (int d = 0; d < dim && tooLarge == null; d++) {
            long nd = outerSize(halfX[d], halfS[d], sigmaOuter, outerWidth);
            long n2 = nd > 0 ? FineGridSize.forModes(nd, sigmaInner, innerWidth) : -1;
            if (nd < 0 || n2 < 0) {
                tooLarge = "the grids along dimension " + d + " would exceed the int range";
                break;
            }
            outer[d] = (int) nd;
            inner[d] = (int) n2;
            outerCells *= nd;
            innerCells *= n2;
            if (2 * innerCells > MAX_ARRAY || 2 * outerCells > MAX_ARRAY) {
                tooLarge = "the grids would have more cells than an int-indexed array of complex values holds";
            }
        }
        long maxHeap = Runtime.getRuntime().maxMemory();
        long workCells = Math.max(m, nTargets);
        if (tooLarge == null && chunkThatFits(outerCells, innerCells, workCells, 0, 1, bytesPerCell, maxHeap) == 0) {
            tooLarge = "the grids and the work array of one transform would need "
                    + ((outerCells + innerCells + workCells) * bytesPerCell >> 20)
                    + " MiB, more than half the JVM's maximum heap (" + (maxHeap >> 20) + " MiB)";
        }
        if (tooLarge != null) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "sources and targets: half-widths X = %s, S = %s (space-bandwidth products X_d S_d = %s) need"
                            + " an outer grid of about 2 sigma X_d S_d / pi + w cells per dimension (%s; inner %s)"
                            + ": %s. The cost of type 3 follows X S, not M or N: for small M N use"
                            + " DirectSum.type3, or split the targets into narrower boxes",
                    Arrays.toString(halfX), Arrays.toString(halfS), products(halfX, halfS),
                    Arrays.toString(outer), Arrays.toString(inner), tooLarge));
        }
        double[] gamma = new double[dim];
        double[] targetScale = new double[dim];
        for (int d = 0; d < dim; d++) {
            gamma[d] = outer[d] / (2 * sigmaOuter * halfS[d]);
            targetScale[d] = Math.PI / (sigmaOuter * halfS[d]);
        }
        double[][] sources = new double[dim][m];
        double[][] targets = new double[dim][nTargets];
        boolean shifted = false;
        boolean rotated = false;
        for (int d = 0; d < dim; d++) {
            shifted |= centreS[d] != 0;
            rotated |= centreX[d] != 0;
        }
        double[] pre = shifted ? new double[2 * m] : null;
        double[] post = new double[2 * nTargets];
        boolean phased = rotated;
        workers.forEach((m + BLOCK - 1) / BLOCK, b -> {
            for (int j = b * BLOCK, end = Math.min(m, j + BLOCK); j < end; j++) {
                double hi = 0;
                double lo = 0;
                for (int d = 0; d < dim; d++) {
                    sources[d][j] = (src[d][j] - centreX[d]) / gamma[d];
                    if (pre != null) { // hi + lo += D_d x_jd, the product exact (fma), added by a two-sum
                        double p = centreS[d] * src[d][j];
                        double e = Math.fma(centreS[d], src[d][j], -p);
                        double s = hi + p;
                        double v = s - hi;
                        lo += (hi - (s - v)) + (p - v) + e;
                        hi = s;
                    }
                }
                if (pre != null) {
                    double a = Periodic.toMinusPiPi(hi) + lo;
                    pre[2 * j] = Math.cos(a);
                    pre[2 * j + 1] = isign * Math.sin(a);
                }
            }
        });
        workers.forEach((nTargets + BLOCK - 1) / BLOCK, b -> {
            for (int k = b * BLOCK, end = Math.min(nTargets, k + BLOCK); k < end; k++) {
                double hi = 0;
                double lo = 0;
                double logPhi = 0;
                for (int d = 0; d < dim; d++) {
                    // s~ = s - D exactly as sh + sl (two-sum), so the phase s~.C loses nothing
                    double sh = tgt[d][k] - centreS[d];
                    double v0 = sh - tgt[d][k];
                    double sl = (tgt[d][k] - (sh - v0)) + (-centreS[d] - v0);
                    double sp = sh * targetScale[d];
                    targets[d][k] = sp;
                    logPhi += fit.logPhi(sp);
                    if (phased) {
                        double p = sh * centreX[d];
                        double e = Math.fma(sh, centreX[d], -p) + sl * centreX[d];
                        double s = hi + p;
                        double v = s - hi;
                        lo += (hi - (s - v)) + (p - v) + e;
                        hi = s;
                    }
                }
                double scale = Math.exp(-logPhi);
                if (phased) {
                    double a = Periodic.toMinusPiPi(hi) + lo;
                    post[2 * k] = scale * Math.cos(a);
                    post[2 * k + 1] = scale * isign * Math.sin(a);
                } else {
                    post[2 * k] = scale;
                    post[2 * k + 1] = 0;
                }
            }
        });
        return new Type3Geometry(dim, m, nTargets, halfX, centreX, halfS, centreS, outer, inner, gamma, targetScale,
                sources, targets, pre, post);
    }

    /**
     * How many transforms of a batch one pass can hold, at most {@code chunk}: k of them need the
     * outer and inner grids and the work array, {@code k (outerCells + innerCells + workCells)},
     * plus for the gradient forms ({@code vectorComponents} = dim) the dipole or gradient work
     * array, {@code k workCells dim} complex values of {@code cellBytes}; together within half
     * the heap, and each array within an int index. 0 when not even one transform fits.
     */
    static int chunkThatFits(long outerCells, long innerCells, long workCells, int vectorComponents, int chunk,
                             int cellBytes, long maxHeap) {
        long perTransform = (outerCells + innerCells + workCells * (1 + vectorComponents)) * cellBytes;
        long largest = Math.max(Math.max(outerCells, innerCells), workCells * Math.max(1, vectorComponents));
        long byHeap = (maxHeap / 2) / perTransform;
        long byIndex = MAX_ARRAY / (2 * largest);
        return (int) Math.min(chunk, Math.min(byHeap, byIndex));
    }

    /** Per dimension the half-widths (after the clamp X S >= 1) and centres of both point sets. */
    record Boxes(double[] halfX, double[] centreX, double[] halfS, double[] centreS) {
    }

    /**
     * The boxes of sources and targets (FINUFFT's arraywidcen with the 10% rule), with the clamp
     * X S >= 1 per dimension (FINUFFT's nhg_type3): a single point or a single frequency still
     * gets a grid whose kernel fits, and the scalings stay finite.
     */
    static Boxes boxes(double[][] src, double[][] tgt) {
        int dim = src.length;
        double[] halfX = new double[dim];
        double[] centreX = new double[dim];
        double[] halfS = new double[dim];
        double[] centreS = new double[dim];
        for (int d = 0; d < dim; d++) {
            box(src[d], halfX, centreX, d);
            box(tgt[d], halfS, centreS, d);
            if (halfX[d] == 0 && halfS[d] == 0) {
                halfX[d] = 1;
                halfS[d] = 1;
            } else if (halfX[d] == 0) {
                halfX[d] = 1 / halfS[d];
            } else {
                halfS[d] = Math.max(halfS[d], 1 / halfX[d]);
            }
        }
        return new Boxes(halfX, centreX, halfS, centreS);
    }

    /**
     * Outer grid cells along one dimension, {@code next235even(max(floor(2 sigma X S / pi + w +
     * 1), 2w))}, or -1 past the int range.
     */
    private static long outerSize(double halfX, double halfS, double sigma, int width) {
        double want = 2 * sigma * halfS * halfX / Math.PI + width + 1;
        return want < MAX_ARRAY ? FineGridSize.next235Even(Math.max((long) want, 2L * width)) : -1;
    }

    /**
     * The outer and inner grid sizes {@link #of} would choose, {@code {outer, inner}}, or null
     * when they do not fit an int-indexed array (the cost model's feasibility test).
     */
    static int[][] grids(double[] halfX, double[] halfS, double sigmaOuter, int outerWidth, double sigmaInner,
                         int innerWidth) {
        int dim = halfX.length;
        int[][] g = new int[2][dim];
        long outerCells = 1;
        long innerCells = 1;
        for (int d = 0; d < dim; d++) {
            long nd = outerSize(halfX[d], halfS[d], sigmaOuter, outerWidth);
            long n2 = nd > 0 ? FineGridSize.forModes(nd, sigmaInner, innerWidth) : -1;
            if (nd < 0 || n2 < 0) {
                return null;
            }
            g[0][d] = (int) nd;
            g[1][d] = (int) n2;
            outerCells *= nd;
            innerCells *= n2;
            if (2 * innerCells > MAX_ARRAY || 2 * outerCells > MAX_ARRAY) {
                return null;
            }
        }
        return g;
    }

    /**
     * Half-width and centre of the values' range, into {@code half[d]} and {@code centre[d]};
     * a centre within {@value #CENTRE_FRACTION} of the half-width is moved to 0 and the box
     * widened by it (the phases then cost nothing; FINUFFT's rule). No values: (0, 0).
     */
    private static void box(double[] values, double[] half, double[] centre, int d) {
        if (values.length == 0) {
            half[d] = 0;
            centre[d] = 0;
            return;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double h = hi / 2 - lo / 2; // halves first: no overflow for values near +-Double.MAX_VALUE
        double c = hi / 2 + lo / 2;
        if (Math.abs(c) < CENTRE_FRACTION * h) {
            h += Math.abs(c);
            c = 0;
        }
        half[d] = h;
        centre[d] = c;
    }

    /**
     * Phi'/Phi at every rescaled target (for the target gradients), computed at the first
     * gradient form after setPoints (plain transforms never pay for it), in parallel blocks.
     */
    double[] rho(KernelFourierFit fit, Workers workers) {
        if (rho == null) {
            double[] r = new double[dim * targetCount];
            int blocks = (targetCount + BLOCK - 1) / BLOCK;
            workers.forEach(blocks * dim, t -> {
                int d = t / blocks;
                int start = (t % blocks) * BLOCK;
                int end = Math.min(targetCount, start + BLOCK);
                for (int k = start; k < end; k++) {
                    r[d * targetCount + k] = fit.rho(targets[d][k]);
                }
            });
            rho = r;
        }
        return rho;
    }

    private static String products(double[] x, double[] s) {
        var b = new StringBuilder("[");
        for (int d = 0; d < x.length; d++) {
            b.append(d == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3g", x[d] * s[d]));
        }
        return b.append(']').toString();
    }
}
