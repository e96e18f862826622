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

    /** Number of components of the value (1 for a scalar). */
    int dim();

    /** Direct operands, in order. */
    List<Formula> children();

    // fluent helpers (all go through Formulas, so results are simplified and shared)

    default Formula plus(Formula o) {
        return Formulas.add(this, o);
    }

    default Formula minus(Formula o) {
        return Formulas.sub(this, o);
    }

    default Formula times(Formula o) {
        return Formulas.mul(this, o);
    }

    default Formula times(double c) {
        return Formulas.mul(this, Formulas.constant(c));
    }

    default Formula div(Formula o) {
        return Formulas.div(this, o);
    }

    default Formula neg() {
        return Formulas.neg(this);
    }
}
