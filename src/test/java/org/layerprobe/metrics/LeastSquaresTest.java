package org.layerprobe.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.layerprobe.LayerprobeException;

class LeastSquaresTest {

    @Test
    void exactSystemIsSolvedExactly() {
        double[][] a = {{2, 1}, {1, 3}};
        assertArrayEquals(new double[] {1, 2}, LeastSquares.solve(a, new double[] {4, 7}), 1e-12);
    }

    @Test
    void overdeterminedLineFitMatchesHandComputedRegression() {
        // y = 1 + 2x observed with residuals +1, -1, -1, +1: the residuals are orthogonal to
        // the columns (1, x), so the fit recovers the line exactly.
        double[] x = {0, 1, 2, 3};
        double[] y = {2, 2, 4, 8};
        double[][] a = new double[4][];
        for (int i = 0; i < 4; i++) {
            a[i] = new double[] {1, x[i]};
        }
        assertArrayEquals(new double[] {1, 2}, LeastSquares.solve(a, y), 1e-12);
    }

    @Test
    void dependentColumnsAreReported() {
        double[][] a = {{1, 2}, {2, 4}, {3, 6}};
        double[] y = {1, 2, 3};
        assertThrows(LayerprobeException.class, () -> LeastSquares.solve(a, y));
    }
}
