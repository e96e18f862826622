/**
 * Batches of transforms on Apache Spark: one row per transform, plans cached per executor
 * ({@link org.nufft4j.spark.SparkNufft}).
 */
package org.nufft4j.spark;
