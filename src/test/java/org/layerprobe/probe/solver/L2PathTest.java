package org.layerprobe.probe.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class L2PathTest {

    /** The default grid's order, weakest first, as the settings list it. */
    private final L2Path path = new L2Path(List.of(1e-4, 1e-3, 1e-2, 1e-1));

    @Test
    void theConvergedRunStartsAtTheStrongestStrengthAndStopsAtAGap() {
        assertEquals(0, path.convergedRun(j -> j == 0));
        assertEquals(2, path.convergedRun(j -> j >= 2));
        assertEquals(2, path.convergedRun(j -> j != 1));
        assertEquals(4, path.convergedRun(j -> true));
    }

    @Test
    void checksOnlyWithTwoConvergedStrengthsAndAWeakerOneLeft() {
        assertFalse(path.checkable(1, j -> false));
        assertTrue(path.checkable(2, j -> false));
        assertFalse(path.checkable(4, j -> false));
        assertFalse(path.checkable(2, j -> j == 1), "the next weaker strength is already dropped");
    }

    @Test
    void dropsTheWeakerStrengthsOnceValidationLossTurnsUp() {
        // Validation loss per grid index (1e-4, 1e-3, 1e-2, 1e-1): best at 1e-2, worse at 1e-3.
        double[] loss = {9, 0.30, 0.20, 0.40};
        assertEquals(List.of(), path.beyond(2, loss), "still falling from 1e-1 to 1e-2");
        assertEquals(List.of(0), path.beyond(3, loss), "rising at 1e-3: 1e-4 cannot be chosen");
    }

    @Test
    void aRiseRightAfterTheStrongestDropsEveryWeakerStrength() {
        double[] loss = {0.1, 0.1, 0.50, 0.40};
        assertEquals(List.of(1, 0), path.beyond(2, loss));
    }

    @Test
    void comparesWithTheBestSoFarNotOnlyTheNeighbour() {
        // Rises at 1e-2, falls back at 1e-3 but not below 1e-1: 1e-3 is worse than the best.
        double[] loss = {0.1, 0.45, 0.50, 0.40};
        assertEquals(List.of(0), path.beyond(3, loss));
    }

    @Test
    void theBestOfARunIsItsLowestValidationLossAmongTheRunOnly() {
        // The run is 1e-1, 1e-2, 1e-3 (indices 3, 2, 1); 1e-4 (index 0) is outside it.
        double[] loss = {0.01, 0.30, 0.20, 0.40};
        assertEquals(2, path.best(3, loss));
        assertEquals(3, path.best(1, loss));
    }
}
