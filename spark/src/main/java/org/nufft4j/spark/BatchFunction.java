package org.nufft4j.spark;

import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.nufft4j.NufftOptions;
import org.nufft4j.NufftPlan;
import org.nufft4j.NufftType;
import org.nufft4j.spark.SparkNufft.Form;

/**
 * The work of one partition of {@link SparkNufft#transform}: shipped to the executors (hence
 * only options, column indices and flags in it), run there against the executor's
 * {@link PlanCache}. It reads Spark's internal rows, whose arrays of doubles are copied into
 * {@code double[]} in one pass ({@link ArrayData#toDoubleArray}); decoding them as {@code Row}s
 * would box every element first (docs/performance.md, "Spark batches"); its results are
 * {@link TransformResult} beans for the same reason.
 */
final class BatchFunction implements FlatMapFunction<Iterator<InternalRow>, TransformResult> {

    private static final long serialVersionUID = 2L;

    // positions in SparkNufft.INPUT_SCHEMA, then the optional columns
    static final int ID = 0;
    static final int TYPE = 1;
    static final int MODES = 2;
    static final int ISIGN = 3;
    static final int TOL = 4;
    static final int POINTS = 5;
    static final int INPUT = 6;
    static final int TARGETS = 7;
    static final int FORM = 8;
    static final int DIPOLES = 9;
    static final int COLUMNS = 10;

    private final NufftOptions options;
    /** Index in the input rows of each column above; -1 for an optional column that is absent. */
    private final int[] columns;
    /** Whether bad rows go to an error column instead of failing the task. */
    private final boolean errors;

    BatchFunction(NufftOptions options, int[] columns, boolean errors) {
        this.options = options;
        this.columns = columns.clone();
        this.errors = errors;
    }

    @Override
    public Iterator<TransformResult> call(Iterator<InternalRow> rows) {
        PlanCache cache = PlanCache.jvm();
        // lazy, one row at a time: a partition is never held in memory twice
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public TransformResult next() {
                return transform(rows.next(), cache);
            }
        };
    }

    /** The outputs of one row: gradient is null unless the form is GRADIENT. */
    record Outputs(double[] output, double[] gradient) {
    }

    /** One row: parse, run, or fail (or route to the error column) with a message naming its id. */
    TransformResult transform(InternalRow row, PlanCache cache) {
        if (row.isNullAt(columns[ID])) {
            throw new IllegalArgumentException("a row has a null id (column id must not be null)");
        }
        long id = row.getLong(columns[ID]);
        try {
            NufftType type = type(row);
            Form form = form(row, type);
            int isign = row.getInt(present(row, ISIGN, "isign"));
            double tol = row.getDouble(present(row, TOL, "tol"));
            double[][] points = points(array(row, POINTS, "points"), "points");
            double[] input = doubles(array(row, INPUT, "input"), "input");
            PlanCache.Key key;
            double[][] targets = null;
            if (type == NufftType.TYPE_3) {
                if (columns[TARGETS] < 0) {
                    throw new IllegalArgumentException("a TYPE_3 row needs a column targets (array<array<double>>)");
                }
                targets = points(array(row, TARGETS, "targets"), "targets");
                if (points.length < 1 || points.length > 3) {
                    throw new IllegalArgumentException("points has " + points.length
                            + " coordinate arrays; a TYPE_3 row needs 1, 2 or 3 (the dimension)");
                }
                key = PlanCache.Key.type3(points.length, isign, tol, options);
            } else {
                key = new PlanCache.Key(type, ints(array(row, MODES, "modes"), "modes"), isign, tol, options);
            }
            double[] dipoles = form == Form.DIPOLES ? doubles(array(row, DIPOLES, "dipoles"), "dipoles") : null;
            Outputs out = run(cache, key, points, targets, form, input, dipoles);
            return new TransformResult(id, out.output(), out.gradient(), null);
        } catch (IllegalArgumentException | NullPointerException e) {
            String message = "row id " + id + ": " + e.getMessage();
            if (errors) {
                return new TransformResult(id, null, null, message);
            }
            throw new IllegalArgumentException(message, e);
        }
    }

    /** A plain type 1 or 2 transform (the cache's tests use it). */
    static double[] run(PlanCache cache, PlanCache.Key key, double[][] points, double[] input) {
        return run(cache, key, points, null, Form.PLAIN, input, null).output();
    }

    /**
     * setPoints and execute with a plan of the cache, which is this call's alone until it is
     * given back (PlanCache never lends a plan twice): given back for reuse when the library
     * rejected an argument (it then leaves the plan as it was), closed on anything else (an
     * interrupt by a killed task, an error).
     */
    static Outputs run(PlanCache cache, PlanCache.Key key, double[][] points, double[][] targets, Form form,
            double[] input, double[] dipoles) {
        NufftPlan plan = cache.acquire(key);
        boolean reusable = false;
        try {
            if (key.type() == NufftType.TYPE_3) {
                plan.setPoints(points, targets);
            } else {
                setPoints(plan, points, "points");
            }
            Outputs out = execute(plan, form, input, dipoles);
            reusable = true;
            return out;
        } catch (IllegalArgumentException e) {
            reusable = true;
            throw e;
        } finally {
            cache.release(key, plan, reusable);
        }
    }

    /** The setPoints of a type 1 or 2 plan for coordinate-major points. */
    static void setPoints(NufftPlan plan, double[][] points, String name) {
        switch (points.length) {
            case 1 -> plan.setPoints(points[0]);
            case 2 -> plan.setPoints(points[0], points[1]);
            case 3 -> plan.setPoints(points[0], points[1], points[2]);
            default -> throw new IllegalArgumentException(name + " has " + points.length
                    + " coordinate arrays; a " + plan.dimension() + "D plan needs " + plan.dimension()
                    + " (" + name + "[d][j] is coordinate d of point j)");
        }
    }

    /** The number of complex modes of a type 1 or 2 plan (the plan has checked 2 N fits an array). */
    static int modeCount(NufftPlan plan) {
        long n = 1;
        for (int m : plan.modes()) {
            n *= m;
        }
        return (int) n;
    }

    /** Runs one row's form on a plan with points; the output arrays are made here. */
    private static Outputs execute(NufftPlan plan, Form form, double[] input, double[] dipoles) {
        NufftType type = plan.type();
        int dim = plan.dimension();
        // the outputs' sizes: type 1 the modes, type 2 the points, type 3 the targets
        int outCount = switch (type) {
            case TYPE_1 -> modeCount(plan);
            case TYPE_2 -> plan.pointCount();
            case TYPE_3 -> plan.targetCount();
        };
        double[] output = new double[2 * outCount];
        switch (form) {
            case PLAIN -> {
                plan.execute(input, output);
                return new Outputs(output, null);
            }
            case DIPOLES -> {
                plan.executeDipoles(input, dipoles, output);
                return new Outputs(output, null);
            }
            case GRADIENT -> {
                // type 2: at the M points; type 3: at the N targets; 2 x count x dim either way
                double[] gradient = new double[Math.multiplyExact(2 * outCount, dim)];
                plan.executeGradient(input, output, gradient);
                return new Outputs(output, gradient);
            }
            default -> throw new AssertionError(form);
        }
    }

    /** The row's index of a column, checked not null. */
    private int present(InternalRow row, int column, String name) {
        if (row.isNullAt(columns[column])) {
            throw new IllegalArgumentException("column " + name + " is null");
        }
        return columns[column];
    }

    private ArrayData array(InternalRow row, int column, String name) {
        return row.getArray(present(row, column, name));
    }

    private NufftType type(InternalRow row) {
        String name = row.getUTF8String(present(row, TYPE, "type")).toString();
        return switch (name) {
            case "TYPE_1" -> NufftType.TYPE_1;
            case "TYPE_2" -> NufftType.TYPE_2;
            case "TYPE_3" -> NufftType.TYPE_3;
            default -> throw new IllegalArgumentException("type must be TYPE_1, TYPE_2 or TYPE_3, got \"" + name + "\"");
        };
    }

    /** The row's form: PLAIN without a form column or with a null one; checked against the type. */
    private Form form(InternalRow row, NufftType type) {
        if (columns[FORM] < 0 || row.isNullAt(columns[FORM])) {
            return Form.PLAIN;
        }
        String name = row.getUTF8String(columns[FORM]).toString();
        Form form = switch (name) {
            case "PLAIN" -> Form.PLAIN;
            case "DIPOLES" -> Form.DIPOLES;
            case "GRADIENT" -> Form.GRADIENT;
            default -> throw new IllegalArgumentException("form must be PLAIN, DIPOLES or GRADIENT, got \"" + name
                    + "\"");
        };
        if (form == Form.DIPOLES && type == NufftType.TYPE_2) {
            throw new IllegalArgumentException("form DIPOLES needs type TYPE_1 or TYPE_3, got TYPE_2");
        }
        if (form == Form.GRADIENT && type == NufftType.TYPE_1) {
            throw new IllegalArgumentException("form GRADIENT needs type TYPE_2 or TYPE_3, got TYPE_1");
        }
        if (form == Form.DIPOLES && columns[DIPOLES] < 0) {
            throw new IllegalArgumentException("form DIPOLES needs a column dipoles (array<double>)");
        }
        return form;
    }

    /** The first null element of an array, for the message; -1 if there is none. */
    private static int firstNull(ArrayData array) {
        for (int k = 0, n = array.numElements(); k < n; k++) {
            if (array.isNullAt(k)) {
                return k;
            }
        }
        return -1;
    }

    private static void checkNoNull(ArrayData array, String name) {
        int k = firstNull(array);
        if (k >= 0) {
            throw new IllegalArgumentException(name + "[" + k + "] is null");
        }
    }

    static int[] ints(ArrayData array, String name) {
        checkNoNull(array, name);
        return array.toIntArray();
    }

    /** An array of doubles in one copy (a null element would read as 0, hence the check). */
    static double[] doubles(ArrayData array, String name) {
        checkNoNull(array, name);
        return array.toDoubleArray();
    }

    static double[][] points(ArrayData array, String name) {
        checkNoNull(array, name);
        double[][] out = new double[array.numElements()][];
        for (int d = 0; d < out.length; d++) {
            out[d] = doubles(array.getArray(d), name + "[" + d + "]");
        }
        return out;
    }
}
