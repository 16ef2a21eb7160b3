package org.layerprobe.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The engine's matrix products, whichever kernels MKL runs in this process, against the float64 reference. */
class GemmCheckTest {

    @Test
    void theEnginesProductsMatchTheReference() {
        KernelCheckResult r = GemmCheck.run(1);
        assertTrue(r.passed(), r.describe());
        assertEquals(GemmCheck.CASES.size(), r.runs());
        assertTrue(MklDispatch.kernels().contains("MKL"), MklDispatch.kernels());
    }

    @Test
    void theReferenceReadsTransposedAndBatchedOperandsAsStored() {
        // a = [[1, 2], [3, 4]]; stored transposed it is [[1, 3], [2, 4]].
        float[] a = {1, 2, 3, 4};
        float[] b = {1, 10, 100, 1000};
        assertArrayEquals(
                new double[] {201, 2010, 403, 4030}, GemmCheck.reference(new GemmCheck.Case(1, 2, 2, 2, false), a, b));
        assertArrayEquals(
                new double[] {301, 3010, 402, 4020}, GemmCheck.reference(new GemmCheck.Case(1, 2, 2, 2, true), a, b));
        assertArrayEquals(
                new double[] {10, 1000},
                GemmCheck.reference(new GemmCheck.Case(2, 1, 1, 1, false), new float[] {1, 10}, new float[] {10, 100}));
    }
}
