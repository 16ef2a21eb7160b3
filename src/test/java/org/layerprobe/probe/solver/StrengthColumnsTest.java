package org.layerprobe.probe.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StrengthColumnsTest {

    private static final int ROWS = 7;
    private static final int K = 3;
    private static final int C = 4;

    private static float[] random(long seed) {
        Random r = new Random(seed);
        float[] a = new float[ROWS * K * C];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /** Strength of flat index i in the (rows, K*C) layout. */
    private static int strength(int i) {
        return (i % (K * C)) / C;
    }

    @Test
    void perStrengthDotProductsAndScaledSumsMatchElementwiseArithmetic() {
        StrengthColumns blocks = new StrengthColumns(ROWS, K, C);
        float[] a = random(1);
        float[] b = random(2);
        double[] want = new double[K];
        for (int i = 0; i < a.length; i++) {
            want[strength(i)] += (double) a[i] * b[i];
        }
        assertArrayEquals(want, blocks.dot(a, b), 1e-5);

        double[] f = {2, 0, -0.5};
        float[] y = a.clone();
        blocks.addScaled(y, f, b);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i] + f[strength(i)] * b[i], y[i], 1e-6, "index " + i);
        }
    }

    @Test
    void dotProductsAddEachColumnsRowsInOrder() {
        // 7 rows: one sweep of four rows, then three one at a time.
        StrengthColumns blocks = new StrengthColumns(ROWS, K, C);
        float[] a = random(6);
        float[] b = random(7);
        double[] column = new double[K * C];
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < K * C; c++) {
                column[c] += a[r * K * C + c] * b[r * K * C + c];
            }
        }
        double[] want = new double[K];
        for (int c = 0; c < K * C; c++) {
            want[c / C] += column[c];
        }
        assertArrayEquals(want, blocks.dot(a, b), 0.0);
    }

    @Test
    void columnsAndBlockCopiesFollowTheLayout() {
        StrengthColumns blocks = new StrengthColumns(ROWS, K, C);
        float[] a = random(3);
        float[] picked = blocks.columns(a, new int[] {2, 0});
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < C; c++) {
                assertEquals(a[r * K * C + 2 * C + c], picked[r * 2 * C + c]);
                assertEquals(a[r * K * C + c], picked[r * 2 * C + C + c]);
            }
        }
        float[] into = new float[a.length];
        blocks.copyBlocks(into, a, new boolean[] {false, true, false});
        for (int i = 0; i < a.length; i++) {
            assertEquals(strength(i) == 1 ? a[i] : 0f, into[i]);
        }
    }

    @Test
    void aSpanComputesItsStrengthsBitForBitAsTheWholeAndLeavesTheOthersAlone() {
        StrengthColumns whole = new StrengthColumns(ROWS, K, C);
        StrengthColumns span = whole.span(new boolean[] {false, true, true});
        assertEquals(1, span.firstStrength());
        assertEquals(3, span.endStrength());
        float[] a = random(4);
        float[] b = random(5);
        double[] all = whole.dot(a, b);
        double[] part = span.dot(a, b);
        assertEquals(0.0, part[0]);
        assertEquals(all[1], part[1]);
        assertEquals(all[2], part[2]);

        double[] f = {3, -0.25, 1.5};
        float[] y = a.clone();
        float[] ySpan = a.clone();
        whole.addScaled(y, f, b);
        span.addScaled(ySpan, f, b);
        float[] scaled = span.scaled(b, f);
        for (int i = 0; i < a.length; i++) {
            boolean inside = strength(i) > 0;
            assertEquals(inside ? y[i] : a[i], ySpan[i], 0f, "index " + i);
            assertEquals(inside ? (float) f[strength(i)] * b[i] : 0f, scaled[i], 0f, "index " + i);
        }

        StrengthColumns none = whole.span(new boolean[K]);
        assertEquals(none.firstStrength(), none.endStrength());
        assertArrayEquals(new double[K], none.dot(a, b));
    }
}
