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
    private final int isign;
    private final int outerCells;
    private final int chunk;
    /** Bytes of one complex value (16, or 8 in the float twin): the gradient forms' memory check. */
    private final int cellBytes;
    private final long innerCells;
    /** Transforms per pass of the gradient forms, set with their work array; at most chunk. */
    private int vectorChunk;
    /** Outer grids of one chunk; allocated at the first execute. */
    private double[] grid;
    /** Phased strengths (execute) or targets' values (adjoint) of one chunk. */
    private double[] work;
    /** Rescaled dipoles, or the inner transform's gradients, of one chunk (gradient forms only). */
    private double[] vectorWork;

    /**
     * @param inner the type 2 of sign isign from the outer grid's n modes (FFT order) to the
     *     rescaled targets
     * @param adjointFactory the type 1 of sign -isign from the targets back onto the outer
     *     grid, built at the first adjoint (its fine grid is as large as the inner one)
     */
    Type3Steps(TileLayout outerLayout, KernelPolynomial outerPolynomial, SpreadKernels kernels, TransformSteps inner,
               Supplier<TransformSteps> adjointFactory, Workers workers, int isign, int chunk, long innerCells,
               int cellBytes) {
        this.spreader = new TiledSpreader(outerLayout, outerPolynomial, kernels, workers);
        this.inner = inner;
        this.adjointFactory = adjointFactory;
        this.workers = workers;
        this.isign = isign;
        int cells = 1;
        for (int d = 0; d < outerLayout.dimension(); d++) {
            cells *= outerLayout.gridSize(d);
        }
        this.outerCells = cells;
        this.chunk = chunk;
        this.innerCells = innerCells;
        this.cellBytes = cellBytes;
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
     * The dipole or gradient work array, {@code 2 max(M, N) dim} numbers per transform, for as
     * many transforms per pass as fit with the grids (Type3Geometry.chunkThatFits); refused,
     * before anything is allocated, when not even one does.
     */
    private void allocateVectors(Type3Geometry g) {
        long points = Math.max(g.sourceCount, g.targetCount);
        long maxHeap = Runtime.getRuntime().maxMemory();
        int k = Type3Geometry.chunkThatFits(outerCells, innerCells, points, g.dim, chunk, cellBytes, maxHeap);
        if (k == 0) {
            throw new IllegalArgumentException("the gradient forms need a work array of 2 max(M, N) dim = "
                    + 2 * points * g.dim + " numbers besides the grids (" + outerCells + " + " + innerCells
                    + " cells): more than an int-indexed array holds or than half the JVM's maximum heap ("
                    + (maxHeap >> 20) + " MiB); raise -Xmx or split the points");
        }
        vectorChunk = k;
        int need = (int) (2 * points * g.dim * k);
        if (vectorWork == null || vectorWork.length < need) {
            vectorWork = null; // the old one is not needed while the new one is allocated
            vectorWork = new double[need];
        }
    }

    /**
     * {@code batch} type 3 transforms: {@code f_k = sum_j c_j exp(isign i s_k.x_j)}, strengths
     * {@code 2 M} numbers per transform, output {@code 2 N}. The geometry is not empty.
     */
    ExecutionTimes run(Type3Geometry g, SortedPoints sources, SortedPoints targets, double[] input, double[] output,
                       int batch) {
        return run(g, sources, targets, input, null, output, null, null, batch);
    }

    /**
     * The same with the gradient forms (docs/design.md, "Type 3", "Gradient forms"): with
     * {@code dipoles}, {@code f_k = sum_j (c_j + isign i s_k.d_j) exp(isign i s_k.x_j)} by one
     * dipole spread of {@code c'_j = (c_j + isign i D.d_j) pre_j} and {@code d''_jd = d_jd pre_j
     * / gamma_d}; with {@code gradient}, also {@code grad_s f(s_k)} from the inner type 2 with
     * gradients G and {@code rho = Phi'/Phi}: {@code isign i C_d f_k + h_d (post_k G_kd -
     * rho_kd f_k)}, {@code h_d = pi / (sigma S_d)}. Vectors are stored component by component,
     * {@code 2 M dim} (dipoles) or {@code 2 N dim} (gradient) numbers per transform.
     */
    ExecutionTimes run(Type3Geometry g, SortedPoints sources, SortedPoints targets, double[] input, double[] dipoles,
                       double[] output, double[] gradient,
                       double[] rho, // (stays double)
                       int batch) {
        allocate(g);
        int step = chunk;
        if (dipoles != null || gradient != null) {
            allocateVectors(g);
            step = vectorChunk;
        }
        int m = g.sourceCount;
        int n = g.targetCount;
        int gridStride = 2 * outerCells;
        long spreadNs = 0;
        long fftNs = 0;
        long phaseNs = 0;
        for (int b0 = 0; b0 < batch; b0 += step) {
            int k = Math.min(step, batch - b0);
            long t0 = System.nanoTime();
            double[] spreadFrom = input;
            int spreadOffset = 2 * m * b0;
            if (dipoles != null) {
                rescaleDipoles(g, k, input, 2 * m * b0, dipoles, 2 * m * g.dim * b0);
                spreadFrom = work;
                spreadOffset = 0;
            } else if (g.pre != null) {
                phase(g.pre, false, m, k, input, 2 * m * b0, work, 0);
                spreadFrom = work;
                spreadOffset = 0;
            }
            long t1 = System.nanoTime();
            spreader.spreadDipoles(sources, spreadFrom, spreadOffset, 2 * m, dipoles == null ? null : vectorWork, 0,
                    2 * m * g.dim, k, grid, gridStride);
            long t2 = System.nanoTime();
            ExecutionTimes in = inner.run(targets, grid, 0, null, output, 2 * n * b0,
                    gradient == null ? null : vectorWork, k, 0);
            long t3 = System.nanoTime();
            phase(g.post, false, n, k, output, 2 * n * b0, output, 2 * n * b0);
            if (gradient != null) {
                targetGradients(g, rho, k, output, 2 * n * b0, gradient, 2 * n * g.dim * b0);
            }
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
        return runAdjoint(g, sources, targets, input, output, null, batch);
    }

    /**
     * The same with, when {@code gradient} is not null, the gradients in the source, {@code
     * -isign i D_d c_j + conj(pre_j) (du/dx'_d)(x'_j) / gamma_d} with u the outer grid after the
     * inner type 1 ({@code 2 M dim} numbers per transform, component by component). The
     * deconvolution sits at the fixed targets, so it adds no term here.
     */
    ExecutionTimes runAdjoint(Type3Geometry g, SortedPoints sources, SortedPoints targets, double[] input,
                              double[] output, double[] gradient, int batch) {
        allocate(g);
        int step = chunk;
        if (gradient != null) {
            allocateVectors(g);
            step = vectorChunk;
        }
        if (adjoint == null) {
            adjoint = adjointFactory.get();
        }
        int m = g.sourceCount;
        int n = g.targetCount;
        int gridStride = 2 * outerCells;
        long spreadNs = 0;
        long fftNs = 0;
        long phaseNs = 0;
        for (int b0 = 0; b0 < batch; b0 += step) {
            int k = Math.min(step, batch - b0);
            long t0 = System.nanoTime();
            phase(g.post, true, n, k, input, 2 * n * b0, work, 0);
            long t1 = System.nanoTime();
            ExecutionTimes in = adjoint.run(targets, work, 0, null, grid, 0, null, k, 0);
            long t2 = System.nanoTime();
            if (gradient == null) {
                spreader.interpolate(sources, grid, gridStride, k, output, 2 * m * b0, 2 * m);
            } else {
                spreader.interpolateGradient(sources, grid, gridStride, k, output, 2 * m * b0, 2 * m, vectorWork, 0,
                        2 * m * g.dim);
            }
            long t3 = System.nanoTime();
            if (g.pre != null) {
                phase(g.pre, true, m, k, output, 2 * m * b0, output, 2 * m * b0);
            }
            if (gradient != null) {
                sourceGradients(g, k, output, 2 * m * b0, gradient, 2 * m * g.dim * b0);
            }
            long t4 = System.nanoTime();
            spreadNs += t3 - t2 + in.spreadOrInterpolate();
            fftNs += in.fft();
            phaseNs += (t1 - t0) + (t4 - t3) + in.deconvolve();
        }
        return new ExecutionTimes(0, spreadNs, fftNs, phaseNs);
    }

    /**
     * Into {@code work} the strengths {@code c'_j = (c_j + isign i D.d_j) pre_j} and into
     * {@code vectorWork} the dipoles {@code d''_jd = d_jd pre_j / gamma_d} of {@code batch}
     * transforms: since {@code s.d = D.d + (s - D).d}, the dipoles' part along the targets'
     * centre is a strength, and the rest is a dipole in the rescaled x'.
     */
    @SuppressWarnings("cast") // (double) is the rounding cast (float) in the float twin
    private void rescaleDipoles(Type3Geometry g, int batch, double[] in, int inOffset, double[] dip, int dipOffset) {
        int m = g.sourceCount;
        int dim = g.dim;
        double[] pre = g.pre; // (stays double)
        double[] centre = g.centreS; // (stays double)
        double[] gamma = g.gamma; // (stays double)
        double sign = isign; // (stays double)
        int blocks = (m + BLOCK - 1) / BLOCK;
        workers.forEach(blocks * batch, t -> {
            int b = t / blocks;
            int start = (t % blocks) * BLOCK;
            int end = Math.min(m, start + BLOCK);
            int src = inOffset + 2 * m * b;
            int dsrc = dipOffset + 2 * m * dim * b;
            int dst = 2 * m * dim * b;
            for (int j = start; j < end; j++) {
                double pr = pre == null ? 1 : pre[2 * j]; // (stays double)
                double pi = pre == null ? 0 : pre[2 * j + 1]; // (stays double)
                double ur = 0; // (stays double)
                double ui = 0; // (stays double)
                for (int d = 0; d < dim; d++) {
                    int at = dsrc + 2 * (d * m + j);
                    double dr = dip[at]; // (stays double)
                    double di = dip[at + 1]; // (stays double)
                    ur += centre[d] * dr;
                    ui += centre[d] * di;
                    double q = 1 / gamma[d]; // (stays double)
                    vectorWork[dst + 2 * (d * m + j)] = (double) ((dr * pr - di * pi) * q);
                    vectorWork[dst + 2 * (d * m + j) + 1] = (double) ((dr * pi + di * pr) * q);
                }
                double cr = in[src + 2 * j] - sign * ui; // (stays double)
                double ci = in[src + 2 * j + 1] + sign * ur; // (stays double)
                work[2 * m * b + 2 * j] = (double) (cr * pr - ci * pi);
                work[2 * m * b + 2 * j + 1] = (double) (cr * pi + ci * pr);
            }
        });
    }

    /**
     * The target gradients {@code isign i C_d f_k + h_d (post_k G_kd - rho_kd f_k)} from the
     * values f (post-phase applied) and the inner gradients G in {@code vectorWork}: the chain
     * rule through the post-phase, through the deconvolution 1/Phi(s') (which, unlike types 1
     * and 2, moves with the target) and through the inner evaluation point s'.
     */
    @SuppressWarnings("cast") // (double) is the rounding cast (float) in the float twin
    private void targetGradients(Type3Geometry g,
                                 double[] rho, // (stays double)
                                 int batch, double[] f, int fOffset, double[] grad, int gradOffset) {
        int n = g.targetCount;
        int dim = g.dim;
        double[] post = g.post; // (stays double)
        double[] centre = g.centreX; // (stays double)
        double[] scale = g.targetScale; // (stays double)
        double sign = isign; // (stays double)
        int blocks = (n + BLOCK - 1) / BLOCK;
        workers.forEach(blocks * batch, t -> {
            int b = t / blocks;
            int start = (t % blocks) * BLOCK;
            int end = Math.min(n, start + BLOCK);
            int fsrc = fOffset + 2 * n * b;
            int gsrc = 2 * n * dim * b;
            int dst = gradOffset + 2 * n * dim * b;
            for (int k = start; k < end; k++) {
                double fr = f[fsrc + 2 * k]; // (stays double)
                double fi = f[fsrc + 2 * k + 1]; // (stays double)
                double pr = post[2 * k]; // (stays double)
                double pi = post[2 * k + 1]; // (stays double)
                for (int d = 0; d < dim; d++) {
                    int at = 2 * (d * n + k);
                    double gr = vectorWork[gsrc + at]; // (stays double)
                    double gi = vectorWork[gsrc + at + 1]; // (stays double)
                    double r = rho[d * n + k]; // (stays double)
                    double h = scale[d]; // (stays double)
                    double c = sign * centre[d]; // (stays double)
                    grad[dst + at] = (double) (h * (gr * pr - gi * pi - r * fr) - c * fi);
                    grad[dst + at + 1] = (double) (h * (gr * pi + gi * pr - r * fi) + c * fr);
                }
            }
        });
    }

    /**
     * The source gradients {@code -isign i D_d c_j + conj(pre_j) (du/dx'_d)(x'_j) / gamma_d}
     * from the adjoint values c (pre-phase applied) and the interpolated du/dx' in {@code
     * vectorWork}.
     */
    @SuppressWarnings("cast") // (double) is the rounding cast (float) in the float twin
    private void sourceGradients(Type3Geometry g, int batch, double[] c, int cOffset, double[] grad, int gradOffset) {
        int m = g.sourceCount;
        int dim = g.dim;
        double[] pre = g.pre; // (stays double)
        double[] centre = g.centreS; // (stays double)
        double[] gamma = g.gamma; // (stays double)
        double sign = isign; // (stays double)
        int blocks = (m + BLOCK - 1) / BLOCK;
        workers.forEach(blocks * batch, t -> {
            int b = t / blocks;
            int start = (t % blocks) * BLOCK;
            int end = Math.min(m, start + BLOCK);
            int csrc = cOffset + 2 * m * b;
            int usrc = 2 * m * dim * b;
            int dst = gradOffset + 2 * m * dim * b;
            for (int j = start; j < end; j++) {
                double cr = c[csrc + 2 * j]; // (stays double)
                double ci = c[csrc + 2 * j + 1]; // (stays double)
                double pr = pre == null ? 1 : pre[2 * j]; // (stays double)
                double pi = pre == null ? 0 : -pre[2 * j + 1]; // (stays double)
                for (int d = 0; d < dim; d++) {
                    int at = 2 * (d * m + j);
                    double q = 1 / gamma[d]; // (stays double)
                    double ur = vectorWork[usrc + at] * q; // (stays double)
                    double ui = vectorWork[usrc + at + 1] * q; // (stays double)
                    double e = sign * centre[d]; // (stays double)
                    grad[dst + at] = (double) (ur * pr - ui * pi + e * ci);
                    grad[dst + at + 1] = (double) (ur * pi + ui * pr - e * cr);
                }
            }
        });
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
        vectorWork = null;
        inner.release();
        if (adjoint != null) {
            adjoint.release();
        }
    }
}
