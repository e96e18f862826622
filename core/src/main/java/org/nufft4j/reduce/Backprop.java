package org.nufft4j.reduce;

import java.util.List;
import java.util.Objects;

/**
 * Reverse-mode derivatives of reductions, each itself one reduction of the same cost
 * (docs/design.md, Kernel reductions): for {@code a_i = Red_j F(x_i, y_j, p)} and the incoming gradient g_i of a
 * real loss L with respect to a_i,
 * <ul>
 *   <li>{@code dL/dx_i = sum_j grad(F, x, c_ij)}: a reduction over j (x indexed like a);
 *   <li>{@code dL/dy_j = sum_i grad(F, y, c_ij)}: a reduction over i;
 *   <li>{@code dL/dp = sum_i sum_j grad(F, p, c_ij)}: a reduction over j, then a sum of rows
 *       ({@link #sumRows});
 * </ul>
 * with the cotangent {@code c_ij = g_i} for SUM and {@code c_ij = g_i exp(F_ij - a_i)} for
 * (unweighted) LOGSUMEXP. The gradient and the forward output are new variables on the output
 * side, bound to data arrays {@code gradientIndex} and {@code outputIndex}. The (N+M) x (N+M)
 * Jacobian is never formed.
 */
public final class Backprop {

    private Backprop() {
    }

    /**
     * The reduction whose result is dL/d{@code wrt}: a SUM of {@code grad(F, wrt, c_ij)} with
     * the cotangent of the class comment. Its result has rows of {@code wrt.dim()} components:
     * for {@code wrt} on the output side one per output row; on the reduced side, one per
     * reduced row; for a parameter, one per output row (add them with {@link #sumRows}).
     *
     * @param forward the forward reduction: SUM, or LOGSUMEXP without a weight
     * @param wrt the variable to differentiate by (one F does not read gets a zero gradient)
     * @param gradientIndex data index where g is bound, an output-side variable of F's
     *     dimension (one row per output row, row-major): {@code >= 0}, and no variable of the
     *     forward formula may read it
     * @param outputIndex data index of the forward output (one value per output row):
     *     {@code >= 0}; read by LOGSUMEXP only, where it must differ from gradientIndex and from
     *     the forward formula's indices
     * @return a SUM reduction reading the forward formula's variables, g and (for LOGSUMEXP)
     *     the forward output
     * @throws NullPointerException when {@code forward} or {@code wrt} is null
     * @throws IllegalArgumentException when {@code wrt} is not a {@link Variable}, the reducer is
     *     neither SUM nor unweighted LOGSUMEXP, an index is negative or taken as said above, or
     *     {@code wrt} reads a data array the forward formula reads as another variable
     */
    public static KernelReduction gradient(KernelReduction forward, Formula wrt, int gradientIndex, int outputIndex) {
        Objects.requireNonNull(forward, "forward");
        Objects.requireNonNull(wrt, "wrt");
        if (!(wrt instanceof Variable v)) {
            throw new IllegalArgumentException("wrt must be a variable (vi, vj or pm), got " + wrt);
        }
        if (!forward.reducer().rule().differentiable(forward)) {
            throw new IllegalArgumentException("backpropagation is implemented for SUM and unweighted LOGSUMEXP, not "
                    + forward.reducer() + (forward.weight() == null ? "" : " with a weight"));
        }
        checkIndices(forward, v, gradientIndex, outputIndex);
        Formula f = forward.formula();
        Formula g = forward.overJ() ? Formulas.vi(gradientIndex, f.dim()) : Formulas.vj(gradientIndex, f.dim());
        Formula a = forward.reducer().rule().readsOutput()
                ? (forward.overJ() ? Formulas.vi(outputIndex, 1) : Formulas.vj(outputIndex, 1)) : null;
        Formula cotangent = forward.reducer().rule().cotangent(f, g, a);
        Formula local = Derivatives.grad(f, v, cotangent);
        boolean outputSide = forward.overJ() ? v.kind() != Variable.Kind.J : v.kind() != Variable.Kind.I;
        return new KernelReduction(local, outputSide == forward.overJ(), Reducer.SUM, null, 0);
    }

    /**
     * Gradients for several variables, grouped so that each axis costs one reduction: all
     * output-side variables in one reduction over the reduced index, all reduced-side variables
     * in one over the output index, all parameters in one (then {@link #sumRows}). Within a group
     * the variables' gradient formulas are concatenated, so shared subexpressions (the kernel
     * value, the distance) are computed once per pair.
     *
     * @param forward the forward reduction: SUM, or LOGSUMEXP without a weight
     * @param wrt the distinct variables to differentiate by
     * @param gradientIndex data index where g is bound, as for {@link #gradient}
     * @param outputIndex data index of the forward output, as for {@link #gradient}
     * @return the groups, in the order of their sides' first variable in {@code wrt}, each with
     *     its reduction and the variables whose components it holds, in {@code wrt} order
     * @throws NullPointerException when {@code forward}, {@code wrt} or an element of it is null
     * @throws IllegalArgumentException when {@code wrt} is empty, lists a variable twice or an
     *     element that is not a {@link Variable}, or for the reasons of {@link #gradient}
     */
    public static List<Group> gradients(KernelReduction forward, List<? extends Formula> wrt, int gradientIndex,
                                        int outputIndex) {
        Objects.requireNonNull(forward, "forward");
        Objects.requireNonNull(wrt, "wrt");
        if (wrt.isEmpty()) {
            throw new IllegalArgumentException("wrt must list at least one variable, got an empty list");
        }
        var sides = new java.util.LinkedHashMap<String, List<Variable>>();
        var seen = new java.util.HashSet<Variable>();
        for (int q = 0; q < wrt.size(); q++) {
            Formula f = wrt.get(q);
            Objects.requireNonNull(f, "wrt[" + q + "]");
            if (!(f instanceof Variable v)) {
                throw new IllegalArgumentException("wrt[" + q + "] must be a variable (vi, vj or pm), got " + f);
            }
            if (!seen.add(v)) {
                throw new IllegalArgumentException("wrt[" + q + "] = " + v
                        + " is listed twice: expected distinct variables");
            }
            String side = v.kind() == Variable.Kind.PARAMETER ? "parameter"
                    : (forward.overJ() == (v.kind() == Variable.Kind.I)) ? "output" : "reduced";
            sides.computeIfAbsent(side, k -> new java.util.ArrayList<>()).add(v);
        }
        var groups = new java.util.ArrayList<Group>();
        for (var e : sides.entrySet()) {
            KernelReduction combined = null;
            for (Variable v : e.getValue()) {
                KernelReduction one = gradient(forward, v, gradientIndex, outputIndex);
                combined = combined == null ? one
                        : new KernelReduction(Formulas.concat(combined.formula(), one.formula()), one.overJ(),
                                Reducer.SUM, null, 0);
            }
            groups.add(new Group(combined, List.copyOf(e.getValue()), e.getKey().equals("parameter")));
        }
        return groups;
    }

    /**
     * One reduction of {@link #gradients}: its result holds the gradients of {@code variables}
     * side by side in each row; for parameters ({@code sumRows}) add the rows.
     *
     * @param reduction the SUM reduction whose rows hold the gradients
     * @param variables the variables, in the order their components appear in a row (each
     *     {@code dim()} components)
     * @param sumRows true for the parameters' group, whose rows are to be added
     *     ({@link Backprop#sumRows}); false when each row is the gradient by one row of the
     *     variables
     */
    public record Group(KernelReduction reduction, List<Variable> variables, boolean sumRows) {

        /**
         * Checks the components and copies {@code variables} into an unmodifiable list.
         *
         * @throws NullPointerException when {@code reduction}, {@code variables} or an element
         *     of it is null
         */
        public Group {
            Objects.requireNonNull(reduction, "reduction");
            Objects.requireNonNull(variables, "variables");
            variables = List.copyOf(variables); // also rejects null elements
        }
    }

    /**
     * Fails unless the data indices of g (and of the forward output, for LOGSUMEXP) are free:
     * bound to a variable of the forward formula, the cotangent would silently read that
     * variable's data (same dimension) or clash with it at evaluation.
     */
    private static void checkIndices(KernelReduction forward, Variable wrt, int gradientIndex, int outputIndex) {
        if (gradientIndex < 0) {
            throw new IllegalArgumentException("gradientIndex must be >= 0 (a data array), got " + gradientIndex);
        }
        if (outputIndex < 0) {
            throw new IllegalArgumentException("outputIndex must be >= 0 (a data array), got " + outputIndex);
        }
        boolean readsOutput = forward.reducer().rule().readsOutput();
        if (readsOutput && outputIndex == gradientIndex) {
            throw new IllegalArgumentException("outputIndex = gradientIndex = " + gradientIndex
                    + ": expected two different data arrays for the forward output and g");
        }
        for (Variable u : new Program(forward.formula()).variables()) {
            if (u.index() == gradientIndex) {
                throw new IllegalArgumentException("gradientIndex = " + gradientIndex + " is the data array of " + u
                        + " in the forward formula: expected an index no variable of it reads");
            }
            if (readsOutput && u.index() == outputIndex) {
                throw new IllegalArgumentException("outputIndex = " + outputIndex + " is the data array of " + u
                        + " in the forward formula: expected an index no variable of it reads");
            }
            if (u.index() == wrt.index() && !u.equals(wrt)) {
                throw new IllegalArgumentException("wrt = " + wrt + " reads data array " + wrt.index() + ", which the "
                        + "forward formula reads as " + u + ": expected that variable, or one on a free index");
            }
        }
    }

    /**
     * Sum of the rows of a result (the parameter gradient).
     *
     * @param r the result
     * @return {@code r.dim()} values: component k is the sum over the rows of component k
     * @throws NullPointerException when {@code r} is null
     */
    public static double[] sumRows(ReductionResult r) {
        Objects.requireNonNull(r, "r");
        double[] s = new double[r.dim()];
        for (int row = 0; row < r.rows(); row++) {
            for (int k = 0; k < r.dim(); k++) {
                s[k] += r.values()[row * r.dim() + k];
            }
        }
        return s;
    }
}
