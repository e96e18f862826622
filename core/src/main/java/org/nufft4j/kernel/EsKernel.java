package org.nufft4j.kernel;

/**
 * The "exponential of semicircle" kernel {@code phi(z) = exp(beta (sqrt(1 - z^2) - 1))} on
 * {@code |z| <= 1}, zero outside, spanning {@code width} fine-grid cells (docs/design.md, NUFFT; Barnett, Magland
 * and af Klinteberg, SIAM J. Sci. Comput. 41 (2019)).
 *
 * <p><b>Upsampling 2</b> (the default): {@code w = ceil(log10(2 (d+1)/eps)) + 1}, {@code beta =
 * 2.30 w} (2.20, 2.26, 2.38 for w = 2, 3, 4): FINUFFT's rule for eps / (2 (d + 1)), since the
 * aliasing errors of the d one-dimensional factors add up, with a factor 2 ({@code SAFETY_2})
 * that changes widths only between powers of ten; NufftAccuracyTest pins it within 2x from 1e-2
 * to 1e-12.
 *
 * <p><b>Any other factor sigma</b> in (1, 16]:
 * {@code w = ceil((ln((d+1)/eps) + 1.75 + 0.57 ln(sigma - 1)) / (0.99 pi sqrt(1 - 1/sigma)))},
 * {@code beta = pi (1 - 1/(2 sigma)) (w - 0.24)}; below sigma = 1.02 (the end of the fitted
 * range) the margin of 1.02 is kept, which is larger. FINUFFT's general rule, {@code w =
 * ceil(ln((d+1)/eps) / (pi sqrt(1 - 1/sigma)))} with {@code beta = 0.97 pi (1 - 1/(2 sigma)) w},
 * reached up to 16x the tolerance: its error estimate {@code exp(-pi w sqrt(1 - 1/sigma))} is
 * optimistic by a factor that grows with sigma (in the model below, widths 7..16: 1.4-3.4 at
 * 1.1, 9-12 at 2.5, 40-90 at 16).
 *
 * <p>How the rule was fitted (scratch code, not kept). A model of one dimension of a plan as
 * it runs: for a mode k on a grid of n cells and points at offset u from the grid, the
 * computed mode is the exact one times {@code sum_i phi(z_i(u)) exp(2 pi i (k/n) (u + i - w/2))
 * / phihat(k/n)} (phihat by the deconvolution's quadrature); in d dimensions the factors
 * multiply. Its worst relative l2 error over the modes, over the offsets (all points at one
 * offset, a tight cluster, is the worst case) and over mode counts N = 1..64 (grids as
 * FineGridSize makes them, and the plain even ceil(sigma N)) gave P_d(w, sigma). For the same
 * mode counts it reproduces plans against DirectSum (sigma 16, w 5, N = 64..200, clustered
 * points: 5.95e-6 measured, 6.05e-6 modelled). beta: per width, the factor gamma in
 * {@code beta = gamma pi (1 - 1/(2 sigma)) w}
 * that kept P_d closest to its optimum over 24 factors in [1.03, 16] is close to 1 - 0.24 / w.
 * Width: the margin 1.75 + 0.57 ln(sigma - 1) and the rate 0.99 are the linear program's
 * smallest bound on P_d over 80 factors in [1.02, 16] and w = 2..16; on 157 other factors P_d
 * stays at most 0.96 eps wherever eps >= 1e-12. A survey of plans (types 1 and 2, d = 1, 2, 3,
 * 13 factors from 1.1 to 16, tolerances every half decade and at every width change down to
 * 1e-13, uniform and clustered points, 4 seeds, double and float) then measured at most 0.81
 * eps in double and 0.99 eps in float (FINUFFT's rule: up to 16x and, in float, 5800x).
 * A later random walk over small problems (AcceptedInputsPropertyTest's generator, 2500 cases,
 * mode counts 1..48) still found 3.3x (1D type 2, sigma 3, clustered), so the general rule
 * targets eps / 4 ({@code GENERAL_SAFETY}, about half a cell more): then none above 1x.
 *
 * <p>Cost: over the survey's 12 factors other than 2, d = 1..3 and tolerances 1e-1..1e-13
 * (every 1/20 decade), this kernel is one cell wider than FINUFFT's general rule in 87% of the
 * cases, two in 3%, as wide in 10%: 0.93 cells on average (0.55 at sigma 1.1, 1.15 at 16), and
 * (w_new / w_old)^d, the spreading work, is 1.39 on average. About 0.35 of those cells
 * (sigma >= 1.1) are the price of a formula: the narrowest width P_d allows is that much
 * narrower on average (P_d wiggles from width to width). Upsampling 2 is unchanged.
 *
 * <p>Rounding: the deconvolution amplifies rounding errors of the fine grid by up to its gain G
 * per dimension ({@link #deconvolutionGain}), which grows fast as sigma approaches 1. {@link
 * #forTolerance(double, double, int, boolean)} also rejects a tolerance below the estimate
 * {@link #roundingError}, {@code c_d u G^d} with c = 10, 5, 2.5 for d = 1, 2, 3, fitted to the
 * difference between float and double plans in the survey: the line that keeps float plans at
 * upsampling 2 and 1e-6 accepted (they measure within 2x) and rejects those that measured over
 * 2x at lower factors.
 *
 * @param width the number of fine-grid cells the kernel spans per dimension, in
 *     [{@link #MIN_WIDTH}, {@link #MAX_WIDTH}]; the kernel's argument is {@code z = 2 t / width}
 *     for a distance of t cells
 * @param beta the shape parameter of {@code phi}, positive and finite
 * @param upsampling the fine-grid factor sigma the kernel was chosen for; it sets the band of
 *     modes {@link #deconvolutionGain} looks at (not checked here)
 */
public record EsKernel(int width, double beta, double upsampling) {

    /** Narrowest kernel supported, in cells. */
    public static final int MIN_WIDTH = 2;
    /** Widest kernel supported, in cells: the spreading kernels are written up to this width. */
    public static final int MAX_WIDTH = 16;

    /**
     * Checks the parameters.
     *
     * @throws IllegalArgumentException if {@code width} is outside [{@link #MIN_WIDTH},
     *     {@link #MAX_WIDTH}] or {@code beta} is not positive and finite
     */
    public EsKernel {
        if (width < MIN_WIDTH || width > MAX_WIDTH) {
            throw new IllegalArgumentException("kernel width " + width + " outside [" + MIN_WIDTH + ", " + MAX_WIDTH + "]");
        }
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("kernel beta must be positive and finite, got " + beta);
        }
    }

    /**
     * The kernel for a double-precision plan: {@link #forTolerance(double, double, int, boolean)}
     * with {@code singlePrecision} false.
     *
     * @param tolerance the relative l2 error asked for, in (0, 1)
     * @param upsampling the fine-grid factor sigma, in (1, {@link #MAX_UPSAMPLING}]
     * @param dimension the number of dimensions, 1, 2 or 3
     * @return the kernel of the rules in the class comment
     * @throws IllegalArgumentException as {@link #forTolerance(double, double, int, boolean)}
     */
    public static EsKernel forTolerance(double tolerance, double upsampling, int dimension) {
        return forTolerance(tolerance, upsampling, dimension, false);
    }

    /**
     * The kernel that keeps the relative l2 error of a plan within {@code tolerance} at the given
     * upsampling factor in {@code dimension} dimensions (the rules in the class comment), in
     * single ({@code singlePrecision}) or double precision.
     *
     * @param tolerance the relative l2 error asked for, in (0, 1)
     * @param upsampling the fine-grid factor sigma, in (1, {@link #MAX_UPSAMPLING}]
     * @param dimension the number of dimensions, 1, 2 or 3
     * @param singlePrecision whether the plan computes in float (it sets the unit roundoff of
     *     the {@link #roundingError} check)
     * @return the kernel: its width and beta from the rules, {@code upsampling} as given
     * @throws IllegalArgumentException if {@code dimension}, {@code tolerance} or
     *     {@code upsampling} is outside its range; if the tolerance would need a kernel wider than
     *     {@link #MAX_WIDTH}, or if rounding amplified by the deconvolution alone would exceed it
     *     ({@link #roundingError}); the message names the upsampling factor, the tolerance, the
     *     dimension and the width, and suggests only changes that would be accepted
     */
    public static EsKernel forTolerance(double tolerance, double upsampling, int dimension, boolean singlePrecision) {
        if (dimension < 1 || dimension > 3) {
            throw new IllegalArgumentException("dimension must be 1, 2 or 3, got " + dimension);
        }
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in (0, 1), got " + tolerance);
        }
        if (!(upsampling > 1 && upsampling <= MAX_UPSAMPLING)) {
            throw new IllegalArgumentException("upsampling must be in (1, " + MAX_UPSAMPLING + "], got " + upsampling);
        }
        int w = widthFor(tolerance, upsampling, dimension);
        String problem;
        if (w > MAX_WIDTH) {
            problem = "tolerance " + tolerance + " needs kernel width " + w + " > " + MAX_WIDTH + " at upsampling factor "
                    + upsampling + " in " + dimension + "D";
        } else {
            var kernel = new EsKernel(w, betaFor(w, upsampling), upsampling);
            double rounding = kernel.roundingError(singlePrecision, dimension);
            if (rounding <= tolerance) {
                return kernel;
            }
            problem = "tolerance " + tolerance + " at upsampling factor " + upsampling + " in " + dimension
                    + "D (kernel width " + w + "): " + (singlePrecision ? "float" : "double")
                    + " rounding, amplified by the deconvolution (gain " + String.format("%.3g", kernel.deconvolutionGain())
                    + " per dimension), would add an error of about " + String.format("%.2g", rounding);
        }
        throw new IllegalArgumentException(problem + suggestions(tolerance, upsampling, dimension, singlePrecision));
    }

    /** Largest upsampling factor the rules were fitted for (NufftOptions accepts the same). */
    public static final double MAX_UPSAMPLING = 16.0;

    private static boolean accepted(double tolerance, double upsampling, int dimension, boolean singlePrecision) {
        int w = widthFor(tolerance, upsampling, dimension);
        return w <= MAX_WIDTH
                && new EsKernel(w, betaFor(w, upsampling), upsampling).roundingError(singlePrecision, dimension) <= tolerance;
    }

    /** "; ask for ... or use ...", naming only changes that {@link #accepted} confirms, or "". */
    private static String suggestions(double tolerance, double upsampling, int dimension, boolean singlePrecision) {
        var options = new java.util.ArrayList<String>();
        // the smallest tolerance accepted here, rounded up to two digits (checked again after rounding)
        for (double t = tolerance; t < 1; t *= 1.02) {
            if (accepted(t, upsampling, dimension, singlePrecision)) {
                double scale = Math.pow(10, Math.floor(Math.log10(t)) - 1);
                double shown = Math.ceil(t / scale) * scale;
                while (!accepted(shown, upsampling, dimension, singlePrecision)) {
                    shown += scale;
                }
                if (shown < 1) {
                    options.add("ask for a tolerance >= " + String.format("%.2g", shown));
                }
                break;
            }
        }
        for (double s : SUGGESTED_UPSAMPLING) {
            if (s != upsampling && (s == 2.0 || s > upsampling) && accepted(tolerance, s, dimension, singlePrecision)) {
                options.add("use upsampling " + s + (s == 2.0 ? " (the default)" : "") + ", where it needs width "
                        + widthFor(tolerance, s, dimension));
                break;
            }
        }
        if (singlePrecision && accepted(tolerance, upsampling, dimension, false)) {
            options.add("use Precision.DOUBLE");
        }
        return options.isEmpty() ? "" : "; " + String.join(", or ", options);
    }

    /** Factors tried for the message's suggestion, the default first. */
    private static final double[] SUGGESTED_UPSAMPLING = {2.0, 2.5, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0};

    /** The width the rules ask for; may exceed {@link #MAX_WIDTH}. */
    static int widthFor(double tolerance, double upsampling, int dimension) {
        double x;
        if (upsampling == 2.0) {
            x = Math.log10((dimension + 1) * SAFETY_2 / tolerance) + 1;
        } else {
            // below sigma = 1.02, the end of the fitted range, the margin of 1.02 (larger) is kept
            double margin = MARGIN_0 + MARGIN_1 * Math.log(Math.max(upsampling - 1, 0.02));
            x = (Math.log((dimension + 1) * GENERAL_SAFETY / tolerance) + margin)
                    / (RATE * Math.PI * Math.sqrt(1 - 1 / upsampling));
        }
        // The slack keeps exact powers of ten (1e-6 -> 6.000000000000001) from gaining a cell.
        return Math.max(MIN_WIDTH, (int) Math.ceil(Math.min(x, 1e6) - 1e-9));
    }

    /**
     * Extra factor on the error target of FINUFFT's rule at upsampling 2: between powers of ten
     * the rule's clustered worst case reached 2.02x (1D type 2, float, tol 3.2e-3, w = 4). With
     * eps / 2 the boundaries move by 0.3 decade and only between powers of ten: (d + 1) 2 <= 8
     * < 10, so a tolerance 10^-p keeps its width in 1D, 2D and 3D.
     */
    private static final double SAFETY_2 = 2.0;

    /**
     * Extra factor on the general rule's error target: a walk over random small problems
     * (AcceptedInputsPropertyTest's generator, 2500 cases) found a 1D clustered type 2 at
     * sigma = 3 at 3.3x the tolerance with the fitted rule alone; with eps / 4 none above 2x.
     */
    private static final double GENERAL_SAFETY = 4.0;

    /** Fitted constants of the general width rule (class comment). */
    private static final double MARGIN_0 = 1.75;
    private static final double MARGIN_1 = 0.57;
    private static final double RATE = 0.99;
    /** beta = pi (1 - 1/(2 sigma)) (w - BETA_SHIFT) for upsampling other than 2. */
    private static final double BETA_SHIFT = 0.24;

    /** beta of the rules for this width and upsampling factor. */
    static double betaFor(int width, double upsampling) {
        if (upsampling == 2.0) {
            return switch (width) {
                case 2 -> 2.20 * width;
                case 3 -> 2.26 * width;
                case 4 -> 2.38 * width;
                default -> 2.30 * width;
            };
        }
        return Math.PI * (1.0 - 1.0 / (2.0 * upsampling)) * (width - BETA_SHIFT);
    }

    /**
     * Estimated relative error that rounding adds once the deconvolution has amplified it: {@code
     * c_d u G^d}, with u the unit roundoff (2^-24 or 2^-53), G the {@link #deconvolutionGain()}
     * and c_1, c_2, c_3 = 10, 5, 2.5 fitted to float plans (class comment). It leaves out the
     * rounding that does not depend on the kernel (see the README's rounding floor).
     *
     * @param singlePrecision whether u is float's (2^-24) rather than double's (2^-53)
     * @param dimension the number of dimensions d, 1, 2 or 3 (not checked)
     * @return the estimated relative l2 error from rounding alone
     */
    public double roundingError(boolean singlePrecision, int dimension) {
        double u = singlePrecision ? 0x1p-24 : 0x1p-53;
        return ROUNDING[dimension] * u * Math.pow(deconvolutionGain(), dimension);
    }

    private static final double[] ROUNDING = {0, 10, 5, 2.5};

    /**
     * The deconvolution's root-mean-square factor relative to its smallest, {@code
     * phihat(0) / phihat(k/n)} over the modes {@code |k/n| <= 1/(2 sigma)}: how much it amplifies
     * rounding errors of the fine grid, per dimension. phihat is computed by Gauss–Legendre
     * quadrature and sampled at 65 points of the band.
     *
     * @return the gain G, at least 1
     */
    public double deconvolutionGain() {
        var gl = GaussLegendre.of(2 * width + 24);
        double[] z = gl.nodes().clone();
        double[] f = gl.weights().clone();
        for (int j = 0; j < z.length; j++) {
            z[j] = 0.5 * (z[j] + 1.0);
            f[j] *= phi(z[j]);
        }
        double kmax = 0.5 / upsampling;
        double at0 = 0;
        for (double v : f) {
            at0 += v;
        }
        int samples = 64;
        double sum = 0;
        for (int m = 0; m <= samples; m++) {
            double a = Math.PI * width * kmax * m / samples;
            double ft = 0;
            for (int j = 0; j < z.length; j++) {
                ft += f[j] * Math.cos(a * z[j]);
            }
            double g = at0 / ft;
            sum += (m == 0 || m == samples ? 0.5 : 1.0) * g * g;
        }
        return Math.sqrt(sum / samples);
    }

    /**
     * The kernel on its canonical support.
     *
     * @param z the argument, {@code 2 t / width} for a distance of t cells from the kernel's centre
     * @return {@code phi(z) = exp(beta (sqrt(1 - z^2) - 1))}, in (0, 1], for {@code |z| <= 1};
     *     0 outside
     */
    public double phi(double z) {
        double s = 1.0 - z * z;
        return s < 0 ? 0.0 : Math.exp(beta * (Math.sqrt(s) - 1.0));
    }

    /**
     * The derivative of {@link #phi}, for the gradient forms.
     *
     * @param z the argument, as for {@link #phi}
     * @return {@code phi'(z) = -beta z phi(z) / sqrt(1 - z^2)} for {@code |z| < 1}; 0 for
     *     {@code |z| >= 1}
     */
    public double phiDerivative(double z) {
        double s = 1.0 - z * z;
        if (s <= 0) {
            return 0.0;
        }
        double r = Math.sqrt(s);
        return Math.exp(beta * (r - 1.0)) * (-beta * z / r);
    }
}
