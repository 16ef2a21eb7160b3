package org.layerprobe.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.layerprobe.LayerprobeException;

class SyntheticDataTest {

    @Test
    void xorIsTheFourCornersWithParityLabels() {
        LabeledData xor = SyntheticData.xor();
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, xor.features());
        assertArrayEquals(new int[] {0, 1, 1, 0}, xor.labels());
        assertArrayEquals(new long[] {2}, xor.sampleShape());
        assertEquals(2, xor.numClasses());
    }

    @Test
    void noisyXorWithoutNoiseRepeatsTheCorners() {
        LabeledData d = SyntheticData.noisyXor(8, 0.0, 1L);
        LabeledData xor = SyntheticData.xor();
        assertArrayEquals(xor.features(), Arrays.copyOfRange(d.features(), 0, 8));
        assertArrayEquals(xor.labels(), Arrays.copyOfRange(d.labels(), 4, 8));
    }

    @Test
    void noisyXorIsSeededAndLabelledByNearestCorner() {
        LabeledData a = SyntheticData.noisyXor(400, 0.1, 5L);
        LabeledData b = SyntheticData.noisyXor(400, 0.1, 5L);
        LabeledData c = SyntheticData.noisyXor(400, 0.1, 6L);
        assertArrayEquals(a.features(), b.features());
        assertFalse(Arrays.equals(a.features(), c.features()));
        assertEquals(400, a.size());
        int agree = 0;
        for (int i = 0; i < a.size(); i++) {
            int x0 = a.features()[2 * i] > 0.5 ? 1 : 0;
            int x1 = a.features()[2 * i + 1] > 0.5 ? 1 : 0;
            agree += (x0 ^ x1) == a.labels()[i] ? 1 : 0;
        }
        // sigma 0.1: a point crosses the 0.5 line with probability ~3e-7 per axis.
        assertEquals(400, agree);
    }

    @Test
    void blobsAreShapedSeededAndSeparableByTheirCenters() {
        LabeledData a = SyntheticData.blobs(600, 6, 4, 5.0, 0.5, 3L);
        assertArrayEquals(
                a.features(), SyntheticData.blobs(600, 6, 4, 5.0, 0.5, 3L).features());
        assertArrayEquals(new long[] {4}, a.sampleShape());
        assertEquals(6, a.numClasses());
        for (int i = 0; i < a.size(); i++) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 6; c++) {
                float[] w = SyntheticData.blobCenter(c, 4, 5.0);
                double score = 0;
                for (int d = 0; d < 4; d++) {
                    score += w[d] * a.features()[i * 4 + d];
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            assertEquals(a.labels()[i], best, "sample " + i);
        }
    }

    @Test
    void blobsRejectMoreClassesThanCenters() {
        assertThrows(LayerprobeException.class, () -> SyntheticData.blobs(10, 5, 2, 3, 0.1, 1L));
    }

    @Test
    void circlesPutClassesOnTheirRadius() {
        LabeledData d = SyntheticData.circles(200, 0.4, 0.0, 8L);
        assertArrayEquals(d.features(), SyntheticData.circles(200, 0.4, 0.0, 8L).features());
        assertEquals(2, d.numClasses());
        for (int i = 0; i < d.size(); i++) {
            double r = Math.hypot(d.features()[2 * i], d.features()[2 * i + 1]);
            assertEquals(d.labels()[i] == 0 ? 1.0 : 0.4, r, 1e-5);
        }
        assertEquals(100, Arrays.stream(d.labels()).filter(y -> y == 1).count());
    }
}
