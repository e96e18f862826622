package org.nufft4j;

/**
 * Where the time of a plan's last {@code setPoints} and {@code execute} went, in nanoseconds
 * (wall clock, all batch chunks added up).
 *
 * @param sort folding and bin-sorting the points (last setPoints)
 * @param spreadOrInterpolate spreading (type 1) or interpolation (type 2)
 * @param fft the fine-grid FFTs
 * @param deconvolve deconvolution and the copy between fine grid and modes
 */
public record ExecutionTimes(long sort, long spreadOrInterpolate, long fft, long deconvolve) {
}
