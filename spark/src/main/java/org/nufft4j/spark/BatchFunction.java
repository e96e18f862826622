package org.nufft4j.spark;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.nufft4j.NufftOptions;
import org.nufft4j.NufftPlan;
import org.nufft4j.NufftType;

/**
 * The work of one partition of {@link SparkNufft#transform}: shipped to the executors (hence
 * only options and column indices in it), run there against the executor's {@link PlanCache}.
 */
final class BatchFunction implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    // positions in SparkNufft.INPUT_SCHEMA
    private static final int ID = 0;
    private static final int TYPE = 1;
    private static final int MODES = 2;
    private static final int ISIGN = 3;
    private static final int TOL = 4;
    private static final int POINTS = 5;
    private static final int INPUT = 6;

    private final NufftOptions options;
    /** Index in the input rows of each column of INPUT_SCHEMA. */
    private final int[] columns;

    BatchFunction(NufftOptions options, int[] columns) {
        this.options = options;
        this.columns = columns.clone();
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        PlanCache cache = PlanCache.jvm();
        // lazy, one row at a time: a partition is never held in memory twice
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                return transform(rows.next(), cache);
            }
        };
    }

    /** One row: parse, run, or fail with a message that names the row's id. */
    Row transform(Row row, PlanCache cache) {
        if (row.isNullAt(columns[ID])) {
            throw new IllegalArgumentException("a row has a null id (column id must not be null)");
        }
        long id = row.getLong(columns[ID]);
        try {
            NufftType type = type(row);
            int[] modes = ints(value(row, MODES, "modes"), "modes");
            int isign = (Integer) value(row, ISIGN, "isign");
            double tol = (Double) value(row, TOL, "tol");
            double[][] points = points(value(row, POINTS, "points"));
            double[] input = doubles(value(row, INPUT, "input"), "input");
            return RowFactory.create(id, run(cache, new PlanCache.Key(type, modes, isign, tol, options), points, input));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("row id " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * setPoints and execute with a plan of the cache, which is this call's alone until it is
     * given back (PlanCache never lends a plan twice): given back for reuse when the library
     * rejected an argument (it then leaves the plan as it was), closed on anything else (an
     * interrupt by a killed task, an error).
     */
    static double[] run(PlanCache cache, PlanCache.Key key, double[][] points, double[] input) {
        NufftPlan plan = cache.acquire(key);
        boolean reusable = false;
        try {
            switch (points.length) {
                case 1 -> plan.setPoints(points[0]);
                case 2 -> plan.setPoints(points[0], points[1]);
                case 3 -> plan.setPoints(points[0], points[1], points[2]);
                default -> throw new IllegalArgumentException("points has " + points.length
                        + " coordinate arrays; a " + plan.dimension() + "D plan needs " + plan.dimension()
                        + " (points[d][j] is coordinate d of point j)");
            }
            long n = 1;
            for (int m : plan.modes()) {
                n *= m;
            }
            // the plan has checked that 2 n fits an array
            double[] output = new double[key.type() == NufftType.TYPE_1 ? (int) (2 * n) : 2 * plan.pointCount()];
            plan.execute(input, output);
            reusable = true;
            return output;
        } catch (IllegalArgumentException e) {
            reusable = true;
            throw e;
        } finally {
            cache.release(key, plan, reusable);
        }
    }

    private Object value(Row row, int column, String name) {
        if (row.isNullAt(columns[column])) {
            throw new IllegalArgumentException("column " + name + " is null");
        }
        return row.get(columns[column]);
    }

    private NufftType type(Row row) {
        String name = (String) value(row, TYPE, "type");
        return switch (name) {
            case "TYPE_1" -> NufftType.TYPE_1;
            case "TYPE_2" -> NufftType.TYPE_2;
            default -> throw new IllegalArgumentException("type must be TYPE_1 or TYPE_2, got \"" + name + "\"");
        };
    }

    /** The elements of an array column: a Scala Seq in rows Spark decodes, a Java list or array otherwise. */
    private static List<?> elements(Object array, String name) {
        if (array instanceof scala.collection.Seq<?> seq) {
            return scala.jdk.javaapi.CollectionConverters.asJava(seq);
        }
        if (array instanceof List<?> list) {
            return list;
        }
        if (array instanceof int[] a) {
            return java.util.Arrays.stream(a).boxed().toList();
        }
        if (array instanceof Object[] a) {
            return java.util.Arrays.asList(a);
        }
        throw new IllegalArgumentException(name + " is not an array: " + array.getClass().getName());
    }

    private static int[] ints(Object array, String name) {
        List<?> list = elements(array, name);
        int[] out = new int[list.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = (Integer) element(list, k, name);
        }
        return out;
    }

    private static double[] doubles(Object array, String name) {
        if (array instanceof double[] a) {
            return a; // a row built by SparkNufft.row and not yet encoded by Spark: no copy
        }
        List<?> list = elements(array, name);
        double[] out = new double[list.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = (Double) element(list, k, name);
        }
        return out;
    }

    private static double[][] points(Object array) {
        List<?> list = elements(array, "points");
        double[][] out = new double[list.size()][];
        for (int d = 0; d < out.length; d++) {
            out[d] = doubles(element(list, d, "points"), "points[" + d + "]");
        }
        return out;
    }

    private static Object element(List<?> list, int k, String name) {
        Object o = list.get(k);
        if (o == null) {
            throw new IllegalArgumentException(name + "[" + k + "] is null");
        }
        return o;
    }
}
