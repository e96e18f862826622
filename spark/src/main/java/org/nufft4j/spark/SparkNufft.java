package org.nufft4j.spark;

import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.nufft4j.NufftOptions;
import org.nufft4j.NufftPlan;
import org.nufft4j.NufftType;
import org.nufft4j.Precision;

/**
 * Batches of type 1 and type 2 transforms on Apache Spark: each row of a {@link Dataset} is one
 * transform with its own points, input, type, modes, sign and tolerance; each result row holds
 * the row's id and the transform's output (docs/design.md, "Spark").
 *
 * <pre>{@code
 * Dataset<Row> in = spark.createDataFrame(List.of(
 *         SparkNufft.row(7, NufftType.TYPE_1, new int[] {64, 64}, -1, 1e-9, new double[][] {x, y}, c)),
 *         SparkNufft.INPUT_SCHEMA);
 * Dataset<Row> out = SparkNufft.transform(in);   // columns id, output
 * }</pre>
 *
 * <p>Input columns ({@link #INPUT_SCHEMA}; other columns are ignored, nothing may be null):
 * <ul>
 * <li>{@code id} long: the row's name in results and error messages;
 * <li>{@code type} string: {@code "TYPE_1"} or {@code "TYPE_2"};
 * <li>{@code modes} array&lt;int&gt;: N_1 (, N_2 (, N_3)), the dimension is its length;
 * <li>{@code isign} int: +1 or -1; {@code tol} double: the tolerance, as for {@link NufftPlan#create};
 * <li>{@code points} array&lt;array&lt;double&gt;&gt;: coordinate-major, {@code points[d][j]} is
 *     coordinate d of point j (as {@code DirectSum}), one array per dimension;
 * <li>{@code input} array&lt;double&gt;: interleaved (re, im); type 1 the 2 M strengths, type 2
 *     the 2 N_1 N_2 N_3 modes, dimension 1 fastest, in the options' mode order.
 * </ul>
 * Output columns ({@link #OUTPUT_SCHEMA}): {@code id} long and {@code output} array&lt;double&gt;
 * (type 1 the modes, type 2 the values at the points, interleaved), one row per input row, in
 * the order of the input within each partition.
 *
 * <p>Plans: each JVM that runs tasks keeps one {@link PlanCache} ({@link #planCache()}): a row
 * takes an idle plan of its (type, modes, isign, tol, options) or a new one, runs
 * {@code setPoints} and {@code execute} on it alone and gives the plan back, so
 * rows and tasks of one shape reuse plans, and concurrent tasks never share one. Results are
 * bitwise those of a plain plan with the same options in one JVM.
 *
 * <p>Failures: a bad row (wrong lengths, points that are not finite, an unknown type, a null
 * column, a tolerance or modes a plan refuses) makes its task throw an
 * {@link IllegalArgumentException} whose message starts {@code "row id <id>: "} followed by
 * the library's own message; Spark then fails the job with it (after its usual retries).
 */
public final class SparkNufft {

    /** The columns a batch reads (other columns may be present and are ignored). */
    public static final StructType INPUT_SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("id", DataTypes.LongType, false),
        DataTypes.createStructField("type", DataTypes.StringType, false),
        DataTypes.createStructField("modes", DataTypes.createArrayType(DataTypes.IntegerType, false), false),
        DataTypes.createStructField("isign", DataTypes.IntegerType, false),
        DataTypes.createStructField("tol", DataTypes.DoubleType, false),
        DataTypes.createStructField("points", DataTypes.createArrayType(
                DataTypes.createArrayType(DataTypes.DoubleType, false), false), false),
        DataTypes.createStructField("input", DataTypes.createArrayType(DataTypes.DoubleType, false), false),
    });

    /** The columns of the result: the input row's id and the transform's output. */
    public static final StructType OUTPUT_SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("id", DataTypes.LongType, false),
        DataTypes.createStructField("output", DataTypes.createArrayType(DataTypes.DoubleType, false), false),
    });

    private SparkNufft() {
    }

    /**
     * The options {@link #transform(Dataset)} uses: the defaults with one thread per plan, since
     * Spark already runs one task per executor core.
     *
     * @return {@link NufftOptions#defaults()} with {@code threads} 1
     */
    public static NufftOptions defaultOptions() {
        return NufftOptions.defaults().withThreads(1);
    }

    /**
     * {@link #transform(Dataset, NufftOptions)} with {@link #defaultOptions()}.
     *
     * @param rows one transform per row, with the columns of {@link #INPUT_SCHEMA}
     * @return one row per transform, with the columns of {@link #OUTPUT_SCHEMA}
     * @throws IllegalArgumentException if a column is missing or has another type
     * @throws NullPointerException if {@code rows} is null
     */
    public static Dataset<Row> transform(Dataset<Row> rows) {
        return transform(rows, defaultOptions());
    }

    /**
     * Runs one type 1 or type 2 transform per row (lazily, as any Dataset transformation: the
     * work happens when the result is computed). The schema is checked here, on the driver; the
     * rows are checked on the executors, where a bad one fails its task with a message naming
     * its id.
     *
     * @param rows one transform per row, with the columns of {@link #INPUT_SCHEMA}
     * @param options the options of every plan (part of the plan cache's key); {@code threads}
     *     is per plan, and each concurrently running task has its own plan, so more than
     *     {@code spark.task.cpus} oversubscribes the executor
     * @return one row per transform, with the columns of {@link #OUTPUT_SCHEMA}
     * @throws IllegalArgumentException if a column is missing or has another type, or the
     *     options ask for float precision or a batch size other than 1 (a row is one double
     *     transform)
     * @throws NullPointerException if {@code rows} or {@code options} is null
     */
    public static Dataset<Row> transform(Dataset<Row> rows, NufftOptions options) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(options, "options");
        if (options.precision() != Precision.DOUBLE) {
            throw new IllegalArgumentException("options.precision must be DOUBLE (the columns hold doubles), got "
                    + options.precision());
        }
        if (options.batchSize() != 1) {
            throw new IllegalArgumentException("options.batchSize must be 1 (one transform per row), got "
                    + options.batchSize());
        }
        StructType schema = rows.schema();
        int[] columns = new int[INPUT_SCHEMA.fields().length];
        for (int c = 0; c < columns.length; c++) {
            StructField want = INPUT_SCHEMA.fields()[c];
            columns[c] = column(schema, want);
        }
        return rows.mapPartitions(new BatchFunction(options, columns), Encoders.row(OUTPUT_SCHEMA));
    }

    /** The index of the column {@code want} names, checked for its type (nullability aside). */
    private static int column(StructType schema, StructField want) {
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].name().equals(want.name())) {
                if (!sameIgnoringNulls(fields[i].dataType(), want.dataType())) {
                    throw new IllegalArgumentException("rows: column " + want.name() + " must be "
                            + want.dataType().simpleString() + ", got " + fields[i].dataType().simpleString());
                }
                return i;
            }
        }
        throw new IllegalArgumentException("rows: no column " + want.name() + " (the schema is "
                + INPUT_SCHEMA.simpleString() + "), got " + schema.simpleString());
    }

    /** Equal types up to containsNull: a null element is reported per row instead. */
    private static boolean sameIgnoringNulls(DataType a, DataType b) {
        if (a instanceof ArrayType x && b instanceof ArrayType y) {
            return sameIgnoringNulls(x.elementType(), y.elementType());
        }
        return a.equals(b);
    }

    /**
     * One input row in the layout of {@link #INPUT_SCHEMA}, for
     * {@code spark.createDataFrame(list, INPUT_SCHEMA)}. The arrays are not copied and not
     * checked (the executors check them).
     *
     * @param id the row's id
     * @param type TYPE_1 or TYPE_2
     * @param modes N_1 (, N_2 (, N_3))
     * @param isign +1 or -1
     * @param tol the tolerance
     * @param points coordinate-major, {@code points[d][j]}
     * @param input interleaved strengths (type 1) or modes (type 2)
     * @return the row
     * @throws NullPointerException if {@code type} is null
     */
    public static Row row(long id, NufftType type, int[] modes, int isign, double tol, double[][] points,
            double[] input) {
        Objects.requireNonNull(type, "type");
        return RowFactory.create(id, type.name(), modes, isign, tol, points, input);
    }

    /**
     * The plan cache of this JVM: on an executor, the one its tasks use; in {@code local} mode
     * the driver's JVM is the executor, so tests can read its counters.
     *
     * @return this JVM's cache
     */
    public static PlanCache planCache() {
        return PlanCache.jvm();
    }
}
