package org.nufft4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nufft4j.reduce.Binary;
import org.nufft4j.reduce.Constant;
import org.nufft4j.reduce.Formula;
import org.nufft4j.reduce.Formulas;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.Reducer;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.reduce.ReductionResult;
import org.nufft4j.reduce.ScalarReductions;
import org.nufft4j.reduce.Unary;
import org.nufft4j.reduce.Variable;

/**
 * A kernel reduction recognised as a Gaussian sum {@code a_i = sum_j exp(-c |x_i - y_j|^2) b_j}
 * (docs/design.md, "Fast kernel sums"), evaluated by a {@link FastKernelSum} on the reduction's
 * own data: what {@link FastKernelSum#tryFrom} returns.
 *
 * @param reduction the reduction as given
 * @param dimension d, the number of components of x and y
 * @param targets the data array of the i-variable x
 * @param sources the data array of the j-variable y
 * @param weights the data array of the scalar j-variable b, or -1 when the formula has none (b = 1)
 * @param coefficient c, a formula of parameters and constants only, evaluated per call
 * @param tolerance the fast sum's tolerance ({@link FastKernelSum}'s measure)
 */
public record FastGaussianReduction(KernelReduction reduction, int dimension, int targets, int sources, int weights,
                                    Formula coefficient, double tolerance) {

    /**
     * The sums for this data: one row per i, as {@link ScalarReductions#evaluate} gives them,
     * within the tolerance's bound instead of to rounding. Each call makes (and closes) a
     * {@link FastKernelSum} of width {@code sigma = sqrt(1 / (2 c))}.
     *
     * @param data the reduction's arrays by variable index, row-major (as {@link ReductionData})
     * @return N rows of one value, {@code a_i}, and no indices
     * @throws IllegalArgumentException if the data do not fit the reduction, or the coefficient
     *     c is not positive and finite for these parameters (then the sum is not a Gaussian)
     */
    public ReductionResult evaluate(ReductionData data) {
        data.check(new org.nufft4j.reduce.Program(reduction.formula()));
        double c = parameterValue(coefficient, data);
        if (!(c > 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("the Gaussian's coefficient c in exp(-c sqdist) is " + c
                    + " for these parameters; a fast sum needs c > 0 (use ScalarReductions or the SIMD evaluator)");
        }
        double sigma = Math.sqrt(0.5 / c);
        int n = data.rowsI();
        int m = data.rowsJ();
        double[] b = weights >= 0 ? data.arrays()[weights] : ones(m);
        double[] out = new double[n];
        try (var fast = FastKernelSum.gaussian(dimension, sigma, tolerance)) {
            fast.setPoints(data.arrays()[targets], data.arrays()[sources]);
            fast.sum(b, out);
        }
        return new ReductionResult(n, 1, out, null);
    }

    private static double[] ones(int m) {
        double[] b = new double[m];
        java.util.Arrays.fill(b, 1);
        return b;
    }

    /** The value of a formula of parameters and constants, by the scalar interpreter on one pair. */
    private static double parameterValue(Formula f, ReductionData data) {
        if (f instanceof Constant k) {
            return k.values()[0];
        }
        double[][] arrays = data.arrays().clone();
        for (int i = 0; i < arrays.length; i++) {
            if (!usesParameter(f, i)) {
                arrays[i] = new double[0];
            }
        }
        return ScalarReductions.evaluate(KernelReduction.overJ(f, Reducer.SUM), new ReductionData(1, 1, arrays))
                .values()[0];
    }

    private static boolean usesParameter(Formula f, int index) {
        if (f instanceof Variable v) {
            return v.index() == index;
        }
        for (Formula c : f.children()) {
            if (usesParameter(c, index)) {
                return true;
            }
        }
        return false;
    }

    /** The recogniser behind {@link FastKernelSum#tryFrom}. */
    static Optional<FastGaussianReduction> match(KernelReduction r, double tolerance) {
        if (!r.overJ() || r.reducer() != Reducer.SUM || r.weight() != null || r.formula().dim() != 1) {
            return Optional.empty();
        }
        Formula f = r.formula();
        Formula kernel = f;
        int w = -1;
        if (f instanceof Binary mul && mul.op() == Binary.Op.MUL) {
            if (isScalarJ(mul.b()) && isExp(mul.a())) {
                kernel = mul.a();
                w = ((Variable) mul.b()).index();
            } else if (isScalarJ(mul.a()) && isExp(mul.b())) {
                kernel = mul.b();
                w = ((Variable) mul.a()).index();
            }
        }
        if (!isExp(kernel)) {
            return Optional.empty();
        }
        Formula argument = ((Unary) kernel).a();
        List<Binary> sq = new ArrayList<>();
        collectSqdist(argument, sq);
        if (sq.size() != 1) {
            return Optional.empty();
        }
        Binary d2 = sq.get(0);
        if (!(d2.a() instanceof Variable x && x.kind() == Variable.Kind.I)
                || !(d2.b() instanceof Variable y && y.kind() == Variable.Kind.J)) {
            return Optional.empty();
        }
        int dim = x.dim();
        if (dim < 1 || dim > 3 || y.dim() != dim || x.index() == y.index() || w == y.index()) {
            return Optional.empty();
        }
        Formula minusC = linearFactor(argument, d2); // argument = minusC * sqdist
        if (minusC == null) {
            return Optional.empty();
        }
        return Optional.of(new FastGaussianReduction(r, dim, x.index(), y.index(), w, Formulas.neg(minusC),
                tolerance));
    }

    private static boolean isExp(Formula f) {
        return f instanceof Unary u && u.op() == Unary.Op.EXP;
    }

    private static boolean isScalarJ(Formula f) {
        return f instanceof Variable v && v.kind() == Variable.Kind.J && v.dim() == 1;
    }

    private static void collectSqdist(Formula f, List<Binary> found) {
        if (f instanceof Binary b && b.op() == Binary.Op.SQDIST) {
            found.add(b);
            return;
        }
        for (Formula c : f.children()) {
            collectSqdist(c, found);
        }
    }

    /** Whether f involves only parameters and constants. */
    private static boolean parametersOnly(Formula f) {
        if (f instanceof Variable v) {
            return v.kind() == Variable.Kind.PARAMETER;
        }
        for (Formula c : f.children()) {
            if (!parametersOnly(c)) {
                return false;
            }
        }
        return true;
    }

    /** g with f = g * sq for a parameters-only scalar g, or null when f is not of that form. */
    private static Formula linearFactor(Formula f, Formula sq) {
        if (f == sq) {
            return Formulas.constant(1.0);
        }
        if (f.dim() != 1) {
            return null;
        }
        if (f instanceof Unary u && u.op() == Unary.Op.NEG) {
            Formula g = linearFactor(u.a(), sq);
            return g == null ? null : Formulas.neg(g);
        }
        if (f instanceof Binary b && b.op() == Binary.Op.MUL) {
            if (parametersOnly(b.a()) && b.a().dim() == 1) {
                Formula g = linearFactor(b.b(), sq);
                return g == null ? null : Formulas.mul(b.a(), g);
            }
            if (parametersOnly(b.b()) && b.b().dim() == 1) {
                Formula g = linearFactor(b.a(), sq);
                return g == null ? null : Formulas.mul(g, b.b());
            }
        }
        if (f instanceof Binary b && b.op() == Binary.Op.DIV && parametersOnly(b.b()) && b.b().dim() == 1) {
            Formula g = linearFactor(b.a(), sq);
            return g == null ? null : Formulas.div(g, b.b());
        }
        return null;
    }
}
