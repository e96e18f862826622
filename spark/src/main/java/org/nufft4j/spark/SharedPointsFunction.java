package org.nufft4j.spark;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.nufft4j.NufftPlan;

/**
 * The work of one partition of {@link SparkNufft#transformShared}: every row is a strength (or
 * mode) vector for the same broadcast points. Rows are taken {@code batchSize} at a time into
 * one batched {@code execute} of a plan that keeps the points: the cache's key carries the
 * broadcast's id, so {@code setPoints} runs once per plan of the JVM, not per row or task.
 */
final class SharedPointsFunction implements FlatMapFunction<Iterator<InternalRow>, TransformResult> {

    private static final long serialVersionUID = 1L;

    private final PlanCache.Key key;
    private final Broadcast<double[][]> points;
    private final int idColumn;
    private final int inputColumn;
    private final boolean errors;
    /** Doubles per row in and out: 2 M and 2 N (type 1), the reverse (type 2). */
    private final int inLength;
    private final int outLength;

    SharedPointsFunction(PlanCache.Key key, Broadcast<double[][]> points, int idColumn, int inputColumn,
            boolean errors, int inLength, int outLength) {
        this.key = key;
        this.points = points;
        this.idColumn = idColumn;
        this.inputColumn = inputColumn;
        this.errors = errors;
        this.inLength = inLength;
        this.outLength = outLength;
    }

    @Override
    public Iterator<TransformResult> call(Iterator<InternalRow> rows) {
        PlanCache cache = PlanCache.jvm();
        int batch = key.options().batchSize();
        // one batch of rows at a time: at most batchSize rows' arrays are held
        return new Iterator<>() {
            private final ArrayDeque<TransformResult> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                if (ready.isEmpty() && rows.hasNext()) {
                    nextBatch(rows, batch, cache, ready);
                }
                return !ready.isEmpty();
            }

            @Override
            public TransformResult next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.pop();
            }
        };
    }

    /** Reads up to {@code batch} rows, runs the good ones in one execute, queues all results in order. */
    private void nextBatch(Iterator<InternalRow> rows, int batch, PlanCache cache, ArrayDeque<TransformResult> ready) {
        long[] ids = new long[batch];
        double[][] inputs = new double[batch][];
        String[] failures = new String[batch];
        int taken = 0;
        int good = 0;
        while (taken < batch && rows.hasNext()) {
            InternalRow row = rows.next(); // Spark may reuse it: read now
            if (row.isNullAt(idColumn)) {
                throw new IllegalArgumentException("a row has a null id (column id must not be null)");
            }
            ids[taken] = row.getLong(idColumn);
            try {
                if (row.isNullAt(inputColumn)) {
                    throw new IllegalArgumentException("column input is null");
                }
                double[] input = BatchFunction.doubles(row.getArray(inputColumn), "input");
                if (input.length != inLength) {
                    throw new IllegalArgumentException("input.length = " + input.length + ", expected " + inLength
                            + (key.type() == org.nufft4j.NufftType.TYPE_1 ? " (2 M, M the shared points)"
                                    : " (2 N, N the modes)"));
                }
                inputs[taken] = input;
                good++;
            } catch (IllegalArgumentException e) {
                String message = "row id " + ids[taken] + ": " + e.getMessage();
                if (!errors) {
                    throw new IllegalArgumentException(message, e);
                }
                failures[taken] = message;
            }
            taken++;
        }
        double[] packed = new double[batch * inLength]; // rows left out (bad, or past the end) stay zero
        int slot = 0;
        for (int r = 0; r < taken; r++) {
            if (inputs[r] != null) {
                System.arraycopy(inputs[r], 0, packed, slot++ * inLength, inLength);
                inputs[r] = null;
            }
        }
        double[] out = good == 0 ? null : execute(cache, packed);
        slot = 0;
        List<TransformResult> results = new ArrayList<>(taken);
        for (int r = 0; r < taken; r++) {
            if (failures[r] != null) {
                results.add(new TransformResult(ids[r], null, null, failures[r]));
            } else {
                double[] output = java.util.Arrays.copyOfRange(out, slot * outLength, (slot + 1) * outLength);
                slot++;
                results.add(new TransformResult(ids[r], output, null, null));
            }
        }
        ready.addAll(results);
    }

    /** One batched execute with a plan that has the broadcast points (set once, when the plan is made). */
    private double[] execute(PlanCache cache, double[] packed) {
        NufftPlan plan = cache.acquire(key, p -> BatchFunction.setPoints(p, points.value(), "points"));
        boolean reusable = false;
        try {
            double[] out = new double[key.options().batchSize() * outLength];
            plan.execute(packed, out);
            reusable = true;
            return out;
        } finally {
            // the lengths were checked above, so anything thrown here is not the row's fault
            cache.release(key, plan, reusable);
        }
    }
}
