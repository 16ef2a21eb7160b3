package org.layerprobe.probe.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BiasProfileTest {

    /**
     * At the profiled biases the mean softmax probability of every class equals its share of the
     * labels (the bias gradient is zero), and no small move of one bias lowers the cross-entropy:
     * the minimum is reached, including through the last Newton step that float64 cannot verify.
     */
    @Test
    void profiledBiasesMatchEveryClassShareAndNoNearbyShiftIsBetter() {
        int n = 20_000;
        int classes = 10;
        Random random = new Random(3);
        float[] z = new float[n * classes];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(classes) < 7 ? i % 3 : random.nextInt(classes);
            for (int c = 0; c < classes; c++) {
                z[i * classes + c] = (float) (2 * random.nextGaussian() + (c == labels[i] ? 3 : 0) + 0.5 * c);
            }
        }
        BiasProfile.Result r = BiasProfile.solve(z, labels, classes);

        double[] share = new double[classes];
        double[] mean = new double[classes];
        double[] p = new double[classes];
        for (int i = 0; i < n; i++) {
            share[labels[i]] += 1.0 / n;
            LogitCapture.softmax(z, i, classes, r.shift(), p);
            for (int c = 0; c < classes; c++) {
                mean[c] += p[c] / n;
            }
        }
        for (int c = 0; c < classes; c++) {
            assertEquals(share[c], mean[c], 1e-12, "class " + c);
        }
        assertTrue(r.biasGradientNorm() < 1e-12, "bias gradient " + r.biasGradientNorm());
        double f = LogitCapture.crossEntropy(z, labels, classes, r.shift());
        assertEquals(f, r.crossEntropy(), 1e-12 * f);
        for (int c = 0; c < classes; c++) {
            for (double h : new double[] {-1e-4, 1e-4}) {
                double[] moved = r.shift().clone();
                moved[c] += h;
                assertTrue(LogitCapture.crossEntropy(z, labels, classes, moved) > f, "class " + c + " moved by " + h);
            }
        }
    }

    /**
     * A class whose logits sit far below the others (a warm start from a data prefix that lacked
     * it) has almost no curvature: capped Newton steps, with the exponentials taken again as the
     * shift moves, still bring its mean probability to its share, where uncapped ones stopped at
     * once or ran into underflow and NaN.
     */
    @Test
    void aClassFarBelowTheOthersIsProfiledToItsShare() {
        int n = 300;
        int classes = 10;
        Random random = new Random(5);
        for (float gap : new float[] {60, 1060}) {
            float[] z = new float[n * classes];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i % 3 == 0 ? 5 : random.nextInt(classes);
                for (int c = 0; c < classes; c++) {
                    z[i * classes + c] = (float) random.nextGaussian() - (c == 5 ? gap : 0);
                }
            }
            BiasProfile.Result r = BiasProfile.solve(z, labels, classes);
            assertTrue(r.biasGradientNorm() < 1e-6, gap + ": bias gradient " + r.biasGradientNorm());
            assertTrue(Double.isFinite(r.crossEntropy()) && r.crossEntropy() < 3, gap + ": " + r.crossEntropy());
            assertEquals(r.crossEntropy(), LogitCapture.crossEntropy(z, labels, classes, r.shift()), 1e-9);
        }
    }
}
