package org.nufft4j.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nufft4j.grid.BinSort;
import org.nufft4j.grid.FineGridSize;
import org.nufft4j.grid.SortedPoints;
import org.nufft4j.grid.TileLayout;
import org.nufft4j.kernel.EsKernel;
import org.nufft4j.kernel.KernelPolynomial;
import org.nufft4j.parallel.Workers;
import org.nufft4j.spread.FloatScalarSpreadKernels;
import org.nufft4j.spread.FloatSpreadKernels;
import org.nufft4j.spread.FloatTiledSpreader;
import org.nufft4j.spread.ScalarSpreadKernels;
import org.nufft4j.spread.SpreadKernels;
import org.nufft4j.spread.Spreaders;
import org.nufft4j.spread.TiledSpreader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Spreading (type 1) and interpolation (type 2) alone, SIMD against the scalar twin, on one
 * fine grid with uniformly random points. Score: nanoseconds per non-uniform point.
 *
 * <p>The kernel width is set directly (w = 4, 7, 10, 13 as in FINUFFT's benchmarks), with the
 * fine grid of N modes per dimension at upsampling 2: N = 1e6, 1000^2, 100^3 (issue 3's
 * cases) with M = 1e7 points by default. Divide the score (ns per operation) by M for ns per
 * point; {@code SpreadInterpReport} does that. {@code precision=float} runs the float twins
 * (float strengths and grid, double coordinates).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx12g"})
public class SpreadInterpBench {

    @Param({"1", "2", "3"})
    public int dim;

    @Param({"7"})
    public int width;

    @Param({"simd", "scalar"})
    public String kernels;

    @Param({"1"})
    public int threads;

    @Param({"10000000"})
    public int points;

    /** Strength vectors spread in one pass (kernel values and sort shared); score is per pass. */
    @Param({"1"})
    public int batch;

    @Param({"double"})
    public String precision;

    /**
     * {@code plain}, or {@code gradient}: spreading with dipoles (d complex dipole components
     * per point) and interpolation with gradients (d more outputs per point). Double only.
     */
    @Param({"plain"})
    public String form;

    private Workers workers;
    private SortedPoints sorted;
    private int gridStride;
    private boolean single;
    // one of the two sets below is used, by precision
    private TiledSpreader spreader;
    private double[] strengths;
    private double[] grid;
    private double[] values;
    private boolean gradient;
    private double[] dipoles;
    private double[] gradients;
    private FloatTiledSpreader floatSpreader;
    private float[] floatStrengths;
    private float[] floatGrid;
    private float[] floatValues;

    @Setup(Level.Trial)
    public void setUp() {
        int[] modesPerDim = {1_000_000, 1000, 100};
        int modes = modesPerDim[dim - 1];
        var kernel = new EsKernel(width, 2.30 * width, 2.0);
        var poly = KernelPolynomial.fit(kernel, Math.pow(10, -(width - 1)));
        int[] n = new int[dim];
        int cells = 1;
        for (int d = 0; d < dim; d++) {
            n[d] = (int) FineGridSize.forModes(modes, 2.0, width);
            cells *= n[d];
        }
        workers = new Workers(threads);
        var layout = new TileLayout(n, width);
        single = switch (precision) {
            case "double" -> false;
            case "float" -> true;
            default -> throw new IllegalArgumentException("precision must be double or float, got " + precision);
        };
        boolean simd = kernels.equals("simd");
        gradient = switch (form) {
            case "plain" -> false;
            case "gradient" -> true;
            default -> throw new IllegalArgumentException("form must be plain or gradient, got " + form);
        };
        if (gradient && single) {
            throw new IllegalArgumentException("form=gradient is measured in double precision only");
        }
        if (single) {
            FloatSpreadKernels k = simd ? Spreaders.simdFloat().orElseThrow() : FloatScalarSpreadKernels.INSTANCE;
            floatSpreader = new FloatTiledSpreader(layout, poly, k, workers);
        } else {
            SpreadKernels k = simd ? Spreaders.simd().orElseThrow() : ScalarSpreadKernels.INSTANCE;
            spreader = new TiledSpreader(layout, poly, k, workers);
        }
        var rnd = new SplittableRandom(42);
        double[][] x = new double[dim][points];
        for (double[] row : x) {
            for (int j = 0; j < points; j++) {
                row[j] = Math.PI * (2 * rnd.nextDouble() - 1);
            }
        }
        sorted = BinSort.sort(x, layout, workers);
        strengths = new double[2 * points * batch];
        for (int i = 0; i < strengths.length; i++) {
            strengths[i] = rnd.nextDouble() - 0.5;
        }
        gridStride = 2 * cells;
        grid = new double[gridStride * batch];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = rnd.nextDouble() - 0.5;
        }
        values = new double[2 * points * batch];
        if (gradient) {
            dipoles = new double[2 * points * dim * batch];
            for (int i = 0; i < dipoles.length; i++) {
                dipoles[i] = rnd.nextDouble() - 0.5;
            }
            gradients = new double[dipoles.length];
        }
        if (single) {
            floatStrengths = narrow(strengths);
            floatGrid = narrow(grid);
            floatValues = new float[values.length];
            strengths = null;
            grid = null;
            values = null;
        }
    }

    private static float[] narrow(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        workers.close();
    }

    @Benchmark
    public Object spread() {
        if (single) {
            floatSpreader.spread(sorted, floatStrengths, 0, 2 * points, batch, floatGrid, gridStride);
            return floatGrid;
        }
        if (gradient) {
            spreader.spreadDipoles(sorted, strengths, 0, 2 * points, dipoles, 0, 2 * points * dim, batch, grid,
                    gridStride);
        } else {
            spreader.spread(sorted, strengths, 0, 2 * points, batch, grid, gridStride);
        }
        return grid;
    }

    @Benchmark
    public Object interpolate() {
        if (single) {
            floatSpreader.interpolate(sorted, floatGrid, gridStride, batch, floatValues, 0, 2 * points);
            return floatValues;
        }
        if (gradient) {
            spreader.interpolateGradient(sorted, grid, gridStride, batch, values, 0, 2 * points, gradients, 0,
                    2 * points * dim);
        } else {
            spreader.interpolate(sorted, grid, gridStride, batch, values, 0, 2 * points);
        }
        return values;
    }
}
