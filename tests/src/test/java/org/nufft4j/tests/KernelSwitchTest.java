package org.nufft4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nufft4j.NufftOptions;
import org.nufft4j.NufftPlan;
import org.nufft4j.NufftType;
import org.nufft4j.Precision;
import org.nufft4j.SpreadKernelsChoice;
import org.nufft4j.spread.Spreaders;

/** The single switch: the simd module loads here, and options and the property pick kernels. */
class KernelSwitchTest {

    @Test
    void simdLoadsWithTheIncubatorModule() {
        assertTrue(Spreaders.simd().isPresent(), "simd kernels must load with --add-modules=jdk.incubator.vector");
        assertTrue(Spreaders.simd().get().name().startsWith("simd-"));
        assertTrue(Spreaders.simdFloat().isPresent(), "the float twins load with the double kernels");
        assertTrue(Spreaders.simdFloat().get().name().startsWith("simd-"));
    }

    @Test
    void floatPlansRunTheFloatTwinOfTheChosenKernels() {
        var single = NufftOptions.defaults().withPrecision(Precision.FLOAT);
        try (var scalar = NufftPlan.create(NufftType.TYPE_2, new int[] {8}, 1, 1e-5,
                single.withKernels(SpreadKernelsChoice.SCALAR));
             var simd = NufftPlan.create(NufftType.TYPE_2, new int[] {8}, 1, 1e-5,
                     single.withKernels(SpreadKernelsChoice.SIMD))) {
            assertEquals("scalar", scalar.implementation());
            assertEquals(Spreaders.simdFloat().orElseThrow().name(), simd.implementation());
        }
    }

    @Test
    void optionsChooseTheKernelsAndAutoFollowsTheProperty() {
        int[] modes = {8, 8};
        try (var scalar = NufftPlan.create(NufftType.TYPE_1, modes, 1, 1e-6,
                NufftOptions.defaults().withKernels(SpreadKernelsChoice.SCALAR));
             var simd = NufftPlan.create(NufftType.TYPE_1, modes, 1, 1e-6,
                     NufftOptions.defaults().withKernels(SpreadKernelsChoice.SIMD));
             var auto = NufftPlan.create(NufftType.TYPE_1, modes, 1, 1e-6)) {
            assertEquals("scalar", scalar.implementation());
            assertTrue(simd.implementation().startsWith("simd-"));
            String property = System.getProperty(Spreaders.PROPERTY, "auto");
            String expected = property.equals("scalar") ? "scalar" : simd.implementation();
            assertEquals(expected, auto.implementation(), "AUTO with " + Spreaders.PROPERTY + "=" + property);
        }
    }
}
