package org.nufft4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.classfile.ClassFile;
import java.lang.classfile.attribute.SourceFileAttribute;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nufft4j.parallel.Workers;
import org.nufft4j.reduce.Formula;
import org.nufft4j.reduce.Formulas;
import org.nufft4j.reduce.KernelReduction;
import org.nufft4j.reduce.Reducer;
import org.nufft4j.reduce.ReductionData;
import org.nufft4j.simd.VectorReductions;

/**
 * With {@link VectorReductions#DUMP_PROPERTY} set, each class generated for a formula is written
 * for javap, and its SourceFile attribute names the formula (what a stack trace shows).
 */
class GeneratedClassDumpTest {

    @Test
    void generatedClassesAreDumpedAndNameTheirFormula(@TempDir Path dir) throws Exception {
        // a formula no other test generates, so that it is generated here, not found in the cache
        Formula f = Formulas.mul(Formulas.exp(Formulas.neg(Formulas.sqdist(Formulas.vi(0, 2), Formulas.vj(1, 2)))),
                Formulas.constant(0.123456789));
        var r = KernelReduction.overJ(f, Reducer.SUM);
        var data = ReductionData.of(3, 5, new double[6], new double[10]);
        System.setProperty(VectorReductions.DUMP_PROPERTY, dir.toString());
        try (var workers = new Workers(1)) {
            VectorReductions.evaluate(r, data, workers);
        } finally {
            System.clearProperty(VectorReductions.DUMP_PROPERTY);
        }
        assertTrue(VectorReductions.generates(r), "a Gaussian is generated");
        try (var files = Files.list(dir)) {
            var dumped = files.toList();
            assertEquals(1, dumped.size(), "one class for a one-chunk formula: " + dumped);
            var model = ClassFile.of().parse(Files.readAllBytes(dumped.get(0)));
            String source = model.findAttribute(java.lang.classfile.Attributes.sourceFile())
                    .map(SourceFileAttribute::sourceFile).orElseThrow().stringValue();
            assertTrue(source.contains("sqdist(Vi(0,2), Vj(1,2))") && source.contains("0.123456789"), source);
        }
    }
}
