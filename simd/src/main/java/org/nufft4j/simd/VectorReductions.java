package org.nufft4j.simd;

import java.util.Objects;
import org.nufft4j.Precision;
import org.nufft4j.parallel.Workers;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.reduce.ReductionEvaluators;
import org.nufft4j.reduce.ReductionResult;
import org.nufft4j.reduce.ScalarReductions;

/**
 * Blocked SIMD evaluation of kernel reductions (docs/design.md, Kernel reductions), with the
 * plans' fallback: in a JVM without {@code --add-modules=jdk.incubator.vector} every call runs
 * the scalar interpreter ({@link ScalarReductions}, the oracle) and the first one logs a warning
 * naming the fix, instead of failing with {@code NoClassDefFoundError}.
 *
 * <p>This class touches no Vector API type, so it loads in any JVM; the blocks live in
 * {@code BlockReductions}, loaded only when the Vector API is.
 */
public final class VectorReductions {

    /**
     * The system property that turns the generated block programs off ({@code false}) for
     * comparison; they are on by default.
     */
    public static final String GENERATE_PROPERTY = "nufft4j.reductions.generate";

    /**
     * The system property naming a directory into which every class generated for a formula is
     * written ({@code GeneratedBlock-N.class}, for {@code javap -c -p}; each names its formula in
     * its SourceFile attribute); unset: nothing is written.
     */
    public static final String DUMP_PROPERTY = "nufft4j.reductions.dump";

    private static final boolean AVAILABLE = blocksLoad();

    private VectorReductions() {
    }

    /**
     * Whether the SIMD blocks run in this JVM.
     *
     * @return true when the Vector API loads; false when every call runs the scalar interpreter
     */
    public static boolean available() {
        return AVAILABLE;
    }

    private static boolean blocksLoad() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            // initializes the species: fails here, once, if the Vector API cannot run
            Class.forName("org.nufft4j.simd.BlockReductions", true, VectorReductions.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Evaluates a reduction over all pairs (i, j), in SIMD blocks of j, rows split over the
     * workers; generated code where the formula allows it.
     *
     * @param reduction the formula and its reducer
     * @param data the arrays bound to the formula's variables
     * @param workers the pool the rows are split over
     * @return the reduced values (and the indices, for ARGMIN, ARGMAX and KMIN)
     * @throws IllegalArgumentException when the data do not fit the formula, or the output
     *     ({@link KernelReduction#outputLength}) or the blocks' workspace cannot be allocated;
     *     before any output exists
     */
    public static ReductionResult evaluate(KernelReduction reduction, ReductionData data, Workers workers) {
        if (!AVAILABLE) {
            return fallback(reduction, data, workers);
        }
        return BlockReductions.evaluate(reduction, data, workers);
    }

    /**
     * Evaluates a reduction as {@link #evaluate(KernelReduction, ReductionData, Workers)} does,
     * choosing between generated code and the block interpreter.
     *
     * @param reduction the formula and its reducer
     * @param data the arrays bound to the formula's variables
     * @param workers the pool the rows are split over
     * @param generated true to run the formula through a class generated for it
     *     ({@link BlockCompiler}; the block interpreter when the formula is too long for that),
     *     false to interpret the block node by node
     * @return the reduced values (and the indices, for ARGMIN, ARGMAX and KMIN)
     * @throws IllegalArgumentException as the method without {@code generated}
     */
    public static ReductionResult evaluate(KernelReduction reduction, ReductionData data, Workers workers,
                                           boolean generated) {
        if (!AVAILABLE) {
            return fallback(reduction, data, workers);
        }
        return BlockReductions.evaluate(reduction, data, workers, generated);
    }

    /**
     * Evaluates a reduction in the given precision: {@link Precision#DOUBLE} as
     * {@link #evaluate(KernelReduction, ReductionData, Workers)}; {@link Precision#FLOAT} on the
     * data rounded to float, the output values floats: SUM reductions in float lanes through a
     * generated class (docs/design.md, Kernel reductions, Float reductions, and its tolerance
     * against {@link ScalarReductions#evaluate(KernelReduction, ReductionData, Precision)}), the
     * other reducers in double on the rounded data, rounded. Without the Vector API: the scalar
     * oracle in that precision, with the fallback's warning.
     *
     * @param reduction the formula and its reducer
     * @param data the arrays bound to the formula's variables
     * @param workers the pool the rows are split over
     * @param precision the precision of the data and of the arithmetic
     * @return the reduced values (and the indices, for ARGMIN, ARGMAX and KMIN)
     * @throws IllegalArgumentException as the method without {@code precision}
     */
    public static ReductionResult evaluate(KernelReduction reduction, ReductionData data, Workers workers,
                                           Precision precision) {
        Objects.requireNonNull(precision, "precision");
        if (precision == Precision.DOUBLE) {
            return evaluate(reduction, data, workers);
        }
        if (!AVAILABLE) {
            Objects.requireNonNull(data, "data");
            return fallback(reduction, data.roundedToFloat(), workers).roundedToFloat();
        }
        return BlockReductions.evaluateFloat(reduction, data, workers);
    }

    /**
     * Whether {@link #evaluate} runs this reduction's formula through a generated class.
     *
     * @param reduction the formula and its reducer
     * @return false without the Vector API, or when the formula is too long for one class
     */
    public static boolean generates(KernelReduction reduction) {
        Objects.requireNonNull(reduction, "reduction");
        return AVAILABLE && BlockReductions.generates(reduction);
    }

    private static ReductionResult fallback(KernelReduction reduction, ReductionData data, Workers workers) {
        Objects.requireNonNull(reduction, "reduction");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(workers, "workers");
        ReductionEvaluators.logFallbackOnce();
        return ScalarReductions.evaluate(reduction, data);
    }
}
