package org.nufft4j;

import org.nufft4j.deconv.Deconvolution;
import org.nufft4j.fft.GridFft;
import org.nufft4j.grid.SortedPoints;
import org.nufft4j.grid.TileLayout;
import org.nufft4j.kernel.KernelPolynomial;
import org.nufft4j.parallel.Workers;
import org.nufft4j.spread.SpreadKernels;
import org.nufft4j.spread.TiledSpreader;

/**
 * The steps of a plan in one precision: spread, FFT, deconvolve (type 1) or deconvolve, FFT,
 * interpolate (type 2), over chunks of a batch, with the fine grids they share. The grids are
 * allocated at the first execute and reused by the next ones (each step overwrites them).
 *
 * <p>Template of {@code FloatTransformSteps} (core/src/build/FloatTwins.java). Arguments are
 * checked by {@link NufftPlan} before anything here runs.
 */
final class TransformSteps {

    private final NufftType type;
    private final TiledSpreader spreader;
    private final GridFft fft;
    private final Deconvolution deconvolution;
    private final int gridCells;
    private final int modeCount;
    private final int chunk;
    private final int dimension;
    private double[] grid;

    TransformSteps(NufftType type, int[] modes, int[] n, int isign, ModeOrder order, TileLayout layout,
                   KernelPolynomial polynomial, SpreadKernels kernels, GridFft fft, Workers workers,
                   double[][] correction, // (stays double)
                   int chunk) {
        this.type = type;
        this.spreader = new TiledSpreader(layout, polynomial, kernels, workers);
        this.fft = fft;
        this.deconvolution = new Deconvolution(modes, n, correction, order, workers);
        int cells = 1;
        int count = 1;
        for (int d = 0; d < n.length; d++) {
            cells *= n[d];
            count *= modes[d];
        }
        this.gridCells = cells;
        this.modeCount = count;
        this.chunk = chunk;
        this.dimension = n.length;
    }

    String implementation() {
        return spreader.kernels().name();
    }

    String fftImplementation() {
        return fft.name();
    }

    /** Runs {@code batch} transforms, {@code chunk} at a time; returns the step times. */
    ExecutionTimes run(SortedPoints points, double[] input, double[] output, int batch, long sortNanos) {
        return run(points, input, null, output, null, batch, sortNanos);
    }

    /**
     * The same with the gradient forms: type 1 spreads {@code dipoles} with the strengths
     * (when not null), type 2 writes {@code gradient} with the values (when not null). Both are
     * stored component by component, {@code 2 M dim} numbers per transform.
     */
    ExecutionTimes run(SortedPoints points, double[] input, double[] dipoles, double[] output, double[] gradient,
                       int batch, long sortNanos) {
        return run(points, input, 0, dipoles, output, 0, gradient, batch, sortNanos);
    }

    /**
     * The same with the batch's input starting at {@code input[inOffset]} and its output at
     * {@code output[outOffset]} (type 3 runs its inner transform between its own arrays).
     */
    ExecutionTimes run(SortedPoints points, double[] input, int inOffset, double[] dipoles, double[] output,
                       int outOffset, double[] gradient, int batch, long sortNanos) {
        if (points.count() == 0) { // no points: every output is an empty sum
            java.util.Arrays.fill(output, outOffset, outOffset + batch * 2 * (type == NufftType.TYPE_1 ? modeCount
                    : points.count()), 0);
            if (gradient != null) {
                java.util.Arrays.fill(gradient, 0);
            }
            return new ExecutionTimes(sortNanos, 0, 0, 0);
        }
        if (grid == null) {
            grid = new double[2 * gridCells * chunk];
        }
        int gridStride = 2 * gridCells;
        int pointStride = 2 * points.count();
        int modeStride = 2 * modeCount;
        int vectorStride = pointStride * dimension;
        long spreadNs = 0;
        long fftNs = 0;
        long deconvNs = 0;
        for (int b0 = 0; b0 < batch; b0 += chunk) {
            int k = Math.min(chunk, batch - b0);
            long t0 = System.nanoTime();
            if (type == NufftType.TYPE_1) {
                spreader.spreadDipoles(points, input, inOffset + b0 * pointStride, pointStride, dipoles, b0 * vectorStride,
                        vectorStride, k, grid, gridStride);
                long t1 = System.nanoTime();
                fft.transform(grid, gridStride, k);
                long t2 = System.nanoTime();
                deconvolution.gridToModes(grid, gridStride, k, output, outOffset + b0 * modeStride, modeStride);
                long t3 = System.nanoTime();
                spreadNs += t1 - t0;
                fftNs += t2 - t1;
                deconvNs += t3 - t2;
            } else {
                deconvolution.modesToGrid(input, inOffset + b0 * modeStride, modeStride, k, grid, gridStride);
                long t1 = System.nanoTime();
                fft.transform(grid, gridStride, k);
                long t2 = System.nanoTime();
                if (gradient == null) {
                    spreader.interpolate(points, grid, gridStride, k, output, outOffset + b0 * pointStride, pointStride);
                } else {
                    spreader.interpolateGradient(points, grid, gridStride, k, output, outOffset + b0 * pointStride,
                            pointStride,
                            gradient, b0 * vectorStride, vectorStride);
                }
                long t3 = System.nanoTime();
                deconvNs += t1 - t0;
                fftNs += t2 - t1;
                spreadNs += t3 - t2;
            }
        }
        return new ExecutionTimes(sortNanos, spreadNs, fftNs, deconvNs);
    }

    /**
     * The steps of {@link FastKernelSum}'s fused route (docs/design.md, Fast kernel sums), one
     * fine grid from the spread to the interpolation, no deconvolution: spreads one transform of
     * {@code strengths} ({@code 2 M} numbers) into this steps' fine grid and returns it.
     */
    double[] spreadOnly(SortedPoints points, double[] strengths) {
        if (grid == null) {
            grid = new double[2 * gridCells * chunk];
        }
        spreader.spreadDipoles(points, strengths, 0, 2 * points.count(), null, 0, 0, 1, grid, 2 * gridCells);
        return grid;
    }

    /**
     * This steps' FFT of one fine grid of its size, in place (type 1: right inside the mode box
     * only; type 2: the grid must be zero outside it).
     */
    void transformOnly(double[] fineGrid) {
        transformOnly(fineGrid, 1);
    }

    /** {@link #transformOnly(double[])} of {@code count} grids stored one after the other. */
    void transformOnly(double[] fineGrids, int count) {
        fft.transform(fineGrids, 2 * gridCells, count);
    }

    /**
     * Interpolates {@code count} fine grids stored one after the other at the points in one pass
     * (the kernel evaluated once per point) into {@code values}: grid b's values at {@code 2 N b}.
     */
    void interpolateOnly(SortedPoints points, double[] fineGrids, int count, double[] values) {
        spreader.interpolate(points, fineGrids, 2 * gridCells, count, values, 0, 2 * points.count());
    }

    /**
     * Interpolates one fine grid of this steps' size at the points into {@code values} ({@code 2
     * N}) and, when not null, {@code gradient} ({@code 2 N dim}, component by component).
     */
    void interpolateOnly(SortedPoints points, double[] fineGrid, double[] values, double[] gradient) {
        int pointStride = 2 * points.count();
        if (gradient == null) {
            spreader.interpolate(points, fineGrid, 2 * gridCells, 1, values, 0, pointStride);
        } else {
            spreader.interpolateGradient(points, fineGrid, 2 * gridCells, 1, values, 0, pointStride, gradient, 0,
                    pointStride * dimension);
        }
    }

    /** Drops the fine grids (the plan is closed). */
    void release() {
        grid = null;
    }
}
