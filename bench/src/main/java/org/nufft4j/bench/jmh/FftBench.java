package org.nufft4j.bench.jmh;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nufft4j.fft.FftShape;
import org.nufft4j.fft.FineGridFft;
import org.nufft4j.fft.FloatFineGridFft;
import org.nufft4j.fft.FloatGridFft;
import org.nufft4j.fft.GridFft;
import org.nufft4j.parallel.Workers;
import org.nufft4j.simd.FloatVectorGridFft;
import org.nufft4j.simd.VectorGridFft;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fine-grid FFT alone: the SIMD FFT ({@link VectorGridFft}) against JTransforms' line
 * transforms ({@link FineGridFft}) on issue 11's grids, 2e6 (1D), 2000^2 (2D) and 200^3 (3D),
 * the fine grids of N = 1e6, 1000^2, 100^3 modes at upsampling 2. Score: milliseconds per
 * in-place transform of one grid.
 *
 * <p>{@code pruning}: NONE, or what a plan of type 2 (ZERO_OUTSIDE_MODES) or type 1
 * (ONLY_MODES_NEEDED) lets the FFT skip, with the mode box of N = n/2 per dimension.
 * JTransforms ignores it. Each invocation starts from the same random grid (copied in before
 * it, outside the timing), so values never grow.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FftBench {

    @Param({"2000000", "2000x2000", "200x200x200"})
    public String grid;

    @Param({"simd", "jtransforms"})
    public String fft;

    @Param({"1", "2"})
    public int threads;

    @Param({"NONE"})
    public String pruning;

    @Param({"double"})
    public String precision;

    private Workers workers;
    private GridFft doubleFft;
    private FloatGridFft floatFft;
    private double[] original;
    private double[] data;
    private float[] floatOriginal;
    private float[] floatData;

    @Setup(Level.Trial)
    public void setUp() {
        int[] n = Arrays.stream(grid.split("x")).mapToInt(Integer::parseInt).toArray();
        int[] modes = n.clone();
        for (int d = 0; d < n.length; d++) {
            modes[d] = n[d] / 2;
        }
        var p = FftShape.Pruning.valueOf(pruning.toUpperCase(Locale.ROOT));
        var shape = new FftShape(n, -1, p == FftShape.Pruning.NONE ? n : modes, p);
        workers = new Workers(threads);
        boolean simd = fft.equals("simd");
        int length = (int) (2 * shape.cells());
        var rnd = new SplittableRandom(11);
        original = new double[length];
        for (int i = 0; i < length; i++) {
            boolean inBox = true;
            if (p == FftShape.Pruning.ZERO_OUTSIDE_MODES) {
                int c = i / 2;
                for (int d = 0; d < n.length; d++) {
                    inBox &= shape.inModes(d, c % n[d]);
                    c /= n[d];
                }
            }
            original[i] = inBox ? rnd.nextDouble() - 0.5 : 0;
        }
        if (precision.equals("float")) {
            floatFft = simd ? new FloatVectorGridFft(shape, workers) : new FloatFineGridFft(n, -1, workers);
            floatOriginal = new float[length];
            for (int i = 0; i < length; i++) {
                floatOriginal[i] = (float) original[i];
            }
            floatData = floatOriginal.clone();
            original = null;
        } else {
            doubleFft = simd ? new VectorGridFft(shape, workers) : new FineGridFft(n, -1, workers);
            data = original.clone();
        }
    }

    @Setup(Level.Invocation)
    public void reset() {
        if (floatData != null) {
            System.arraycopy(floatOriginal, 0, floatData, 0, floatData.length);
        } else {
            System.arraycopy(original, 0, data, 0, data.length);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        workers.close();
    }

    @Benchmark
    public Object transform() {
        if (floatData != null) {
            floatFft.transform(floatData, floatData.length, 1);
            return floatData;
        }
        doubleFft.transform(data, data.length, 1);
        return data;
    }
}
