/**
 * The worker pool of a plan or a reduction ({@link org.nufft4j.parallel.Workers}): a private
 * fork-join pool split by work stealing over tiles, line blocks or row blocks, with
 * cancellation by interrupting the calling thread.
 */
package org.nufft4j.parallel;
