package org.nufft4j.spark;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.spark.api.java.JavaSparkContext;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
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
 * Batches of transforms on Apache Spark: each row of a {@link Dataset} is one transform (type
 * 1, 2 or 3, plain or a gradient form) with its own points, input, type, modes, sign and
 * tolerance ({@link #transform}), or one input vector for points shared by all rows and
 * broadcast once ({@link #transformShared}, {@link #transformSharedType3}; any form); each result row holds the row's id and the
 * transform's output (docs/design.md, "Spark").
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
 * <p>Type 3 rows and gradient forms use the optional columns of {@link #FULL_INPUT_SCHEMA}
 * ({@code targets}, {@code form}, {@code dipoles}); see {@link Form}.
 *
 * <p>Failures: a bad row (wrong lengths, points that are not finite, an unknown type, a null
 * column, a tolerance or modes a plan refuses) makes its task throw an
 * {@link IllegalArgumentException} whose message starts {@code "row id <id>: "} followed by
 * the library's own message; Spark then fails the job with it (after its usual retries). With
 * {@link BadRows#ERROR_COLUMN} such a row gives a null output and the message in an
 * {@code error} column instead. A task that fails for another reason and is retried by Spark
 * gives the same results: a row's result depends on the row alone.
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

    /**
     * {@link #INPUT_SCHEMA} and the optional columns of type 3 rows and the gradient forms:
     * {@code targets} array&lt;array&lt;double&gt;&gt; (TYPE_3 rows: the N target frequencies,
     * coordinate-major), {@code form} string ({@link Form}; null is PLAIN) and {@code dipoles}
     * array&lt;double&gt; (form DIPOLES), all nullable. The batch reads each of them only if present.
     */
    public static final StructType FULL_INPUT_SCHEMA = INPUT_SCHEMA
            .add(DataTypes.createStructField("targets", DataTypes.createArrayType(
                    DataTypes.createArrayType(DataTypes.DoubleType, false), false), true))
            .add(DataTypes.createStructField("form", DataTypes.StringType, true))
            .add(DataTypes.createStructField("dipoles", DataTypes.createArrayType(DataTypes.DoubleType, false), true));

    /** The columns of the result: the input row's id and the transform's output. */
    public static final StructType OUTPUT_SCHEMA = outputSchema(false, false);

    /**
     * What the rows of a batch ask for ({@code form} column of {@link #FULL_INPUT_SCHEMA}):
     * <ul>
     * <li>{@code PLAIN}: {@link NufftPlan#execute(double[], double[])};
     * <li>{@code DIPOLES} (TYPE_1, TYPE_3): {@link NufftPlan#executeDipoles(double[], double[],
     *     double[])} with the row's {@code dipoles} ({@code 2 M dim} doubles, component d of point
     *     j at {@code 2 (d M + j)}); {@code output} as PLAIN;
     * <li>{@code GRADIENT} (TYPE_2, TYPE_3): {@link NufftPlan#executeGradient(double[], double[],
     *     double[])}: {@code output} the values, {@code gradient} the gradients ({@code 2 M dim}
     *     at the points for type 2, {@code 2 N dim} at the targets for type 3, same layout).
     * </ul>
     */
    public enum Form {
        /** The transform itself. */
        PLAIN,
        /** Type 1 or 3 with dipoles. */
        DIPOLES,
        /** Type 2 or 3 with gradients. */
        GRADIENT
    }

    /** What a batch does with a bad row (wrong lengths, points not finite, a null column...). */
    public enum BadRows {
        /** Fail the task, and so the job, with the library's message naming the row's id. */
        FAIL,
        /**
         * Keep going: the row's result has a null {@code output} (and {@code gradient}) and the
         * message, {@code "row id <id>: ..."}, in an extra {@code error} string column (null for
         * good rows).
         */
        ERROR_COLUMN
    }

    private SparkNufft() {
    }

    /**
     * The columns of a batch's result: {@code id} long, {@code output} array&lt;double&gt;
     * (nullable: null for a bad row in the error column's mode), then
     * {@code gradient} array&lt;double&gt; if the input has a {@code form} column (null unless the
     * row's form is GRADIENT), then {@code error} string for {@link BadRows#ERROR_COLUMN}.
     *
     * @param gradients whether the input has a {@code form} column
     * @param errors whether bad rows go to the error column
     * @return the schema
     */
    public static StructType outputSchema(boolean gradients, boolean errors) {
        var fields = new java.util.ArrayList<StructField>();
        fields.add(DataTypes.createStructField("id", DataTypes.LongType, false));
        fields.add(DataTypes.createStructField("output", DataTypes.createArrayType(DataTypes.DoubleType, false),
                true));
        if (gradients) {
            fields.add(DataTypes.createStructField("gradient", DataTypes.createArrayType(DataTypes.DoubleType, false),
                    true));
        }
        if (errors) {
            fields.add(DataTypes.createStructField("error", DataTypes.StringType, true));
        }
        return new StructType(fields.toArray(StructField[]::new));
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
        return transform(rows, options, BadRows.FAIL);
    }

    /**
     * {@link #transform(Dataset, NufftOptions)} with a choice of what bad rows do: fail the job
     * ({@link BadRows#FAIL}) or come out with a null output and their message in an
     * {@code error} column ({@link BadRows#ERROR_COLUMN}; failures that are not the row's, such as
     * a killed task, still fail the task).
     *
     * @param rows one transform per row, with the columns of {@link #INPUT_SCHEMA} and any of the
     *     optional ones of {@link #FULL_INPUT_SCHEMA}
     * @param options the options of every plan, as for {@link #transform(Dataset, NufftOptions)}
     * @param badRows what a bad row does
     * @return one row per transform, with the columns of {@link #outputSchema(boolean, boolean)}
     * @throws IllegalArgumentException if a column is missing or has another type, or the
     *     options ask for float precision or a batch size other than 1
     * @throws NullPointerException if an argument is null
     */
    public static Dataset<Row> transform(Dataset<Row> rows, NufftOptions options, BadRows badRows) {
        return transform(rows, options, badRows, UnaryOperator.identity());
    }

    /** The same with the partition function wrapped by {@code hook} (tests inject failures with it). */
    static Dataset<Row> transform(Dataset<Row> rows, NufftOptions options, BadRows badRows,
            UnaryOperator<FlatMapFunction<Iterator<InternalRow>, TransformResult>> hook) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(badRows, "badRows");
        checkOptions(options, false);
        StructType schema = rows.schema();
        int[] columns = new int[BatchFunction.COLUMNS];
        StructField[] fields = FULL_INPUT_SCHEMA.fields();
        for (int c = 0; c < columns.length; c++) {
            columns[c] = column("rows", schema, fields[c], c < INPUT_SCHEMA.fields().length);
        }
        boolean gradients = columns[BatchFunction.FORM] >= 0;
        boolean errors = badRows == BadRows.ERROR_COLUMN;
        var function = new BatchFunction(options, columns, errors);
        return run(rows, hook.apply(function), outputSchema(gradients, errors));
    }

    /**
     * The batch's one pass over the rows, lazy: the function reads Spark's internal rows (their
     * arrays copied to {@code double[]} in one pass, not boxed element by element as a
     * {@code Dataset<Row>} would decode them) and its result rows become the returned
     * Dataset's. No shuffle; the result's partitions are the input's.
     */
    private static Dataset<Row> run(Dataset<Row> rows, FlatMapFunction<Iterator<InternalRow>, TransformResult> function,
            StructType schema) {
        JavaRDD<TransformResult> out = rows.queryExecution().toRdd().toJavaRDD().mapPartitions(function);
        var columns = Arrays.stream(schema.fieldNames()).map(org.apache.spark.sql.functions::col)
                .toArray(org.apache.spark.sql.Column[]::new);
        return rows.sparkSession().createDataset(out.rdd(), Encoders.bean(TransformResult.class)).select(columns);
    }

    private static void checkOptions(NufftOptions options, boolean batches) {
        Objects.requireNonNull(options, "options");
        if (options.precision() != Precision.DOUBLE) {
            throw new IllegalArgumentException("options.precision must be DOUBLE (the columns hold doubles), got "
                    + options.precision());
        }
        if (!batches && options.batchSize() != 1) {
            throw new IllegalArgumentException("options.batchSize must be 1 (one transform per row), got "
                    + options.batchSize());
        }
    }

    /** The columns {@link #transformShared} reads: a row's id and its strengths (or modes). */
    public static final StructType SHARED_INPUT_SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("id", DataTypes.LongType, false),
        DataTypes.createStructField("input", DataTypes.createArrayType(DataTypes.DoubleType, false), false),
    });

    /**
     * {@link #SHARED_INPUT_SCHEMA} and the column form DIPOLES reads: {@code dipoles}
     * array&lt;double&gt;, {@code 2 M dim} doubles per row, component d of point j at
     * {@code 2 (d M + j)}.
     */
    public static final StructType SHARED_DIPOLE_INPUT_SCHEMA = SHARED_INPUT_SCHEMA.add(DataTypes.createStructField(
            "dipoles", DataTypes.createArrayType(DataTypes.DoubleType, false), false));

    /**
     * {@link #transformShared(Broadcast, NufftType, int[], int, double, Dataset, NufftOptions,
     * BadRows)} with the points broadcast here (once for this call; broadcast them yourself to
     * share them between calls) and bad rows failing the job.
     *
     * @param spark the session of {@code inputs}
     * @param type TYPE_1 or TYPE_2
     * @param modes N_1 (, N_2 (, N_3))
     * @param isign +1 or -1
     * @param tol the tolerance
     * @param points the M shared points, coordinate-major {@code points[d][j]}
     * @param inputs one input vector per row, with the columns of {@link #SHARED_INPUT_SCHEMA}
     * @param options the plans' options; {@code batchSize} rows run in one batched execute
     * @return one row per input row, with the columns of {@link #OUTPUT_SCHEMA}
     * @throws IllegalArgumentException naming the argument that is wrong, with the library's
     *     message, before any job runs
     * @throws NullPointerException if an argument is null
     */
    public static Dataset<Row> transformShared(SparkSession spark, NufftType type, int[] modes, int isign,
            double tol, double[][] points, Dataset<Row> inputs, NufftOptions options) {
        return transformShared(spark, type, modes, isign, tol, Form.PLAIN, points, inputs, options);
    }

    /**
     * {@link #transformShared(Broadcast, NufftType, int[], int, double, Form, Dataset,
     * NufftOptions, BadRows)} with the points broadcast here (once for this call) and bad rows
     * failing the job.
     *
     * @param spark the session of {@code inputs}
     * @param type TYPE_1 or TYPE_2
     * @param modes N_1 (, N_2 (, N_3))
     * @param isign +1 or -1
     * @param tol the tolerance
     * @param form PLAIN, DIPOLES (TYPE_1) or GRADIENT (TYPE_2)
     * @param points the M shared points, coordinate-major {@code points[d][j]}
     * @param inputs one input vector per row, with the columns of {@link #SHARED_INPUT_SCHEMA}
     *     ({@link #SHARED_DIPOLE_INPUT_SCHEMA} for DIPOLES)
     * @param options the plans' options; {@code batchSize} rows run in one batched execute
     * @return one row per input row, with the columns of {@link #outputSchema(boolean, boolean)}
     *     (a gradient column for GRADIENT)
     * @throws IllegalArgumentException naming the argument that is wrong, with the library's
     *     message, before any job runs
     * @throws NullPointerException if an argument is null
     */
    public static Dataset<Row> transformShared(SparkSession spark, NufftType type, int[] modes, int isign,
            double tol, Form form, double[][] points, Dataset<Row> inputs, NufftOptions options) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(inputs, "inputs");
        long[] counts = checkShared(type, modes, isign, tol, form, points, null, options);
        int[] columns = sharedColumns(inputs, form);
        // everything checked before the broadcast, once (the Broadcast overload would check again)
        var shared = broadcast(spark, points);
        var key = new PlanCache.Key(type, modes, isign, tol, options).withPoints(shared.id());
        return runShared(key, shared, null, form, counts, inputs, columns, BadRows.FAIL);
    }

    /**
     * {@link #transformShared(Broadcast, NufftType, int[], int, double, Form, Dataset,
     * NufftOptions, BadRows)} of form PLAIN.
     *
     * @param points the broadcast points, coordinate-major {@code points[d][j]}
     * @param type TYPE_1 or TYPE_2
     * @param modes N_1 (, N_2 (, N_3))
     * @param isign +1 or -1
     * @param tol the tolerance
     * @param inputs one input vector per row, with the columns of {@link #SHARED_INPUT_SCHEMA}
     * @param options the plans' options; DOUBLE precision, any batch size
     * @param badRows what a row with an input of the wrong length does
     * @return one row per input row, with the columns of {@link #outputSchema(boolean, boolean)}
     *     (no gradient column)
     * @throws IllegalArgumentException naming the argument that is wrong, before any job runs
     * @throws NullPointerException if an argument is null
     */
    public static Dataset<Row> transformShared(Broadcast<double[][]> points, NufftType type, int[] modes, int isign,
            double tol, Dataset<Row> inputs, NufftOptions options, BadRows badRows) {
        return transformShared(points, type, modes, isign, tol, Form.PLAIN, inputs, options, badRows);
    }

    /**
     * Many transforms of one type, shape, form and set of points (docs/design.md, "Spark"): each
     * row of {@code inputs} is one strength vector (type 1, {@code 2 M} doubles) or mode vector
     * (type 2, {@code 2 N}), and for form DIPOLES its dipoles ({@code 2 M dim}, column
     * {@code dipoles}). Each executor JVM makes a plan, sets the broadcast points on it once and
     * keeps it in its {@link PlanCache} under a key that includes the broadcast's id; its tasks
     * then run {@code options.batchSize()} rows per batched execute (the last batch of a
     * partition padded with zeros). Results are bitwise those of a plain plan with the same
     * options, points and batch size (each transform of a batch is computed as alone, so also
     * bitwise those of a batch-size-1 plan; the tests check both).
     *
     * <p>The points are checked here, on the driver, by a plan of these arguments (made and
     * closed); a row whose input (or dipoles) has the wrong length fails the job, or goes to the
     * error column, naming its id.
     *
     * @param points the broadcast points, coordinate-major {@code points[d][j]}; not modified;
     *     destroy it (and {@link PlanCache#clear} the caches) when no job needs it any more
     * @param type TYPE_1 or TYPE_2
     * @param modes N_1 (, N_2 (, N_3))
     * @param isign +1 or -1
     * @param tol the tolerance
     * @param form PLAIN, DIPOLES (TYPE_1: {@link NufftPlan#executeDipoles}) or GRADIENT (TYPE_2:
     *     {@link NufftPlan#executeGradient}, the gradients in a {@code gradient} column,
     *     {@code 2 M dim} doubles)
     * @param inputs one input vector per row, with the columns of {@link #SHARED_INPUT_SCHEMA}
     *     ({@link #SHARED_DIPOLE_INPUT_SCHEMA} for DIPOLES)
     * @param options the plans' options; DOUBLE precision, any batch size
     * @param badRows what a row with an input of the wrong length does
     * @return one row per input row, with the columns of {@link #outputSchema(boolean, boolean)}
     *     (a gradient column for GRADIENT only)
     * @throws IllegalArgumentException naming the argument that is wrong, before any job runs
     * @throws NullPointerException if an argument is null
     */
    public static Dataset<Row> transformShared(Broadcast<double[][]> points, NufftType type, int[] modes, int isign,
            double tol, Form form, Dataset<Row> inputs, NufftOptions options, BadRows badRows) {
        Objects.requireNonNull(points, "points");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(badRows, "badRows");
        long[] counts = checkShared(type, modes, isign, tol, form, points.value(), null, options);
        var key = new PlanCache.Key(type, modes, isign, tol, options).withPoints(points.id());
        return runShared(key, points, null, form, counts, inputs, sharedColumns(inputs, form), badRows);
    }

    /**
     * {@link #transformSharedType3(Broadcast, Broadcast, int, double, Form, Dataset,
     * NufftOptions, BadRows)} with the sources and targets broadcast here (once for this call)
     * and bad rows failing the job.
     *
     * @param spark the session of {@code inputs}
     * @param isign +1 or -1
     * @param tol the tolerance
     * @param form PLAIN, DIPOLES or GRADIENT
     * @param sources the M shared sources, coordinate-major {@code sources[d][j]}
     * @param targets the N shared target frequencies, coordinate-major {@code targets[d][k]}
     * @param inputs one strength vector per row, with the columns of {@link #SHARED_INPUT_SCHEMA}
     *     ({@link #SHARED_DIPOLE_INPUT_SCHEMA} for DIPOLES)
     * @param options the plans' options; DOUBLE precision, any batch size
     * @return one row per input row, with the columns of {@link #outputSchema(boolean, boolean)}
     * @throws IllegalArgumentException naming the argument that is wrong, before any job runs
     * @throws NullPointerException if an argument is null
     */
    public static Dataset<Row> transformSharedType3(SparkSession spark, int isign, double tol, Form form,
            double[][] sources, double[][] targets, Dataset<Row> inputs, NufftOptions options) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(inputs, "inputs");
        long[] counts = checkShared(NufftType.TYPE_3, null, isign, tol, form, sources, targets, options);
        int[] columns = sharedColumns(inputs, form);
        var s = broadcast(spark, sources);
        var t = broadcast(spark, targets);
        var key = PlanCache.Key.type3(sources.length, isign, tol, options).withPoints(s.id(), t.id());
        return runShared(key, s, t, form, counts, inputs, columns, BadRows.FAIL);
    }

    /**
     * Many type 3 transforms of one set of sources and targets: each row of {@code inputs} is
     * one strength vector ({@code 2 M} doubles; for DIPOLES also its dipoles, {@code 2 M dim});
     * the output is f at the N targets ({@code 2 N}), and for GRADIENT the gradients at the
     * targets ({@code 2 N dim}, column {@code gradient}). Plans, batches, checks and failures as
     * {@link #transformShared(Broadcast, NufftType, int[], int, double, Form, Dataset,
     * NufftOptions, BadRows)}; one type 3 {@code setPoints} (both sorts) per plan of the JVM.
     *
     * @param sources the broadcast sources, coordinate-major {@code sources[d][j]}; not modified
     * @param targets the broadcast target frequencies, coordinate-major {@code targets[d][k]};
     *     not modified
     * @param isign +1 or -1
     * @param tol the tolerance
     * @param form PLAIN ({@link NufftPlan#execute}), DIPOLES ({@link NufftPlan#executeDipoles})
     *     or GRADIENT ({@link NufftPlan#executeGradient})
     * @param inputs one strength vector per row, with the columns of {@link #SHARED_INPUT_SCHEMA}
     *     ({@link #SHARED_DIPOLE_INPUT_SCHEMA} for DIPOLES)
     * @param options the plans' options; DOUBLE precision, any batch size
     * @param badRows what a row with an input of the wrong length does
     * @return one row per input row, with the columns of {@link #outputSchema(boolean, boolean)}
     *     (a gradient column for GRADIENT only)
     * @throws IllegalArgumentException naming the argument that is wrong, before any job runs
     * @throws NullPointerException if an argument is null
     */
    public static Dataset<Row> transformSharedType3(Broadcast<double[][]> sources, Broadcast<double[][]> targets,
            int isign, double tol, Form form, Dataset<Row> inputs, NufftOptions options, BadRows badRows) {
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(badRows, "badRows");
        long[] counts = checkShared(NufftType.TYPE_3, null, isign, tol, form, sources.value(), targets.value(),
                options);
        var key = PlanCache.Key.type3(sources.value().length, isign, tol, options)
                .withPoints(sources.id(), targets.id());
        return runShared(key, sources, targets, form, counts, inputs, sharedColumns(inputs, form), badRows);
    }

    private static Broadcast<double[][]> broadcast(SparkSession spark, double[][] points) {
        double[][] copy = Arrays.stream(points).map(double[]::clone).toArray(double[][]::new);
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(copy);
    }

    /** The indices of id, input and (form DIPOLES, else -1) dipoles in the inputs, checked. */
    private static int[] sharedColumns(Dataset<Row> inputs, Form form) {
        StructType schema = inputs.schema();
        StructField[] fields = SHARED_DIPOLE_INPUT_SCHEMA.fields();
        return new int[] {column("inputs", schema, fields[0], true), column("inputs", schema, fields[1], true),
            form == Form.DIPOLES ? column("inputs", schema, fields[2], true) : -1};
    }

    /** The shared-points batch once the driver's checks have passed ({@link #sharedColumns}'s too). */
    private static Dataset<Row> runShared(PlanCache.Key key, Broadcast<double[][]> points,
            Broadcast<double[][]> targets, Form form, long[] counts, Dataset<Row> inputs, int[] columns,
            BadRows badRows) {
        var shape = SharedPointsFunction.Shape.of(key.type(), form, key.dimension(), (int) counts[0], counts[1]);
        boolean errors = badRows == BadRows.ERROR_COLUMN;
        var function = new SharedPointsFunction(key, points, targets, form, shape, columns[0], columns[1],
                columns[2], errors);
        return run(inputs, function, outputSchema(form == Form.GRADIENT, errors));
    }

    /**
     * The driver's checks of a shared-points batch, by the library itself (a plan of these
     * arguments, made and closed); returns M and N (the modes, or TYPE_3's targets).
     */
    private static long[] checkShared(NufftType type, int[] modes, int isign, double tol, Form form,
            double[][] points, double[][] targets, NufftOptions options) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(form, "form");
        Objects.requireNonNull(points, type == NufftType.TYPE_3 ? "sources" : "points");
        checkOptions(options, true);
        if (form == Form.DIPOLES && type == NufftType.TYPE_2) {
            throw new IllegalArgumentException("form DIPOLES needs type TYPE_1 or TYPE_3, got TYPE_2");
        }
        if (form == Form.GRADIENT && type == NufftType.TYPE_1) {
            throw new IllegalArgumentException("form GRADIENT needs type TYPE_2 or TYPE_3, got TYPE_1");
        }
        if (type == NufftType.TYPE_3) {
            Objects.requireNonNull(targets, "targets");
            if (points.length < 1 || points.length > 3) {
                throw new IllegalArgumentException("sources has " + points.length
                        + " coordinate arrays; type 3 needs 1, 2 or 3 (the dimension)");
            }
            try (var plan = NufftPlan.createType3(points.length, isign, tol, options.withBatchSize(1))) {
                plan.setPoints(points, targets);
                return new long[] {plan.pointCount(), plan.targetCount()};
            }
        }
        Objects.requireNonNull(modes, "modes");
        try (var plan = NufftPlan.create(type, modes, isign, tol, options.withBatchSize(1))) {
            BatchFunction.setPoints(plan, points, "points");
            return new long[] {plan.pointCount(), BatchFunction.modeCount(plan)};
        }
    }

    /**
     * The index of the column {@code want} names, checked for its type (nullability aside); -1
     * for an optional column that is absent.
     */
    private static int column(String argument, StructType schema, StructField want, boolean required) {
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].name().equals(want.name())) {
                if (!sameIgnoringNulls(fields[i].dataType(), want.dataType())) {
                    throw new IllegalArgumentException(argument + ": column " + want.name() + " must be "
                            + want.dataType().simpleString() + ", got " + fields[i].dataType().simpleString());
                }
                return i;
            }
        }
        if (!required) {
            return -1;
        }
        throw new IllegalArgumentException(argument + ": no column " + want.name() + " (the schema is "
                + (argument.equals("rows") ? INPUT_SCHEMA
                        : want.name().equals("dipoles") ? SHARED_DIPOLE_INPUT_SCHEMA : SHARED_INPUT_SCHEMA).simpleString()
                + "), got "
                + schema.simpleString());
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
     * One input row in the layout of {@link #FULL_INPUT_SCHEMA}: any type and form. The arrays
     * are not copied and not checked (the executors check them).
     *
     * @param id the row's id
     * @param type TYPE_1, TYPE_2 or TYPE_3
     * @param modes N_1 (, N_2 (, N_3)); TYPE_3: ignored, may be null (stored empty)
     * @param isign +1 or -1
     * @param tol the tolerance
     * @param points coordinate-major, {@code points[d][j]} (TYPE_3: the sources)
     * @param targets TYPE_3: the target frequencies, coordinate-major; otherwise null
     * @param form what to compute
     * @param input interleaved strengths (types 1, 3) or modes (type 2)
     * @param dipoles form DIPOLES: {@code 2 M dim} doubles; otherwise null
     * @return the row
     * @throws NullPointerException if {@code type} or {@code form} is null
     */
    public static Row row(long id, NufftType type, int[] modes, int isign, double tol, double[][] points,
            double[][] targets, Form form, double[] input, double[] dipoles) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(form, "form");
        return RowFactory.create(id, type.name(), modes == null ? new int[0] : modes, isign, tol, points, input,
                targets, form.name(), dipoles);
    }

    /**
     * {@link #transformShared}'s input row: an id and one input vector.
     *
     * @param id the row's id
     * @param input interleaved strengths (type 1) or modes (type 2)
     * @return the row, in the layout of {@link #SHARED_INPUT_SCHEMA}
     */
    public static Row sharedRow(long id, double[] input) {
        return RowFactory.create(id, input);
    }

    /**
     * An input row of a shared-points batch of form DIPOLES: an id, the strengths and the
     * dipoles.
     *
     * @param id the row's id
     * @param input interleaved strengths, {@code 2 M} doubles
     * @param dipoles {@code 2 M dim} doubles, component d of point j at {@code 2 (d M + j)}
     * @return the row, in the layout of {@link #SHARED_DIPOLE_INPUT_SCHEMA}
     */
    public static Row sharedRow(long id, double[] input, double[] dipoles) {
        return RowFactory.create(id, input, dipoles);
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
