package org.nufft4j.bench;

/**
 * One runner case's result: what every output format prints.
 *
 * @param firstMs the first execute of the plan (JIT compilation included), beside the best of 3
 */
record Row(int dim, String type, String modes, int points, String precision, double tol, double error, int width,
           double setPointsMs, double firstMs, double bestMs, double spreadMs, double fftMs, double deconvolveMs,
           double megapointsPerSecond, String kernels, String fft, boolean ok) {
}
