package org.nufft4j.spark;

import java.io.Serializable;

/**
 * One result row of a batch as the executors make it, before Spark encodes it: a JavaBean
 * because Spark's bean encoder writes its {@code double[]} into the result's arrays in one copy
 * ({@code Row}s would box every element). Users read the result Dataset's columns
 * ({@link SparkNufft#outputSchema}), not this class.
 */
public final class TransformResult implements Serializable {

    private static final long serialVersionUID = 1L;

    private long id;
    private double[] output;
    private double[] gradient;
    private String error;

    /** An empty result (for the encoder). */
    public TransformResult() {
    }

    TransformResult(long id, double[] output, double[] gradient, String error) {
        this.id = id;
        this.output = output;
        this.gradient = gradient;
        this.error = error;
    }

    /**
     * The input row's id.
     *
     * @return the id
     */
    public long getId() {
        return id;
    }

    /**
     * Sets the id.
     *
     * @param id the input row's id
     */
    public void setId(long id) {
        this.id = id;
    }

    /**
     * The transform's output, interleaved; null for a bad row.
     *
     * @return the output (not copied)
     */
    public double[] getOutput() {
        return output;
    }

    /**
     * Sets the output.
     *
     * @param output the transform's output (not copied)
     */
    public void setOutput(double[] output) {
        this.output = output;
    }

    /**
     * The gradients of form GRADIENT; null otherwise.
     *
     * @return the gradients (not copied)
     */
    public double[] getGradient() {
        return gradient;
    }

    /**
     * Sets the gradients.
     *
     * @param gradient the gradients (not copied)
     */
    public void setGradient(double[] gradient) {
        this.gradient = gradient;
    }

    /**
     * A bad row's message; null for a good row.
     *
     * @return the message
     */
    public String getError() {
        return error;
    }

    /**
     * Sets the message.
     *
     * @param error a bad row's message
     */
    public void setError(String error) {
        this.error = error;
    }
}
