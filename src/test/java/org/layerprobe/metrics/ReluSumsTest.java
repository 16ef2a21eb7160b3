package org.layerprobe.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReluSumsTest {

    @Test
    void reluSumErrorFallsWithK() {
        List<ReluSumFit> fits = ReluSums.square().fit(ReluSums.DEFAULT_KS);
        for (int i = 1; i < fits.size(); i++) {
            ReluSumFit prev = fits.get(i - 1);
            ReluSumFit cur = fits.get(i);
            assertTrue(
                    cur.maxAbsError() < prev.maxAbsError(),
                    "max error k=" + cur.k() + " " + cur.maxAbsError() + " vs k=" + prev.k() + " "
                            + prev.maxAbsError());
            assertTrue(cur.meanAbsError() < prev.meanAbsError(), "mean error at k=" + cur.k());
        }
        fits.forEach(f -> System.out.printf("k=%3d max %.3e mean %.3e%n", f.k(), f.maxAbsError(), f.meanAbsError()));
    }

    @Test
    void hundredReluSumsApproximateTheSquareWithinOneThousandth() {
        assertTrue(ReluSums.square().fit(100).maxAbsError() < 1e-3);
    }

    @Test
    void singleReluIsAPoorApproximation() {
        assertTrue(ReluSums.square().fit(1).maxAbsError() > 0.1);
    }

    @Test
    void targetInTheSpanIsFittedExactly() {
        // |x - 1| on [0, 2] = 1 - x + 2 relu(x - 1): exactly representable with knots {0, 1}.
        ReluSumFit fit = new ReluSums("|x-1|", x -> Math.abs(x - 1), 0, 2, 101).fit(2);
        assertEquals(0, fit.maxAbsError(), 1e-12);
        assertEquals(1, fit.bias(), 1e-12);
        assertEquals(-1, fit.weights()[0], 1e-12);
        assertEquals(2, fit.weights()[1], 1e-12);
        assertEquals(0.25, fit.valueAt(0.75), 1e-12);
    }

    @Test
    void knotsAreEvenlySpacedFromTheLeftEnd() {
        double[] knots = ReluSums.square().fit(4).knots();
        assertEquals(4, knots.length);
        assertEquals(0.0, knots[0]);
        assertEquals(1.5, knots[3], 1e-15);
    }
}
