package org.nufft4j.reduce;

import java.util.List;

/**
 * A node of a formula DAG (docs/design.md, Kernel reductions): a vector-valued expression of i-variables,
 * j-variables, parameters and constants.
 *
 * <p>Nodes are immutable and hash-consed: every node is built through {@link Formulas}, which
 * simplifies it and returns the one existing node with the same operation and children, so
 * identical subformulas are one object and an evaluator computes them once. Children are
 * compared by identity, which is structural equality because they are hash-consed too.
 *
 * <p>Serializable, for distributed jobs: a deserialized node is interned again (each node's
 * {@code readResolve}), so it is the same object as an equal node built in the receiving JVM.
 */
public sealed interface Formula extends java.io.Serializable
        permits Variable, Constant, Unary, Binary, PowerOf, Select, Concat {

    /**
     * Number of components of the value.
     *
     * @return the dimension, 1 for a scalar
     */
    int dim();

    /**
     * Direct operands, in order.
     *
     * @return the operands (empty for a variable or a constant), unmodifiable
     */
    List<Formula> children();

    // fluent helpers (all go through Formulas, so results are simplified and shared)

    /**
     * Elementwise sum, {@link Formulas#add}.
     *
     * @param o the other operand: of this formula's dimension, or either of them scalar
     * @return {@code this + o}
     * @throws NullPointerException when {@code o} is null
     * @throws IllegalArgumentException when the dimensions neither match nor broadcast
     */
    default Formula plus(Formula o) {
        return Formulas.add(this, o);
    }

    /**
     * Elementwise difference, {@link Formulas#sub}.
     *
     * @param o the subtrahend: of this formula's dimension, or either of them scalar
     * @return {@code this - o}
     * @throws NullPointerException when {@code o} is null
     * @throws IllegalArgumentException when the dimensions neither match nor broadcast
     */
    default Formula minus(Formula o) {
        return Formulas.sub(this, o);
    }

    /**
     * Elementwise product, {@link Formulas#mul}.
     *
     * @param o the other factor: of this formula's dimension, or either of them scalar
     * @return {@code this * o}
     * @throws NullPointerException when {@code o} is null
     * @throws IllegalArgumentException when the dimensions neither match nor broadcast
     */
    default Formula times(Formula o) {
        return Formulas.mul(this, o);
    }

    /**
     * Product with a scalar constant.
     *
     * @param c the factor applied to every component (NaN and infinities allowed)
     * @return {@code c * this}
     */
    default Formula times(double c) {
        return Formulas.mul(this, Formulas.constant(c));
    }

    /**
     * Elementwise quotient, {@link Formulas#div}.
     *
     * @param o the divisor: of this formula's dimension, or either of them scalar
     * @return {@code this / o}
     * @throws NullPointerException when {@code o} is null
     * @throws IllegalArgumentException when the dimensions neither match nor broadcast
     */
    default Formula div(Formula o) {
        return Formulas.div(this, o);
    }

    /**
     * Negation, {@link Formulas#neg}.
     *
     * @return {@code -this}
     */
    default Formula neg() {
        return Formulas.neg(this);
    }
}
