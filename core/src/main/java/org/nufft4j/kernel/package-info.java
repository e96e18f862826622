/**
 * The spreading kernel and its transforms (docs/design.md, NUFFT): the "exponential of
 * semicircle" kernel {@link org.nufft4j.kernel.EsKernel} with the width and shape chosen from
 * the tolerance and upsampling factor, its piecewise polynomial form for the spreaders
 * ({@link org.nufft4j.kernel.KernelPolynomial}), its Fourier transform at integer modes for the
 * deconvolution ({@link org.nufft4j.kernel.KernelFourier}) and at any frequency of the band for
 * type 3 ({@link org.nufft4j.kernel.KernelFourierFit}), by Gauss-Legendre quadrature
 * ({@link org.nufft4j.kernel.GaussLegendre}).
 */
package org.nufft4j.kernel;
