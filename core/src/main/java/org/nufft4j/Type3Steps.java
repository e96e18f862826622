package org.nufft4j;

import java.util.function.Supplier;
import org.nufft4j.grid.SortedPoints;
import org.nufft4j.grid.TileLayout;
import org.nufft4j.kernel.KernelPolynomial;
import org.nufft4j.parallel.Workers;
import org.nufft4j.spread.SpreadKernels;
import org.nufft4j.spread.TiledSpreader;

/**
 * The steps of a type 3 plan in one precision, for one pair of grid sizes (docs/design.md,
 * "Type 3"): pre-phase, spread onto the outer grid (no FFT), an inner type 2 from the outer
 * grid to the rescaled targets, post-phase and deconvolution at the targets; and the adjoint,
 * the same steps transposed in reverse order.
 *
 * <p>The outer grid holds cell g at x' = g h (BinSort's fold), so relative to the centred
 * index l it is in FFT order; the inner transform reads it as modes in {@link ModeOrder#FFT}
 * with no reshuffle.
 *
 * <p>Template of {@code FloatType3Steps} (core/src/build/FloatTwins.java): the phase and
 * deconvolution factors of {@link Type3Geometry} stay double in both twins; each product with
 * them is rounded once to the plan's precision.
 */
final class Type3Steps {

    /** Points per task in the phase loops. */
    private static final int BLOCK = 4096;

    private final TiledSpreader spreader;
    private final TransformSteps inner;
    private final Supplier<TransformSteps> adjointFactory;
    private TransformSteps adjoint;
    private final Workers workers;
    private final int outerCells;
    private final int chunk;
    /** Outer grids of one chunk; allocated at the first execute. */
    private double[] grid;
    /** Phased strengths (execute) or targets' values (adjoint) of one chunk. */
    private double[] work;

    /**
     * @param inner the type 2 of sign isign from the outer grid's n modes (FFT order) to the
     *     rescaled targets
     * @param adjointFactory the type 1 of sign -isign from the targets back onto the outer
     *     grid, built at the first adjoint (its fine grid is as large as the inner one)
     */
    Type3Steps(TileLayout outerLayout, KernelPolynomial outerPolynomial, SpreadKernels kernels, TransformSteps inner,
               Supplier<TransformSteps> adjointFactory, Workers workers, int chunk) {
        this.spreader = new TiledSpreader(outerLayout, outerPolynomial, kernels, workers);
        this.inner = inner;
        this.adjointFactory = adjointFactory;
        this.workers = workers;
        int cells = 1;
        for (int d = 0; d < outerLayout.dimension(); d++) {
            cells *= outerLayout.gridSize(d);
        }
        this.outerCells = cells;
        this.chunk = chunk;
    }

    String implementation() {
        return spreader.kernels().name();
    }

    String fftImplementation() {
        return inner.fftImplementation();
    }

    private void allocate(Type3Geometry g) {
        if (grid == null) {
            grid = new double[2 * outerCells * chunk];
        }
        int need = 2 * Math.max(g.sourceCount, g.targetCount) * chunk;
        if (work == null || work.length < need) {
            work = new double[need];
        }
    }

    /**
     * {@code batch} type 3 transforms: {@code f_k = sum_j c_j exp(isign i s_k.x_j)}, strengths
     * {@code 2 M} numbers per transform, output {@code 2 N}. The geometry is not empty.
     */
    ExecutionTimes run(Type3Geometry g, SortedPoints sources, SortedPoints targets, double[] input, double[] output,
                       int batch) {
        allocate(g);
        int m = g.sourceCount;
        int n = g.targetCount;
        int gridStride = 2 * outerCells;
        long spreadNs = 0;
        long fftNs = 0;
        long phaseNs = 0;
        for (int b0 = 0; b0 < batch; b0 += chunk) {
            int k = Math.min(chunk, batch - b0);
            long t0 = System.nanoTime();
            double[] spreadFrom = input;
            int spreadOffset = 2 * m * b0;
            if (g.pre != null) {
                phase(g.pre, false, m, k, input, 2 * m * b0, work, 0);
                spreadFrom = work;
                spreadOffset = 0;
            }
            long t1 = System.nanoTime();
            spreader.spread(sources, spreadFrom, spreadOffset, 2 * m, k, grid, gridStride);
            long t2 = System.nanoTime();
            ExecutionTimes in = inner.run(targets, grid, 0, null, output, 2 * n * b0, null, k, 0);
            long t3 = System.nanoTime();
            phase(g.post, false, n, k, output, 2 * n * b0, output, 2 * n * b0);
            long t4 = System.nanoTime();
            spreadNs += t2 - t1 + in.spreadOrInterpolate();
            fftNs += in.fft();
            phaseNs += (t1 - t0) + (t4 - t3) + in.deconvolve();
        }
        return new ExecutionTimes(0, spreadNs, fftNs, phaseNs);
    }

    /**
     * {@code batch} adjoint transforms, {@code c_j = sum_k f_k exp(-isign i s_k.x_j)}: the
     * transpose of {@link #run}, conj(post), the inner type 1 of sign -isign onto the outer
     * grid, interpolation at the sources, conj(pre).
     */
    ExecutionTimes runAdjoint(Type3Geometry g, SortedPoints sources, SortedPoints targets, double[] input,
                              double[] output, int batch) {
        allocate(g);
        if (adjoint == null) {
            adjoint = adjointFactory.get();
        }
        int m = g.sourceCount;
        int n = g.targetCount;
        int gridStride = 2 * outerCells;
        long spreadNs = 0;
        long fftNs = 0;
        long phaseNs = 0;
        for (int b0 = 0; b0 < batch; b0 += chunk) {
            int k = Math.min(chunk, batch - b0);
            long t0 = System.nanoTime();
            phase(g.post, true, n, k, input, 2 * n * b0, work, 0);
            long t1 = System.nanoTime();
            ExecutionTimes in = adjoint.run(targets, work, 0, null, grid, 0, null, k, 0);
            long t2 = System.nanoTime();
            spreader.interpolate(sources, grid, gridStride, k, output, 2 * m * b0, 2 * m);
            long t3 = System.nanoTime();
            if (g.pre != null) {
                phase(g.pre, true, m, k, output, 2 * m * b0, output, 2 * m * b0);
            }
            long t4 = System.nanoTime();
            spreadNs += t3 - t2 + in.spreadOrInterpolate();
            fftNs += in.fft();
            phaseNs += (t1 - t0) + (t4 - t3) + in.deconvolve();
        }
        return new ExecutionTimes(0, spreadNs, fftNs, phaseNs);
    }

    /**
     * {@code to[toOffset + b 2 count + 2 i] = factor_i from[fromOffset + b 2 count + 2 i]} (complex,
     * conj(factor) when {@code conjugate}) for {@code batch} vectors of {@code count} values;
     * {@code to} may be {@code from} at the same offset.
     */
    @SuppressWarnings("cast") // (double) is the rounding cast (float) in the float twin
    private void phase(double[] factor, // (stays double)
                       boolean conjugate, int count, int batch, double[] from, int fromOffset, double[] to,
                       int toOffset) {
        int blocks = (count + BLOCK - 1) / BLOCK;
        double sign = conjugate ? -1 : 1; // (stays double)
        workers.forEach(blocks * batch, t -> {
            int b = t / blocks;
            int start = (t % blocks) * BLOCK;
            int end = Math.min(count, start + BLOCK);
            int src = fromOffset + 2 * count * b;
            int dst = toOffset + 2 * count * b;
            for (int i = start; i < end; i++) {
                double fr = factor[2 * i]; // (stays double)
                double fi = sign * factor[2 * i + 1]; // (stays double)
                double a = from[src + 2 * i];
                double c = from[src + 2 * i + 1];
                to[dst + 2 * i] = (double) (a * fr - c * fi);
                to[dst + 2 * i + 1] = (double) (a * fi + c * fr);
            }
        });
    }

    /** Drops the grids (the plan is closed or the grid sizes changed). */
    void release() {
        grid = null;
        work = null;
        inner.release();
        if (adjoint != null) {
            adjoint.release();
        }
    }
}
