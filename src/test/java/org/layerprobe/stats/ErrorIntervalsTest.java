package org.layerprobe.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Wilson's interval against hand-worked cases, and the across-seed interval's two parts. */
class ErrorIntervalsTest {

    @Test
    void wilsonMatchesTheClosedFormByHand() {
        // 0 of 10: the upper end is z^2 / (n + z^2) = 3.8415 / 13.8415 = 0.27753 (z = 1.95996).
        Interval none = ErrorIntervals.wilson(0, 10);
        assertEquals(0, none.low(), 1e-12);
        assertEquals(0.27753, none.high(), 1e-5);
        // 5 of 10: centre 1/2, half-width z sqrt(0.025 + z^2/400) / (1 + z^2/10) = 0.26340.
        Interval half = ErrorIntervals.wilson(5, 10);
        assertEquals(0.23659, half.low(), 1e-5);
        assertEquals(0.76341, half.high(), 1e-5);
        // The quickstart's scale: 50 of 1,000 is about +-1.4 points, 500 of 10,000 about +-0.43.
        assertEquals(0.0138, ErrorIntervals.wilson(50, 1000).halfWidth(), 5e-4);
        assertEquals(0.0043, ErrorIntervals.wilson(500, 10000).halfWidth(), 2e-4);
    }

    @Test
    void acrossSeedsCountsSeedSpreadAndNeverUndercutsTheTestSize() {
        // Identical seeds: no spread, so the pooled Wilson interval of 3 x 50 errors in 3 x 1,000.
        Interval same = ErrorIntervals.acrossSeeds(new double[] {0.05, 0.05, 0.05}, 1000);
        Interval pooled = ErrorIntervals.wilson(150, 3000);
        assertEquals(pooled.low(), same.low(), 1e-12);
        assertEquals(pooled.high(), same.high(), 1e-12);
        // Spread seeds: Student's t with 2 degrees of freedom (4.3027) on the seed mean.
        Interval spread = ErrorIntervals.acrossSeeds(new double[] {0.04, 0.05, 0.06}, 1000);
        // sd 0.01: 0.05 -+ 4.3027 * 0.01 / sqrt(3) = [0.02516, 0.07484], wider than the pooled Wilson.
        assertEquals(0.02516, spread.low(), 1e-5);
        assertEquals(0.07484, spread.high(), 1e-5);
        assertTrue(spread.low() < pooled.low() && spread.high() > pooled.high());
    }
}
