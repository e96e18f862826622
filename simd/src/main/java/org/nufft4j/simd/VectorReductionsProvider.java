package org.nufft4j.simd;

import java.util.Optional;
import org.nufft4j.Precision;
import org.nufft4j.parallel.Workers;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.reduce.ReductionEvaluator;
import org.nufft4j.reduce.ReductionEvaluatorProvider;
import org.nufft4j.reduce.ReductionResult;

/**
 * Plugs {@link VectorReductions} into core's {@link org.nufft4j.reduce.ReductionEvaluators}.
 * Touches no Vector API type, so that it loads without {@code --add-modules jdk.incubator.vector}
 * and answers empty there.
 */
public final class VectorReductionsProvider implements ReductionEvaluatorProvider {

    /** Made by {@link java.util.ServiceLoader}, which core asks for a {@link ReductionEvaluatorProvider}. */
    public VectorReductionsProvider() {
    }

    @Override
    public Optional<ReductionEvaluator> create() {
        if (!VectorReductions.available()) {
            return Optional.empty();
        }
        return Optional.of(new ReductionEvaluator() {
            @Override
            public String name() {
                return "simd";
            }

            @Override
            public ReductionResult evaluate(KernelReduction reduction, ReductionData data, Workers workers) {
                return VectorReductions.evaluate(reduction, data, workers);
            }

            @Override
            public ReductionResult evaluate(KernelReduction reduction, ReductionData data, Workers workers,
                                            Precision precision) {
                return VectorReductions.evaluate(reduction, data, workers, precision);
            }
        });
    }
}
