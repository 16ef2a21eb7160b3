package org.layerprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The self-check itself, on the kernels this test process runs (after the guard chose them). */
class ConvKernelCheckTest {

    @Test
    void theGuardedKernelsMatchTheFloat64Reference() {
        KernelCheckResult r = ConvKernelCheck.run(3);
        assertEquals(3 * ConvKernelCheck.CASES.size(), r.runs());
        assertTrue(
                r.passed(),
                r.describe() + " under " + KernelGuard.current().verdict().describe());
        assertTrue(r.worstRelativeError() < 1e-5, "float32 against float64: " + r.worstRelativeError());
    }

    @Test
    void aNaNOrAWrongValueIsSeen() {
        assertTrue(Double.isNaN(ConvKernelCheck.relativeError(new float[] {1, Float.NaN}, new double[] {1, 2})));
        assertEquals(0.25, ConvKernelCheck.relativeError(new float[] {1, 1.5f}, new double[] {1, 2}), 1e-12);
    }
}
