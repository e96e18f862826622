package org.nufft4j.reduce;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A formula as a straight-line program: its DAG in topological order, every node once (shared
 * subformulas are computed once), each with a slot range in a workspace of doubles.
 */
public final class Program {

    final Formula root;
    final Formula[] nodes;
    final int[] offset; // workspace offset of each node's value
    final int[][] operands; // indices of each node's children in nodes
    final int[][] operandOffsets; // workspace offsets of each node's children
    final int workspace;

    /**
     * Orders the DAG of {@code root} (children before parents, each distinct node once, by
     * identity) and gives each node {@code dim()} consecutive doubles of the workspace, in that
     * order.
     *
     * @param root the formula
     * @throws NullPointerException when {@code root} is null
     * @throws IllegalArgumentException when the nodes' components add up to more than
     *     {@link KernelReduction#MAX_ARRAY_LENGTH} doubles
     */
    public Program(Formula root) {
        this.root = Objects.requireNonNull(root, "root");
        List<Formula> order = Derivatives.topological(root);
        this.nodes = order.toArray(new Formula[0]);
        Map<Formula, Integer> index = new IdentityHashMap<>();
        this.offset = new int[nodes.length];
        this.operands = new int[nodes.length][];
        this.operandOffsets = new int[nodes.length][];
        long at = 0;
        for (int i = 0; i < nodes.length; i++) {
            index.put(nodes[i], i);
            offset[i] = (int) at;
            at += nodes[i].dim();
            if (at > KernelReduction.MAX_ARRAY_LENGTH) {
                // the values of all distinct nodes of one pair share one array
                throw new IllegalArgumentException("root needs more than " + KernelReduction.MAX_ARRAY_LENGTH
                        + " workspace doubles per pair (the components of its " + (i + 1) + " first distinct nodes)");
            }
            List<Formula> ch = nodes[i].children();
            operands[i] = new int[ch.size()];
            operandOffsets[i] = new int[ch.size()];
            for (int c = 0; c < ch.size(); c++) {
                operands[i][c] = index.get(ch.get(c));
                operandOffsets[i][c] = offset[operands[i][c]];
            }
        }
        this.workspace = (int) at;
    }

    /**
     * One node of the program, for evaluators outside this package: the node, the workspace
     * offset of its value, the offsets of its operands' values, and whether its value changes
     * with the reduced index (false: computed once per output row).
     *
     * @param node the node
     * @param out the workspace offset of the node's first component (the others follow)
     * @param in the workspace offsets of its operands' values, one per child, in order
     * @param varies whether it is, or depends through its operands on, a variable of the kind
     *     that varies
     */
    public record Step(Formula node, int out, int[] in, boolean varies) {

        /**
         * Checks the components ({@code in} is kept, not copied).
         *
         * @throws NullPointerException when {@code node} or {@code in} is null
         * @throws IllegalArgumentException when {@code out < 0}, or {@code in} does not have one
         *     offset per child of {@code node}
         */
        public Step {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(in, "in");
            if (out < 0) {
                throw new IllegalArgumentException("out must be >= 0 (a workspace offset), got " + out);
            }
            if (in.length != node.children().size()) {
                throw new IllegalArgumentException("in.length = " + in.length + ", expected one offset per operand of "
                        + node + " = " + node.children().size());
            }
        }
    }

    /**
     * The nodes in evaluation order, with their workspace slots.
     *
     * @param variesWith the kind of variable that varies (the reduced index's)
     * @return one step per distinct node, children first, the root last
     * @throws NullPointerException when {@code variesWith} is null
     */
    public List<Step> steps(Variable.Kind variesWith) {
        Objects.requireNonNull(variesWith, "variesWith");
        boolean[] varies = new boolean[nodes.length];
        var list = new java.util.ArrayList<Step>(nodes.length);
        for (int i = 0; i < nodes.length; i++) {
            boolean v = nodes[i] instanceof Variable var && var.kind() == variesWith;
            int[] in = new int[operands[i].length];
            for (int c = 0; c < in.length; c++) {
                v |= varies[operands[i][c]];
                in[c] = offset[operands[i][c]];
            }
            varies[i] = v;
            list.add(new Step(nodes[i], offset[i], in, v));
        }
        return list;
    }

    /**
     * Doubles of workspace one evaluation needs.
     *
     * @return the sum of the distinct nodes' dimensions
     */
    public int workspace() {
        return workspace;
    }

    /**
     * Workspace offset of the root's value.
     *
     * @return the offset of the root's first component
     */
    public int rootOffset() {
        return offset[nodes.length - 1];
    }

    /**
     * Number of distinct nodes.
     *
     * @return the number of nodes, variables and constants included
     */
    public int size() {
        return nodes.length;
    }

    /**
     * How many distinct nodes of the given class and operation the program has.
     *
     * @param kind the node class ({@code Unary.class}, {@code Formula.class} for any, ...)
     * @param op a {@link Unary.Op} or {@link Binary.Op} the node must have, or null for any
     *     (a class without an operation matches no non-null op)
     * @return the count
     * @throws NullPointerException when {@code kind} is null
     */
    public long count(Class<? extends Formula> kind, Enum<?> op) {
        Objects.requireNonNull(kind, "kind");
        long c = 0;
        for (Formula f : nodes) {
            if (kind.isInstance(f) && (op == null
                    || (f instanceof Unary u && u.op() == op)
                    || (f instanceof Binary b && b.op() == op))) {
                c++;
            }
        }
        return c;
    }

    /**
     * The distinct variables the formula reads.
     *
     * @return the variables in evaluation order, unmodifiable
     */
    public List<Variable> variables() {
        return java.util.Arrays.stream(nodes).filter(f -> f instanceof Variable).map(f -> (Variable) f).toList();
    }

    /** Evaluates every node; variables must already be in the workspace; returns the root's offset. */
    int run(double[] w) {
        for (int i = 0; i < nodes.length; i++) {
            switch (nodes[i]) {
                case Variable v -> { } // loaded by the caller
                case Constant c -> System.arraycopy(c.values(), 0, w, offset[i], c.dim());
                default -> Evaluate.node(nodes[i], w, operandOffsets[i], offset[i], 1);
            }
        }
        return offset[nodes.length - 1];
    }

    /**
     * Evaluates one node (neither variable nor constant) with its components {@code stride}
     * apart: operand c's component k at {@code w[in[c] + k * stride]}, the result's at
     * {@code w[out + k * stride]}. For evaluators that keep values in other layouts.
     *
     * @param node the operation node (neither a {@link Variable} nor a {@link Constant})
     * @param w the workspace, read at the operands' components and written at the result's
     * @param in the offset of each operand's first component, one per child, in order
     * @param out the offset of the result's first component
     * @param stride the distance between consecutive components: {@code >= 1}
     * @throws NullPointerException when {@code node}, {@code w} or {@code in} is null
     * @throws IllegalArgumentException when {@code node} is a variable or a constant, {@code in}
     *     does not have one offset per child, {@code stride < 1}, or an operand's or the result's
     *     components do not all lie in {@code w}
     */
    public static void evaluateNode(Formula node, double[] w, int[] in, int out, int stride) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(w, "w");
        Objects.requireNonNull(in, "in");
        if (node instanceof Variable || node instanceof Constant) {
            throw new IllegalArgumentException("node must be an operation (variables are loaded, constants "
                    + "copied), got " + node);
        }
        List<Formula> operands = node.children();
        if (in.length != operands.size()) {
            throw new IllegalArgumentException("in.length = " + in.length + ", expected one offset per operand of "
                    + node + " = " + operands.size());
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be >= 1, got " + stride);
        }
        for (int c = 0; c < in.length; c++) {
            checkSpan(w, "in[" + c + "]", in[c], operands.get(c).dim(), stride);
        }
        checkSpan(w, "out", out, node.dim(), stride);
        Evaluate.node(node, w, in, out, stride);
    }

    /** Fails unless components at, at + stride, ... (dim of them) lie inside w. */
    private static void checkSpan(double[] w, String name, int at, int dim, int stride) {
        long last = at + (long) (dim - 1) * stride;
        if (at < 0 || last >= w.length) {
            throw new IllegalArgumentException(name + " = " + at + ": components up to " + last + " (" + dim
                    + " components, stride " + stride + ") must lie in w of length " + w.length);
        }
    }
}
