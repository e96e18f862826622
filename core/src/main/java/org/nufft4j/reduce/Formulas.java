package org.nufft4j.reduce;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.nufft4j.reduce.Binary.Op;

/**
 * Builds formulas (docs/design.md, Kernel reductions): checks dimensions, folds constants, applies the few
 * simplifications that matter, and hash-conses, so that identical subformulas are one node.
 *
 * <p>Simplifications: {@code x+0, x-0, 0+x -> x}; {@code x*1, 1*x, x/1 -> x}; {@code x*0 -> 0};
 * {@code x-x -> 0}; {@code -(-x) -> x}; {@code c1*(c2*x) -> (c1 c2)*x}; {@code pow(x,1) -> x},
 * {@code pow(x,2) -> x^2}; operations on constants are evaluated. A component of a sum, product,
 * difference or quotient is the sum (...) of components, a component of a constant or of a
 * concatenation is taken directly, and {@code dot(x, e_k) = x[k]} for a one-hot constant:
 * that is what makes derivatives along one-hot tangents collapse to scalar work.
 *
 * <p>Four rules drop an operand, so they hold for finite values only, by the usual
 * computer-algebra convention: {@code x*0 -> 0} and {@code 0*x -> 0} give 0 even where x is
 * infinite or NaN; {@code x-x -> 0} gives 0 even for infinite or NaN x; {@code dot(x, 0) -> 0}
 * likewise; and {@code dot(x, e_k) -> x[k]} gives {@code x[k]} even where another component of
 * x is infinite or NaN (where {@code sum_i x_i e_i} would be NaN). They apply when the formula is
 * built, so every evaluator computes the simplified formula: the scalar interpreter and the SIMD
 * evaluator agree on them. The other rules give the same values for every input, up to the
 * sign of a zero ({@code x+0 -> x} keeps {@code -0.0}), the rounding of {@code pow(x, 2)} against
 * {@code x*x}, and {@code c1*(c2*x)} folding {@code c1 c2}, which can overflow or underflow where
 * the two products would not.
 *
 * <p>Every builder checks its arguments before building anything: a null operand fails with a
 * NullPointerException naming it, a bad dimension, component or exponent with an
 * IllegalArgumentException naming the argument, its value and what was expected.
 *
 * <p>Broadcasting: an elementwise operation takes operands of equal dimension, or one of
 * dimension 1 which is repeated.
 *
 * <p>The hash-consing table is JVM-wide and keeps every distinct node ever built (nodes are
 * small; a program that builds unboundedly many different formulas grows it without bound).
 */
public final class Formulas {

    /**
     * Largest number of components of a formula: one value must fit in a Java array (the
     * limit some VMs keep below {@code Integer.MAX_VALUE}, as java.util's own collections do).
     */
    public static final int MAX_DIM = KernelReduction.MAX_ARRAY_LENGTH;

    private static final ConcurrentHashMap<Formula, Formula> TABLE = new ConcurrentHashMap<>();

    private Formulas() {
    }

    /** The one node equal to f (f itself the first time): no simplification. */
    @SuppressWarnings("unchecked")
    static <T extends Formula> T intern(T f) {
        return (T) TABLE.computeIfAbsent(f, k -> k);
    }

    // ---- leaves

    /** An i-indexed variable: data array {@code index}, {@code dim} components per row. */
    public static Formula vi(int index, int dim) {
        return variable(Variable.Kind.I, index, dim);
    }

    /** A j-indexed variable. */
    public static Formula vj(int index, int dim) {
        return variable(Variable.Kind.J, index, dim);
    }

    /** A parameter (one row shared by all pairs). */
    public static Formula pm(int index, int dim) {
        return variable(Variable.Kind.PARAMETER, index, dim);
    }

    private static Formula variable(Variable.Kind kind, int index, int dim) {
        return intern(new Variable(kind, index, dim)); // the record checks index and dim
    }

    /** The constant with these components (copied); NaN and infinite components are allowed. */
    public static Formula constant(double... values) {
        Objects.requireNonNull(values, "values");
        return intern(new Constant(values)); // the record copies and checks
    }

    /** The constant with {@code dim} components all equal to v. */
    public static Formula filled(double v, int dim) {
        checkDim("dim", dim);
        double[] a = new double[dim];
        Arrays.fill(a, v);
        return intern(new Constant(a));
    }

    /** The one-hot constant e_k of dimension dim. */
    public static Formula oneHot(int k, int dim) {
        checkDim("dim", dim);
        if (k < 0 || k >= dim) {
            throw new IllegalArgumentException("k must be in [0, dim) = [0, " + dim + "), got " + k);
        }
        double[] a = new double[dim];
        a[k] = 1.0;
        return intern(new Constant(a));
    }

    /** Fails unless 1 <= dim <= MAX_DIM, naming the argument. */
    static void checkDim(String name, int dim) {
        if (dim < 1 || dim > MAX_DIM) {
            throw new IllegalArgumentException(name + " must be in [1, " + MAX_DIM + "], got " + dim);
        }
    }

    // ---- elementwise unary

    public static Formula neg(Formula a) {
        Objects.requireNonNull(a, "a");
        if (a instanceof Unary u && u.op() == Unary.Op.NEG) {
            return u.a();
        }
        return unary(Unary.Op.NEG, a);
    }

    public static Formula exp(Formula a) {
        return unary(Unary.Op.EXP, a);
    }

    public static Formula log(Formula a) {
        return unary(Unary.Op.LOG, a);
    }

    public static Formula sqrt(Formula a) {
        return unary(Unary.Op.SQRT, a);
    }

    public static Formula rsqrt(Formula a) {
        return unary(Unary.Op.RSQRT, a);
    }

    public static Formula abs(Formula a) {
        return unary(Unary.Op.ABS, a);
    }

    public static Formula sin(Formula a) {
        return unary(Unary.Op.SIN, a);
    }

    public static Formula cos(Formula a) {
        return unary(Unary.Op.COS, a);
    }

    /** 1 where a &gt; 0, else 0. */
    public static Formula step(Formula a) {
        return unary(Unary.Op.STEP, a);
    }

    public static Formula sign(Formula a) {
        return unary(Unary.Op.SIGN, a);
    }

    /** 1 / a. */
    public static Formula inv(Formula a) {
        return unary(Unary.Op.INV, a);
    }

    public static Formula square(Formula a) {
        return unary(Unary.Op.SQUARE, a);
    }

    /** Sum of the components: a scalar. */
    public static Formula sum(Formula a) {
        Objects.requireNonNull(a, "a");
        return a.dim() == 1 ? a : unary(Unary.Op.SUM, a);
    }

    /** Squared Euclidean norm: a scalar. */
    public static Formula sqnorm(Formula a) {
        return unary(Unary.Op.SQNORM, a);
    }

    public static Formula pow(Formula a, double exponent) {
        Objects.requireNonNull(a, "a");
        if (!Double.isFinite(exponent)) {
            throw new IllegalArgumentException("exponent must be finite, got " + exponent);
        }
        if (exponent == 1.0) {
            return a;
        }
        if (exponent == 2.0) {
            return square(a);
        }
        if (exponent == 0.0) {
            return filled(1.0, a.dim());
        }
        if (a instanceof Constant c) {
            double[] v = c.values().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.pow(v[i], exponent);
            }
            return constant(v);
        }
        return intern(new PowerOf(a, exponent));
    }

    private static Formula unary(Unary.Op op, Formula a) {
        Objects.requireNonNull(a, "a");
        if (a instanceof Constant c) {
            return constant(Evaluate.unary(op, c.values()));
        }
        return intern(new Unary(op, a));
    }

    // ---- binary

    public static Formula add(Formula a, Formula b) {
        int d = broadcastDim("add", a, b);
        if (isZero(b) && a.dim() == d) {
            return a;
        }
        if (isZero(a) && b.dim() == d) {
            return b;
        }
        return binary(Op.ADD, a, b);
    }

    public static Formula sub(Formula a, Formula b) {
        return sub(a, b, true);
    }

    /**
     * a - b without the rule {@code x-x -> 0}: for rewrites that must not cancel what the
     * formula as written computes ({@link Hoisting}).
     */
    static Formula subKeepingOperands(Formula a, Formula b) {
        return sub(a, b, false);
    }

    private static Formula sub(Formula a, Formula b, boolean cancel) {
        int d = broadcastDim("sub", a, b);
        if (cancel && a == b) {
            return filled(0.0, d);
        }
        if (isZero(b) && a.dim() == d) {
            return a;
        }
        if (isZero(a) && b.dim() == d) {
            return neg(b);
        }
        return binary(Op.SUB, a, b);
    }

    public static Formula mul(Formula a, Formula b) {
        return mul(a, b, true);
    }

    /**
     * a * b without the rule {@code x*0 -> 0} (so 0 times an infinite or NaN x stays NaN): for
     * rewrites that must not cancel what the formula as written computes ({@link Hoisting}).
     */
    static Formula mulKeepingOperands(Formula a, Formula b) {
        return mul(a, b, false);
    }

    private static Formula mul(Formula a, Formula b, boolean cancel) {
        int d = broadcastDim("mul", a, b);
        if (cancel && (isZero(a) || isZero(b))) {
            return filled(0.0, d);
        }
        if (isOne(b) && a.dim() == d) {
            return a;
        }
        if (isOne(a) && b.dim() == d) {
            return b;
        }
        if (isMinusOne(a) && b.dim() == d) {
            return neg(b);
        }
        if (isMinusOne(b) && a.dim() == d) {
            return neg(a);
        }
        // keep constants on the left, and merge c1 * (c2 * x)
        if (b instanceof Constant && !(a instanceof Constant)) {
            return mul(b, a, cancel);
        }
        if (a instanceof Constant ca && b instanceof Binary bb && bb.op() == Op.MUL && bb.a() instanceof Constant cb
                && ca.dim() == 1 && cb.dim() == 1) {
            return mul(constant(ca.values()[0] * cb.values()[0]), bb.b(), cancel);
        }
        return binary(Op.MUL, a, b);
    }

    public static Formula div(Formula a, Formula b) {
        int d = broadcastDim("div", a, b);
        if (isOne(b) && a.dim() == d) {
            return a;
        }
        return binary(Op.DIV, a, b);
    }

    public static Formula min(Formula a, Formula b) {
        broadcastDim("min", a, b);
        return binary(Op.MIN, a, b);
    }

    public static Formula max(Formula a, Formula b) {
        broadcastDim("max", a, b);
        return binary(Op.MAX, a, b);
    }

    /** sum_k a_k b_k, a scalar. */
    public static Formula dot(Formula a, Formula b) {
        sameDim("dot", a, b);
        if (b instanceof Constant c && isOneHot(c) >= 0) {
            return select(a, isOneHot(c));
        }
        if (a instanceof Constant c && isOneHot(c) >= 0) {
            return select(b, isOneHot(c));
        }
        if (isZero(a) || isZero(b)) {
            return constant(0.0);
        }
        return binary(Op.DOT, a, b);
    }

    /** sum_k (a_k - b_k)^2, a scalar. */
    public static Formula sqdist(Formula a, Formula b) {
        sameDim("sqdist", a, b);
        return binary(Op.SQDIST, a, b);
    }

    private static Formula binary(Op op, Formula a, Formula b) {
        if (a instanceof Constant ca && b instanceof Constant cb) {
            return constant(Evaluate.binary(op, ca.values(), cb.values()));
        }
        return intern(new Binary(op, a, b));
    }

    // ---- components

    /** Component k of a, a scalar. */
    public static Formula select(Formula a, int k) {
        Objects.requireNonNull(a, "a");
        if (k < 0 || k >= a.dim()) {
            throw new IllegalArgumentException("select: k must be in [0, a.dim()) = [0, " + a.dim() + "), got " + k
                    + " (a = " + a + ")");
        }
        if (a.dim() == 1) {
            return a;
        }
        if (a instanceof Constant c) {
            return constant(c.values()[k]);
        }
        if (a instanceof Concat c) {
            return k < c.a().dim() ? select(c.a(), k) : select(c.b(), k - c.a().dim());
        }
        if (a instanceof Binary bin && bin.dim() > 1) {
            Formula x = bin.a().dim() == 1 ? bin.a() : select(bin.a(), k);
            Formula y = bin.b().dim() == 1 ? bin.b() : select(bin.b(), k);
            return switch (bin.op()) {
                case ADD -> add(x, y);
                case SUB -> sub(x, y);
                case MUL -> mul(x, y);
                case DIV -> div(x, y);
                case MIN -> min(x, y);
                case MAX -> max(x, y);
                default -> throw new AssertionError(bin.op());
            };
        }
        if (a instanceof Unary u && u.dim() > 1) {
            return unary(u.op(), select(u.a(), k));
        }
        if (a instanceof PowerOf p) {
            return pow(select(p.a(), k), p.exponent());
        }
        return intern(new Select(a, k));
    }

    /** The components of a, then those of b. */
    public static Formula concat(Formula a, Formula b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        checkConcatDim(a, b);
        if (a instanceof Constant ca && b instanceof Constant cb) {
            double[] v = Arrays.copyOf(ca.values(), ca.dim() + cb.dim());
            System.arraycopy(cb.values(), 0, v, ca.dim(), cb.dim());
            return constant(v);
        }
        return intern(new Concat(a, b));
    }

    /** a repeated to {@code dim} components (a must be scalar), or a itself. */
    public static Formula broadcast(Formula a, int dim) {
        Objects.requireNonNull(a, "a");
        checkDim("dim", dim);
        if (a.dim() == dim) {
            return a;
        }
        if (a.dim() != 1) {
            throw new IllegalArgumentException("cannot broadcast a of dimension " + a.dim() + " to dim = " + dim
                    + ": expected a scalar a, or dim = a.dim()");
        }
        return mul(a, filled(1.0, dim));
    }

    /** The value of an elementwise unary operation at x (what every evaluator must compute). */
    public static double evaluate(Unary.Op op, double x) {
        Objects.requireNonNull(op, "op");
        if (op == Unary.Op.SUM || op == Unary.Op.SQNORM) {
            throw new IllegalArgumentException("op must be elementwise, got the reduction " + op);
        }
        return Evaluate.unary(op, x);
    }

    /** The value of an elementwise binary operation at (x, y). */
    public static double evaluate(Binary.Op op, double x, double y) {
        Objects.requireNonNull(op, "op");
        if (op == Binary.Op.DOT || op == Binary.Op.SQDIST) {
            throw new IllegalArgumentException("op must be elementwise, got the reduction " + op);
        }
        return Evaluate.binary(op, x, y);
    }

    // ---- helpers

    /** The dimension of an elementwise operation on a and b; fails naming both. */
    static int broadcastDim(String op, Formula a, Formula b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.dim() == b.dim() || a.dim() == 1 || b.dim() == 1) {
            return Math.max(a.dim(), b.dim());
        }
        throw new IllegalArgumentException(op + ": dimensions " + a.dim() + " and " + b.dim()
                + " of a and b do not match (expected equal, or one of them 1): a = " + a + ", b = " + b);
    }

    /** Fails unless a and b have the same dimension (dot, sqdist), naming both. */
    static void sameDim(String op, Formula a, Formula b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.dim() != b.dim()) {
            throw new IllegalArgumentException(op + ": dimensions " + a.dim() + " and " + b.dim()
                    + " of a and b differ (expected equal): a = " + a + ", b = " + b);
        }
    }

    /** Fails unless concat(a, b) has at most MAX_DIM components. */
    static void checkConcatDim(Formula a, Formula b) {
        if ((long) a.dim() + b.dim() > MAX_DIM) {
            throw new IllegalArgumentException("concat: a.dim() + b.dim() = " + a.dim() + " + " + b.dim()
                    + " exceeds " + MAX_DIM + " components");
        }
    }

    static boolean isZero(Formula f) {
        return f instanceof Constant c && c.isAll(0.0);
    }

    static boolean isOne(Formula f) {
        return f instanceof Constant c && c.isAll(1.0);
    }

    private static boolean isMinusOne(Formula f) {
        return f instanceof Constant c && c.isAll(-1.0);
    }

    /** k if c is the one-hot e_k, else -1. */
    private static int isOneHot(Constant c) {
        int k = -1;
        for (int i = 0; i < c.dim(); i++) {
            double v = c.values()[i];
            if (v == 1.0 && k < 0) {
                k = i;
            } else if (v != 0.0) {
                return -1;
            }
        }
        return k;
    }
}
