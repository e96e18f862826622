package org.nufft4j.kernel;

/**
 * Piecewise-polynomial form of an {@link EsKernel}, evaluated with Horner's rule across the w
 * cells a point touches (docs/design.md, NUFFT).
 *
 * <p>A point at fine-grid coordinate t (in cells) touches cells {@code l0 + i}, i = 0..w-1,
 * with {@code l0 = ceil(t - w/2)}. Its fractional offset {@code u = l0 - (t - w/2)} lies in
 * [0, 1), and cell i sees {@code phi(2 (u + i) / w - 1)}. For each i that is a smooth function
 * of u, fitted at plan time by a polynomial in {@code x = 2u - 1} on [-1, 1] (Chebyshev
 * interpolation converted to monomials). The fit is checked against phi on a dense sample; the
 * degree grows until the error is below a tenth of the tolerance or stops improving.
 *
 * <p>Coefficients are stored highest degree first, {@code coef[k * width + i]} for the k-th
 * Horner step of cell i, so a Horner step is one contiguous row of w values (SIMD lanes).
 */
public final class KernelPolynomial {

    private static final int MAX_DEGREE = 30;
    private static final int SAMPLES_PER_PIECE = 64;

    private final EsKernel kernel;
    private final int width;
    private final int degree;
    private final double[] coef;
    private final double maxFitError;
    /**
     * Caches of the lane tables: racy but safe lazy inits
     * (racing threads build equal tables; records publish through their final fields).
     */
    private volatile DoubleHornerTable plain;
    private volatile DoubleHornerTable[] shifted;
    private volatile FloatHornerTable plainFloat;
    private volatile FloatHornerTable[] shiftedFloat;
    private volatile DoubleHornerTable plainDerivative;
    private volatile DoubleHornerTable[] shiftedDerivative;
    private volatile FloatHornerTable plainDerivativeFloat;
    private volatile FloatHornerTable[] shiftedDerivativeFloat;
    private static final int MAX_LANES = 64;

    private KernelPolynomial(EsKernel kernel, int degree, double[] coef, double maxFitError) {
        this.kernel = kernel;
        this.width = kernel.width();
        this.degree = degree;
        this.coef = coef;
        this.maxFitError = maxFitError;
    }

    /**
     * Fits the kernel to within a tenth of {@code tolerance} in absolute error (or the best a
     * double fit gives): the degree starts at {@code max(w - 1, 2)} and grows by one up to 30,
     * stopping early once more terms stop reducing the error (rounding dominates).
     *
     * @param kernel the kernel to fit
     * @param tolerance the plan's tolerance; the fit aims at {@code max(tolerance / 10, 1e-16)}
     * @return the first fit that meets the target, else the most accurate one tried
     */
    public static KernelPolynomial fit(EsKernel kernel, double tolerance) {
        double target = Math.max(0.1 * tolerance, 1e-16);
        KernelPolynomial best = null;
        for (int degree = Math.max(kernel.width() - 1, 2); degree <= MAX_DEGREE; degree++) {
            KernelPolynomial p = fitDegree(kernel, degree);
            if (best == null || p.maxFitError < best.maxFitError) {
                best = p;
            }
            if (p.maxFitError <= target) {
                return p;
            }
            if (degree > kernel.width() + 8 && p.maxFitError > 0.5 * best.maxFitError) {
                break; // rounding dominates: more terms do not help
            }
        }
        return best;
    }

    private static KernelPolynomial fitDegree(EsKernel kernel, int degree) {
        int w = kernel.width();
        int nodes = degree + 1;
        double[] coef = new double[nodes * w];
        double[] f = new double[nodes];
        double[] x = new double[nodes];
        for (int m = 0; m < nodes; m++) {
            x[m] = Math.cos(Math.PI * (m + 0.5) / nodes);
        }
        for (int i = 0; i < w; i++) {
            for (int m = 0; m < nodes; m++) {
                f[m] = kernel.phi(argument(x[m], i, w));
            }
            double[] mono = chebyshevToMonomial(chebyshevCoefficients(f, x));
            for (int k = 0; k <= degree; k++) {
                // highest degree first: Horner step s multiplies in coefficient of degree (degree - s)
                coef[(degree - k) * w + i] = mono[k];
            }
        }
        var p = new KernelPolynomial(kernel, degree, coef, 0.0);
        double err = 0;
        double[] out = new double[w];
        for (int s = 0; s <= SAMPLES_PER_PIECE; s++) {
            double u = (double) s / SAMPLES_PER_PIECE;
            p.evaluate(2 * u - 1, out);
            for (int i = 0; i < w; i++) {
                err = Math.max(err, Math.abs(out[i] - kernel.phi(2.0 * (u + i) / w - 1.0)));
            }
        }
        return new KernelPolynomial(kernel, degree, coef, err);
    }

    /** The kernel argument z seen by cell i for Horner variable x = 2u - 1. */
    private static double argument(double x, int i, int w) {
        return (x + 1.0 + 2.0 * i) / w - 1.0;
    }

    /** c_k = (2/n) sum_m f(x_m) T_k(x_m), with c_0 halved: interpolant sum_k c_k T_k(x). */
    private static double[] chebyshevCoefficients(double[] f, double[] x) {
        int n = f.length;
        double[] c = new double[n];
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int m = 0; m < n; m++) {
                s += f[m] * Math.cos(k * Math.PI * (m + 0.5) / n);
            }
            c[k] = (k == 0 ? 1.0 : 2.0) * s / n;
        }
        return c;
    }

    /** Expands sum_k c_k T_k(x) in powers of x, with T_{k+1} = 2x T_k - T_{k-1}. */
    private static double[] chebyshevToMonomial(double[] c) {
        int n = c.length;
        double[] result = new double[n];
        double[] tPrev = new double[n];
        double[] tCur = new double[n];
        tPrev[0] = 1.0; // T_0
        result[0] += c[0];
        if (n > 1) {
            tCur[1] = 1.0; // T_1
            result[1] += c[1];
        }
        for (int k = 2; k < n; k++) {
            double[] tNext = new double[n];
            for (int p = 0; p < n; p++) {
                double v = -tPrev[p];
                if (p > 0) {
                    v += 2.0 * tCur[p - 1];
                }
                tNext[p] = v;
            }
            for (int p = 0; p < n; p++) {
                result[p] += c[k] * tNext[p];
            }
            tPrev = tCur;
            tCur = tNext;
        }
        return result;
    }

    /**
     * Writes phi at the w cells of a point whose Horner variable is x = 2u - 1 (class comment).
     *
     * @param x the Horner variable 2u - 1, in [-1, 1) for an offset u in [0, 1)
     * @param out receives the kernel value of cell i (i = 0..w-1) at {@code out[i]}; its length
     *     must be at least w
     */
    public void evaluate(double x, double[] out) {
        int w = width;
        for (int i = 0; i < w; i++) {
            out[i] = coef[i];
        }
        for (int k = 1; k <= degree; k++) {
            int row = k * w;
            for (int i = 0; i < w; i++) {
                out[i] = out[i] * x + coef[row + i];
            }
        }
    }

    /**
     * The kernel this polynomial fits.
     *
     * @return the kernel given to {@link #fit}
     */
    public EsKernel kernel() {
        return kernel;
    }

    /**
     * The kernel's width w: the number of cells, and of polynomials, per point.
     *
     * @return the width in cells
     */
    public int width() {
        return width;
    }

    /**
     * The degree of every cell's polynomial: the number of Horner steps after the first row.
     *
     * @return the degree, at least 2
     */
    public int degree() {
        return degree;
    }

    /**
     * The Horner coefficients in the layout of the class comment.
     *
     * @return a copy of the {@code (degree + 1) * width} values, highest degree first: element
     *     {@code k * width + i} is step k of cell i
     */
    public double[] coefficients() {
        return coef.clone();
    }

    /**
     * The Horner coefficients laid out for SIMD lanes: row k (highest degree first) holds the w
     * coefficients of cell 0..w-1, then zeros up to {@code stride}, a multiple of {@code lanes}.
     * Computed once and cached (one lane count per JVM in practice; another count replaces it).
     *
     * @param lanes the vector length in elements the rows are padded for, in [1, 64]
     * @return the padded table, with {@code stride} the smallest multiple of {@code lanes} that
     *     is at least w
     * @throws IllegalArgumentException if {@code lanes} is outside [1, 64]
     */
    public DoubleHornerTable hornerTableDouble(int lanes) {
        DoubleHornerTable cached = plain;
        if (cached != null && cached.lanes() == lanes) {
            return cached;
        }
        checkLanes(lanes);
        cached = table(lanes, 0, 1);
        plain = cached;
        return cached;
    }

    /**
     * Interleaved tables, element r/2 shifted by r = 0, 2, .., lanes - 2 lanes: each cell's
     * coefficient stands twice (lanes r + 2i and r + 2i + 1), so Horner's rule yields the kernel
     * row matching interleaved complex cells (re, im, ...), starting at lane r; a row can then be
     * written with vectors at lane-aligned indices. Element 0 is the unshifted row. Cached.
     *
     * @param lanes the vector length in elements the rows are padded for, in [1, 64]
     * @return {@code max(1, lanes / 2)} tables; table q holds cell i's coefficient at lanes
     *     {@code 2q + 2i} and {@code 2q + 2i + 1} of each row, zeros elsewhere, rows padded to a
     *     multiple of {@code lanes}
     * @throws IllegalArgumentException if {@code lanes} is outside [1, 64]
     */
    public DoubleHornerTable[] interleavedShiftedDouble(int lanes) {
        DoubleHornerTable[] cached = shifted;
        if (cached != null && cached[0].lanes() == lanes) {
            return cached;
        }
        checkLanes(lanes);
        cached = new DoubleHornerTable[Math.max(1, lanes / 2)];
        for (int q = 0; q < cached.length; q++) {
            cached[q] = table(lanes, 2 * q, 2);
        }
        shifted = cached;
        return cached;
    }

    /**
     * {@link #hornerTableDouble} with the coefficients rounded to float (for float transforms).
     * Cached.
     *
     * @param lanes the vector length in elements the rows are padded for, in [1, 64]
     * @return the float table, same layout as the double one
     * @throws IllegalArgumentException if {@code lanes} is outside [1, 64]
     */
    public FloatHornerTable hornerTableFloat(int lanes) {
        FloatHornerTable cached = plainFloat;
        if (cached == null || cached.lanes() != lanes) {
            cached = FloatHornerTable.rounded(hornerTableDouble(lanes));
            plainFloat = cached;
        }
        return cached;
    }

    /**
     * {@link #interleavedShiftedDouble} with the coefficients rounded to float. Cached.
     *
     * @param lanes the vector length in elements the rows are padded for, in [1, 64]
     * @return the float tables, same layouts as the double ones
     * @throws IllegalArgumentException if {@code lanes} is outside [1, 64]
     */
    public FloatHornerTable[] interleavedShiftedFloat(int lanes) {
        FloatHornerTable[] cached = shiftedFloat;
        if (cached == null || cached[0].lanes() != lanes) {
            DoubleHornerTable[] d = interleavedShiftedDouble(lanes);
            cached = new FloatHornerTable[d.length];
            for (int q = 0; q < d.length; q++) {
                cached[q] = FloatHornerTable.rounded(d[q]);
            }
            shiftedFloat = cached;
        }
        return cached;
    }

    private static void checkLanes(int lanes) {
        if (lanes < 1 || lanes > MAX_LANES) {
            throw new IllegalArgumentException("lanes must be in [1, " + MAX_LANES + "], got " + lanes);
        }
    }

    /** Coefficient of cell i at positions offset + copies*i (+1 when copies is 2), rows padded. */
    private DoubleHornerTable table(int lanes, int offset, int copies) {
        return layout(coef, degree, lanes, offset, copies);
    }

    private DoubleHornerTable layout(double[] c, int deg, int lanes, int offset, int copies) {
        int stride = (copies * width + offset + lanes - 1) / lanes * lanes;
        double[] t = new double[(deg + 1) * stride];
        for (int k = 0; k <= deg; k++) {
            for (int i = 0; i < width; i++) {
                for (int q = 0; q < copies; q++) {
                    t[k * stride + offset + copies * i + q] = c[k * width + i];
                }
            }
        }
        return new DoubleHornerTable(lanes, deg, stride, t);
    }

    /**
     * Horner coefficients of dP_i/dx, the derivative in the Horner variable x = 2u - 1 (one
     * degree lower): row r is (degree - r) times row r of P. With x = 2 (l0 - t + w/2) - 1 for a
     * point at fine coordinate t, the derivative of cell i's kernel value in t is
     * {@code -2 dP_i/dx}; callers apply that factor and the fine-grid scale n / 2 pi.
     */
    private double[] derivativeCoefficients() {
        double[] d = new double[Math.max(1, degree) * width];
        for (int r = 0; r < degree; r++) {
            for (int i = 0; i < width; i++) {
                d[r * width + i] = (degree - r) * coef[r * width + i];
            }
        }
        return d;
    }

    /**
     * {@link #hornerTableDouble} of the derivative dP_i/dx in the Horner variable, one degree
     * lower. The derivative of cell i's kernel value in the fine coordinate t is
     * {@code -2 dP_i/dx}; callers apply that factor (and the fine-grid scale). Cached.
     *
     * @param lanes the vector length in elements the rows are padded for, in [1, 64]
     * @return the padded table of the derivative, of degree {@code max(0, degree - 1)}
     * @throws IllegalArgumentException if {@code lanes} is outside [1, 64]
     */
    public DoubleHornerTable derivativeTableDouble(int lanes) {
        DoubleHornerTable cached = plainDerivative;
        if (cached == null || cached.lanes() != lanes) {
            checkLanes(lanes);
            cached = layout(derivativeCoefficients(), Math.max(0, degree - 1), lanes, 0, 1);
            plainDerivative = cached;
        }
        return cached;
    }

    /**
     * {@link #interleavedShiftedDouble} of the derivative dP_i/dx (as in
     * {@link #derivativeTableDouble}). Cached.
     *
     * @param lanes the vector length in elements the rows are padded for, in [1, 64]
     * @return {@code max(1, lanes / 2)} shifted tables of the derivative
     * @throws IllegalArgumentException if {@code lanes} is outside [1, 64]
     */
    public DoubleHornerTable[] derivativeInterleavedShiftedDouble(int lanes) {
        DoubleHornerTable[] cached = shiftedDerivative;
        if (cached == null || cached[0].lanes() != lanes) {
            checkLanes(lanes);
            double[] d = derivativeCoefficients();
            cached = new DoubleHornerTable[Math.max(1, lanes / 2)];
            for (int q = 0; q < cached.length; q++) {
                cached[q] = layout(d, Math.max(0, degree - 1), lanes, 2 * q, 2);
            }
            shiftedDerivative = cached;
        }
        return cached;
    }

    /**
     * {@link #derivativeTableDouble} rounded to float. Cached.
     *
     * @param lanes the vector length in elements the rows are padded for, in [1, 64]
     * @return the float table of the derivative
     * @throws IllegalArgumentException if {@code lanes} is outside [1, 64]
     */
    public FloatHornerTable derivativeTableFloat(int lanes) {
        FloatHornerTable cached = plainDerivativeFloat;
        if (cached == null || cached.lanes() != lanes) {
            cached = FloatHornerTable.rounded(derivativeTableDouble(lanes));
            plainDerivativeFloat = cached;
        }
        return cached;
    }

    /**
     * {@link #derivativeInterleavedShiftedDouble} rounded to float. Cached.
     *
     * @param lanes the vector length in elements the rows are padded for, in [1, 64]
     * @return the float shifted tables of the derivative
     * @throws IllegalArgumentException if {@code lanes} is outside [1, 64]
     */
    public FloatHornerTable[] derivativeInterleavedShiftedFloat(int lanes) {
        FloatHornerTable[] cached = shiftedDerivativeFloat;
        if (cached == null || cached[0].lanes() != lanes) {
            DoubleHornerTable[] d = derivativeInterleavedShiftedDouble(lanes);
            cached = new FloatHornerTable[d.length];
            for (int q = 0; q < d.length; q++) {
                cached[q] = FloatHornerTable.rounded(d[q]);
            }
            shiftedDerivativeFloat = cached;
        }
        return cached;
    }

    /**
     * A lane layout of the coefficients: {@code (degree + 1)} rows of {@code stride} values.
     *
     * @param lanes the vector length in elements the rows are padded for
     * @param degree the polynomial degree: there are {@code degree + 1} rows, highest degree first
     * @param stride the length of a row, a multiple of {@code lanes}; row k starts at
     *     {@code k * stride}
     * @param coefficients the {@code (degree + 1) * stride} coefficients, zero in the padding
     */
    public record DoubleHornerTable(int lanes, int degree, int stride, double[] coefficients) {
    }

    /**
     * The same layout as {@link DoubleHornerTable} in float, for the float twins of the spreading
     * kernels.
     *
     * @param lanes the vector length in elements the rows are padded for
     * @param degree the polynomial degree: there are {@code degree + 1} rows, highest degree first
     * @param stride the length of a row, a multiple of {@code lanes}; row k starts at
     *     {@code k * stride}
     * @param coefficients the {@code (degree + 1) * stride} coefficients, rounded to float, zero
     *     in the padding
     */
    public record FloatHornerTable(int lanes, int degree, int stride, float[] coefficients) {

        static FloatHornerTable rounded(DoubleHornerTable t) {
            double[] c = t.coefficients();
            float[] f = new float[c.length];
            for (int i = 0; i < c.length; i++) {
                f[i] = (float) c[i];
            }
            return new FloatHornerTable(t.lanes(), t.degree(), t.stride(), f);
        }
    }

    /**
     * Largest absolute error of the fit against phi on the dense check sample (65 offsets per
     * cell, u = 0, 1/64, .., 1).
     *
     * @return the largest absolute difference between the polynomials and phi
     */
    public double maxFitError() {
        return maxFitError;
    }
}
