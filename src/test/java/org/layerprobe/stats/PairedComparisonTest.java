package org.layerprobe.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** McNemar's exact test and Holm's correction against hand-worked answers. */
class PairedComparisonTest {

    @Test
    void mcnemarMatchesAHandWorkedTable() {
        // Discordant 1 and 9: P(X <= 1 | 10, 1/2) = 11/1024; two-sided 22/1024.
        PairedComparison c = PairedComparison.mcnemar(1, 9, 1000);
        assertEquals(22.0 / 1024, c.pValue(), 1e-12);
        // The first is right on 1 image the second misses, wrong on 9 it gets: 8 more errors.
        assertEquals(0.008, c.errorDifference(), 1e-12);
        assertEquals(1.0, PairedComparison.mcnemar(0, 0, 1000).pValue());
        assertEquals(1.0, PairedComparison.mcnemar(5, 5, 1000).pValue(), 1e-12);
    }

    @Test
    void imagesAreComparedOneByOne() {
        boolean[] a = {true, true, false, false, true};
        boolean[] b = {true, false, true, true, true};
        PairedComparison c = PairedComparison.of(a, b);
        assertEquals(1, c.onlyFirstRight());
        assertEquals(2, c.onlySecondRight());
        PairedComparison twice = c.plus(c);
        assertEquals(2, twice.onlyFirstRight());
        assertEquals(10, twice.images());
    }

    @Test
    void holmMatchesAHandWorkedFamily() {
        // Sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1: 0.02, 0.03, 0.06, 0.04 -> running max 0.06.
        assertArrayEquals(
                new double[] {0.03, 0.06, 0.06, 0.02}, Holm.adjust(new double[] {0.01, 0.04, 0.03, 0.005}), 1e-12);
        assertArrayEquals(new double[] {1.0}, Holm.adjust(new double[] {1.0}), 0);
    }

    /**
     * Under the null (two probes of the same states: each image right with the same chance,
     * independently), the exact test rejects at 5 % in at most about 5 % of seeds: in at least
     * 95 % of them the two are "not distinguishable".
     */
    @Test
    void probesOfIdenticalStatesAreNotDistinguishableInAtLeast95PercentOfSeeds() {
        int seeds = 400;
        int rejected = 0;
        for (int s = 0; s < seeds; s++) {
            SplittableRandom r = new SplittableRandom(s);
            boolean[] a = new boolean[1000];
            boolean[] b = new boolean[1000];
            for (int i = 0; i < a.length; i++) {
                boolean hard = r.nextDouble() < 0.08; // images both find hard, as real probes do
                a[i] = !(hard ? r.nextDouble() < 0.6 : r.nextDouble() < 0.01);
                b[i] = !(hard ? r.nextDouble() < 0.6 : r.nextDouble() < 0.01);
            }
            rejected += PairedComparison.of(a, b).pValue() <= 0.05 ? 1 : 0;
        }
        assertTrue(rejected <= 0.05 * seeds, rejected + " of " + seeds + " seeds rejected");
        boolean[] same = new boolean[1000];
        assertEquals(1.0, PairedComparison.of(same, same.clone()).pValue());
    }
}
