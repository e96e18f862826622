package org.nufft4j;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nufft4j.kernel.EsKernel;

/**
 * The tolerance promise over the whole range of upsampling factors: for a grid of factors x
 * tolerances x d = 1, 2, 3 x types 1 and 2, a plan is either rejected with an
 * IllegalArgumentException when created, or its relative l2 error against the exact sums is at
 * most {@value #FACTOR} times the tolerance.
 *
 * <p>The tolerances are every half decade from 1e-1 down to {@link NufftPlan#MIN_TOLERANCE}
 * plus, for every kernel width, the smallest tolerance that still gets it (where the error is
 * largest compared with the tolerance). Points are uniform, or for type 1 every other case all
 * in a box of side 1e-6, far below a fine cell: every point then sees the kernel at the same
 * offset, the worst case of the aliasing error. (Type 2 is left out of the clusters: its exact
 * values are nearly equal there, and their common value is a random sum that can be small,
 * which makes the relative error of any kernel ill-conditioned.) Float plans are walked too,
 * for the tolerances they accept. Each case has its own seed, printed on failure.
 */
class UpsamplingPropertyTest {

    static final double FACTOR = 2.0;
    static final double[] UPSAMPLING = {1.1, 1.15, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0};

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        long seed = 31_000;
        for (double sigma : UPSAMPLING) {
            for (int dim = 1; dim <= 3; dim++) {
                for (double tol : tolerances(sigma, dim)) {
                    for (NufftType type : new NufftType[] {NufftType.TYPE_1, NufftType.TYPE_2}) {
                        list.add(Arguments.of(sigma, dim, tol, type, Precision.DOUBLE, seed++));
                        if (tol >= NufftPlan.MIN_TOLERANCE_FLOAT && onHalfDecade(tol)) {
                            list.add(Arguments.of(sigma, dim, tol, type, Precision.FLOAT, seed++));
                        }
                    }
                }
            }
        }
        return list.stream();
    }

    /** Half decades 1e-1 .. MIN_TOLERANCE and the smallest tolerance of each width. */
    static TreeSet<Double> tolerances(double sigma, int dim) {
        var set = new TreeSet<Double>();
        for (int k = 2; k <= 28; k++) {
            set.add(Math.pow(10, -k / 2.0));
        }
        int previous = -1;
        for (double t = 0.5; t >= NufftPlan.MIN_TOLERANCE; t *= 0.97) {
            int w = width(t, sigma, dim);
            if (w != previous && previous > 0) {
                // the width grew between t / 0.97 and t: bisect for the smallest tolerance of the old width
                double lo = t;
                double hi = t / 0.97;
                for (int i = 0; i < 50; i++) {
                    double mid = Math.sqrt(lo * hi);
                    if (width(mid, sigma, dim) == previous) {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                set.add(hi);
            }
            previous = w;
        }
        set.removeIf(t -> t < NufftPlan.MIN_TOLERANCE);
        return set;
    }

    private static boolean onHalfDecade(double tol) {
        double k = -2 * Math.log10(tol);
        return Math.abs(k - Math.rint(k)) < 1e-9;
    }

    /** Kernel width for the tolerance, or 99 where the kernel rule rejects it. */
    private static int width(double tol, double sigma, int dim) {
        try {
            return EsKernel.forTolerance(tol, sigma, dim).width();
        } catch (IllegalArgumentException e) {
            return 99;
        }
    }

    static int[] modes(int dim, SplittableRandom rnd) {
        return switch (dim) {
            case 1 -> new int[] {48 + rnd.nextInt(81)};
            case 2 -> new int[] {24, 20};
            default -> new int[] {8, 6, 5};
        };
    }

    @ParameterizedTest(name = "sigma={0} d={1} tol={2} {3} {4} seed={5}")
    @MethodSource("cases")
    void rejectedOrWithinTwiceTheTolerance(double sigma, int dim, double tol, NufftType type, Precision precision,
                                           long seed) {
        var rnd = new SplittableRandom(seed);
        int[] modes = modes(dim, rnd);
        int m = 300 + rnd.nextInt(300);
        int isign = rnd.nextBoolean() ? 1 : -1;
        boolean cluster = type == NufftType.TYPE_1 && seed % 2 == 0;
        double[][] p = cluster ? TestData.points(seed, dim, m, 0, 1e-6) : TestData.points(seed, dim, m, -Math.PI, Math.PI);
        if (cluster) {
            for (int d = 0; d < dim; d++) {
                double centre = -Math.PI + 2 * Math.PI * rnd.nextDouble();
                for (int j = 0; j < m; j++) {
                    p[d][j] += centre;
                }
            }
        }
        var options = NufftOptions.defaults().withUpsampling(sigma).withThreads(1).withPrecision(precision);
        NufftPlan plan;
        try {
            plan = NufftPlan.create(type, modes, isign, tol, options);
        } catch (IllegalArgumentException rejected) {
            return;
        }
        boolean t1 = type == NufftType.TYPE_1;
        int n = TestData.product(modes);
        double[] in = TestData.complex(seed + 1, t1 ? m : n);
        double[] out = new double[2 * (t1 ? n : m)];
        try (plan) {
            TestData.setPoints(plan, p);
            if (precision == Precision.FLOAT) {
                float[] fin = TestData.toFloat(in);
                in = TestData.toDouble(fin);
                float[] fout = new float[out.length];
                plan.execute(fin, fout);
                out = TestData.toDouble(fout);
            } else {
                plan.execute(in, out);
            }
        }
        double[] exact = t1 ? DirectSum.type1(p, in, modes, isign, ModeOrder.CMCL)
                : DirectSum.type2(p, in, modes, isign, ModeOrder.CMCL);
        double err = TestData.relativeError(out, exact);
        int w = plan.kernel().width();
        assertTrue(err <= FACTOR * tol, () -> "seed " + seed + (cluster ? " (cluster)" : "") + ", width " + w
                + ": relative error " + err + " > " + FACTOR + " * " + tol);
    }

    /** The smallest accepted tolerance is accepted at the default upsampling in every dimension and met. */
    @Test
    void minimumToleranceIsAcceptedAndMet() {
        long seed = 77_000;
        for (int[] modes : new int[][] {{64}, {200}, {24, 20}, {16, 16}, {12, 10, 8}, {8, 6, 5}}) {
            for (NufftType type : new NufftType[] {NufftType.TYPE_1, NufftType.TYPE_2}) {
                int dim = modes.length;
                long s = seed++;
                int m = 500;
                double[][] p = TestData.points(s, dim, m, -Math.PI, Math.PI);
                boolean t1 = type == NufftType.TYPE_1;
                int n = TestData.product(modes);
                double[] in = TestData.complex(s + 1, t1 ? m : n);
                double[] out = new double[2 * (t1 ? n : m)];
                try (var plan = NufftPlan.create(type, modes, 1, NufftPlan.MIN_TOLERANCE)) {
                    TestData.setPoints(plan, p);
                    plan.execute(in, out);
                }
                double[] exact = t1 ? DirectSum.type1(p, in, modes, 1, ModeOrder.CMCL)
                        : DirectSum.type2(p, in, modes, 1, ModeOrder.CMCL);
                double err = TestData.relativeError(out, exact);
                assertTrue(err <= FACTOR * NufftPlan.MIN_TOLERANCE, () -> "seed " + s + ", " + type + ", modes "
                        + java.util.Arrays.toString(modes) + ": relative error " + err);
            }
        }
    }

    /**
     * Rejections by the kernel rules name the factor, the tolerance, the dimension and the width,
     * and every change they suggest (a tolerance, an upsampling factor, double precision) is
     * accepted when tried.
     */
    @Test
    void rejectionsNameTheCaseAndEverySuggestionWorks() {
        Object[][] rejected = {
            {1.25, 1e-12, 1, Precision.DOUBLE}, {1.1, 1e-7, 3, Precision.DOUBLE}, {1.5, 1e-13, 2, Precision.DOUBLE},
            {1.1, 1e-5, 2, Precision.FLOAT}, {1.5, 1e-6, 1, Precision.FLOAT}, {1.25, 1e-4, 3, Precision.FLOAT},
            {1.01, 1e-3, 1, Precision.DOUBLE},
        };
        var number = java.util.regex.Pattern.compile("tolerance >= ([0-9.eE+-]+)");
        var factor = java.util.regex.Pattern.compile("use upsampling ([0-9.]+)");
        for (Object[] c : rejected) {
            double sigma = (double) c[0];
            double tol = (double) c[1];
            int dim = (int) c[2];
            Precision precision = (Precision) c[3];
            int[] modes = new int[dim];
            java.util.Arrays.fill(modes, 8);
            var options = NufftOptions.defaults().withUpsampling(sigma).withPrecision(precision);
            var e = assertThrows(IllegalArgumentException.class,
                    () -> NufftPlan.create(NufftType.TYPE_2, modes, -1, tol, options), () -> sigma + " " + tol);
            String msg = e.getMessage();
            for (String part : new String[] {"upsampling factor " + sigma, "tolerance " + tol, dim + "D", "width"}) {
                assertTrue(msg.contains(part), () -> "'" + part + "' missing from: " + msg);
            }
            var t = number.matcher(msg);
            if (t.find()) {
                double suggested = Double.parseDouble(t.group(1));
                assertTrue(suggested > tol, msg);
                NufftPlan.create(NufftType.TYPE_2, modes, -1, suggested, options).close();
            }
            var s = factor.matcher(msg);
            if (s.find()) {
                NufftPlan.create(NufftType.TYPE_2, modes, -1, tol, options.withUpsampling(Double.parseDouble(s.group(1))))
                        .close();
            }
            if (msg.contains("Precision.DOUBLE")) {
                NufftPlan.create(NufftType.TYPE_2, modes, -1, tol, options.withPrecision(Precision.DOUBLE)).close();
            }
            assertTrue(t.find(0) || s.find(0), () -> "no suggestion in: " + msg);
        }
    }

    /** Just below the smallest tolerance: rejected, and the message suggests nothing that would not help. */
    @Test
    void belowTheMinimumToleranceIsRejectedWithATrueMessage() {
        double below = Math.nextDown(NufftPlan.MIN_TOLERANCE);
        for (double sigma : UPSAMPLING) {
            for (int dim = 1; dim <= 3; dim++) {
                int[] modes = new int[dim];
                java.util.Arrays.fill(modes, 8);
                var options = NufftOptions.defaults().withUpsampling(sigma);
                var e = assertThrows(IllegalArgumentException.class,
                        () -> NufftPlan.create(NufftType.TYPE_1, modes, 1, below, options));
                String msg = e.getMessage();
                assertTrue(msg.contains("tolerance") && msg.contains(String.valueOf(NufftPlan.MIN_TOLERANCE)), msg);
                assertFalse(msg.contains("upsampling"), () -> "no upsampling factor reaches it: " + msg);
            }
        }
    }
}
