package org.nufft4j.spark;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.nufft4j.NufftPlan;
import org.nufft4j.NufftType;
import org.nufft4j.spark.SparkNufft.Form;

/**
 * The work of one partition of {@link SparkNufft#transformShared} and
 * {@link SparkNufft#transformSharedType3}: every row is one input vector (strengths or modes,
 * and the dipoles of form DIPOLES) for the same broadcast points (type 3: sources and targets).
 * Rows are taken {@code batchSize} at a time into one batched execute of a plan that keeps the
 * points: the cache's key carries the broadcasts' ids, so {@code setPoints} runs once per plan of
 * the JVM, not per row or task.
 */
final class SharedPointsFunction implements FlatMapFunction<Iterator<InternalRow>, TransformResult> {

    private static final long serialVersionUID = 2L;

    /** The per-row lengths of a shared-points batch, in doubles, and what the input is. */
    record Shape(int inLength, int outLength, int dipoleLength, int gradientLength, String inputMeaning)
            implements java.io.Serializable {

        /**
         * The lengths of {@code form} for {@code type} with M points (sources) and N modes
         * (targets) in {@code dim} dimensions; the plan made on the driver has checked they fit.
         */
        static Shape of(NufftType type, Form form, int dim, int m, long n) {
            int points = 2 * m;
            int other = (int) (2 * n);
            int in = type == NufftType.TYPE_2 ? other : points;
            int out = type == NufftType.TYPE_2 ? points : other;
            String meaning = switch (type) {
                case TYPE_1 -> "2 M, M the shared points";
                case TYPE_2 -> "2 N, N the modes";
                case TYPE_3 -> "2 M, M the shared sources";
            };
            return new Shape(in, out, form == Form.DIPOLES ? Math.multiplyExact(in, dim) : 0,
                    form == Form.GRADIENT ? Math.multiplyExact(out, dim) : 0, meaning);
        }
    }

    private final PlanCache.Key key;
    private final Broadcast<double[][]> points;
    /** TYPE_3: the broadcast targets; null otherwise. */
    private final Broadcast<double[][]> targets;
    private final Form form;
    private final Shape shape;
    private final int idColumn;
    private final int inputColumn;
    /** The dipoles column of form DIPOLES; -1 otherwise. */
    private final int dipolesColumn;
    private final boolean errors;

    SharedPointsFunction(PlanCache.Key key, Broadcast<double[][]> points, Broadcast<double[][]> targets, Form form,
            Shape shape, int idColumn, int inputColumn, int dipolesColumn, boolean errors) {
        this.key = key;
        this.points = points;
        this.targets = targets;
        this.form = form;
        this.shape = shape;
        this.idColumn = idColumn;
        this.inputColumn = inputColumn;
        this.dipolesColumn = dipolesColumn;
        this.errors = errors;
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
        double[][] dipoles = new double[batch][];
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
                inputs[taken] = read(row, inputColumn, "input", shape.inLength(), shape.inputMeaning());
                if (dipolesColumn >= 0) {
                    dipoles[taken] = read(row, dipolesColumn, "dipoles", shape.dipoleLength(),
                            "2 M dim, component d of point j at 2 (d M + j)");
                }
                good++;
            } catch (IllegalArgumentException e) {
                inputs[taken] = null;
                String message = "row id " + ids[taken] + ": " + e.getMessage();
                if (!errors) {
                    throw new IllegalArgumentException(message, e);
                }
                failures[taken] = message;
            }
            taken++;
        }
        double[][] out = good == 0 ? null : execute(cache, pack(inputs, taken, shape.inLength()),
                dipolesColumn >= 0 ? pack(dipoles, taken, shape.dipoleLength()) : null);
        int slot = 0;
        List<TransformResult> results = new ArrayList<>(taken);
        for (int r = 0; r < taken; r++) {
            if (failures[r] != null) {
                results.add(new TransformResult(ids[r], null, null, failures[r]));
            } else {
                results.add(new TransformResult(ids[r], slice(out[0], slot, shape.outLength()),
                        out[1] == null ? null : slice(out[1], slot, shape.gradientLength()), null));
                slot++;
            }
        }
        ready.addAll(results);
    }

    /** A row's array column, checked not null and of {@code length} doubles. */
    private static double[] read(InternalRow row, int column, String name, int length, String meaning) {
        if (row.isNullAt(column)) {
            throw new IllegalArgumentException("column " + name + " is null");
        }
        double[] values = BatchFunction.doubles(row.getArray(column), name);
        if (values.length != length) {
            throw new IllegalArgumentException(name + ".length = " + values.length + ", expected " + length
                    + " (" + meaning + ")");
        }
        return values;
    }

    /** The good rows' arrays one after the other; slots of bad rows and past the end stay zero. */
    private double[] pack(double[][] arrays, int taken, int length) {
        double[] packed = new double[key.options().batchSize() * length];
        int slot = 0;
        for (int r = 0; r < taken; r++) {
            if (arrays[r] != null) {
                System.arraycopy(arrays[r], 0, packed, slot++ * length, length);
                arrays[r] = null;
            }
        }
        return packed;
    }

    private static double[] slice(double[] packed, int slot, int length) {
        return Arrays.copyOfRange(packed, slot * length, (slot + 1) * length);
    }

    /**
     * One batched execute of the form with a plan that has the broadcast points (set once, when
     * the plan is made); returns the outputs and the gradients (null unless GRADIENT).
     */
    private double[][] execute(PlanCache cache, double[] packed, double[] packedDipoles) {
        NufftPlan plan = cache.acquire(key, this::setPoints);
        boolean reusable = false;
        try {
            int batch = key.options().batchSize();
            double[] out = new double[batch * shape.outLength()];
            double[] gradient = null;
            switch (form) {
                case PLAIN -> plan.execute(packed, out);
                case DIPOLES -> plan.executeDipoles(packed, packedDipoles, out);
                case GRADIENT -> {
                    gradient = new double[batch * shape.gradientLength()];
                    plan.executeGradient(packed, out, gradient);
                }
                default -> throw new AssertionError(form);
            }
            reusable = true;
            return new double[][] {out, gradient};
        } finally {
            // the lengths were checked above, so anything thrown here is not the row's fault
            cache.release(key, plan, reusable);
        }
    }

    private void setPoints(NufftPlan plan) {
        if (targets != null) {
            plan.setPoints(points.value(), targets.value());
        } else {
            BatchFunction.setPoints(plan, points.value(), "points");
        }
    }
}
