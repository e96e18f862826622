/**
 * Non-uniform fast Fourier transforms and fast kernel sums: the API.
 *
 * <ul>
 *   <li>{@link org.nufft4j.NufftPlan}: types 1, 2 (in 1D, 2D, 3D) and 3, made once with
 *       {@link org.nufft4j.NufftPlan#create} or {@link org.nufft4j.NufftPlan#createType3}, given
 *       points with {@code setPoints}, executed many times; their gradient forms
 *       ({@code executeDipoles}, {@code executeGradient}) and adjoints; double and float.
 *   <li>{@link org.nufft4j.NufftGradients}: vector-Jacobian and Jacobian-vector products of a
 *       plan's transform in its points and strengths or coefficients.
 *   <li>{@link org.nufft4j.FastKernelSum}: Gaussian kernel sums, their gradient, Laplacian and
 *       backward pass, through one type 1 and one type 2 transform.
 *   <li>{@link org.nufft4j.DirectSum}: the exact O(N M) sums, the oracle of all of the above.
 *   <li>{@link org.nufft4j.NufftOptions}: threads, upsampling, mode order, batch size,
 *       precision and the kernels and FFT to run.
 * </ul>
 *
 * <p>Conventions (FINUFFT's): complex arrays are interleaved (re, im); modes are stored with
 * dimension 1 fastest, in the order {@link org.nufft4j.ModeOrder} says; types 1 and 2 read
 * point coordinates in radians, 2 pi-periodically; a tolerance bounds the error relative to
 * the output's size (README, "Tolerance"). Bad input fails with an exception naming the
 * argument before any output is written. Plans are thread-safe (their methods synchronize) and
 * must be closed to release their worker threads.
 */
package org.nufft4j;
