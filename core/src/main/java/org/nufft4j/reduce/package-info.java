/**
 * Kernel reductions over symbolic formulas (docs/design.md, Kernel reductions):
 * {@code a_i = Red_j F(x_i, y_j, p)} without storing the N x M matrix.
 *
 * <ul>
 *   <li>Formulas: immutable, hash-consed DAG nodes ({@link org.nufft4j.reduce.Formula}) built and
 *       simplified by {@link org.nufft4j.reduce.Formulas}; symbolic derivatives (gradient, jvp,
 *       divergence, Laplacian) in {@link org.nufft4j.reduce.Derivatives}.
 *   <li>Reductions: {@link org.nufft4j.reduce.KernelReduction} (a formula, a direction and a
 *       {@link org.nufft4j.reduce.Reducer}), evaluated on {@link org.nufft4j.reduce.ReductionData}
 *       into a {@link org.nufft4j.reduce.ReductionResult}; backpropagation that is itself a
 *       reduction ({@link org.nufft4j.reduce.Backprop}).
 *   <li>Evaluators: the scalar interpreter {@link org.nufft4j.reduce.ScalarReductions} (the oracle)
 *       and the SIMD evaluator of the {@code org.nufft4j.simd} module, found by
 *       {@link org.nufft4j.reduce.ReductionEvaluators}, with a logged fallback to the scalar one.
 *   <li>The front door {@link org.nufft4j.reduce.Reductions}: variables that carry their data.
 * </ul>
 *
 * <p>Data are row-major: an i-variable of dimension D is N x D, a j-variable M x D.
 */
package org.nufft4j.reduce;
