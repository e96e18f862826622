package org.nufft4j.reduce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nufft4j.parallel.Workers;

/**
 * The front door of kernel reductions (docs/design.md, Kernel reductions): variables that carry
 * their data, so that a reduction is written and evaluated without data indices.
 *
 * <pre>{@code
 * var r = new Reductions();
 * Formula x = r.i(xs, 3), y = r.j(ys, 3), b = r.j(bs, 1);
 * var s = r.sumOverJ(Formulas.exp(Formulas.sqdist(x, y).times(-0.5)).times(b));
 * double[] a = s.evaluate().values();              // a_i = sum_j exp(-|x_i - y_j|^2 / 2) b_j
 * Map<Formula, double[]> grad = s.backward(g);     // dL/dx, dL/dy, dL/db for dL/da = g
 * }</pre>
 *
 * <p>The variables are the index-based ones of {@link Formulas} ({@code vi}, {@code vj},
 * {@code pm}), numbered 0, 1, 2, ... in the order they are bound here; that layer stays
 * underneath ({@link #data}). Numbering per instance keeps the formulas of a loop that binds
 * new data each step the same objects, so their prepared and generated code is reused: bind
 * new arrays with {@link #bind}, or change the bound arrays in place (they are read at each
 * evaluation, never copied). A formula must use the variables of the instance that evaluates
 * it: one of another instance with the same number, kind and dimension cannot be told apart.
 *
 * <p>Evaluation runs the SIMD evaluator of the simd module when it can run in this JVM, else
 * the scalar interpreter with one logged warning ({@link ReductionEvaluators#resolve}), on the
 * given {@link Workers} or a pool shared by every instance made without one (daemon threads,
 * one per processor). Not thread-safe: one instance per thread, or external locking.
 */
public final class Reductions {

    /** The pool of the instances made without one: created on first use, never closed. */
    private static final class DefaultPool {
        static final Workers WORKERS = new Workers(Runtime.getRuntime().availableProcessors());
    }

    private final Workers workers; // null: the default pool, taken at evaluation
    private final List<Variable> variables = new ArrayList<>();
    private final List<double[]> arrays = new ArrayList<>();
    private int rowsI = -1;
    private int rowsJ = -1;

    /** Evaluates on a pool shared by the instances made this way (one thread per processor). */
    public Reductions() {
        this.workers = null;
    }

    /**
     * Evaluates on these threads (the caller keeps them and closes them).
     *
     * @param workers the threads every evaluation of this instance uses
     * @throws NullPointerException when {@code workers} is null
     */
    public Reductions(Workers workers) {
        this.workers = Objects.requireNonNull(workers, "workers");
    }

    /**
     * Binds an i-variable (one row per output row of a reduction over j) holding {@code data}.
     * The first i-variable sets N; every later one must have N rows too.
     *
     * @param data the rows, row-major ({@code N * dim} doubles); kept by reference, read at
     *     each evaluation
     * @param dim components per row, in {@code [1, }{@link Formulas#MAX_DIM}{@code ]}
     * @return the variable, {@code vi(n, dim)} with n the number of variables bound before
     * @throws NullPointerException when {@code data} is null
     * @throws IllegalArgumentException when {@code dim} is out of range, {@code data.length} is
     *     not a multiple of it, or the rows differ from the i-variables bound before
     */
    public Formula i(double[] data, int dim) {
        return bindNew(Variable.Kind.I, "data", data, dim);
    }

    /**
     * Binds a j-variable (one row per reduced index of a reduction over j) holding {@code data}.
     * The first j-variable sets M; every later one must have M rows too.
     *
     * @param data the rows, row-major ({@code M * dim} doubles); kept by reference, read at
     *     each evaluation
     * @param dim components per row, in {@code [1, }{@link Formulas#MAX_DIM}{@code ]}
     * @return the variable, {@code vj(n, dim)} with n the number of variables bound before
     * @throws NullPointerException when {@code data} is null
     * @throws IllegalArgumentException when {@code dim} is out of range, {@code data.length} is
     *     not a multiple of it, or the rows differ from the j-variables bound before
     */
    public Formula j(double[] data, int dim) {
        return bindNew(Variable.Kind.J, "data", data, dim);
    }

    /**
     * Binds a parameter shared by every pair, holding {@code values}.
     *
     * @param values the components (their count is the dimension); kept by reference, read at
     *     each evaluation
     * @return the variable, {@code pm(n, values.length)} with n the number of variables bound
     *     before
     * @throws NullPointerException when {@code values} is null
     * @throws IllegalArgumentException when {@code values} is empty or longer than
     *     {@link Formulas#MAX_DIM}
     */
    public Formula parameter(double... values) {
        Objects.requireNonNull(values, "values");
        return bindNew(Variable.Kind.PARAMETER, "values", values, values.length);
    }

    private Formula bindNew(Variable.Kind kind, String name, double[] data, int dim) {
        Objects.requireNonNull(data, name);
        Formulas.checkDim("dim", dim);
        int rows = rowsOf(kind, name, data, dim);
        Formula v = switch (kind) {
            case I -> Formulas.vi(variables.size(), dim);
            case J -> Formulas.vj(variables.size(), dim);
            case PARAMETER -> Formulas.pm(variables.size(), dim);
        };
        if (kind == Variable.Kind.I) {
            rowsI = rows;
        } else if (kind == Variable.Kind.J) {
            rowsJ = rows;
        }
        variables.add((Variable) v);
        arrays.add(data);
        return v;
    }

    /** The rows of data for a variable of this kind; fails unless they fit dim and the other variables. */
    private int rowsOf(Variable.Kind kind, String name, double[] data, int dim) {
        if (kind == Variable.Kind.PARAMETER) {
            if (data.length != dim) {
                throw new IllegalArgumentException(name + ".length = " + data.length + ", expected dim = " + dim);
            }
            return 1;
        }
        if (data.length % dim != 0) {
            throw new IllegalArgumentException(name + ".length = " + data.length + " is not a multiple of dim = " + dim
                    + ": expected rows * dim values, row-major");
        }
        int rows = data.length / dim;
        int bound = kind == Variable.Kind.I ? rowsI : rowsJ;
        if (bound >= 0 && rows != bound) {
            String n = kind == Variable.Kind.I ? "N" : "M";
            throw new IllegalArgumentException(name + " has " + rows + " rows of dim " + dim + ", but the "
                    + kind.name().toLowerCase(java.util.Locale.ROOT) + "-variables bound before have " + n + " = "
                    + bound + ": every " + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + "-variable has the same rows");
        }
        return rows;
    }

    /**
     * Binds new data to a variable of this instance (same length: the rows stay those of the
     * other variables); the formulas using it are unchanged.
     *
     * @param variable a variable returned by {@link #i}, {@link #j} or {@link #parameter} of
     *     this instance
     * @param data the new array, of the length bound before; kept by reference
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when {@code variable} is not one of this instance, or the
     *     length differs
     */
    public void bind(Formula variable, double[] data) {
        Variable v = own(variable, "variable");
        Objects.requireNonNull(data, "data");
        double[] old = arrays.get(v.index());
        if (data.length != old.length) {
            throw new IllegalArgumentException("data.length = " + data.length + ", expected " + old.length + " (the "
                    + "length bound to " + v + ")");
        }
        arrays.set(v.index(), data);
    }

    /** The variable of this instance that {@code f} is, or an exception naming {@code name}. */
    private Variable own(Formula f, String name) {
        Objects.requireNonNull(f, name);
        if (f instanceof Variable v && v.index() < variables.size() && variables.get(v.index()).equals(v)) {
            return v;
        }
        throw new IllegalArgumentException(name + " = " + f + " is not a variable bound by this Reductions"
                + " (made with its i, j or parameter)");
    }

    /**
     * {@code a_i = sum_j F}: one output row per i, of F's dimension.
     *
     * @param formula F, over the variables of this instance
     * @return the reduction, bound to this instance's data
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when the formula reads a variable not bound by this
     *     instance, or does not fit the reducer ({@link KernelReduction#KernelReduction})
     */
    public Reduction sumOverJ(Formula formula) {
        return of(KernelReduction.overJ(formula, Reducer.SUM));
    }

    /**
     * {@code a_j = sum_i F}: one output row per j, of F's dimension.
     *
     * @param formula F, over the variables of this instance
     * @return the reduction, bound to this instance's data
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when the formula reads a variable not bound by this
     *     instance, or does not fit the reducer ({@link KernelReduction#KernelReduction})
     */
    public Reduction sumOverI(Formula formula) {
        return of(KernelReduction.overI(formula, Reducer.SUM));
    }

    /**
     * {@code Red_j F}, one output row per i ({@link KernelReduction#overJ}).
     *
     * @param formula F, over the variables of this instance
     * @param reducer how values are combined: any but KMIN ({@link #kMinOverJ})
     * @return the reduction, bound to this instance's data
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when the formula reads a variable not bound by this
     *     instance, or does not fit the reducer ({@link KernelReduction#KernelReduction})
     */
    public Reduction overJ(Formula formula, Reducer reducer) {
        return of(KernelReduction.overJ(formula, reducer));
    }

    /**
     * {@code Red_i F}, one output row per j ({@link KernelReduction#overI}).
     *
     * @param formula F, over the variables of this instance
     * @param reducer how values are combined: any but KMIN
     * @return the reduction, bound to this instance's data
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when the formula reads a variable not bound by this
     *     instance, or does not fit the reducer ({@link KernelReduction#KernelReduction})
     */
    public Reduction overI(Formula formula, Reducer reducer) {
        return of(KernelReduction.overI(formula, reducer));
    }

    /**
     * The k smallest values of F over j, ascending, with their indices
     * ({@link KernelReduction#kMinOverJ}).
     *
     * @param formula F, scalar, over the variables of this instance
     * @param k how many values each row keeps: {@code >= 1}
     * @return the reduction, bound to this instance's data
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when the formula reads a variable not bound by this
     *     instance, or does not fit the reducer ({@link KernelReduction#KernelReduction})
     */
    public Reduction kMinOverJ(Formula formula, int k) {
        return of(KernelReduction.kMinOverJ(formula, k));
    }

    /**
     * Any reduction over the variables of this instance.
     *
     * @param reduction the index-based reduction; its formula and weight may read only the
     *     variables bound here
     * @return the reduction, bound to this instance's data
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when the formula reads a variable not bound by this
     *     instance, or does not fit the reducer ({@link KernelReduction#KernelReduction})
     */
    public Reduction of(KernelReduction reduction) {
        Objects.requireNonNull(reduction, "reduction");
        checkOwn(reduction.formula(), "formula");
        if (reduction.weight() != null) {
            checkOwn(reduction.weight(), "weight");
        }
        return new Reduction(reduction);
    }

    private void checkOwn(Formula f, String name) {
        for (Variable v : new Program(f).variables()) {
            own(v, name + " reads " + v + "; the variable");
        }
    }

    /**
     * The index-based data underneath: array k holds the data of the k-th variable bound here.
     *
     * @return new data holding the bound arrays themselves (not copies), with N and M those of
     *     the i- and j-variables
     * @throws IllegalStateException when no i-variable or no j-variable is bound yet
     */
    public ReductionData data() {
        return data(List.of());
    }

    private ReductionData data(List<double[]> extra) {
        if (rowsI < 0 || rowsJ < 0) {
            throw new IllegalStateException("N and M are those of the i- and j-variables: bind at least one of each"
                    + " (no " + (rowsI < 0 ? "i" : "j") + "-variable is bound yet)");
        }
        var all = new ArrayList<>(arrays);
        all.addAll(extra);
        return new ReductionData(rowsI, rowsJ, all.toArray(double[][]::new));
    }

    private ReductionResult run(KernelReduction r, ReductionData data) {
        return ReductionEvaluators.resolve().evaluate(r, data, workers != null ? workers : DefaultPool.WORKERS);
    }

    /** A reduction bound to the data of its {@link Reductions}. */
    public final class Reduction {

        private final KernelReduction reduction;

        private Reduction(KernelReduction reduction) {
            this.reduction = reduction;
        }

        /**
         * The index-based reduction underneath.
         *
         * @return the reduction, whose variables index the arrays of {@link Reductions#data}
         */
        public KernelReduction reduction() {
            return reduction;
        }

        /**
         * The reduction of the data bound now, by {@link ReductionEvaluators#resolve}.
         *
         * @return the output rows ({@link ReductionResult})
         * @throws IllegalStateException when no i-variable or no j-variable is bound, or the
         *     SIMD evaluator is requested and cannot run
         * @throws IllegalArgumentException when the output cannot be allocated
         *     ({@link KernelReduction#outputLength}), or the evaluator property is invalid
         */
        public ReductionResult evaluate() {
            return run(reduction, data());
        }

        /**
         * {@link #evaluate()} in the given precision ({@link ReductionEvaluator#evaluate(
         * KernelReduction, ReductionData, Workers, Precision)}): FLOAT rounds the bound data to
         * float and returns float values (SUM in float lanes, the other reducers in double on
         * the rounded data; docs/design.md, "Float reductions").
         *
         * @param precision DOUBLE or FLOAT
         * @return the output rows ({@link ReductionResult})
         * @throws NullPointerException when {@code precision} is null
         * @throws IllegalStateException as {@link #evaluate()}
         * @throws IllegalArgumentException as {@link #evaluate()}
         */
        public ReductionResult evaluate(org.nufft4j.Precision precision) {
            java.util.Objects.requireNonNull(precision, "precision");
            return ReductionEvaluators.resolve().evaluate(reduction, data(),
                    workers != null ? workers : DefaultPool.WORKERS, precision);
        }

        /**
         * The gradients of a loss L by every variable of the formula, given {@code g = dL/da}
         * (one row of F's dimension per output row): for an i- or j-variable one row per row
         * of it, for a parameter its dim values ({@link Backprop}, one reduction per side); in
         * the order the variables were bound.
         *
         * @param g the incoming gradient, {@code outputRows * F.dim()} doubles, row-major
         * @return the gradients by the variables of the formula, as for
         *     {@link #backward(double[], Formula...)}
         * @throws NullPointerException when {@code g} is null
         * @throws IllegalArgumentException when the formula reads no variable, the reducer is not
         *     SUM or unweighted LOGSUMEXP ({@link Backprop#gradient}), or {@code g} has the
         *     wrong length
         * @throws IllegalStateException as {@link #evaluate()}
         */
        public Map<Formula, double[]> backward(double[] g) {
            return backward(g, new Program(reduction.formula()).variables().stream()
                    .sorted(java.util.Comparator.comparingInt(Variable::index)).toArray(Formula[]::new));
        }

        /**
         * The gradients of a loss L by the variables {@code wrt}, given {@code g = dL/da}.
         * LOGSUMEXP first evaluates the forward reduction again (its output is part of the
         * cotangent).
         *
         * @param g the incoming gradient, {@code outputRows * F.dim()} doubles, row-major
         * @param wrt distinct variables of this instance (one the formula does not read gets a
         *     zero gradient)
         * @return a map in {@code wrt} order: for an i- or j-variable its rows' gradients
         *     ({@code rows * dim} doubles, row-major, like its data), for a parameter its
         *     {@code dim} values
         * @throws NullPointerException when {@code g}, {@code wrt} or an element of it is null
         * @throws IllegalArgumentException when {@code wrt} is empty, repeats a variable or holds
         *     one not bound by this instance, the reducer is not SUM or unweighted LOGSUMEXP
         *     ({@link Backprop#gradient}), or {@code g} has the wrong length
         * @throws IllegalStateException as {@link #evaluate()}
         */
        public Map<Formula, double[]> backward(double[] g, Formula... wrt) {
            Objects.requireNonNull(g, "g");
            Objects.requireNonNull(wrt, "wrt");
            for (int q = 0; q < wrt.length; q++) {
                own(wrt[q], "wrt[" + q + "]");
            }
            ReductionData forward = data();
            long expected = (long) reduction.outputRows(forward) * reduction.formula().dim();
            if (g.length != expected) {
                throw new IllegalArgumentException("g.length = " + g.length + ", expected output rows * dim F = "
                        + reduction.outputRows(forward) + " * " + reduction.formula().dim() + " = " + expected);
            }
            int gradientIndex = arrays.size();
            var groups = Backprop.gradients(reduction, List.of(wrt), gradientIndex, gradientIndex + 1);
            double[] output = reduction.reducer().rule().readsOutput() ? run(reduction, forward).values() : new double[0];
            ReductionData data = data(List.of(g, output));
            var byVariable = new LinkedHashMap<Formula, double[]>();
            for (Formula w : wrt) {
                byVariable.put(w, null); // the order of wrt, whatever the groups' order
            }
            for (var group : groups) {
                ReductionResult res = run(group.reduction(), data);
                double[] values = group.sumRows() ? Backprop.sumRows(res) : res.values();
                int rows = group.sumRows() ? 1 : res.rows();
                int offset = 0;
                for (Variable v : group.variables()) {
                    double[] mine = new double[rows * v.dim()];
                    for (int row = 0; row < rows; row++) {
                        System.arraycopy(values, row * res.dim() + offset, mine, row * v.dim(), v.dim());
                    }
                    byVariable.put(v, mine);
                    offset += v.dim();
                }
            }
            return byVariable;
        }
    }
}
