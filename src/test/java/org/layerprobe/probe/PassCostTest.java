package org.layerprobe.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.layerprobe.LayerprobeException;

class PassCostTest {

    @Test
    void timesTheSolverPassBesideAPlainRead() {
        PassCost.Figures f = PassCost.measure(64, 32, 2, 3, 4, 1, 0);
        assertTrue(f.readRate() > 0 && Double.isFinite(f.readRate()), "read rate " + f.readRate());
        assertTrue(f.passRate() > 0 && Double.isFinite(f.passRate()), "pass rate " + f.passRate());
        // Two products of 2 * rows * width * (strengths * classes) flops each, per block.
        assertEquals(f.passGflops(), 4.0 * 32 * 2 * 64 * 3 * 4 / 1e9 / (f.gigabytes() / f.passRate()), 1e-9);
        assertEquals(4.0 * 32 * 2 * 64 / 1e9, f.gigabytes(), 1e-15);
        assertEquals(2 * f.secondsPerPass(1000), f.secondsPerPass(2000), 1e-12);
    }

    @Test
    void refusesBlocksThatWouldExhaustTheMachine() {
        LayerprobeException e =
                assertThrows(LayerprobeException.class, () -> PassCost.measure(1L << 20, 4096, 4, 1, 10, 1, 0));
        assertTrue(e.getMessage().contains("use fewer or smaller blocks"), e.getMessage());
    }
}
