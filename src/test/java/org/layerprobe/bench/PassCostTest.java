package org.layerprobe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.layerprobe.LayerprobeException;
import org.layerprobe.probe.solver.SharedPass;

class PassCostTest {

    @Test
    void timesTheSolverPassBesideAPlainRead() {
        PassCost.Figures f = PassCost.measure(64, 32, 2, 3, 4, 1, 64, 0);
        assertTrue(f.readRate() > 0 && Double.isFinite(f.readRate()), "read rate " + f.readRate());
        assertTrue(f.passRate() > 0 && Double.isFinite(f.passRate()), "pass rate " + f.passRate());
        // Two products of 2 * rows * width * (strengths * classes) flops each, per block.
        assertEquals(f.passGflops(), 4.0 * 32 * 2 * 64 * 3 * 4 / 1e9 / (f.gigabytes() / f.passRate()), 1e-9);
        assertEquals(4.0 * 32 * 2 * 64 / 1e9, f.gigabytes(), 1e-15);
        assertEquals(2 * f.secondsPerPass(1000), f.secondsPerPass(2000), 1e-12);
    }

    @Test
    void countsThePaddedProductsWorkAndMeasuresTheRooflineBesideIt() {
        PassCost.Figures f = PassCost.measure(64, 32, 2, 3, 4, 1, 64, 0);
        // 3 strengths x 4 classes = 12 columns, padded to the next multiple; each state value is read once.
        int m = SharedPass.COLUMN_MULTIPLE;
        int padded = (12 + m - 1) / m * m;
        assertEquals(4.0 * 32 * 2 * 64 * padded, f.work().flops(), 1e-6);
        assertEquals(4.0 * 32 * 2 * 64 * 3 * 4, f.work().usefulFlops(), 1e-6);
        assertEquals(1 - 12.0 / padded, f.work().paddingShare(), 1e-12);
        assertEquals(f.gigabytes() * 1e9, f.work().stateBytes(), 1e-6);
        assertEquals(padded, f.work().flopsPerByte(), 1e-12);
        // The products are part of the pass, so they read the states at least as fast.
        assertTrue(f.work().gigabytesPerSecond() >= f.passRate(), f.work() + " against " + f.passRate());
        // The bare products of the same shape count the same work, timed on their own.
        assertEquals(f.work().flops(), f.bare().flops(), 1e-6);
        assertEquals(f.work().usefulFlops(), f.bare().usefulFlops(), 1e-6);
        assertEquals(f.work().stateBytes(), f.bare().stateBytes(), 1e-6);
        assertTrue(
                f.bare().seconds() > 0 && Double.isFinite(f.bare().seconds()),
                f.bare().toString());
        assertEquals(padded, SharedPass.paddedColumns(12));
        assertEquals(m, SharedPass.paddedColumns(m));
        Roofline roof = f.roofline();
        assertTrue(roof.gemmGflops() > 0 && Double.isFinite(roof.gemmGflops()), roof.describe());
        assertEquals(f.readRate(), roof.readRate(), 0);
        assertEquals(Math.min(roof.gemmGflops(), 2 * roof.readRate()), roof.ceiling(2), 0);
        assertEquals(roof.gemmGflops(), roof.ceiling(1e12), 0);
    }

    @Test
    void refusesBlocksThatWouldExhaustTheMachine() {
        LayerprobeException e =
                assertThrows(LayerprobeException.class, () -> PassCost.measure(1L << 20, 4096, 4, 1, 10, 1, 64, 0));
        assertTrue(e.getMessage().contains("use fewer or smaller blocks"), e.getMessage());
    }
}
