package org.nufft4j.fft;

import org.jtransforms.fft.DoubleFFT_1D;
import org.nufft4j.parallel.Workers;
import org.visnow.jlargearrays.ConcurrencyUtils;

/**
 * Unnormalised complex FFTs of the fine grid, {@code B_k = sum_l b_l exp(isign 2 pi i k.l / n)},
 * in 1, 2 or 3 dimensions, built from JTransforms' 1D transforms.
 *
 * <p>Threads: JTransforms keeps its thread count in one JVM-wide static
 * ({@link ConcurrencyUtils}), which a plan cannot scope to itself. nufft4j therefore sets it to
 * 1 when this class is first used and runs the multidimensional FFT itself as line transforms
 * on the plan's own pool: rows of dimension 1 in place, lines of dimensions 2 and 3 gathered 8
 * at a time into scratch arrays. A plan with {@code threads = 1} then really uses one thread,
 * and our pool and JTransforms' never compete. Cost: a single 1D transform runs on one core
 * (a batch of 1D transforms runs one transform per thread).
 *
 * <p>This is the scalar twin and oracle of the SIMD FFT; it ignores {@link FftShape#pruning()}.
 */
public final class FineGridFft implements GridFft {

    private static final int LINES_PER_TASK = 8;

    static {
        ConcurrencyUtils.setNumberOfThreads(1);
    }

    private final int[] n;
    private final int isign;
    private final DoubleFFT_1D[] lineFft;
    private final Workers workers;
    private final int cells;

    /**
     * Plans the 1D JTransforms transforms of each dimension.
     *
     * @param n fine grid sizes n_d, 1 to 3 dimensions (copied)
     * @param isign sign of the exponent, +1 or -1
     * @param workers pool the line transforms run on
     */
    public FineGridFft(int[] n, int isign, Workers workers) {
        this.n = n.clone();
        this.isign = isign;
        this.workers = workers;
        this.lineFft = new DoubleFFT_1D[n.length];
        int c = 1;
        for (int d = 0; d < n.length; d++) {
            lineFft[d] = new DoubleFFT_1D(n[d]);
            c *= n[d];
        }
        this.cells = c;
    }

    @Override
    public String name() {
        return "jtransforms";
    }

    @Override
    public void transform(double[] grid, int stride, int count) {
        if (n.length == 1) {
            workers.forEach(count, b -> line(lineFft[0], grid, b * stride));
            return;
        }
        // dimension 1: contiguous rows
        int rows = cells / n[0];
        int rowTasks = (rows + LINES_PER_TASK - 1) / LINES_PER_TASK;
        workers.forEach(count * rowTasks, t -> {
            int b = t / rowTasks;
            int r0 = (t % rowTasks) * LINES_PER_TASK;
            int r1 = Math.min(rows, r0 + LINES_PER_TASK);
            for (int r = r0; r < r1; r++) {
                line(lineFft[0], grid, b * stride + 2 * n[0] * r);
            }
        });
        int inner = n[0];
        for (int d = 1; d < n.length; d++) {
            stridedLines(grid, stride, count, d, inner);
            inner *= n[d];
        }
    }

    /** All lines along dimension d (cell stride {@code inner}), gathered 8 adjacent lines at a time. */
    private void stridedLines(double[] grid, int stride, int count, int d, int inner) {
        int len = n[d];
        int outer = cells / (inner * len);
        int blocks = (inner + LINES_PER_TASK - 1) / LINES_PER_TASK;
        DoubleFFT_1D fft = lineFft[d];
        workers.forEach(count * outer * blocks, t -> {
            int b = t / (outer * blocks);
            int rest = t % (outer * blocks);
            int o = rest / blocks;
            int c0 = (rest % blocks) * LINES_PER_TASK;
            int lines = Math.min(LINES_PER_TASK, inner - c0);
            double[] scratch = new double[2 * len * lines];
            int base = b * stride + 2 * (o * inner * len + c0);
            for (int i = 0; i < len; i++) {
                int src = base + 2 * i * inner;
                for (int c = 0; c < lines; c++) {
                    scratch[c * 2 * len + 2 * i] = grid[src + 2 * c];
                    scratch[c * 2 * len + 2 * i + 1] = grid[src + 2 * c + 1];
                }
            }
            for (int c = 0; c < lines; c++) {
                line(fft, scratch, c * 2 * len);
            }
            for (int i = 0; i < len; i++) {
                int dst = base + 2 * i * inner;
                for (int c = 0; c < lines; c++) {
                    grid[dst + 2 * c] = scratch[c * 2 * len + 2 * i];
                    grid[dst + 2 * c + 1] = scratch[c * 2 * len + 2 * i + 1];
                }
            }
        });
    }

    private void line(DoubleFFT_1D fft, double[] a, int offset) {
        if (isign < 0) {
            fft.complexForward(a, offset);
        } else {
            fft.complexInverse(a, offset, false);
        }
    }
}
