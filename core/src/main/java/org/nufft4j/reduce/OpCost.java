package org.nufft4j.reduce;

/**
 * The one cost model of the operations, in two measures (docs/decisions.md, Kernel reductions:
 * why two), per result component of an elementwise operation and per operand component of a
 * component sum. {@code time} estimates the work per pair (a multiplication 1, a division or
 * square root 4, exp, log, sin, cos and pow 8), which {@link Hoisting} minimises; {@code size}
 * counts the vector operations the generator emits (exp inline 24, a function called out of
 * line 3: a store, the call, a load), which bounds a generated class for C2's inlining budget.
 * {@link #time(Formula)} and {@link #size(Formula)} give a node's total, from its operation's
 * entry.
 *
 * @param time work per component, in multiplications
 * @param size emitted vector operations per component
 */
public record OpCost(int time, int size) {

    /** pow, elementwise: as exp in time; out of line in the generated code. */
    static final OpCost POW = new OpCost(8, 3);

    /**
     * The {@code time} of one node: its operation's entry times its components; 0 for
     * variables, constants, selections and concatenations (moves, not arithmetic).
     *
     * @param f the node
     * @return its time units
     * @throws NullPointerException when {@code f} is null
     */
    public static long time(Formula f) {
        return switch (f) {
            case Variable v -> 0;
            case Constant c -> 0;
            case Select s -> 0;
            case Concat c -> 0;
            case PowerOf p -> (long) POW.time() * p.dim();
            case Unary u -> (long) u.op().cost().time() * components(u.op().shape(), u.dim(), u.a().dim());
            case Binary b -> (long) b.op().cost().time() * components(b.op().shape(), b.dim(), b.a().dim());
        };
    }

    /**
     * The {@code size} of one node in generated code: its operation's entry times its
     * components; a variable's loads count one per component, selections and concatenations
     * nothing (they only rename locals).
     *
     * @param f the node
     * @return its size units
     * @throws NullPointerException when {@code f} is null
     */
    public static long size(Formula f) {
        return switch (f) {
            case Variable v -> v.dim();
            case Constant c -> c.dim();
            case Select s -> 0;
            case Concat c -> 0;
            case PowerOf p -> (long) POW.size() * p.dim();
            case Unary u -> (long) u.op().cost().size() * components(u.op().shape(), u.dim(), u.a().dim());
            case Binary b -> (long) b.op().cost().size() * components(b.op().shape(), b.dim(), b.a().dim());
        };
    }

    private static long components(OpShape shape, int resultDim, int operandDim) {
        return shape == OpShape.ELEMENTWISE ? resultDim : operandDim;
    }
}
