package org.nufft4j.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.nufft4j.DirectSum;
import org.nufft4j.ExecutionTimes;
import org.nufft4j.FftChoice;
import org.nufft4j.NufftOptions;
import org.nufft4j.NufftPlan;
import org.nufft4j.NufftType;
import org.nufft4j.Precision;
import org.nufft4j.SpreadKernelsChoice;
import org.nufft4j.fft.Ffts;
import org.nufft4j.spread.Spreaders;

/**
 * The project's main job: runs a set of transforms, checks a sample of each output against
 * the exact direct sum, and prints one line per case.
 *
 * <p>Options: {@link #USAGE} ({@code help} prints it). {@code modesD} sets the modes per
 * dimension of the D-dimensional cases; float cases run only for tolerances a float plan
 * accepts (at least {@link NufftPlan#MIN_TOLERANCE_FLOAT}); {@code pairs} and {@code fastsum}
 * the sizes N = M of the kernel-reduction and fast-sum cases that follow (0 skips them);
 * {@code format=csv|json} prints the transform cases machine-readably on stdout (the other
 * sections then go to stderr); {@code plot=DIR} writes PNG plots ({@link Plots}).
 *
 * <p>Exit code 0, 1 if any case fails its check, 2 for an unknown or malformed option (one
 * line naming it, then the usage, on stderr; no stack trace).
 */
public final class Runner {

    static final double FACTOR = 2.0;

    private Runner() {
    }

    /**
     * {@code gradient}: type 1 with dipoles or type 2 with gradients (double only); for type 3
     * the adjoint. {@code modes} of type 3: N_d, the targets span (N_d / 2) (1.7 + [-1, 1]).
     */
    record Case(int dim, NufftType type, int[] modes, int points, double tol, Precision precision, boolean gradient) {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The whole job; returns the exit code: 0, 1 if a case failed its check, 2 for a usage error. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> opt;
        List<Case> cases;
        RunnerOptions o;
        try {
            opt = parse(args);
            if (opt == null) {
                out.println(USAGE);
                return 0;
            }
            o = RunnerOptions.of(opt);
            cases = cases(opt);
        } catch (IllegalArgumentException e) {
            err.println("runner: " + e.getMessage());
            err.println("usage: " + USAGE);
            return 2;
        }
        // machine-readable formats keep stdout for the cases; the other sections go to stderr
        PrintStream text = o.format().equals("table") ? out : err;
        String active = Spreaders.resolve(o.kernels()).name();
        text.printf("nufft4j runner: kernels=%s (simd available: %s), fft=%s, threads=%d, java %s, %s%n", active,
                Spreaders.simd().map(k -> k.name()).orElse("no"), Ffts.name(o.fft()), o.threads(), Runtime.version(),
                System.getProperty("os.arch"));
        var table = RowFormat.of(o.format(), out);
        table.header();
        int failures = 0;
        long started = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            var opts = NufftOptions.defaults().withThreads(o.threads()).withKernels(o.kernels()).withFft(o.fft())
                    .withPrecision(c.precision());
            for (Row row : runAll(c, opts, o.samples(), o.seed() + i)) {
                rows.add(row);
                if (!row.ok()) {
                    failures++;
                }
                table.row(row, String.format(Locale.ROOT, "[%d/%d, %.1f s]", i + 1, cases.size(),
                        (System.nanoTime() - started) * 1e-9));
                out.flush();
            }
        }
        table.footer();
        text.printf("%d cases, %d failed (check: sampled relative l2 error <= %.0f x tol)%n", cases.size(), failures,
                FACTOR);
        if (o.plotDirectory() != null) {
            for (var path : Plots.write(rows, o.plotDirectory())) {
                text.println("plot: " + path);
            }
        }
        if (o.pairs() > 0) {
            text.println();
            int bad = ReductionCases.run(text, o.pairs(), o.threads(), Math.min(o.samples(), 16), o.seed());
            text.printf("8 reduction cases, %d failed (check: sampled relative l2 error <= 1e-12 against the double"
                    + " scalar interpreter; float lines: each sampled value within B u S of it, B = 204 for the sum"
                    + " and 220 for the Laplacian, u = 2^-24, S the sum of |term|)%n", bad);
            failures += bad;
        }
        if (o.fastSum() > 0) {
            text.println();
            int bad = FastSumCases.run(text, o.fastSum(), 1e-6, o.threads(), Math.min(o.samples(), 16), o.seed());
            text.printf("9 fast-sum cases, %d failed (check: E = max |a - a*| / |b|_1 on sampled rows <= tol against"
                    + " the scalar interpreter)%n", bad);
            failures += bad;
        }
        return failures > 0 ? 1 : 0;
    }

    static final String USAGE = "runner [key=value ...] (lists comma-separated): dim=1,2,3 type=1,2,3"
            + " tol=1e-3,1e-6,1e-9 precision=double,float form=plain,gradient threads=N kernels=auto|scalar|simd"
            + " fft=auto|jtransforms|simd points=M,... modes1=N modes2=N modes3=N samples=S seed=S"
            + " pairs=N (reduction cases, 0 skips) fastsum=N (fast Gaussian sums, 0 skips)"
            + " format=table|csv|json plot=DIR (PNG plots of error and throughput)";

    /** The rows of one case: one, or for type 3 with form=gradient the adjoint and each gradient form. */
    static List<Row> runAll(Case c, NufftOptions opts, int samples, long seed) {
        if (c.type() == NufftType.TYPE_3 && c.gradient() && c.precision() == Precision.DOUBLE) {
            List<Row> rows = new ArrayList<>();
            rows.add(runType3(c, opts, samples, seed));
            rows.addAll(runType3Gradients(c, opts, samples, seed));
            return rows;
        }
        return List.of(run(c, opts, samples, seed));
    }

    static Row run(Case c, NufftOptions opts, int samples, long seed) {
        if (c.type() == NufftType.TYPE_3) {
            return runType3(c, opts, samples, seed);
        }
        var rnd = new SplittableRandom(seed);
        int m = c.points();
        double[][] x = new double[c.dim()][m];
        for (double[] row : x) {
            for (int j = 0; j < m; j++) {
                row[j] = Math.PI * (2 * rnd.nextDouble() - 1);
            }
        }
        int nModes = Arrays.stream(c.modes()).reduce(1, (a, b) -> a * b);
        int isign = c.type() == NufftType.TYPE_1 ? -1 : 1;
        try (var plan = NufftPlan.create(c.type(), c.modes(), isign, c.tol(), opts)) {
            long t0 = System.nanoTime();
            switch (c.dim()) {
                case 1 -> plan.setPoints(x[0]);
                case 2 -> plan.setPoints(x[0], x[1]);
                default -> plan.setPoints(x[0], x[1], x[2]);
            }
            double setpts = (System.nanoTime() - t0) * 1e-6;
            if (c.gradient()) {
                return runGradient(c, plan, x, rnd, setpts, samples, opts);
            }
            double[] in = random(rnd, c.type() == NufftType.TYPE_1 ? m : nModes);
            double[] result = new double[2 * (c.type() == NufftType.TYPE_1 ? nModes : m)];
            boolean single = c.precision() == Precision.FLOAT;
            // float data: the exact sums below use the same, rounded, inputs
            float[] floatIn = single ? roundToFloat(in) : null;
            float[] floatResult = single ? new float[result.length] : null;
            var time = Timing.bestOf3(plan, () -> {
                if (single) {
                    plan.execute(floatIn, floatResult);
                } else {
                    plan.execute(in, result);
                }
            });
            if (single) {
                widen(floatResult, result);
            }
            int[] idx = new int[Math.min(samples, c.type() == NufftType.TYPE_1 ? nModes : m)];
            for (int s = 0; s < idx.length; s++) {
                idx[s] = rnd.nextInt(c.type() == NufftType.TYPE_1 ? nModes : m);
            }
            double[] exact = c.type() == NufftType.TYPE_1
                    ? DirectSum.type1At(x, in, c.modes(), isign, opts.modeOrder(), idx)
                    : DirectSum.type2At(x, in, c.modes(), isign, opts.modeOrder(), idx);
            return line(c, plan, sampledError(result, idx, exact), setpts, time);
        }
    }

    /**
     * Type 3 in FINUFFT's test geometry ({@code test/finufft?d_test.cpp}): M sources in
     * {@code C + pi [-1, 1]^d}, C = (2, -3, 1), and N = N_1 N_2 N_3 targets with coordinate d in
     * {@code (N_d / 2) (1.7 + [-1, 1])}; the plain transform, or (form=gradient) its adjoint,
     * each checked on sampled outputs against the exact sums (with form=gradient in double, the
     * three gradient forms follow: {@link #runType3Gradients}).
     */
    static Row runType3(Case c, NufftOptions opts, int samples, long seed) {
        var rnd = new SplittableRandom(seed);
        int dim = c.dim();
        int m = c.points();
        int n = Arrays.stream(c.modes()).reduce(1, (a, b) -> a * b);
        double[][][] geometry = type3Geometry(c, rnd);
        double[][] x = geometry[0];
        double[][] s = geometry[1];
        int isign = 1;
        boolean adjoint = c.gradient();
        try (var plan = NufftPlan.createType3(dim, isign, c.tol(), opts)) {
            long t0 = System.nanoTime();
            plan.setPoints(x, s);
            double setpts = (System.nanoTime() - t0) * 1e-6;
            double[] in = random(rnd, adjoint ? n : m);
            double[] result = new double[2 * (adjoint ? m : n)];
            boolean single = c.precision() == Precision.FLOAT;
            // float data: the exact sums below use the same, rounded, inputs
            float[] floatIn = single ? roundToFloat(in) : null;
            float[] floatResult = single ? new float[result.length] : null;
            var time = Timing.bestOf3(plan, () -> {
                if (single && adjoint) {
                    plan.executeAdjoint(floatIn, floatResult);
                } else if (single) {
                    plan.execute(floatIn, floatResult);
                } else if (adjoint) {
                    plan.executeAdjoint(in, result);
                } else {
                    plan.execute(in, result);
                }
            });
            if (single) {
                widen(floatResult, result);
            }
            int outputs = adjoint ? m : n;
            int[] idx = new int[Math.min(samples, outputs)];
            for (int q = 0; q < idx.length; q++) {
                idx[q] = rnd.nextInt(outputs);
            }
            double[] exact = adjoint ? DirectSum.type3At(s, in, x, -isign, idx) : DirectSum.type3At(x, in, s, isign, idx);
            return line(c, plan, sampledError(result, idx, exact), setpts, time);
        }
    }

    /** FINUFFT's test geometry: {sources, targets}. */
    static double[][][] type3Geometry(Case c, SplittableRandom rnd) {
        int dim = c.dim();
        int m = c.points();
        int n = Arrays.stream(c.modes()).reduce(1, (a, b) -> a * b);
        double[] centre = {2, -3, 1};
        double[][] x = new double[dim][m];
        double[][] s = new double[dim][n];
        for (int d = 0; d < dim; d++) {
            for (int j = 0; j < m; j++) {
                x[d][j] = centre[d] + Math.PI * (2 * rnd.nextDouble() - 1);
            }
            for (int k = 0; k < n; k++) {
                s[d][k] = c.modes()[d] / 2.0 * (1.7 + 2 * rnd.nextDouble() - 1);
            }
        }
        return new double[][][] {x, s};
    }

    /**
     * The three type 3 gradient forms in FINUFFT's geometry (double): dipoles ("3+dip"), the
     * plain transform with target gradients ("3+grad") and the adjoint with source gradients
     * ("3adj+grad"), each with its sampled relative error (the larger of values and gradients)
     * against the exact sums, and checked against the README's scaled bound of the gradient
     * forms, {@code 4 tol (|g*| + ups R |plain*|)} on the samples (R the largest |x| or |s|).
     */
    static List<Row> runType3Gradients(Case c, NufftOptions opts, int samples, long seed) {
        var rnd = new SplittableRandom(seed);
        int dim = c.dim();
        int m = c.points();
        int n = Arrays.stream(c.modes()).reduce(1, (a, b) -> a * b);
        double[][][] g = type3Geometry(c, rnd);
        double[][] x = g[0];
        double[][] s = g[1];
        int isign = 1;
        List<Row> rows = new ArrayList<>();
        try (var plan = NufftPlan.createType3(dim, isign, c.tol(), opts)) {
            long t0 = System.nanoTime();
            plan.setPoints(x, s);
            double setpts = (System.nanoTime() - t0) * 1e-6;
            double ups = Math.max(plan.upsamplingFactors()[0], plan.upsamplingFactors()[1]);
            double xMax = maxNorm(x);
            double sMax = maxNorm(s);
            double[] strengths = random(rnd, m);
            double[] dipoles = random(rnd, m * dim);
            double[] fIn = random(rnd, n);
            int[] targetIdx = sample(rnd, samples, n);
            int[] sourceIdx = sample(rnd, samples, m);
            // dipoles: scale |f*| + ups |s|max |D*|, D* the plain sums of the dipole components
            double[] fd = new double[2 * n];
            var time = Timing.bestOf3(plan, () -> plan.executeDipoles(strengths, dipoles, fd));
            double[] exact = DirectSum.type3DipolesAt(x, strengths, dipoles, s, isign, targetIdx);
            double plainNorm = 0;
            for (int d = 0; d < dim; d++) {
                double[] comp = Arrays.copyOfRange(dipoles, 2 * d * m, 2 * (d + 1) * m);
                plainNorm = Math.hypot(plainNorm, norm(DirectSum.type3At(x, comp, s, isign, targetIdx)));
            }
            double err = sampledError(fd, targetIdx, exact);
            double ratio = err * norm(exact) / (c.tol() * (norm(exact) + ups * sMax * plainNorm));
            rows.add(line(c, plan, "3+dip", err, setpts, time, ratio <= 4));
            // target gradients: scale |g*| + ups |x|max |f*|
            double[] f = new double[2 * n];
            double[] grad = new double[2 * n * dim];
            time = Timing.bestOf3(plan, () -> plan.executeGradient(strengths, f, grad));
            double[][] fg = DirectSum.type3GradientAt(x, strengths, s, isign, targetIdx);
            double[] e = vectorErrors(grad, n, fg[1], targetIdx, dim);
            ratio = e[0] / (c.tol() * (e[1] + ups * xMax * norm(fg[0])));
            err = Math.max(sampledError(f, targetIdx, fg[0]), e[0] / e[1]);
            rows.add(line(c, plan, "3+grad", err, setpts, time,
                    ratio <= 4 && sampledError(f, targetIdx, fg[0]) <= FACTOR * c.tol()));
            // source gradients of the adjoint: scale |g*| + ups |s|max |c*|
            double[] back = new double[2 * m];
            double[] backGrad = new double[2 * m * dim];
            time = Timing.bestOf3(plan, () -> plan.executeAdjointGradient(fIn, back, backGrad));
            double[][] bg = DirectSum.type3GradientAt(s, fIn, x, -isign, sourceIdx);
            e = vectorErrors(backGrad, m, bg[1], sourceIdx, dim);
            ratio = e[0] / (c.tol() * (e[1] + ups * sMax * norm(bg[0])));
            err = Math.max(sampledError(back, sourceIdx, bg[0]), e[0] / e[1]);
            rows.add(line(c, plan, "3adj+grad", err, setpts, time,
                    ratio <= 4 && sampledError(back, sourceIdx, bg[0]) <= FACTOR * c.tol()));
        }
        return rows;
    }

    private static int[] sample(SplittableRandom rnd, int samples, int count) {
        int[] idx = new int[Math.min(samples, count)];
        for (int q = 0; q < idx.length; q++) {
            idx[q] = rnd.nextInt(count);
        }
        return idx;
    }

    /** {absolute l2 error, l2 norm of the exact} of sampled vectors stored {@code [2 (d count + i)]}. */
    private static double[] vectorErrors(double[] got, int count, double[] exact, int[] idx, int dim) {
        double num = 0;
        double den = 0;
        for (int d = 0; d < dim; d++) {
            for (int q = 0; q < idx.length; q++) {
                for (int part = 0; part < 2; part++) {
                    double v = exact[2 * (d * idx.length + q) + part];
                    double diff = got[2 * (d * count + idx[q]) + part] - v;
                    num += diff * diff;
                    den += v * v;
                }
            }
        }
        return new double[] {Math.sqrt(num), Math.sqrt(den)};
    }

    private static double norm(double[] a) {
        double t = 0;
        for (double v : a) {
            t += v * v;
        }
        return Math.sqrt(t);
    }

    private static double maxNorm(double[][] p) {
        double best = 0;
        for (int j = 0; j < p[0].length; j++) {
            double r = 0;
            for (double[] coord : p) {
                r = Math.hypot(r, coord[j]);
            }
            best = Math.max(best, r);
        }
        return best;
    }

    static Row line(Case c, NufftPlan plan, double err, double setpts, Timing time) {
        String type = c.type() == NufftType.TYPE_3 ? (c.gradient() ? "3adj" : "3")
                : (c.type() == NufftType.TYPE_1 ? "1" : "2") + (c.gradient() ? (c.type() == NufftType.TYPE_1
                ? "+dip" : "+grad") : "");
        return line(c, plan, type, err, setpts, time, err <= FACTOR * c.tol());
    }

    static Row line(Case c, NufftPlan plan, String type, double err, double setpts, Timing time, boolean ok) {
        double best = time.bestMs();
        var split = time.split();
        String modes = Arrays.stream(c.modes()).mapToObj(Integer::toString).reduce((a, b) -> a + "x" + b).orElse("");
        return new Row(c.dim(), type, modes, c.points(), c.precision().name().toLowerCase(Locale.ROOT), c.tol(), err,
                plan.kernel().width(), setpts, time.firstMs(), best, split.spreadOrInterpolate() * 1e-6, split.fft() * 1e-6,
                split.deconvolve() * 1e-6, c.points() / best / 1e3, plan.implementation(), plan.fftImplementation(), ok);
    }

    /**
     * Type 1 with dipoles (error of the modes) or type 2 with gradients (the larger of the
     * errors of values and gradients), each on sampled entries against the exact sums.
     */
    static Row runGradient(Case c, NufftPlan plan, double[][] x, SplittableRandom rnd, double setpts, int samples,
                              NufftOptions opts) {
        int m = c.points();
        int dim = c.dim();
        int nModes = Arrays.stream(c.modes()).reduce(1, (a, b) -> a * b);
        boolean t1 = c.type() == NufftType.TYPE_1;
        double[] in = random(rnd, t1 ? m : nModes);
        double[] dipoles = t1 ? random(rnd, m * dim) : null;
        double[] out = new double[2 * (t1 ? nModes : m)];
        double[] gradient = t1 ? null : new double[2 * m * dim];
        var time = Timing.bestOf3(plan, () -> {
            if (t1) {
                plan.executeDipoles(in, dipoles, out);
            } else {
                plan.executeGradient(in, out, gradient);
            }
        });
        int[] idx = new int[Math.min(samples, t1 ? nModes : m)];
        for (int s = 0; s < idx.length; s++) {
            idx[s] = rnd.nextInt(t1 ? nModes : m);
        }
        int isign = plan.isign();
        double err;
        if (t1) {
            double[] exact = DirectSum.type1DipolesAt(x, in, dipoles, c.modes(), isign, opts.modeOrder(), idx);
            err = sampledError(out, idx, exact);
        } else {
            double[][] exact = DirectSum.type2GradientAt(x, in, c.modes(), isign, opts.modeOrder(), idx);
            double ev = sampledError(out, idx, exact[0]);
            double num = 0;
            double den = 0;
            for (int d = 0; d < dim; d++) {
                for (int s = 0; s < idx.length; s++) {
                    for (int part = 0; part < 2; part++) {
                        double e = exact[1][2 * (d * idx.length + s) + part];
                        double diff = gradient[2 * (d * m + idx[s]) + part] - e;
                        num += diff * diff;
                        den += e * e;
                    }
                }
            }
            err = Math.max(ev, Math.sqrt(num / den));
        }
        return line(c, plan, err, setpts, time);
    }

    /** Relative l2 error of result[2 idx[s]] against exact[2 s] over the samples. */
    private static double sampledError(double[] result, int[] idx, double[] exact) {
        double num = 0;
        double den = 0;
        for (int s = 0; s < idx.length; s++) {
            for (int part = 0; part < 2; part++) {
                double d = result[2 * idx[s] + part] - exact[2 * s + part];
                num += d * d;
                den += exact[2 * s + part] * exact[2 * s + part];
            }
        }
        return Math.sqrt(num / den);
    }

    /** The float copy of {@code in}, which is rounded to the same float values in place. */
    private static float[] roundToFloat(double[] in) {
        float[] f = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            f[i] = (float) in[i];
            in[i] = f[i];
        }
        return f;
    }

    private static void widen(float[] from, double[] to) {
        for (int i = 0; i < from.length; i++) {
            to[i] = from[i];
        }
    }

    private static double[] random(SplittableRandom rnd, int count) {
        double[] a = new double[2 * count];
        for (int i = 0; i < a.length; i++) {
            a[i] = 2 * rnd.nextDouble() - 1;
        }
        return a;
    }

    static List<Case> cases(Map<String, String> opt) {
        int[] dims = RunnerOptions.ints(opt, "dim", "1,2,3");
        int[] types = RunnerOptions.ints(opt, "type", "1,2");
        double[] tols = RunnerOptions.doubles(opt, "tol", "1e-3,1e-6,1e-9");
        for (double tol : tols) {
            if (!(tol >= NufftPlan.MIN_TOLERANCE && tol < 1)) {
                throw new IllegalArgumentException("tol=" + opt.get("tol") + ": every tolerance must be in ["
                        + NufftPlan.MIN_TOLERANCE + ", 1)");
            }
        }
        int[] pointCounts = RunnerOptions.ints(opt, "points", "1000000");
        for (int p : pointCounts) {
            if (p < 1) {
                throw new IllegalArgumentException("points=" + opt.get("points") + ": every count must be at least 1");
            }
        }
        var forms = Arrays.stream(opt.getOrDefault("form", "plain,gradient").split(",")).map(String::trim).toList();
        for (String f : forms) {
            if (!f.equals("plain") && !f.equals("gradient")) {
                throw new IllegalArgumentException("form=" + opt.get("form") + ": each form must be plain or gradient");
            }
        }
        var precisions = Arrays.stream(opt.getOrDefault("precision", "double,float").split(","))
                .map(p -> RunnerOptions.choice("precision", p, Precision.class)).toList();
        int[] defaultModes = {200_000, 400, 64};
        int[] defaultType3 = {1_000_000, 1000, 100}; // N_d: FINUFFT's test, S_d = N_d / 2
        List<Case> list = new ArrayList<>();
        for (int dim : dims) {
            if (dim < 1 || dim > 3) {
                throw new IllegalArgumentException("dim=" + opt.get("dim") + ": dimensions are 1, 2 or 3");
            }
            for (int type : types) {
                if (type < 1 || type > 3) {
                    throw new IllegalArgumentException("type=" + opt.get("type") + ": types are 1, 2 or 3");
                }
                var t = type == 1 ? NufftType.TYPE_1 : type == 2 ? NufftType.TYPE_2 : NufftType.TYPE_3;
                int side = RunnerOptions.positive(opt, "modes" + dim,
                        "" + (type == 3 ? defaultType3 : defaultModes)[dim - 1]);
                int[] modes = new int[dim];
                Arrays.fill(modes, side);
                for (Precision precision : precisions) {
                    for (double tol : tols) {
                        if (precision == Precision.FLOAT && tol < NufftPlan.MIN_TOLERANCE_FLOAT) {
                            continue;
                        }
                        for (int points : pointCounts) {
                            if (forms.contains("plain")) {
                                list.add(new Case(dim, t, modes, points, tol, precision, false));
                            }
                            if (forms.contains("gradient") && (precision == Precision.DOUBLE || type == 3)) {
                                list.add(new Case(dim, t, modes, points, tol, precision, true));
                            }
                        }
                    }
                }
            }
        }
        return list;
    }

    /** The first and the best of three executes (the first includes JIT compilation), and the best's step times. */
    record Timing(double firstMs, double bestMs, ExecutionTimes split) {
        static Timing bestOf3(NufftPlan plan, Runnable execute) {
            double best = Double.MAX_VALUE;
            double first = 0;
            var split = plan.lastTimes();
            for (int rep = 0; rep < 3; rep++) {
                long t0 = System.nanoTime();
                execute.run();
                double ms = (System.nanoTime() - t0) * 1e-6;
                first = rep == 0 ? ms : first;
                if (ms < best) {
                    best = ms;
                    split = plan.lastTimes();
                }
            }
            return new Timing(first, best, split);
        }
    }

    /** The options as given (each key once), or null when help was asked for. */
    static Map<String, String> parse(String[] args) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String a : args) {
            if (a.equals("help") || a.equals("--help") || a.equals("-h")) {
                return null;
            }
            int eq = a.indexOf('=');
            String key = eq < 0 ? a : a.substring(0, eq).replaceFirst("^--", "");
            if (eq < 0 || !RunnerOptions.KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + a + "' (options are key=value with key one of "
                        + RunnerOptions.KEYS + ")");
            }
            if (map.put(key, a.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("option '" + key + "' given twice");
            }
        }
        return map;
    }
}
