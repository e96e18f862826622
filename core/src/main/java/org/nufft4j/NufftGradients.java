package org.nufft4j;

import java.util.Objects;

/**
 * Derivatives of a type 1, 2 or 3 NUFFT for automatic differentiation: vector-Jacobian
 * products (reverse mode) and Jacobian-vector products (forward mode) with respect to both the
 * strengths or coefficients and the non-uniform points, each built on the gradient forms of
 * docs/design.md, NUFFT so that the point derivatives cost one FFT per output stack, never d + 1.
 *
 * <p>Conventions.
 * <ul>
 *   <li>The loss L is real. The gradient with respect to a complex number z is
 *       {@code dL/dRe z + i dL/dIm z}, stored interleaved like the data: what PyTorch returns
 *       for complex tensors (twice the conjugate Wirtinger derivative dL/dz*). So for a
 *       linear map {@code out = A in}, {@code inputGradient = A^H outputGradient}.
 *   <li>Point gradients and point tangents are real, {@code dim * M} doubles, component by
 *       component: {@code [d * M + j]} for coordinate d of point j. Points are shared by the
 *       transforms of a batch, so the point gradient sums over the batch, and a point tangent
 *       moves the points of every transform.
 * </ul>
 *
 * <p>What each call runs (σ = isign):
 * <table>
 *   <caption>transforms behind each product</caption>
 *   <tr><th></th><th>type 1, f = Σ c e^{σ i k.x}</th><th>type 2, c = Σ f e^{σ i k.x}</th></tr>
 *   <tr><td>vjp</td><td>type 2 with gradients (−σ) of the incoming gradient: 1 FFT</td>
 *       <td>type 1 (−σ) of the incoming gradient and type 2 with gradients (σ) of f: 2 FFTs</td></tr>
 *   <tr><td>jvp</td><td>type 1 with dipoles (σ), dipoles c_j ẋ_j: 1 FFT</td>
 *       <td>type 2 (σ) of the tangent and type 2 with gradients (σ) of f: 2 FFTs</td></tr>
 * </table>
 *
 * <p>Type 3 ({@link #create(NufftType, int, int, double, NufftOptions)}), {@code f_k = Σ_j c_j
 * e^{σ i s_k.x_j}}, with respect to strengths, sources and targets, on one plan (one sort of
 * each set): vjp is the adjoint with source gradients of the incoming gradient (c̄ and x̄) and
 * the type 3 with target gradients of c (s̄); jvp the type 3 with dipoles {@code c_j ẋ_j} of
 * the strength tangent and the target gradients of c dotted with ṡ. Two inner FFTs for the
 * full product either way (docs/design.md, "Type 3", "Gradient forms"). Source gradients and
 * tangents are stored {@code [d * M + j]}, target ones {@code [d * N + k]}.
 */
public final class NufftGradients implements AutoCloseable {

    private final NufftType type;
    private final int dim;
    private final int batch;
    private final int modeCount;
    /** The transform itself (type, σ): forward, jvp, and for type 2 the point part of the vjp. */
    private final NufftPlan forward;
    /** The adjoint (other type, −σ): the vjp. */
    private final NufftPlan adjoint;
    private int pointCount = -1;
    /** Targets of a type 3 (N). */
    private int targetCount = -1;

    private NufftGradients(NufftPlan forward, NufftPlan adjoint) {
        this.forward = forward;
        this.adjoint = adjoint;
        this.type = forward.type();
        this.dim = forward.dimension();
        this.batch = forward.options().batchSize();
        int count = 1;
        for (int n : forward.modes()) {
            count *= n;
        }
        this.modeCount = count;
    }

    /**
     * Type 3 derivatives: {@code type} must be {@link NufftType#TYPE_3}; the rest as
     * {@link NufftPlan#createType3(int, int, double, NufftOptions)}; double precision. One type 3
     * plan serves the forward transform, its adjoint and both gradient forms.
     *
     * @param type {@link NufftType#TYPE_3}
     * @param dimension 1, 2 or 3
     * @param isign +1 or -1, the sign σ in the exponential
     * @param tolerance requested l2 error, as for
     *     {@link NufftPlan#createType3(int, int, double, NufftOptions)}
     * @param options the plan's options; {@code precision} must be DOUBLE
     * @return the derivatives without points; call {@link #setPoints(double[][], double[][])} next
     * @throws IllegalArgumentException if {@code type} is not TYPE_3, the precision is FLOAT, or
     *     the plan rejects an argument (naming it)
     * @throws NullPointerException if {@code type} or {@code options} is null
     */
    public static NufftGradients create(NufftType type, int dimension, int isign, double tolerance,
                                        NufftOptions options) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(options, "options");
        if (type != NufftType.TYPE_3) {
            throw new IllegalArgumentException("type " + type + " has modes: use create(type, modes, isign, tolerance)");
        }
        if (options.precision() != Precision.DOUBLE) {
            throw new IllegalArgumentException("NufftGradients runs in double precision; options.precision is "
                    + options.precision());
        }
        return new NufftGradients(NufftPlan.createType3(dimension, isign, tolerance, options), null);
    }

    /**
     * Type 3 derivatives with {@link NufftOptions#defaults()}: {@link #create(NufftType, int, int,
     * double, NufftOptions)}.
     *
     * @param type {@link NufftType#TYPE_3}
     * @param dimension 1, 2 or 3
     * @param isign +1 or -1, the sign σ in the exponential
     * @param tolerance requested l2 error
     * @return the derivatives without points
     * @throws IllegalArgumentException if {@code type} is not TYPE_3 or the plan rejects an argument
     * @throws NullPointerException if {@code type} is null
     */
    public static NufftGradients create(NufftType type, int dimension, int isign, double tolerance) {
        return create(type, dimension, isign, tolerance, NufftOptions.defaults());
    }

    /**
     * Type 1 or 2 derivatives: the plan {@link NufftPlan#create(NufftType, int[], int, double,
     * NufftOptions)} makes and its adjoint (the other type, −σ), which share the sorted points;
     * double precision.
     *
     * @param type TYPE_1 or TYPE_2
     * @param modes N_1 (, N_2 (, N_3)), each at least 1: the dimension is {@code modes.length}
     * @param isign +1 or -1, the sign σ in the exponential
     * @param tolerance requested l2 error of each transform, as for {@link NufftPlan#create}
     * @param options the plans' options; {@code precision} must be DOUBLE
     * @return the derivatives without points; call {@code setPoints} next
     * @throws IllegalArgumentException if {@code type} is TYPE_3, the precision is FLOAT, or a
     *     plan rejects an argument (naming it)
     * @throws NullPointerException if {@code type}, {@code modes} or {@code options} is null
     */
    public static NufftGradients create(NufftType type, int[] modes, int isign, double tolerance, NufftOptions options) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(options, "options");
        if (type == NufftType.TYPE_3) {
            throw new IllegalArgumentException("TYPE_3 has no modes: use create(TYPE_3, dimension, isign, tolerance)");
        }
        if (options.precision() != Precision.DOUBLE) {
            throw new IllegalArgumentException("NufftGradients runs in double precision; options.precision is "
                    + options.precision());
        }
        NufftType other = type == NufftType.TYPE_1 ? NufftType.TYPE_2 : NufftType.TYPE_1;
        var forward = NufftPlan.create(type, modes, isign, tolerance, options);
        try {
            return new NufftGradients(forward, NufftPlan.create(other, modes, -isign, tolerance, options));
        } catch (RuntimeException e) {
            forward.close();
            throw e;
        }
    }

    /**
     * Type 1 or 2 derivatives with {@link NufftOptions#defaults()}: {@link #create(NufftType,
     * int[], int, double, NufftOptions)}.
     *
     * @param type TYPE_1 or TYPE_2
     * @param modes N_1 (, N_2 (, N_3)), each at least 1
     * @param isign +1 or -1, the sign σ in the exponential
     * @param tolerance requested l2 error
     * @return the derivatives without points
     * @throws IllegalArgumentException if {@code type} is TYPE_3 or a plan rejects an argument
     * @throws NullPointerException if {@code type} or {@code modes} is null
     */
    public static NufftGradients create(NufftType type, int[] modes, int isign, double tolerance) {
        return create(type, modes, isign, tolerance, NufftOptions.defaults());
    }

    /**
     * Sets the M sources and N targets of a type 3 ({@link NufftPlan#setPoints(double[][],
     * double[][])}).
     *
     * @param sources {@code dimension} arrays of the M source coordinates (coordinate-major)
     * @param targets {@code dimension} arrays of the N target frequencies
     * @throws IllegalStateException if this is not a type 3, or the plan is closed
     * @throws IllegalArgumentException as {@link NufftPlan#setPoints(double[][], double[][])}
     * @throws NullPointerException if an array is null
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted
     */
    public void setPoints(double[][] sources, double[][] targets) {
        if (type != NufftType.TYPE_3) {
            throw new IllegalStateException("setPoints(sources, targets) is for TYPE_3; this is " + type);
        }
        try {
            forward.setPoints(sources, targets);
        } finally {
            boolean ok = forward.hasPoints();
            pointCount = ok ? forward.pointCount() : -1;
            targetCount = ok ? forward.targetCount() : -1;
        }
    }

    /**
     * Sets the M points of a 1D type 1 or 2, as {@link NufftPlan#setPoints(double[])}: sorted
     * once, for both directions.
     *
     * @param x the M coordinates, radians, read 2 pi-periodically
     * @throws IllegalStateException if this is a type 3, or the plans are closed
     * @throws IllegalArgumentException if the dimension is not the plans', the arrays differ in
     *     length, or a coordinate is not finite
     * @throws NullPointerException if an array is null
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted
     */
    public void setPoints(double[] x) {
        try {
            forward.setPoints(x);
        } finally {
            sharePoints();
        }
    }

    /**
     * Sets the M points of a 2D type 1 or 2, as {@link NufftPlan#setPoints(double[], double[])}:
     * sorted once, for both directions.
     *
     * @param x the first coordinate of each point
     * @param y the second coordinate of each point, as many as {@code x}
     * @throws IllegalStateException if this is a type 3, or the plans are closed
     * @throws IllegalArgumentException if the dimension is not the plans', the arrays differ in
     *     length, or a coordinate is not finite
     * @throws NullPointerException if an array is null
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted
     */
    public void setPoints(double[] x, double[] y) {
        try {
            forward.setPoints(x, y);
        } finally {
            sharePoints();
        }
    }

    /**
     * Sets the M points of a 3D type 1 or 2, as {@link NufftPlan#setPoints(double[], double[],
     * double[])}: sorted once, for both directions.
     *
     * @param x the first coordinate of each point
     * @param y the second coordinate of each point, as many as {@code x}
     * @param z the third coordinate of each point, as many as {@code x}
     * @throws IllegalStateException if this is a type 3, or the plans are closed
     * @throws IllegalArgumentException if the dimension is not the plans', the arrays differ in
     *     length, or a coordinate is not finite
     * @throws NullPointerException if an array is null
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted
     */
    public void setPoints(double[] x, double[] y, double[] z) {
        try {
            forward.setPoints(x, y, z);
        } finally {
            sharePoints();
        }
    }

    /**
     * The adjoint takes the forward plan's sorted points (same fine grid and kernel width):
     * the new ones, the previous ones after a rejected call, none after an interrupted one.
     */
    private void sharePoints() {
        if (adjoint == null) {
            throw new IllegalStateException("TYPE_3 takes setPoints(sources, targets)");
        }
        adjoint.sharePointsOf(forward);
        pointCount = forward.hasPoints() ? forward.pointCount() : -1;
    }

    /**
     * The transform itself, as {@link NufftPlan#execute(double[], double[])}.
     *
     * @param input the strengths (types 1 and 3) or the modes (type 2), interleaved, whole batch
     * @param output receives the modes (type 1), the values at the points (type 2) or f at the
     *     targets (type 3)
     * @throws IllegalStateException if no points were set or the plans are closed
     * @throws IllegalArgumentException if a length is wrong or the arrays are the same
     * @throws NullPointerException if an array is null
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted
     */
    public void forward(double[] input, double[] output) {
        forward.execute(input, output);
    }

    /**
     * Reverse mode: given {@code input} (strengths for type 1, coefficients for type 2) and the
     * gradient of L with respect to the output, writes the gradient with respect to the input
     * and to the points (see the class comment for layouts). Complex arrays are interleaved
     * (re, im) and stacked by transform, as the plan's; modes in the plan's {@link ModeOrder}.
     *
     * @param input the transform's input: strengths c ({@code 2 M batchSize} doubles, type 1) or
     *     modes f ({@code 2 N batchSize}, type 2)
     * @param outputGradient dL/d(output), laid out as the output
     * @param inputGradient receives dL/d(input), laid out as the input
     * @param pointGradient receives dL/dx, {@code dim M} real numbers at {@code [d M + j]},
     *     summed over the batch
     * @throws IllegalStateException if this is a type 3 (use the five-argument form), no points
     *     were set, or the plans are closed
     * @throws IllegalArgumentException if a length differs from the one above or an output is
     *     also another argument
     * @throws NullPointerException if an array is null
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted
     */
    public void vjp(double[] input, double[] outputGradient, double[] inputGradient, double[] pointGradient) {
        requireModes("vjp");
        int m = checkPoints();
        requireLength(input, "input", inLength(m));
        requireLength(outputGradient, "outputGradient", outLength(m));
        requireLength(inputGradient, "inputGradient", inLength(m));
        requireLength(pointGradient, "pointGradient", (long) dim * m);
        requireDistinct(new double[][] {input, outputGradient, inputGradient, pointGradient},
                new String[] {"input", "outputGradient", "inputGradient", "pointGradient"}, 2);
        if (type == NufftType.TYPE_1) {
            // (v, g) = T2grad(-σ)(F̄): inputGradient = v, dL/dx_jd = Re(c_j conj(g_jd))
            double[] g = scratch(2L * m * dim * batch);
            adjoint.executeGradient(outputGradient, inputGradient, g);
            pointGradientOf(input, g, pointGradient, m);
        } else {
            // inputGradient = T1(-σ)(C̄); dL/dx_jd = Re(conj(C̄_j) g_jd) with g = T2grad(σ)(f)
            double[] values = scratch(2L * m * batch);
            double[] g = scratch(2L * m * dim * batch);
            forward.executeGradient(input, values, g);
            adjoint.execute(outputGradient, inputGradient);
            pointGradientOf(outputGradient, g, pointGradient, m);
        }
    }

    /**
     * pointGradient[d M + j] = sum over the batch of Re(a_j conj(g_jd)), which equals
     * Re(conj(a_j) g_jd): both products of the table above.
     */
    private void pointGradientOf(double[] a, double[] g, double[] pointGradient, int m) {
        java.util.Arrays.fill(pointGradient, 0.0);
        for (int b = 0; b < batch; b++) {
            for (int d = 0; d < dim; d++) {
                for (int j = 0; j < m; j++) {
                    int ai = 2 * (b * m + j);
                    int gi = 2 * (b * m * dim + d * m + j);
                    pointGradient[d * m + j] += a[ai] * g[gi] + a[ai + 1] * g[gi + 1];
                }
            }
        }
    }

    /**
     * Forward mode: given {@code input} and tangents of the input and of the points, writes the
     * tangent of the output (layouts as for {@link #vjp(double[], double[], double[], double[])}).
     *
     * @param input the transform's input: strengths (type 1) or modes (type 2), whole batch
     * @param inputTangent the tangent of the input, laid out as the input
     * @param pointTangent the tangent of the points, {@code dim M} real numbers at
     *     {@code [d M + j]}, the same for every transform of the batch
     * @param outputTangent receives the tangent of the output, laid out as the output
     * @throws IllegalStateException if this is a type 3 (use the five-argument form), no points
     *     were set, or the plans are closed
     * @throws IllegalArgumentException if a length differs from the one above or an output is
     *     also another argument
     * @throws NullPointerException if an array is null
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted
     */
    public void jvp(double[] input, double[] inputTangent, double[] pointTangent, double[] outputTangent) {
        requireModes("jvp");
        int m = checkPoints();
        requireLength(input, "input", inLength(m));
        requireLength(inputTangent, "inputTangent", inLength(m));
        requireLength(pointTangent, "pointTangent", (long) dim * m);
        requireLength(outputTangent, "outputTangent", outLength(m));
        requireDistinct(new double[][] {input, inputTangent, pointTangent, outputTangent},
                new String[] {"input", "inputTangent", "pointTangent", "outputTangent"}, 3);
        if (type == NufftType.TYPE_1) {
            // ḟ = T1dip(σ)(ċ, d_j = c_j ẋ_j)
            double[] dipoles = dipolesOf(input, pointTangent, m);
            forward.executeDipoles(inputTangent, dipoles, outputTangent);
        } else {
            // ċ_j = T2(σ)(ḟ)_j + sum_d g_jd ẋ_jd with g = T2grad(σ)(f)
            double[] values = scratch(2L * m * batch);
            double[] g = scratch(2L * m * dim * batch);
            forward.executeGradient(input, values, g);
            forward.execute(inputTangent, outputTangent);
            for (int b = 0; b < batch; b++) {
                for (int d = 0; d < dim; d++) {
                    for (int j = 0; j < m; j++) {
                        int oi = 2 * (b * m + j);
                        int gi = 2 * (b * m * dim + d * m + j);
                        outputTangent[oi] += g[gi] * pointTangent[d * m + j];
                        outputTangent[oi + 1] += g[gi + 1] * pointTangent[d * m + j];
                    }
                }
            }
        }
    }

    /**
     * Type 3 reverse mode: given the strengths {@code input} and the gradient of L with respect
     * to the output, writes the gradients with respect to the strengths, the sources
     * ({@code [d M + j]}) and the targets ({@code [d N + k]}): {@code c̄ = A ḡ}, {@code x̄_jd =
     * Re(c_j conj(∂_d (A ḡ)(x_j)))} from the adjoint with source gradients, {@code s̄_kd =
     * Re(conj(ḡ_k) ∂_{s_d} f(s_k))} from the type 3 with target gradients; sums over the batch.
     *
     * @param input the strengths c, {@code 2 M batchSize} doubles, interleaved
     * @param outputGradient dL/df, {@code 2 N batchSize} doubles
     * @param inputGradient receives dL/dc, {@code 2 M batchSize} doubles
     * @param sourceGradient receives dL/dx, {@code dim M} real numbers at {@code [d M + j]}
     * @param targetGradient receives dL/ds, {@code dim N} real numbers at {@code [d N + k]}
     * @throws IllegalStateException if this is not a type 3 (use the four-argument form), no
     *     points were set, or the plan is closed
     * @throws IllegalArgumentException if a length differs from the one above or an output is
     *     also another argument
     * @throws NullPointerException if an array is null
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted
     */
    public void vjp(double[] input, double[] outputGradient, double[] inputGradient, double[] sourceGradient,
                    double[] targetGradient) {
        requireType3("vjp");
        int m = checkPoints();
        int n = targetCount;
        requireLength(input, "input", 2L * m * batch);
        requireLength(outputGradient, "outputGradient", 2L * n * batch);
        requireLength(inputGradient, "inputGradient", 2L * m * batch);
        requireLength(sourceGradient, "sourceGradient", (long) dim * m);
        requireLength(targetGradient, "targetGradient", (long) dim * n);
        requireDistinct(new double[][] {input, outputGradient, inputGradient, sourceGradient, targetGradient},
                new String[] {"input", "outputGradient", "inputGradient", "sourceGradient", "targetGradient"}, 2);
        double[] gx = scratch(2L * m * dim * batch);
        forward.executeAdjointGradient(outputGradient, inputGradient, gx);
        double[] values = scratch(2L * n * batch);
        double[] gs = scratch(2L * n * dim * batch);
        forward.executeGradient(input, values, gs);
        pointGradientOf(input, gx, sourceGradient, m);
        pointGradientOf(outputGradient, gs, targetGradient, n);
    }

    /**
     * Type 3 forward mode: given the strengths and the tangents of the strengths, the sources
     * ({@code [d M + j]}) and the targets ({@code [d N + k]}), writes the tangent of the
     * output: {@code ḟ_k = Σ_j (ċ_j + σ i s_k.(c_j ẋ_j)) E_kj + ṡ_k.∂_s f(s_k)}.
     *
     * @param input the strengths c, {@code 2 M batchSize} doubles, interleaved
     * @param inputTangent the tangent of the strengths, {@code 2 M batchSize} doubles
     * @param sourceTangent the tangent of the sources, {@code dim M} real numbers at
     *     {@code [d M + j]}
     * @param targetTangent the tangent of the targets, {@code dim N} real numbers at
     *     {@code [d N + k]}
     * @param outputTangent receives the tangent of f, {@code 2 N batchSize} doubles
     * @throws IllegalStateException if this is not a type 3 (use the four-argument form), no
     *     points were set, or the plan is closed
     * @throws IllegalArgumentException if a length differs from the one above or an output is
     *     also another argument
     * @throws NullPointerException if an array is null
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted
     */
    public void jvp(double[] input, double[] inputTangent, double[] sourceTangent, double[] targetTangent,
                    double[] outputTangent) {
        requireType3("jvp");
        int m = checkPoints();
        int n = targetCount;
        requireLength(input, "input", 2L * m * batch);
        requireLength(inputTangent, "inputTangent", 2L * m * batch);
        requireLength(sourceTangent, "sourceTangent", (long) dim * m);
        requireLength(targetTangent, "targetTangent", (long) dim * n);
        requireLength(outputTangent, "outputTangent", 2L * n * batch);
        requireDistinct(new double[][] {input, inputTangent, sourceTangent, targetTangent, outputTangent},
                new String[] {"input", "inputTangent", "sourceTangent", "targetTangent", "outputTangent"}, 4);
        double[] values = scratch(2L * n * batch);
        double[] gs = scratch(2L * n * dim * batch);
        forward.executeGradient(input, values, gs);
        forward.executeDipoles(inputTangent, dipolesOf(input, sourceTangent, m), outputTangent);
        for (int b = 0; b < batch; b++) {
            for (int d = 0; d < dim; d++) {
                for (int k = 0; k < n; k++) {
                    int oi = 2 * (b * n + k);
                    int gi = 2 * (b * n * dim + d * n + k);
                    outputTangent[oi] += gs[gi] * targetTangent[d * n + k];
                    outputTangent[oi + 1] += gs[gi + 1] * targetTangent[d * n + k];
                }
            }
        }
    }

    /** Dipoles {@code c_j ẋ_j} of every transform of the batch, in the gradient forms' layout. */
    private double[] dipolesOf(double[] input, double[] pointTangent, int m) {
        double[] dipoles = scratch(2L * m * dim * batch);
        for (int b = 0; b < batch; b++) {
            for (int d = 0; d < dim; d++) {
                for (int j = 0; j < m; j++) {
                    int ci = 2 * (b * m + j);
                    int di = 2 * (b * m * dim + d * m + j);
                    dipoles[di] = input[ci] * pointTangent[d * m + j];
                    dipoles[di + 1] = input[ci + 1] * pointTangent[d * m + j];
                }
            }
        }
        return dipoles;
    }

    private void requireType3(String method) {
        if (type != NufftType.TYPE_3) {
            throw new IllegalStateException(method + " with source and target gradients is for TYPE_3; this is "
                    + type + " (use the four-argument form)");
        }
    }

    private void requireModes(String method) {
        if (type == NufftType.TYPE_3) {
            throw new IllegalStateException("a TYPE_3 " + method + " has source and target gradients: use the"
                    + " five-argument form");
        }
    }

    private int checkPoints() {
        if (pointCount < 0) {
            throw new IllegalStateException("set the non-uniform points first (setPoints)");
        }
        return pointCount;
    }

    /** Doubles of the transform's input (strengths for type 1, modes for type 2), whole batch. */
    private long inLength(int m) {
        return type == NufftType.TYPE_1 ? 2L * m * batch : 2L * modeCount * batch;
    }

    /** Doubles of the transform's output, whole batch. */
    private long outLength(int m) {
        return type == NufftType.TYPE_1 ? 2L * modeCount * batch : 2L * m * batch;
    }

    /** Work arrays of the products; sizes past an array's reach are refused, not overflowed. */
    private static double[] scratch(long length) {
        if (length > Integer.MAX_VALUE - 8L) {
            throw new IllegalArgumentException("M * dim * batchSize too large: a work array of " + length
                    + " doubles does not fit in a Java array");
        }
        return new double[(int) length];
    }

    private static void requireLength(double[] a, String name, long expected) {
        Objects.requireNonNull(a, name);
        if (a.length != expected) {
            throw new IllegalArgumentException(name + ".length = " + a.length + ", expected " + expected);
        }
    }

    /**
     * Rejects aliasing: the arrays from index {@code firstOutput} on are written while the
     * others (and each other) are still read, so each must be an array of its own.
     */
    static void requireDistinct(double[][] arrays, String[] names, int firstOutput) {
        for (int o = firstOutput; o < arrays.length; o++) {
            for (int a = 0; a < arrays.length; a++) {
                if (a != o && arrays[a] == arrays[o]) {
                    throw new IllegalArgumentException(names[Math.min(a, o)] + " and " + names[Math.max(a, o)]
                            + " must be different arrays");
                }
            }
        }
    }

    /**
     * The kind of transform differentiated.
     *
     * @return TYPE_1, TYPE_2 or TYPE_3
     */
    public NufftType type() {
        return type;
    }

    /** Closes the plans. */
    @Override
    public void close() {
        forward.close();
        if (adjoint != null) {
            adjoint.close();
        }
    }
}
