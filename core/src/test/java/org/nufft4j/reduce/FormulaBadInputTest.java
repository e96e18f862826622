package org.nufft4j.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nufft4j.reduce.Formulas.constant;
import static org.nufft4j.reduce.Formulas.pm;
import static org.nufft4j.reduce.Formulas.vi;
import static org.nufft4j.reduce.Formulas.vj;

import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every public builder and factory of the reduction API fails fast on bad arguments: an
 * IllegalArgumentException naming the argument, its value and what was expected, or a
 * NullPointerException naming the null argument.
 */
class FormulaBadInputTest {

    private static final Formula X = vi(0, 3);
    private static final Formula Y = vj(1, 3);
    private static final Formula S = vj(2, 1);

    /** The call fails with an IllegalArgumentException whose message holds every fragment. */
    static void rejects(Executable call, String... fragments) {
        var e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message lacks \"" + f + "\": " + e.getMessage());
        }
    }

    /** The call fails with a NullPointerException naming the argument. */
    static void rejectsNull(Executable call, String name) {
        var e = assertThrows(NullPointerException.class, call);
        assertEquals(name, e.getMessage());
    }

    @Test
    void filledNeedsADimensionFromOneToMaxDim() {
        rejects(() -> Formulas.filled(1.0, 0), "dim must be in [1, " + Formulas.MAX_DIM + "]", "got 0");
        rejects(() -> Formulas.filled(1.0, -1), "dim", "got -1");
        rejects(() -> Formulas.filled(1.0, Integer.MAX_VALUE), "dim", "got " + Integer.MAX_VALUE,
                String.valueOf(Formulas.MAX_DIM));
    }

    @Test
    void oneHotNeedsAnIndexInsideItsDimension() {
        rejects(() -> Formulas.oneHot(3, 3), "k must be in [0, dim) = [0, 3)", "got 3");
        rejects(() -> Formulas.oneHot(-1, 3), "k must be in [0, dim) = [0, 3)", "got -1");
        rejects(() -> Formulas.oneHot(0, 0), "dim", "got 0");
        rejects(() -> Formulas.oneHot(0, -2), "dim", "got -2");
    }

    @Test
    void variablesNeedADataIndexAndADimension() {
        rejects(() -> vi(-1, 3), "index", "got -1");
        rejects(() -> vj(-5, 3), "index", "got -5");
        rejects(() -> pm(-1, 1), "index", "got -1");
        rejects(() -> vi(0, 0), "dim", "got 0");
        rejects(() -> vj(0, -3), "dim", "got -3");
        rejects(() -> pm(0, Integer.MAX_VALUE), "dim", "got " + Integer.MAX_VALUE);
    }

    @Test
    void constantsNeedAtLeastOneComponent() {
        rejects(Formulas::constant, "values", "at least one component");
        rejectsNull(() -> Formulas.constant((double[]) null), "values");
    }

    @Test
    void aConstantDoesNotChangeWithTheCallersArray() {
        double[] v = {1.5, -2.0};
        Formula c = constant(v);
        v[0] = 99;
        assertEquals(1.5, ((Constant) c).values()[0]);
        double[] w = {4.0};
        var direct = new Constant(w);
        w[0] = 5;
        assertEquals(4.0, direct.values()[0]);
    }

    @Test
    void everyUnaryBuilderNamesANullOperand() {
        Map<String, UnaryOperator<Formula>> builders = Map.ofEntries(Map.entry("neg", Formulas::neg),
                Map.entry("exp", Formulas::exp), Map.entry("log", Formulas::log), Map.entry("sqrt", Formulas::sqrt),
                Map.entry("rsqrt", Formulas::rsqrt), Map.entry("abs", Formulas::abs), Map.entry("sin", Formulas::sin),
                Map.entry("cos", Formulas::cos), Map.entry("step", Formulas::step), Map.entry("sign", Formulas::sign),
                Map.entry("inv", Formulas::inv), Map.entry("square", Formulas::square), Map.entry("sum", Formulas::sum),
                Map.entry("sqnorm", Formulas::sqnorm), Map.entry("pow", a -> Formulas.pow(a, 1.5)),
                Map.entry("select", a -> Formulas.select(a, 0)), Map.entry("broadcast", a -> Formulas.broadcast(a, 2)));
        builders.forEach((name, b) -> {
            var e = assertThrows(NullPointerException.class, () -> b.apply(null), name);
            assertEquals("a", e.getMessage(), name);
        });
    }

    @Test
    void everyBinaryBuilderNamesNullOperands() {
        Map<String, BinaryOperator<Formula>> builders = Map.of("add", Formulas::add, "sub", Formulas::sub,
                "mul", Formulas::mul, "div", Formulas::div, "min", Formulas::min, "max", Formulas::max,
                "dot", Formulas::dot, "sqdist", Formulas::sqdist, "concat", Formulas::concat);
        builders.forEach((name, b) -> {
            var e = assertThrows(NullPointerException.class, () -> b.apply(null, X), name);
            assertEquals("a", e.getMessage(), name);
            e = assertThrows(NullPointerException.class, () -> b.apply(X, null), name);
            assertEquals("b", e.getMessage(), name);
        });
    }

    @Test
    void elementwiseBuildersNeedEqualDimensionsOrAScalar() {
        Map<String, BinaryOperator<Formula>> builders = Map.of("add", Formulas::add, "sub", Formulas::sub,
                "mul", Formulas::mul, "div", Formulas::div, "min", Formulas::min, "max", Formulas::max);
        builders.forEach((name, b) -> rejects(() -> b.apply(X, vj(1, 2)), name + ": dimensions 3 and 2 of a and b",
                "expected equal, or one of them 1"));
    }

    @Test
    void dotAndSqdistNeedEqualDimensions() {
        rejects(() -> Formulas.dot(X, S), "dot: dimensions 3 and 1 of a and b differ");
        rejects(() -> Formulas.sqdist(S, Y), "sqdist: dimensions 1 and 3 of a and b differ");
    }

    @Test
    void selectNeedsAComponentInsideTheDimension() {
        rejects(() -> Formulas.select(X, 3), "k must be in [0, a.dim()) = [0, 3)", "got 3");
        rejects(() -> Formulas.select(X, -1), "got -1");
        rejects(() -> Formulas.select(S, 1), "[0, 1)", "got 1");
    }

    @Test
    void concatNeedsAtMostMaxDimComponents() {
        rejects(() -> Formulas.concat(vi(0, Formulas.MAX_DIM), S), "concat", "a.dim() + b.dim()",
                String.valueOf(Formulas.MAX_DIM));
        rejects(() -> new Concat(vi(0, Formulas.MAX_DIM), vi(0, Formulas.MAX_DIM)), "exceeds");
    }

    @Test
    void broadcastNeedsAScalarOrTheSameDimension() {
        rejects(() -> Formulas.broadcast(X, 2), "a of dimension 3", "dim = 2", "expected a scalar a");
        rejects(() -> Formulas.broadcast(S, 0), "dim", "got 0");
        rejects(() -> Formulas.broadcast(S, -4), "dim", "got -4");
    }

    @Test
    void powNeedsAFiniteExponent() {
        rejects(() -> Formulas.pow(X, Double.NaN), "exponent", "NaN");
        rejects(() -> Formulas.pow(X, Double.POSITIVE_INFINITY), "exponent", "Infinity");
        rejects(() -> new PowerOf(X, Double.NEGATIVE_INFINITY), "exponent", "-Infinity");
    }

    @Test
    void evaluateNeedsAnElementwiseOperation() {
        rejects(() -> Formulas.evaluate(Unary.Op.SUM, 1.0), "op", "SUM");
        rejects(() -> Formulas.evaluate(Unary.Op.SQNORM, 1.0), "op", "SQNORM");
        rejects(() -> Formulas.evaluate(Binary.Op.DOT, 1.0, 2.0), "op", "DOT");
        rejects(() -> Formulas.evaluate(Binary.Op.SQDIST, 1.0, 2.0), "op", "SQDIST");
        rejectsNull(() -> Formulas.evaluate((Unary.Op) null, 1.0), "op");
        rejectsNull(() -> Formulas.evaluate((Binary.Op) null, 1.0, 2.0), "op");
    }

    @Test
    void fluentHelpersCheckLikeTheBuilders() {
        rejectsNull(() -> X.plus(null), "b");
        rejectsNull(() -> X.minus(null), "b");
        rejectsNull(() -> X.times((Formula) null), "b");
        rejectsNull(() -> X.div(null), "b");
        rejects(() -> X.times(vj(1, 2)), "mul: dimensions 3 and 2");
    }

    @Test
    void recordConstructorsCheckLikeTheBuilders() {
        rejectsNull(() -> new Variable(null, 0, 1), "kind");
        rejects(() -> new Variable(Variable.Kind.I, -1, 1), "index", "got -1");
        rejects(() -> new Variable(Variable.Kind.J, 0, 0), "dim", "got 0");
        rejectsNull(() -> new Constant(null), "values");
        rejects(() -> new Constant(new double[0]), "values");
        rejectsNull(() -> new Unary(null, X), "op");
        rejectsNull(() -> new Unary(Unary.Op.EXP, null), "a");
        rejects(() -> new Unary(Unary.Op.SUM, X, 3), "dim must be 1", "got 3");
        rejectsNull(() -> new Binary(null, X, Y), "op");
        rejectsNull(() -> new Binary(Binary.Op.ADD, null, Y), "a");
        rejectsNull(() -> new Binary(Binary.Op.MUL, X, null), "b");
        rejects(() -> new Binary(Binary.Op.ADD, X, vj(1, 2)), "dimensions 3 and 2 of a and b");
        rejects(() -> new Binary(Binary.Op.DOT, X, S), "dimensions 3 and 1 of a and b differ");
        rejects(() -> new Binary(Binary.Op.MUL, X, S, 1), "dim must be 3", "got 1");
        rejectsNull(() -> new PowerOf(null, 2.0), "a");
        rejectsNull(() -> new Select(null, 0), "a");
        rejects(() -> new Select(X, 3), "index must be in [0, a.dim()) = [0, 3)", "got 3");
        rejects(() -> new Select(X, -1), "got -1");
        rejectsNull(() -> new Concat(null, X), "a");
        rejectsNull(() -> new Concat(X, null), "b");
        rejects(() -> new Concat(X, Y, 5), "dim must be a.dim() + b.dim() = 6", "got 5");
    }

    @Test
    void derivativesNeedAVariableAndMatchingDimensions() {
        Formula f = Formulas.sqdist(X, Y);
        rejectsNull(() -> Derivatives.grad(null, X, constant(1.0)), "f");
        rejectsNull(() -> Derivatives.grad(f, null, constant(1.0)), "v");
        rejectsNull(() -> Derivatives.grad(f, X, null), "e");
        rejects(() -> Derivatives.grad(f, Formulas.sum(X), constant(1.0)), "v must be a variable", "sum(Vi(0,3))");
        rejects(() -> Derivatives.grad(f, X, constant(1.0, 2.0)), "e has dimension 2", "dimension of f, 1");
        rejectsNull(() -> Derivatives.jvp(null, X, X), "f");
        rejectsNull(() -> Derivatives.jvp(f, X, null), "t");
        rejects(() -> Derivatives.jvp(f, X, S), "t has dimension 1", "Vi(0,3), 3");
        rejects(() -> Derivatives.jvp(f, constant(1.0), S), "v must be a variable");
        rejectsNull(() -> Derivatives.divergence(null, X), "g");
        rejects(() -> Derivatives.divergence(f, X), "g has dimension 1", "Vi(0,3), 3");
        rejectsNull(() -> Derivatives.laplacian(null, X), "f");
        rejectsNull(() -> Derivatives.laplacian(f, null), "v");
        rejects(() -> Derivatives.laplacian(Formulas.sub(X, Y), X), "f must be scalar", "dimension 3");
    }

    @Test
    void kernelReductionsCheckFormulaReducerWeightAndK() {
        Formula f = Formulas.sqdist(X, Y);
        rejectsNull(() -> KernelReduction.overJ(null, Reducer.SUM), "formula");
        rejectsNull(() -> KernelReduction.overI(f, null), "reducer");
        for (var red : List.of(Reducer.ARGMIN, Reducer.ARGMAX, Reducer.LOGSUMEXP)) {
            rejects(() -> KernelReduction.overJ(Formulas.sub(X, Y), red), red + " needs a scalar formula", "dimension 3");
        }
        rejects(() -> KernelReduction.kMinOverJ(Formulas.sub(X, Y), 2), "KMIN needs a scalar formula");
        rejects(() -> new KernelReduction(f, true, Reducer.SUM, S, 0), "weight", "LOGSUMEXP", "not SUM");
        rejectsNull(() -> KernelReduction.logSumExpOverJ(f, null), "weight");
        rejects(() -> KernelReduction.kMinOverJ(f, 0), "k must be >= 1 for KMIN", "got 0");
        rejects(() -> KernelReduction.kMinOverJ(f, -3), "k must be >= 1 for KMIN", "got -3");
        rejects(() -> KernelReduction.overJ(f, Reducer.KMIN), "k must be >= 1 for KMIN", "got 0");
        rejects(() -> new KernelReduction(f, true, Reducer.SUM, null, 4), "k is only meaningful for KMIN",
                "expected 0 for SUM", "got 4");
        rejects(() -> new KernelReduction(f, false, Reducer.MIN, null, -1), "expected 0 for MIN", "got -1");
        rejectsNull(() -> KernelReduction.overJ(f, Reducer.SUM).outputRows(null), "data");
        rejectsNull(() -> KernelReduction.overJ(f, Reducer.SUM).outputLength(null), "data");
    }

    @Test
    void reductionDataNeedsRowCountsAndArrays() {
        rejects(() -> ReductionData.of(-1, 2, new double[0]), "rowsI", "got -1");
        rejects(() -> ReductionData.of(2, -7, new double[0]), "rowsJ", "got -7");
        rejectsNull(() -> ReductionData.of(1, 1, (double[][]) null), "arrays");
        rejectsNull(() -> ReductionData.of(1, 1, new double[1]).check(null), "program");
    }

    @Test
    void reductionResultsMustBeConsistent() {
        rejects(() -> new ReductionResult(-1, 1, new double[0], null), "rows", "got -1");
        rejects(() -> new ReductionResult(2, 0, new double[0], null), "dim", "got 0");
        rejectsNull(() -> new ReductionResult(1, 1, null, null), "values");
        rejects(() -> new ReductionResult(2, 3, new double[5], null), "values.length = 5", "rows * dim = 2 * 3");
        rejects(() -> new ReductionResult(2, 1, new double[2], new int[3]), "indices.length = 3", "values.length = 2");
    }

    @Test
    void backpropGradientNeedsAVariableAndFreeDataIndices() {
        var sum = KernelReduction.overJ(Formulas.mul(Formulas.exp(Formulas.neg(Formulas.sqdist(X, Y))), S), Reducer.SUM);
        var lse = KernelReduction.overJ(Formulas.neg(Formulas.sqdist(X, Y)), Reducer.LOGSUMEXP);
        rejectsNull(() -> Backprop.gradient(null, X, 4, 5), "forward");
        rejectsNull(() -> Backprop.gradient(sum, null, 4, 5), "wrt");
        rejects(() -> Backprop.gradient(sum, Formulas.sum(X), 4, 5), "wrt must be a variable", "sum(Vi(0,3))");
        rejects(() -> Backprop.gradient(KernelReduction.overJ(Formulas.sqdist(X, Y), Reducer.MIN), X, 4, 5),
                "SUM and unweighted LOGSUMEXP", "not MIN");
        rejects(() -> Backprop.gradient(KernelReduction.logSumExpOverJ(Formulas.sqdist(X, Y), S), X, 4, 5),
                "not LOGSUMEXP with a weight");
        rejects(() -> Backprop.gradient(sum, X, -1, 5), "gradientIndex must be >= 0", "got -1");
        rejects(() -> Backprop.gradient(sum, X, 4, -2), "outputIndex must be >= 0", "got -2");
        rejects(() -> Backprop.gradient(sum, X, 0, 5), "gradientIndex = 0", "Vi(0,3)", "expected an index no variable");
        rejects(() -> Backprop.gradient(sum, Y, 2, 5), "gradientIndex = 2", "Vj(2,1)");
        rejects(() -> Backprop.gradient(lse, X, 4, 1), "outputIndex = 1", "Vj(1,3)");
        rejects(() -> Backprop.gradient(lse, X, 4, 4), "outputIndex = gradientIndex = 4");
        rejects(() -> Backprop.gradient(sum, vj(1, 2), 4, 5), "wrt = Vj(1,2)", "reads as Vj(1,3)");
        rejects(() -> Backprop.gradient(sum, vi(1, 3), 4, 5), "wrt = Vi(1,3)", "reads as Vj(1,3)");
        rejectsNull(() -> Backprop.sumRows(null), "r");
    }

    @Test
    void backpropGradientsNeedDistinctVariables() {
        var sum = KernelReduction.overJ(Formulas.mul(Formulas.exp(Formulas.neg(Formulas.sqdist(X, Y))), S), Reducer.SUM);
        rejectsNull(() -> Backprop.gradients(null, List.of(X), 4, 5), "forward");
        rejectsNull(() -> Backprop.gradients(sum, null, 4, 5), "wrt");
        rejects(() -> Backprop.gradients(sum, List.of(), 4, 5), "wrt must list at least one variable");
        rejectsNull(() -> Backprop.gradients(sum, java.util.Arrays.asList(X, null), 4, 5), "wrt[1]");
        rejects(() -> Backprop.gradients(sum, List.of(X, Formulas.exp(S)), 4, 5), "wrt[1] must be a variable");
        rejects(() -> Backprop.gradients(sum, List.of(X, Y, X), 4, 5), "wrt[2] = Vi(0,3) is listed twice");
        rejects(() -> Backprop.gradients(sum, List.of(X), 1, 5), "gradientIndex = 1");
        rejectsNull(() -> new Backprop.Group(null, List.of(), false), "reduction");
        rejectsNull(() -> new Backprop.Group(sum, null, false), "variables");
    }

    @Test
    void programsCheckTheirArguments() {
        rejectsNull(() -> new Program(null), "root");
        var program = new Program(Formulas.sqdist(X, Y));
        rejectsNull(() -> program.steps(null), "variesWith");
        rejectsNull(() -> program.count(null, null), "kind");
        Formula e = Formulas.exp(X);
        double[] w = new double[6];
        rejectsNull(() -> Program.evaluateNode(null, w, new int[] {0}, 3, 1), "node");
        rejectsNull(() -> Program.evaluateNode(e, null, new int[] {0}, 3, 1), "w");
        rejectsNull(() -> Program.evaluateNode(e, w, null, 3, 1), "in");
        rejects(() -> Program.evaluateNode(X, w, new int[0], 0, 1), "node must be an operation", "Vi(0,3)");
        rejects(() -> Program.evaluateNode(e, w, new int[] {0, 1}, 3, 1), "in.length = 2", "= 1");
        rejects(() -> Program.evaluateNode(e, w, new int[] {0}, 3, 0), "stride must be >= 1", "got 0");
        rejects(() -> Program.evaluateNode(e, w, new int[] {0}, 4, 1), "out = 4", "length 6");
        rejects(() -> Program.evaluateNode(e, w, new int[] {-1}, 3, 1), "in[0] = -1");
        rejects(() -> Program.evaluateNode(e, w, new int[] {0}, 2, 2), "out = 2", "components up to 6", "stride 2");
        rejectsNull(() -> new Program.Step(null, 0, new int[0], false), "node");
        rejectsNull(() -> new Program.Step(e, 0, null, false), "in");
        rejects(() -> new Program.Step(e, -1, new int[] {0}, true), "out must be >= 0", "got -1");
        rejects(() -> new Program.Step(e, 3, new int[0], true), "in.length = 0", "= 1");
    }

    @Test
    void hoistingChecksItsArguments() {
        rejectsNull(() -> Hoisting.rewrite(null, Variable.Kind.J), "root");
        rejectsNull(() -> Hoisting.rewrite(X, null), "varying");
        rejectsNull(() -> Hoisting.cost(null, Variable.Kind.J), "root");
        rejectsNull(() -> Hoisting.cost(X, null), "varying");
    }

    @Test
    void theScalarEvaluatorNamesNullArguments() {
        var r = KernelReduction.overJ(Formulas.sqdist(X, Y), Reducer.SUM);
        rejectsNull(() -> ScalarReductions.evaluate(null, ReductionData.of(1, 1, new double[3], new double[3])),
                "reduction");
        rejectsNull(() -> ScalarReductions.evaluate(r, null), "data");
    }
}
