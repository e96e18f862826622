package org.nufft4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;
import org.nufft4j.reduce.Formula;
import org.nufft4j.reduce.Formulas;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.Reducer;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.reduce.ScalarReductions;

/**
 * What a distributed job ships to its workers: options, formulas and reductions survive a
 * round trip through Java serialization, and a formula comes back as the very node an equal
 * formula is in this JVM (hash-consing kept), so evaluators treat it exactly as the original.
 */
class SerializationTest {

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void optionsRoundTrip() throws Exception {
        var options = NufftOptions.defaults().withUpsampling(1.25).withThreads(3).withBatchSize(4)
                .withPrecision(Precision.FLOAT).withModeOrder(ModeOrder.FFT).withFft(FftChoice.JTRANSFORMS);
        assertEquals(options, roundTrip(options));
    }

    @Test
    void formulasComeBackInterned() throws Exception {
        // a Gaussian kernel times weights: shared subformulas, constants, a parameter
        Formula d2 = Formulas.sqdist(Formulas.vi(0, 3), Formulas.vj(1, 3));
        Formula f = Formulas.mul(Formulas.exp(Formulas.mul(Formulas.constant(-0.5),
                Formulas.div(d2, Formulas.mul(Formulas.pm(3, 1), Formulas.pm(3, 1))))), Formulas.vj(2, 1));
        assertSame(f, roundTrip(f));
        var reduction = KernelReduction.overJ(f, Reducer.SUM);
        KernelReduction back = roundTrip(reduction);
        assertEquals(reduction, back);
        assertSame(reduction.formula(), back.formula());
        var r = new java.util.SplittableRandom(7);
        var data = ReductionData.of(5, 7, r.doubles(15).toArray(), r.doubles(21).toArray(), r.doubles(7).toArray(),
                new double[] {0.8});
        assertArrayEquals(ScalarReductions.evaluate(reduction, data).values(),
                ScalarReductions.evaluate(back, data).values());
    }
}
