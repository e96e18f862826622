package org.nufft4j.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nufft4j.NufftOptions;
import org.nufft4j.NufftPlan;
import org.nufft4j.NufftType;

/**
 * First-call latency (issue 18, item 8): what a fresh JVM pays for its first transform.
 *
 * <p>Times, in this JVM, {@link NufftPlan#create}, {@code setPoints}, the first execute, the
 * second, and the best of the next 10, for a 2D type 1 with 256 x 256 modes, 10^5 points and
 * tolerance 1e-6 (the case of the issue). Run it once per fresh JVM: the point is that nothing
 * of nufft4j is loaded or compiled before {@code create}. The last line ({@code firstcall ...})
 * is one machine-readable record of the run ({@code uptime}: JVM uptime in ms at the end,
 * {@code at}: when create began).
 *
 * <p>Arguments (optional): {@code threads=N} (default: the plan default, one per processor);
 * {@code best=N}, the executes after the second (default 10; a longer AOT training run, e.g.
 * {@code best=200}, records more of the hot methods' profiles).
 * The kernels and FFT follow the usual properties ({@code -Dnufft4j.kernels},
 * {@code -Dnufft4j.fft}); the SIMD ones need {@code --add-modules=jdk.incubator.vector}.
 *
 * <pre>{@code
 * java --add-modules=jdk.incubator.vector -cp bench/target/nufft4j-bench.jar org.nufft4j.bench.FirstCall
 * }</pre>
 */
public final class FirstCall {

    static final int MODES = 256;
    static final int POINTS = 100_000;
    static final double TOL = 1e-6;

    private FirstCall() {
    }

    public static void main(String[] args) {
        int threads = 0;
        int bestOf = 10;
        for (String a : args) {
            if (a.startsWith("threads=")) {
                threads = Integer.parseInt(a.substring("threads=".length()));
            } else if (a.startsWith("best=")) {
                bestOf = Integer.parseInt(a.substring("best=".length()));
            } else {
                System.err.println("FirstCall: unknown argument '" + a + "' (threads=N, best=N)");
                System.exit(2);
            }
        }
        // inputs first, with nothing of nufft4j touched yet
        var rnd = new SplittableRandom(18);
        double[] x = new double[POINTS];
        double[] y = new double[POINTS];
        double[] c = new double[2 * POINTS];
        for (int j = 0; j < POINTS; j++) {
            x[j] = Math.PI * (2 * rnd.nextDouble() - 1);
            y[j] = Math.PI * (2 * rnd.nextDouble() - 1);
        }
        for (int j = 0; j < c.length; j++) {
            c[j] = 2 * rnd.nextDouble() - 1;
        }
        double[] f = new double[2 * MODES * MODES];

        long t0 = System.nanoTime();
        var opts = threads > 0 ? NufftOptions.defaults().withThreads(threads) : NufftOptions.defaults();
        try (var plan = NufftPlan.create(NufftType.TYPE_1, new int[] {MODES, MODES}, -1, TOL, opts)) {
            long t1 = System.nanoTime();
            plan.setPoints(x, y);
            long t2 = System.nanoTime();
            plan.execute(c, f);
            long t3 = System.nanoTime();
            plan.execute(c, f);
            long t4 = System.nanoTime();
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < bestOf; rep++) {
                long s = System.nanoTime();
                plan.execute(c, f);
                best = Math.min(best, (System.nanoTime() - s) * 1e-6);
            }
            double create = (t1 - t0) * 1e-6;
            double setPoints = (t2 - t1) * 1e-6;
            double first = (t3 - t2) * 1e-6;
            double second = (t4 - t3) * 1e-6;
            long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
            // JVM uptime when create began, to line the phases up with -XX:+PrintCompilation's
            // timestamps (read after the call, so the management classes' loading is not in it)
            double createAt = uptime - (System.nanoTime() - t0) * 1e-6;
            System.out.printf(Locale.ROOT, "nufft4j first call: 2D type 1, %dx%d modes, %d points, tol %.0e, threads %d%n",
                    MODES, MODES, POINTS, TOL, plan.options().threads());
            System.out.printf("implementation %s, fft %s; java %s (%s); %s%n", plan.implementation(),
                    plan.fftImplementation(), Runtime.version(), System.getProperty("java.vm.name"), cpu());
            System.out.printf(Locale.ROOT, "create %.1f ms, setPoints %.1f ms, first execute %.1f ms, second %.1f ms,"
                    + " best of next %d %.1f ms (first / best %.1fx); create began at %.0f ms of JVM uptime%n", create,
                    setPoints, first, second, bestOf, best, first / best, createAt);
            System.out.printf(Locale.ROOT, "firstcall create=%.2f setpts=%.2f first=%.2f second=%.2f best=%.2f"
                    + " uptime=%d at=%.0f impl=%s fft=%s%n", create, setPoints, first, second, best, uptime, createAt,
                    plan.implementation(), plan.fftImplementation());
        }
    }

    /** The processor's model name (Linux), else the architecture and processor count. */
    static String cpu() {
        String fallback = System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors()
                + " processors";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim() + ", "
                            + Runtime.getRuntime().availableProcessors() + " processors";
                }
            }
        } catch (IOException | SecurityException e) {
            return fallback;
        }
        return fallback;
    }
}
