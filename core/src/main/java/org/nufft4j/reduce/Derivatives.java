package org.nufft4j.reduce;

import static org.nufft4j.reduce.Formulas.add;
import static org.nufft4j.reduce.Formulas.broadcast;
import static org.nufft4j.reduce.Formulas.constant;
import static org.nufft4j.reduce.Formulas.cos;
import static org.nufft4j.reduce.Formulas.div;
import static org.nufft4j.reduce.Formulas.dot;
import static org.nufft4j.reduce.Formulas.filled;
import static org.nufft4j.reduce.Formulas.mul;
import static org.nufft4j.reduce.Formulas.neg;
import static org.nufft4j.reduce.Formulas.oneHot;
import static org.nufft4j.reduce.Formulas.pow;
import static org.nufft4j.reduce.Formulas.select;
import static org.nufft4j.reduce.Formulas.sign;
import static org.nufft4j.reduce.Formulas.sin;
import static org.nufft4j.reduce.Formulas.step;
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
                Formula x = u.a();
                Formula d = switch (u.op()) {
                    case NEG -> neg(a);
                    case EXP -> mul(a, u);
                    case LOG -> div(a, x);
                    case SQRT -> div(mul(constant(0.5), a), u);
                    case RSQRT -> mul(mul(constant(-0.5), a), div(u, x));
                    case ABS -> mul(a, sign(x));
                    case SIN -> mul(a, cos(x));
                    case COS -> neg(mul(a, sin(x)));
                    case STEP, SIGN -> null;
                    case INV -> neg(mul(a, Formulas.square(u)));
                    case SQUARE -> mul(mul(constant(2.0), a), x);
                    case SUM -> broadcast(a, x.dim());
                    case SQNORM -> mul(mul(constant(2.0), a), x);
                };
                if (d != null) {
                    accumulate(adjoint, x, d);
                }
            }
            case Binary b -> {
                Formula x = b.a();
                Formula y = b.b();
                switch (b.op()) {
                    case ADD -> {
                        accumulate(adjoint, x, a);
                        accumulate(adjoint, y, a);
                    }
                    case SUB -> {
                        accumulate(adjoint, x, a);
                        accumulate(adjoint, y, neg(a));
                    }
                    case MUL -> {
                        accumulate(adjoint, x, mul(a, y));
                        accumulate(adjoint, y, mul(a, x));
                    }
                    case DIV -> {
                        accumulate(adjoint, x, div(a, y));
                        accumulate(adjoint, y, neg(div(mul(a, b), y)));
                    }
                    case MIN -> {
                        accumulate(adjoint, x, mul(a, step(sub(y, x))));
                        accumulate(adjoint, y, mul(a, step(sub(x, y))));
                    }
                    case MAX -> {
                        accumulate(adjoint, x, mul(a, step(sub(x, y))));
                        accumulate(adjoint, y, mul(a, step(sub(y, x))));
                    }
                    case DOT -> {
                        accumulate(adjoint, x, mul(a, y));
                        accumulate(adjoint, y, mul(a, x));
                    }
                    case SQDIST -> {
                        Formula d = mul(mul(constant(2.0), a), sub(x, y));
                        accumulate(adjoint, x, d);
                        accumulate(adjoint, y, neg(d));
                    }
                }
            }
            case PowerOf p -> accumulate(adjoint, p.a(),
                    mul(mul(constant(p.exponent()), a), pow(p.a(), p.exponent() - 1)));
            case Select s -> accumulate(adjoint, s.a(), mul(a, oneHot(s.index(), s.a().dim())));
            case Concat c -> {
                accumulate(adjoint, c.a(), slice(a, 0, c.a().dim()));
                accumulate(adjoint, c.b(), slice(a, c.a().dim(), c.b().dim()));
            }
        }
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
                Formula x = u.a();
                Formula dx = tan.get(x);
                yield switch (u.op()) {
                    case NEG -> neg(dx);
                    case EXP -> mul(u, dx);
                    case LOG -> div(dx, x);
                    case SQRT -> div(mul(constant(0.5), dx), u);
                    case RSQRT -> mul(mul(constant(-0.5), dx), div(u, x));
                    case ABS -> mul(sign(x), dx);
                    case SIN -> mul(cos(x), dx);
                    case COS -> neg(mul(sin(x), dx));
                    case STEP, SIGN -> filled(0.0, u.dim());
                    case INV -> neg(mul(Formulas.square(u), dx));
                    case SQUARE -> mul(mul(constant(2.0), x), dx);
                    case SUM -> sum(dx);
                    case SQNORM -> mul(constant(2.0), dot(x, broadcast(dx, x.dim())));
                };
            }
            case Binary b -> {
                Formula x = b.a();
                Formula y = b.b();
                Formula dx = tan.get(x);
                Formula dy = tan.get(y);
                yield switch (b.op()) {
                    case ADD -> add(dx, dy);
                    case SUB -> sub(dx, dy);
                    case MUL -> add(mul(dx, y), mul(x, dy));
                    case DIV -> div(sub(dx, mul(b, dy)), y);
                    case MIN -> add(mul(step(sub(y, x)), dx), mul(step(sub(x, y)), dy));
                    case MAX -> add(mul(step(sub(x, y)), dx), mul(step(sub(y, x)), dy));
                    case DOT -> add(dot(broadcast(dx, x.dim()), y), dot(x, broadcast(dy, y.dim())));
                    case SQDIST -> mul(constant(2.0), dot(sub(x, y), broadcast(sub(dx, dy), x.dim())));
                };
            }
            case PowerOf p -> mul(mul(constant(p.exponent()), pow(p.a(), p.exponent() - 1)), tan.get(p.a()));
            case Select s -> select(tan.get(s.a()), s.index());
            case Concat c -> Formulas.concat(tan.get(c.a()), tan.get(c.b()));
        };
    }
}
