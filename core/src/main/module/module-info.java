/**
 * nufft4j's core: non-uniform FFTs of types 1, 2 and 3, their gradient forms, kernel
 * reductions over symbolic formulas and fast kernel sums, with scalar kernels and the
 * JTransforms FFT. Add {@code org.nufft4j.simd} (and {@code --add-modules
 * jdk.incubator.vector}) for the vectorized kernels and FFT; plans find them by themselves.
 *
 * <p>Exported: the API ({@link org.nufft4j}), the spreading kernel ({@link
 * org.nufft4j.kernel}), reductions ({@link org.nufft4j.reduce}) and the worker pools ({@link
 * org.nufft4j.parallel}). The machinery (spreaders, grids, FFT, deconvolution) is open only
 * to the SIMD module that implements its service interfaces.
 */
module org.nufft4j.core {
    requires JTransforms;
    requires JLargeArrays;

    exports org.nufft4j;
    exports org.nufft4j.kernel;
    exports org.nufft4j.reduce;
    exports org.nufft4j.parallel;
    exports org.nufft4j.fft to org.nufft4j.simd;
    exports org.nufft4j.grid to org.nufft4j.simd;
    exports org.nufft4j.spread to org.nufft4j.simd;

    uses org.nufft4j.fft.GridFftProvider;
    uses org.nufft4j.reduce.ReductionEvaluatorProvider;
    uses org.nufft4j.spread.SpreadKernelsProvider;
}
