/**
 * nufft4j's vectorized kernels, FFT and reduction evaluators on {@code jdk.incubator.vector}.
 * Nothing here is called directly: {@code org.nufft4j.core} finds the three providers and uses
 * them unless told otherwise ({@code NufftOptions}, system properties {@code nufft4j.kernels}
 * and {@code nufft4j.fft}). Run with {@code --add-modules jdk.incubator.vector}.
 */
module org.nufft4j.simd {
    requires org.nufft4j.core;
    requires jdk.incubator.vector;

    provides org.nufft4j.fft.GridFftProvider with org.nufft4j.simd.VectorGridFftProvider;
    provides org.nufft4j.reduce.ReductionEvaluatorProvider with org.nufft4j.simd.VectorReductionsProvider;
    provides org.nufft4j.spread.SpreadKernelsProvider with org.nufft4j.simd.VectorSpreadKernelsProvider;
}
