package org.layerprobe.report.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.layerprobe.stats.PairedComparison;

/** p-values are printed no finer than the exact test resolves them. */
class StatTextTest {

    @Test
    void pValuesInTheFarTailArePrintedAsABound() {
        assertEquals("p = 0.031", StatText.pValue(0.0312));
        assertEquals("p = 2.5e-05", StatText.pValue(2.5e-5));
        double far = PairedComparison.mcnemar(400, 60, 10_000).pValue();
        assertEquals("p < 1e-20", StatText.pValue(far), "a tail of " + far);
        assertEquals("p < 1e-20", StatText.pValue(0));
    }
}
