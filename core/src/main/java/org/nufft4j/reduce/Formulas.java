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

    /**
     * An i-indexed variable: one row per i (N rows), read from data array {@code index}.
     *
     * @param index the data array, {@code ReductionData.arrays()[index]} ({@code N * dim}
     *     doubles, row-major): {@code >= 0}
     * @param dim components per row, in {@code [1, MAX_DIM]}
     * @return the shared node {@code Vi(index, dim)}
     * @throws IllegalArgumentException when {@code index < 0} or {@code dim} is out of range
     */
    public static Formula vi(int index, int dim) {
        return variable(Variable.Kind.I, index, dim);
    }

    /**
     * A j-indexed variable: one row per j (M rows), read from data array {@code index}.
     *
     * @param index the data array, {@code ReductionData.arrays()[index]} ({@code M * dim}
     *     doubles, row-major): {@code >= 0}
     * @param dim components per row, in {@code [1, MAX_DIM]}
     * @return the shared node {@code Vj(index, dim)}
     * @throws IllegalArgumentException when {@code index < 0} or {@code dim} is out of range
     */
    public static Formula vj(int index, int dim) {
        return variable(Variable.Kind.J, index, dim);
    }

    /**
     * A parameter: one row shared by all pairs, read from data array {@code index}.
     *
     * @param index the data array, {@code ReductionData.arrays()[index]} ({@code dim} doubles):
     *     {@code >= 0}
     * @param dim its number of components, in {@code [1, MAX_DIM]}
     * @return the shared node {@code Pm(index, dim)}
     * @throws IllegalArgumentException when {@code index < 0} or {@code dim} is out of range
     */
    public static Formula pm(int index, int dim) {
        return variable(Variable.Kind.PARAMETER, index, dim);
    }

    private static Formula variable(Variable.Kind kind, int index, int dim) {
        return intern(new Variable(kind, index, dim)); // the record checks index and dim
    }

    /**
     * The constant with these components; NaN and infinite components are allowed.
     *
     * @param values the components (copied), at least one
     * @return the shared constant node
     * @throws NullPointerException when {@code values} is null
     * @throws IllegalArgumentException when {@code values} is empty
     */
    public static Formula constant(double... values) {
        Objects.requireNonNull(values, "values");
        return intern(new Constant(values)); // the record copies and checks
    }

    /**
     * The constant with {@code dim} equal components.
     *
     * @param v the value of every component
     * @param dim the number of components, in {@code [1, MAX_DIM]}
     * @return the shared constant node
     * @throws IllegalArgumentException when {@code dim} is out of range
     */
    public static Formula filled(double v, int dim) {
        checkDim("dim", dim);
        double[] a = new double[dim];
        Arrays.fill(a, v);
        return intern(new Constant(a));
    }

    /**
     * The one-hot constant e_k: 1 at component k, 0 elsewhere (the tangents of
     * {@link Derivatives#divergence}).
     *
     * @param k the component that is 1, in {@code [0, dim)}
     * @param dim the number of components, in {@code [1, MAX_DIM]}
     * @return the shared constant node
     * @throws IllegalArgumentException when {@code dim} or {@code k} is out of range
     */
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

    /**
     * Elementwise negation; {@code -(-x)} is x.
     *
     * @param a the operand
     * @return the shared node, or a constant when {@code a} is one
     * @throws NullPointerException when {@code a} is null
     */
    public static Formula neg(Formula a) {
        Objects.requireNonNull(a, "a");
        if (a instanceof Unary u && u.op() == Unary.Op.NEG) {
            return u.a();
        }
        return unary(Unary.Op.NEG, a);
    }

    /**
     * Elementwise {@code e^a} ({@link Unary.Op#EXP}).
     *
     * @param a the operand
     * @return the shared node, or a constant when {@code a} is one
     * @throws NullPointerException when {@code a} is null
     */
    public static Formula exp(Formula a) {
        return unary(Unary.Op.EXP, a);
    }

    /**
     * Elementwise natural logarithm ({@link Unary.Op#LOG}).
     *
     * @param a the operand
     * @return the shared node, or a constant when {@code a} is one
     * @throws NullPointerException when {@code a} is null
     */
    public static Formula log(Formula a) {
        return unary(Unary.Op.LOG, a);
    }

    /**
     * Elementwise square root ({@link Unary.Op#SQRT}).
     *
     * @param a the operand
     * @return the shared node, or a constant when {@code a} is one
     * @throws NullPointerException when {@code a} is null
     */
    public static Formula sqrt(Formula a) {
        return unary(Unary.Op.SQRT, a);
    }

    /**
     * Elementwise {@code 1 / sqrt(a)} ({@link Unary.Op#RSQRT}).
     *
     * @param a the operand
     * @return the shared node, or a constant when {@code a} is one
     * @throws NullPointerException when {@code a} is null
     */
    public static Formula rsqrt(Formula a) {
        return unary(Unary.Op.RSQRT, a);
    }

    /**
     * Elementwise absolute value ({@link Unary.Op#ABS}).
     *
     * @param a the operand
     * @return the shared node, or a constant when {@code a} is one
     * @throws NullPointerException when {@code a} is null
     */
    public static Formula abs(Formula a) {
        return unary(Unary.Op.ABS, a);
    }

    /**
     * Elementwise sine, a in radians ({@link Unary.Op#SIN}).
     *
     * @param a the operand
     * @return the shared node, or a constant when {@code a} is one
     * @throws NullPointerException when {@code a} is null
     */
    public static Formula sin(Formula a) {
        return unary(Unary.Op.SIN, a);
    }

    /**
     * Elementwise cosine, a in radians ({@link Unary.Op#COS}).
     *
     * @param a the operand
     * @return the shared node, or a constant when {@code a} is one
     * @throws NullPointerException when {@code a} is null
     */
    public static Formula cos(Formula a) {
        return unary(Unary.Op.COS, a);
    }

    /**
     * Elementwise Heaviside step: 1 where {@code a > 0}, else 0 (NaN included); its derivative
     * is taken as 0 ({@link Unary.Op#STEP}).
     *
     * @param a the operand
     * @return the shared node, or a constant when {@code a} is one
     * @throws NullPointerException when {@code a} is null
     */
    public static Formula step(Formula a) {
        return unary(Unary.Op.STEP, a);
    }

    /**
     * Elementwise sign, -1, 0 or 1 ({@link Unary.Op#SIGN}); its derivative is taken as 0.
     *
     * @param a the operand
     * @return the shared node, or a constant when {@code a} is one
     * @throws NullPointerException when {@code a} is null
     */
    public static Formula sign(Formula a) {
        return unary(Unary.Op.SIGN, a);
    }

    /**
     * Elementwise reciprocal {@code 1 / a} ({@link Unary.Op#INV}).
     *
     * @param a the operand
     * @return the shared node, or a constant when {@code a} is one
     * @throws NullPointerException when {@code a} is null
     */
    public static Formula inv(Formula a) {
        return unary(Unary.Op.INV, a);
    }

    /**
     * Elementwise {@code a * a} ({@link Unary.Op#SQUARE}).
     *
     * @param a the operand
     * @return the shared node, or a constant when {@code a} is one
     * @throws NullPointerException when {@code a} is null
     */
    public static Formula square(Formula a) {
        return unary(Unary.Op.SQUARE, a);
    }

    /**
     * Sum of the components: a scalar ({@link Unary.Op#SUM}).
     *
     * @param a the operand
     * @return a itself when scalar, else the shared node, or a constant when {@code a} is one
     * @throws NullPointerException when {@code a} is null
     */
    public static Formula sum(Formula a) {
        Objects.requireNonNull(a, "a");
        return a.dim() == 1 ? a : unary(Unary.Op.SUM, a);
    }

    /**
     * Squared Euclidean norm {@code sum_k a_k^2}: a scalar ({@link Unary.Op#SQNORM}).
     *
     * @param a the operand
     * @return the shared node, or a constant when {@code a} is one
     * @throws NullPointerException when {@code a} is null
     */
    public static Formula sqnorm(Formula a) {
        return unary(Unary.Op.SQNORM, a);
    }

    /**
     * Elementwise {@code a^exponent}, as {@link Math#pow} ({@link PowerOf}). Exponent 1 gives a,
     * 2 gives {@link #square}, and 0 gives the constant 1 (even where a is infinite or NaN, as
     * {@code Math.pow} does).
     *
     * @param a the base
     * @param exponent the exponent: finite
     * @return the shared node, or a constant when {@code a} is one
     * @throws NullPointerException when {@code a} is null
     * @throws IllegalArgumentException when {@code exponent} is infinite or NaN
     */
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

    /**
     * Elementwise {@code a + b}. Adding a zero constant gives the other operand (when that
     * one has the result's dimension, as with every rule here that returns an operand).
     *
     * @param a the first operand
     * @param b the second operand: of a's dimension, or either operand scalar (broadcast)
     * @return the shared node (an operand, or a constant, where the rules above apply)
     * @throws NullPointerException when {@code a} or {@code b} is null
     * @throws IllegalArgumentException when the dimensions are neither equal nor one of them 1
     */
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

    /**
     * Elementwise {@code a - b}. {@code x - x} gives the constant 0 (even for infinite or
     * NaN x), {@code x - 0} gives x and {@code 0 - x} gives {@code -x} (when x has the
     * result's dimension).
     *
     * @param a the first operand
     * @param b the second operand: of a's dimension, or either operand scalar (broadcast)
     * @return the shared node (an operand, or a constant, where the rules above apply)
     * @throws NullPointerException when {@code a} or {@code b} is null
     * @throws IllegalArgumentException when the dimensions are neither equal nor one of them 1
     */
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

    /**
     * Elementwise {@code a * b}. A zero constant gives the constant 0 (even where the
     * other operand is infinite or NaN), a one gives the other operand and a minus one its
     * negation (when that has the result's dimension); constants move to the left, and {@code c1 * (c2 * x)} becomes
     * {@code (c1 c2) * x} for scalar constants.
     *
     * @param a the first operand
     * @param b the second operand: of a's dimension, or either operand scalar (broadcast)
     * @return the shared node (an operand, or a constant, where the rules above apply)
     * @throws NullPointerException when {@code a} or {@code b} is null
     * @throws IllegalArgumentException when the dimensions are neither equal nor one of them 1
     */
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

    /**
     * Elementwise {@code a / b}. Dividing by a constant one gives a (when a has the
     * result's dimension).
     *
     * @param a the first operand
     * @param b the second operand: of a's dimension, or either operand scalar (broadcast)
     * @return the shared node (an operand, or a constant, where the rules above apply)
     * @throws NullPointerException when {@code a} or {@code b} is null
     * @throws IllegalArgumentException when the dimensions are neither equal nor one of them 1
     */
    public static Formula div(Formula a, Formula b) {
        int d = broadcastDim("div", a, b);
        if (isOne(b) && a.dim() == d) {
            return a;
        }
        return binary(Op.DIV, a, b);
    }

    /**
     * Elementwise minimum, as {@link Math#min} ({@link Op#MIN}).
     *
     * @param a the first operand
     * @param b the second operand: of a's dimension, or either operand scalar (broadcast)
     * @return the shared node, or a constant when both operands are constants
     * @throws NullPointerException when {@code a} or {@code b} is null
     * @throws IllegalArgumentException when the dimensions are neither equal nor one of them 1
     */
    public static Formula min(Formula a, Formula b) {
        broadcastDim("min", a, b);
        return binary(Op.MIN, a, b);
    }

    /**
     * Elementwise maximum, as {@link Math#max} ({@link Op#MAX}).
     *
     * @param a the first operand
     * @param b the second operand: of a's dimension, or either operand scalar (broadcast)
     * @return the shared node, or a constant when both operands are constants
     * @throws NullPointerException when {@code a} or {@code b} is null
     * @throws IllegalArgumentException when the dimensions are neither equal nor one of them 1
     */
    public static Formula max(Formula a, Formula b) {
        broadcastDim("max", a, b);
        return binary(Op.MAX, a, b);
    }

    /**
     * The dot product {@code sum_k a_k b_k}, a scalar. With a one-hot constant e_k on either
     * side it is component k of the other operand, with a zero constant the constant 0 (both
     * even where the other components are infinite or NaN).
     *
     * @param a the first operand
     * @param b the second operand, of a's dimension
     * @return the shared node, a component of one operand, or a constant
     * @throws NullPointerException when {@code a} or {@code b} is null
     * @throws IllegalArgumentException when the dimensions differ
     */
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
        // exact: x * 1 is x for every x, and the terms add in the same order (the forward rule
        // of SUM is the dot product with its all-ones gradient)
        if (isOne(a) && !(b instanceof Constant)) {
            return sum(b);
        }
        if (isOne(b) && !(a instanceof Constant)) {
            return sum(a);
        }
        return binary(Op.DOT, a, b);
    }

    /**
     * The squared Euclidean distance {@code sum_k (a_k - b_k)^2}, a scalar.
     *
     * @param a the first operand
     * @param b the second operand, of a's dimension
     * @return the shared node, or a constant when both operands are constants
     * @throws NullPointerException when {@code a} or {@code b} is null
     * @throws IllegalArgumentException when the dimensions differ
     */
    public static Formula sqdist(Formula a, Formula b) {
        sameDim("sqdist", a, b);
        return binary(Op.SQDIST, a, b);
    }

    /**
     * The builder of each binary operation, with its simplifications: exhaustive, so a new
     * operation does not compile without its row.
     */
    static Formula build(Op op, Formula a, Formula b) {
        return switch (op) {
            case ADD -> add(a, b);
            case SUB -> sub(a, b);
            case MUL -> mul(a, b);
            case DIV -> div(a, b);
            case MIN -> min(a, b);
            case MAX -> max(a, b);
            case DOT -> dot(a, b);
            case SQDIST -> sqdist(a, b);
        };
    }

    private static Formula binary(Op op, Formula a, Formula b) {
        if (a instanceof Constant ca && b instanceof Constant cb) {
            return constant(Evaluate.binary(op, ca.values(), cb.values()));
        }
        return intern(new Binary(op, a, b));
    }

    // ---- components

    /**
     * Component k of a, a scalar. The selection is pushed into elementwise operations (with
     * scalar operands kept whole), constants and concatenations, so that it reaches the
     * variables; a scalar a is returned as is.
     *
     * @param a the operand
     * @param k the component, in {@code [0, a.dim())}
     * @return the component, as simplified as those rules allow
     * @throws NullPointerException when {@code a} is null
     * @throws IllegalArgumentException when {@code k} is out of range
     */
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
            return build(bin.op(), x, y);
        }
        if (a instanceof Unary u && u.dim() > 1) {
            return unary(u.op(), select(u.a(), k));
        }
        if (a instanceof PowerOf p) {
            return pow(select(p.a(), k), p.exponent());
        }
        return intern(new Select(a, k));
    }

    /**
     * The components of a, then those of b.
     *
     * @param a the operand giving the first {@code a.dim()} components
     * @param b the operand giving the rest
     * @return the shared node, or a constant when both operands are constants
     * @throws NullPointerException when {@code a} or {@code b} is null
     * @throws IllegalArgumentException when {@code a.dim() + b.dim()} exceeds {@link #MAX_DIM}
     */
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

    /**
     * A scalar repeated to {@code dim} components (as {@code a * filled(1, dim)}).
     *
     * @param a the operand: scalar, or already of dimension {@code dim}
     * @param dim the dimension of the result, in {@code [1, MAX_DIM]}
     * @return a itself when it has {@code dim} components, else the repeated scalar
     * @throws NullPointerException when {@code a} is null
     * @throws IllegalArgumentException when {@code dim} is out of range, or a is neither scalar
     *     nor of dimension {@code dim}
     */
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

    /**
     * The value of an elementwise unary operation at x: the definition constant folding and the
     * scalar interpreter use.
     *
     * @param op the operation: elementwise (not SUM or SQNORM)
     * @param x the argument
     * @return {@code op(x)}
     * @throws NullPointerException when {@code op} is null
     * @throws IllegalArgumentException when {@code op} is SUM or SQNORM
     */
    public static double evaluate(Unary.Op op, double x) {
        Objects.requireNonNull(op, "op");
        if (op.shape() != OpShape.ELEMENTWISE) {
            throw new IllegalArgumentException("op must be elementwise, got the reduction " + op);
        }
        return Evaluate.unary(op, x);
    }

    /**
     * The value of an elementwise binary operation at (x, y): the definition constant folding
     * and the scalar interpreter use.
     *
     * @param op the operation: elementwise (not DOT or SQDIST)
     * @param x the first argument
     * @param y the second argument
     * @return {@code op(x, y)}
     * @throws NullPointerException when {@code op} is null
     * @throws IllegalArgumentException when {@code op} is DOT or SQDIST
     */
    public static double evaluate(Binary.Op op, double x, double y) {
        Objects.requireNonNull(op, "op");
        if (op.shape() != OpShape.ELEMENTWISE) {
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
