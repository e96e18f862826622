package org.nufft4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A walk over the whole accepted input space on small problems: upsampling factors from 1.1 to
 * 16, tolerances on a log grid from {@link NufftPlan#MIN_TOLERANCE} to 0.5, d = 1, 2, 3, types
 * 1 and 2 and both gradient forms, double and float, uniform, clustered and huge coordinates.
 * For every case either the plan is rejected with an IllegalArgumentException at creation, or
 * every output meets the promise of the README: l2 error against {@link DirectSum} at most 2x
 * the tolerance (or 2x the documented rounding floor, 2e-16 per mode along the longest
 * dimension, where that is larger) relative to {@code max(|exact|, sqrt(n) |input|)}, which is
 * the relative l2 error itself whenever the points are spread over the period (also checked
 * for those; clustered points can put every output near a zero, see
 * InputPromisesTest.outputsNearAZeroMeetTheGeneralPromise); for the gradient outputs twice that bound times
 * {@code |exact| + sigma |k|max |plain|} (README, Gradient forms), also on the data that make
 * a relative bound impossible (a single mode |k| <= 1, dipoles without charges). There is no
 * third outcome.
 *
 * <p>The space is too large to enumerate; each case is drawn from it with its own seed
 * (printed on failure), the same cases every run.
 */
class AcceptedInputsPropertyTest {

    private static final double[] UPSAMPLING = {1.1, 1.15, 1.25, 1.5, 1.75, 2.0, 2.0, 2.5, 3.0, 4.0, 6.0, 8.0, 12.0,
        16.0};
    private static final int CASES = 480;
    /**
     * The documented rounding floor (README, Conventions): a folded coordinate carries about
     * one rounding of 2 pi, so the phase of mode k is off by about |k| 4e-16 and the relative
     * error of a transform cannot go below about 2e-16 times the largest N_d.
     */
    private static final double ROUNDING_FLOOR_PER_MODE = 2e-16;
    enum Form { TYPE_1, TYPE_2, TYPE_1_DIPOLES, TYPE_2_GRADIENT }

    /** Random data, or for the gradient forms the worst for a relative bound (see the class comment). */
    enum Data { RANDOM, LOW_FREQUENCY }

    enum Points { UNIFORM, CLUSTERED, HUGE }

    record Case(long seed, int dim, Form form, Precision precision, double upsampling, double tolerance,
                Points points, int isign, Data data) {
        @Override
        public String toString() {
            return "seed=" + seed + " " + dim + "D " + form + " " + precision + " sigma=" + upsampling + " tol="
                    + tolerance + " " + points + " isign=" + isign + " " + data;
        }
    }

    static Stream<Arguments> cases() {
        var rnd = new SplittableRandom(20261201);
        List<Arguments> list = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            long seed = 90_000 + i;
            int dim = 1 + rnd.nextInt(3);
            Form form = Form.values()[rnd.nextInt(4)];
            Precision precision = rnd.nextInt(3) == 0 ? Precision.FLOAT : Precision.DOUBLE;
            double upsampling = UPSAMPLING[rnd.nextInt(UPSAMPLING.length)];
            // log grid, every quarter decade, from the smallest accepted tolerance up
            double lo = precision == Precision.FLOAT ? NufftPlan.MIN_TOLERANCE_FLOAT : NufftPlan.MIN_TOLERANCE;
            int steps = (int) Math.floor(4 * Math.log10(0.5 / lo));
            double tolerance = lo * Math.pow(10, rnd.nextInt(steps + 1) / 4.0);
            Points points = Points.values()[rnd.nextInt(3)];
            int isign = rnd.nextBoolean() ? 1 : -1;
            Data data = rnd.nextBoolean() ? Data.RANDOM : Data.LOW_FREQUENCY;
            list.add(Arguments.of(new Case(seed, dim, form, precision, upsampling, tolerance, points, isign, data)));
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eitherThePromiseHoldsOrThePlanIsRejected(Case c) {
        var rnd = new SplittableRandom(c.seed());
        int[] modes = new int[c.dim()];
        int[] largest = {48, 14, 7};
        for (int d = 0; d < c.dim(); d++) {
            modes[d] = 1 + rnd.nextInt(largest[c.dim() - 1]);
        }
        int m = 1 + rnd.nextInt(150);
        double[][] x = points(rnd, c.points(), c.dim(), m);
        NufftType type = c.form() == Form.TYPE_1 || c.form() == Form.TYPE_1_DIPOLES ? NufftType.TYPE_1
                : NufftType.TYPE_2;
        var options = NufftOptions.defaults().withUpsampling(c.upsampling()).withPrecision(c.precision())
                .withThreads(1 + rnd.nextInt(2));
        NufftPlan plan;
        try {
            plan = NufftPlan.create(type, modes, c.isign(), c.tolerance(), options);
        } catch (IllegalArgumentException rejected) {
            assertTrue(rejected.getMessage().contains("tolerance"), c + ": rejected with '" + rejected.getMessage()
                    + "', which does not say what to change");
            return;
        }
        int total = TestData.product(modes);
        int maxModes = 0;
        for (int v : modes) {
            maxModes = Math.max(maxModes, v);
        }
        double bound = 2 * Math.max(c.tolerance(), ROUNDING_FLOOR_PER_MODE * maxModes);
        try (plan) {
            TestData.setPoints(plan, x);
            boolean single = c.precision() == Precision.FLOAT;
            boolean low = c.data() == Data.LOW_FREQUENCY;
            double scale = c.upsampling() * kMax(modes); // sigma |k|max
            switch (c.form()) {
                case TYPE_1 -> {
                    double[] s = TestData.complex(c.seed() + 1, m);
                    double[] f = single ? run(plan, s, 2 * total) : new double[2 * total];
                    if (!single) {
                        plan.execute(s, f);
                    }
                    check(c, "modes", f, DirectSum.type1(x, s, modes, c.isign(), ModeOrder.CMCL), s, bound);
                }
                case TYPE_2 -> {
                    double[] coefficients = TestData.complex(c.seed() + 1, total);
                    double[] v = single ? run(plan, coefficients, 2 * m) : new double[2 * m];
                    if (!single) {
                        plan.execute(coefficients, v);
                    }
                    check(c, "values", v, DirectSum.type2(x, coefficients, modes, c.isign(), ModeOrder.CMCL), coefficients,
                            bound);
                }
                case TYPE_1_DIPOLES -> {
                    double[] s = low ? new double[2 * m] : TestData.complex(c.seed() + 1, m); // low: dipoles only
                    double[] dip = TestData.complex(c.seed() + 2, m * c.dim());
                    double[] f = new double[2 * total];
                    if (single) {
                        float[] out = new float[2 * total];
                        plan.executeDipoles(TestData.toFloat(s), TestData.toFloat(dip), out);
                        f = TestData.toDouble(out);
                    } else {
                        plan.executeDipoles(s, dip, f);
                    }
                    double plain = 0; // |D*|: the plain type 1 of each dipole component
                    for (int d = 0; d < c.dim(); d++) {
                        double[] component = java.util.Arrays.copyOfRange(dip, 2 * m * d, 2 * m * (d + 1));
                        plain += squaredNorm(DirectSum.type1(x, component, modes, c.isign(), ModeOrder.CMCL));
                    }
                    checkScaled(c, "modes", f, DirectSum.type1Dipoles(x, s, dip, modes, c.isign(), ModeOrder.CMCL),
                            scale * Math.sqrt(plain), bound);
                }
                case TYPE_2_GRADIENT -> {
                    double[] coefficients = low ? singleLowMode(rnd, modes) : TestData.complex(c.seed() + 1, total);
                    double[] v = new double[2 * m];
                    double[] g = new double[2 * m * c.dim()];
                    if (single) {
                        float[] vf = new float[2 * m];
                        float[] gf = new float[2 * m * c.dim()];
                        plan.executeGradient(TestData.toFloat(coefficients), vf, gf);
                        v = TestData.toDouble(vf);
                        g = TestData.toDouble(gf);
                    } else {
                        plan.executeGradient(coefficients, v, g);
                    }
                    double[][] exact = DirectSum.type2Gradient(x, coefficients, modes, c.isign(), ModeOrder.CMCL);
                    check(c, "values", v, exact[0], coefficients, bound);
                    checkScaled(c, "gradients", g, exact[1], scale * Math.sqrt(squaredNorm(exact[0])), bound);
                }
            }
        }
    }

    private static double[] run(NufftPlan plan, double[] in, int outLength) {
        float[] out = new float[outLength];
        plan.execute(TestData.toFloat(in), out);
        return TestData.toDouble(out);
    }

    private static void check(Case c, String what, double[] got, double[] exact, double[] input, double bound) {
        double norm = 0;
        for (double v : exact) {
            norm += v * v;
        }
        if (norm == 0) { // e.g. a gradient of a single mode k = 0: the output must be zero too
            for (double v : got) {
                assertTrue(Math.abs(v) <= 1e-12, c + ": " + what + " should be zero, got " + v);
            }
            return;
        }
        double err = TestData.promiseError(got, exact, input);
        assertTrue(err <= bound, c + ": " + what + " l2 error relative to max(|exact|, sqrt(n) |input|) " + err
                + " > " + bound);
        if (c.points() != Points.CLUSTERED) {
            double relative = TestData.relativeError(got, exact);
            assertTrue(relative <= bound, c + ": " + what + " relative l2 error " + relative + " > " + bound);
        }
    }

    /**
     * {@code |got - exact| <= 2 bound (|exact| + plainScale)} in l2: the gradient forms' promise
     * (4 tol, bound being the plain promise's 2 tol), plainScale being sigma |k|max times the
     * norm of the exact plain output.
     */
    private static void checkScaled(Case c, String what, double[] got, double[] exact, double plainScale,
                                    double bound) {
        double err = 0;
        for (int i = 0; i < got.length; i++) {
            err += (got[i] - exact[i]) * (got[i] - exact[i]);
        }
        double allowed = 2 * bound * (Math.sqrt(squaredNorm(exact)) + plainScale);
        assertTrue(Math.sqrt(err) <= allowed, c + ": " + what + " l2 error " + Math.sqrt(err) + " > " + allowed
                + " = " + 2 * bound + " x (|exact| + sigma |k|max |plain| = " + plainScale + ")");
    }

    private static double squaredNorm(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return s;
    }

    /** |k|max = sqrt(sum (N_d / 2)^2), the length of the largest mode vector. */
    private static double kMax(int[] modes) {
        double s = 0;
        for (int v : modes) {
            s += (v / 2.0) * (v / 2.0);
        }
        return Math.sqrt(s);
    }

    /** Coefficients of one mode with every |k_d| <= 1 (k = 0 included: a zero gradient). */
    private static double[] singleLowMode(SplittableRandom rnd, int[] modes) {
        double[] f = new double[2 * TestData.product(modes)];
        int index = 0;
        int stride = 1;
        for (int v : modes) {
            int k = Math.max(-v / 2, Math.min((v - 1) / 2, rnd.nextInt(-1, 2)));
            index += stride * (k + v / 2);
            stride *= v;
        }
        f[2 * index] = 1;
        return f;
    }

    private static double[][] points(SplittableRandom rnd, Points kind, int dim, int m) {
        double[][] x = new double[dim][m];
        double[] centre = new double[dim];
        for (int d = 0; d < dim; d++) {
            centre[d] = -10 + 20 * rnd.nextDouble();
        }
        for (int d = 0; d < dim; d++) {
            for (int j = 0; j < m; j++) {
                x[d][j] = switch (kind) {
                    case UNIFORM -> -3 * Math.PI + 6 * Math.PI * rnd.nextDouble();
                    case CLUSTERED -> centre[d] + 1e-3 * rnd.nextDouble();
                    // any magnitude up to Double.MAX_VALUE, both signs, uniform in the exponent
                    case HUGE -> (rnd.nextBoolean() ? 1 : -1) * (1 + rnd.nextDouble())
                            * Math.pow(2, rnd.nextInt(-4, 1024));
                };
            }
        }
        return x;
    }

}
