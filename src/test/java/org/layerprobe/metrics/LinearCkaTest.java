package org.layerprobe.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.layerprobe.TestData;

class LinearCkaTest {

    /** A random orthogonal d x d matrix (Gram-Schmidt on a Gaussian one). */
    private static double[][] orthogonal(int d, long seed) {
        double[][] q = TestData.gaussian(d, d, seed);
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < i; k++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += q[i][j] * q[k][j];
                }
                for (int j = 0; j < d; j++) {
                    q[i][j] -= dot * q[k][j];
                }
            }
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += q[i][j] * q[i][j];
            }
            for (int j = 0; j < d; j++) {
                q[i][j] /= Math.sqrt(norm);
            }
        }
        return q;
    }

    private static double[][] times(double[][] x, double[][] q, double scale) {
        double[][] y = new double[x.length][q[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < q[0].length; j++) {
                double s = 0;
                for (int t = 0; t < q.length; t++) {
                    s += x[i][t] * q[t][j];
                }
                y[i][j] = scale * s;
            }
        }
        return y;
    }

    @Test
    void aStateIsFullySimilarToItself() {
        GramMatrix k = GramMatrix.of(TestData.gaussian(60, 12, 1));
        assertEquals(1, LinearCka.of(k, k, false), 1e-12);
        assertEquals(1, LinearCka.of(k, k, true), 1e-12);
    }

    @Test
    void invariantToOrthogonalTransformAndIsotropicScaling() {
        double[][] x = TestData.gaussian(80, 10, 2);
        double[][] y = times(x, orthogonal(10, 3), 7.5);
        double[][] other = TestData.gaussian(80, 6, 4);
        GramMatrix kx = GramMatrix.of(x);
        GramMatrix ky = GramMatrix.of(y);
        GramMatrix ko = GramMatrix.of(other);
        for (boolean debiased : new boolean[] {false, true}) {
            assertEquals(1, LinearCka.of(kx, ky, debiased), 1e-9, "debiased " + debiased);
            assertEquals(LinearCka.of(kx, ko, debiased), LinearCka.of(ky, ko, debiased), 1e-9, "debiased " + debiased);
        }
    }

    @Test
    void invariantToAShiftOfEveryExample() {
        double[][] x = TestData.gaussian(50, 8, 5);
        double[][] shifted = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            shifted[i] = x[i].clone();
            for (int j = 0; j < shifted[i].length; j++) {
                shifted[i][j] += 3 + j;
            }
        }
        assertEquals(1, LinearCka.of(GramMatrix.of(x), GramMatrix.of(shifted), false), 1e-9);
    }

    @Test
    void unrelatedStatesScoreBelowOneAndDebiasedNearZero() {
        GramMatrix a = GramMatrix.of(TestData.gaussian(400, 20, 6));
        GramMatrix b = GramMatrix.of(TestData.gaussian(400, 20, 7));
        double biased = LinearCka.of(a, b, false);
        double debiased = LinearCka.of(a, b, true);
        assertTrue(biased < 0.2, "biased CKA of unrelated states " + biased);
        assertTrue(Math.abs(debiased) < 0.02, "debiased CKA of unrelated states " + debiased);
        assertTrue(biased > Math.abs(debiased), "the biased estimate sits above the debiased one");
    }

    @Test
    void refusesDifferentExampleCounts() {
        assertThrows(
                IllegalArgumentException.class,
                () -> LinearCka.of(
                        GramMatrix.of(TestData.gaussian(5, 2, 8)), GramMatrix.of(TestData.gaussian(6, 2, 9)), false));
    }
}
