package org.nufft4j.reduce;

import static org.nufft4j.reduce.Formulas.add;
import static org.nufft4j.reduce.Formulas.broadcast;
import static org.nufft4j.reduce.Formulas.constant;
import static org.nufft4j.reduce.Formulas.div;
import static org.nufft4j.reduce.Formulas.dot;
import static org.nufft4j.reduce.Formulas.filled;
import static org.nufft4j.reduce.Formulas.mul;
import static org.nufft4j.reduce.Formulas.neg;
import static org.nufft4j.reduce.Formulas.oneHot;
import static org.nufft4j.reduce.Formulas.pow;
import static org.nufft4j.reduce.Formulas.select;
import static org.nufft4j.reduce.Formulas.sub;
import static org.nufft4j.reduce.Formulas.sum;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Symbolic derivatives of formulas, each itself a formula (docs/design.md, Kernel reductions).
 *
 * <ul>
 *   <li>{@link #grad}: the vector-Jacobian product {@code e^T dF/dv} (reverse mode over the DAG);
 *   <li>{@link #jvp}: the forward derivative {@code dF/dv . t};
 *   <li>{@link #divergence}: {@code sum_k dG_k/dv_k}, the trace of the Jacobian, as the sum over
 *       k of component k of the forward derivative along the one-hot tangent e_k. The
 *       simplifier pushes component selection through elementwise operations and folds the
 *       one-hot constants, so each term reduces to scalar work on shared nodes: no Jacobian or
 *       Hessian is ever formed;
 *   <li>{@link #laplacian}: {@code divergence(grad(F, v, 1), v)}.
 * </ul>
 *
 * Derivatives of derivatives work: the results are ordinary formulas.
 */
public final class Derivatives {

    private Derivatives() {
    }

    /**
     * The vector-Jacobian product {@code e^T dF/dv}, by reverse mode over the DAG. The
     * derivatives of STEP and SIGN are taken as 0; MIN and MAX pass the adjoint to the strictly
     * smaller (larger) operand, to neither on a tie.
     *
     * @param f the formula F
     * @param v the variable to differentiate by ({@code vi}, {@code vj} or {@code pm})
     * @param e the cotangent, of F's dimension; it may itself depend on variables
     * @return a formula of v's dimension; the zero constant when F does not read v
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when v is not a {@link Variable}, or e's dimension is not F's
     */
    public static Formula grad(Formula f, Formula v, Formula e) {
        Objects.requireNonNull(f, "f");
        requireVariable(v);
        Objects.requireNonNull(e, "e");
        if (e.dim() != f.dim()) {
            throw new IllegalArgumentException("grad: the cotangent e has dimension " + e.dim()
                    + ", expected the dimension of f, " + f.dim());
        }
        List<Formula> order = topological(f);
        Map<Formula, Formula> adjoint = new IdentityHashMap<>();
        adjoint.put(f, e);
        for (int i = order.size() - 1; i >= 0; i--) {
            Formula node = order.get(i);
            Formula a = adjoint.get(node);
            if (a == null || Formulas.isZero(a)) {
                continue;
            }
            backward(node, a, adjoint);
        }
        Formula g = adjoint.get(v);
        return g == null ? filled(0.0, v.dim()) : broadcast(g, v.dim());
    }

    /**
     * The forward derivative (Jacobian-vector product) {@code dF/dv . t}.
     *
     * @param f the formula F
     * @param v the variable to differentiate by ({@code vi}, {@code vj} or {@code pm})
     * @param t the tangent, of v's dimension; it may itself depend on variables
     * @return a formula of F's dimension
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when v is not a {@link Variable}, or t's dimension is not v's
     */
    public static Formula jvp(Formula f, Formula v, Formula t) {
        Objects.requireNonNull(f, "f");
        requireVariable(v);
        Objects.requireNonNull(t, "t");
        if (t.dim() != v.dim()) {
            throw new IllegalArgumentException("jvp: the tangent t has dimension " + t.dim()
                    + ", expected the dimension of v = " + v + ", " + v.dim());
        }
        Map<Formula, Formula> tangent = new IdentityHashMap<>();
        for (Formula node : topological(f)) {
            tangent.put(node, forward(node, v, t, tangent));
        }
        return tangent.get(f);
    }

    /**
     * The divergence {@code sum_k dG_k / dv_k}, the trace of the Jacobian: the sum over k of
     * component k of {@link #jvp} along the one-hot tangent e_k.
     *
     * @param g the vector field G, of v's dimension
     * @param v the variable to differentiate by ({@code vi}, {@code vj} or {@code pm})
     * @return a scalar formula
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when v is not a {@link Variable}, or g's dimension is not v's
     */
    public static Formula divergence(Formula g, Formula v) {
        Objects.requireNonNull(g, "g");
        requireVariable(v);
        if (g.dim() != v.dim()) {
            throw new IllegalArgumentException("divergence: the field g has dimension " + g.dim()
                    + ", expected the dimension of v = " + v + ", " + v.dim());
        }
        Formula total = constant(0.0);
        for (int k = 0; k < v.dim(); k++) {
            total = add(total, select(jvp(g, v, oneHot(k, v.dim())), k));
        }
        return total;
    }

    /**
     * The Laplacian {@code sum_k d^2 F / dv_k^2} of a scalar F: the {@link #divergence} of
     * {@code grad(F, v, 1)}.
     *
     * @param f the scalar formula F
     * @param v the variable to differentiate by ({@code vi}, {@code vj} or {@code pm})
     * @return a scalar formula
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when v is not a {@link Variable}, or F is not scalar
     */
    public static Formula laplacian(Formula f, Formula v) {
        Objects.requireNonNull(f, "f");
        requireVariable(v);
        if (f.dim() != 1) {
            throw new IllegalArgumentException("laplacian: f must be scalar, has dimension " + f.dim() + ": " + f);
        }
        return divergence(grad(f, v, constant(1.0)), v);
    }

    private static void requireVariable(Formula v) {
        Objects.requireNonNull(v, "v");
        if (!(v instanceof Variable)) {
            throw new IllegalArgumentException("v must be a variable (vi, vj or pm): derivatives are taken "
                    + "with respect to variables, got " + v);
        }
    }

    /**
     * Children before parents, each node once. By identity: a node built with a record's
     * constructor can equal a distinct node built through {@link Formulas}, and each keeps its
     * own slot in a {@link Program}.
     */
    static List<Formula> topological(Formula root) {
        var seen = Collections.newSetFromMap(new IdentityHashMap<Formula, Boolean>());
        var order = new ArrayList<Formula>();
        var stack = new ArrayList<Formula>();
        var expanded = new IdentityHashMap<Formula, Boolean>();
        stack.add(root);
        while (!stack.isEmpty()) {
            Formula n = stack.get(stack.size() - 1);
            if (seen.contains(n)) {
                stack.remove(stack.size() - 1);
                continue;
            }
            if (expanded.containsKey(n)) {
                stack.remove(stack.size() - 1);
                seen.add(n);
                order.add(n);
                continue;
            }
            expanded.put(n, Boolean.TRUE);
            for (Formula c : n.children()) {
                if (!seen.contains(c)) {
                    stack.add(c);
                }
            }
        }
        return order;
    }

    private static void accumulate(Map<Formula, Formula> adjoint, Formula node, Formula contribution) {
        // an operand broadcast in the forward pass receives the sum of its adjoint's components
        Formula c = node.dim() == 1 && contribution.dim() > 1 ? sum(contribution) : contribution;
        Formula old = adjoint.get(node);
        adjoint.put(node, old == null ? c : add(old, c));
    }

    private static void backward(Formula node, Formula a, Map<Formula, Formula> adjoint) {
        switch (node) {
            case Variable v -> { }
            case Constant c -> { }
            case Unary u -> {
                if (u.op().shape() == OpShape.ELEMENTWISE) {
                    Formula d = u.op().derivative(u, a);
                    if (d != null) {
                        accumulate(adjoint, u.a(), d);
                    }
                } else {
                    accumulate(adjoint, u.a(), transposed(u.op().scale(), a, u.op().gradient(u), false));
                }
            }
            case Binary b -> {
                for (int operand = 0; operand < 2; operand++) {
                    Formula x = operand == 0 ? b.a() : b.b();
                    boolean minus = b.op().subtracted(operand);
                    if (b.op().shape() == OpShape.ELEMENTWISE) {
                        Formula d = b.op().derivative(b, operand, a);
                        accumulate(adjoint, x, minus ? neg(d) : d);
                    } else {
                        accumulate(adjoint, x, transposed(b.op().scale(), a, b.op().gradient(b, operand), minus));
                    }
                }
            }
            case PowerOf p -> accumulate(adjoint, p.a(), power(p, a));
            case Select s -> accumulate(adjoint, s.a(), mul(a, oneHot(s.index(), s.a().dim())));
            case Concat c -> {
                accumulate(adjoint, c.a(), slice(a, 0, c.a().dim()));
                accumulate(adjoint, c.b(), slice(a, c.a().dim(), c.b().dim()));
            }
        }
    }

    /**
     * Reverse rule of a component sum: the scalar adjoint a times the row vector
     * {@code scale G^T} of its derivative, minus that for a subtracted operand.
     */
    private static Formula transposed(double scale, Formula a, Formula g, boolean minus) {
        Formula d = mul(scale == 1.0 ? a : mul(constant(scale), a), g);
        return minus ? neg(d) : d;
    }

    /** Forward rule of a component sum: {@code scale (G . t)}, the sign left to the caller. */
    private static Formula contracted(double scale, Formula g, Formula t) {
        Formula d = dot(g, broadcast(t, g.dim()));
        return scale == 1.0 ? d : mul(constant(scale), d);
    }

    /** The rule of {@code a^c}, both modes: {@code s -> c s a^(c-1)} componentwise. */
    private static Formula power(PowerOf p, Formula s) {
        return mul(mul(constant(p.exponent()), s), pow(p.a(), p.exponent() - 1));
    }

    /**
     * {@code total +- term}; two quotients by the same node are one quotient, {@code (p +- q) / y}
     * (the quotient rule as written by hand: one division instead of two, which the rewrite
     * cannot turn into products when y varies).
     */
    private static Formula combine(Formula total, Formula term, boolean minus) {
        if (total instanceof Binary p && p.op() == Binary.Op.DIV && term instanceof Binary q
                && q.op() == Binary.Op.DIV && p.b() == q.b() && p.dim() == q.dim()) {
            return div(minus ? sub(p.a(), q.a()) : add(p.a(), q.a()), p.b());
        }
        return minus ? sub(total, term) : add(total, term);
    }

    /** Components from..from+len-1 of f. */
    private static Formula slice(Formula f, int from, int len) {
        Formula r = select(f, from);
        for (int k = 1; k < len; k++) {
            r = Formulas.concat(r, select(f, from + k));
        }
        return r;
    }

    private static Formula forward(Formula node, Formula v, Formula t, Map<Formula, Formula> tan) {
        return switch (node) {
            case Variable x -> x == v ? t : filled(0.0, x.dim());
            case Constant c -> filled(0.0, c.dim());
            case Unary u -> {
                Formula dx = tan.get(u.a());
                if (Formulas.isZero(dx)) {
                    yield filled(0.0, u.dim());
                }
                if (u.op().shape() == OpShape.COMPONENT_SUM) {
                    yield contracted(u.op().scale(), u.op().gradient(u), dx);
                }
                Formula d = u.op().derivative(u, dx);
                yield d == null ? filled(0.0, u.dim()) : d;
            }
            case Binary b -> {
                // the operands' terms in order, a subtracted one with sub; a zero tangent adds nothing
                Formula total = null;
                for (int operand = 0; operand < 2; operand++) {
                    Formula dx = tan.get(operand == 0 ? b.a() : b.b());
                    if (Formulas.isZero(dx)) {
                        continue;
                    }
                    Formula term = b.op().shape() == OpShape.ELEMENTWISE ? b.op().derivative(b, operand, dx)
                            : contracted(b.op().scale(), b.op().gradient(b, operand), dx);
                    boolean minus = b.op().subtracted(operand);
                    total = total == null ? (minus ? neg(term) : term) : combine(total, term, minus);
                }
                yield total == null ? filled(0.0, b.dim()) : broadcast(total, b.dim());
            }
            case PowerOf p -> power(p, tan.get(p.a()));
            case Select s -> select(tan.get(s.a()), s.index());
            case Concat c -> Formulas.concat(tan.get(c.a()), tan.get(c.b()));
        };
    }
}
