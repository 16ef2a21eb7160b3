package org.layerprobe.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.layerprobe.LayerprobeException;

class SplitsTest {

    /** {@code n} one-value samples whose feature is their own index, so splits can be traced. */
    private static LabeledData indexed(int n) {
        float[] x = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i % 3;
        }
        return new LabeledData(x, y, new long[] {1}, 3);
    }

    private static Set<Integer> ids(LabeledData d) {
        Set<Integer> s = new HashSet<>();
        for (float v : d.features()) {
            s.add((int) v);
        }
        return s;
    }

    /** One image left for three classes: refused by name before anything trains, with the fix. */
    @Test
    void aTrainingSplitMissingAClassIsRefused() {
        LayerprobeException e = assertThrows(LayerprobeException.class, () -> Splits.carve(indexed(30), 29, 4L));
        assertTrue(e.getMessage().contains("a validation size of 29 leaves 1 training sample of 30"), e.getMessage());
        assertTrue(e.getMessage().contains("none of classes"), e.getMessage());
        assertTrue(e.getMessage().contains("validation_size"), e.getMessage());
        assertEquals(20, Splits.carve(indexed(30), 10, 4L).train().size(), "twenty samples hold every class");
    }

    @Test
    void carveIsDeterministicForASeed() {
        Splits.TrainValidation a = Splits.carve(indexed(1000), 100, 42L);
        Splits.TrainValidation b = Splits.carve(indexed(1000), 100, 42L);
        assertArrayEquals(a.validation().features(), b.validation().features());
        assertArrayEquals(a.train().features(), b.train().features());
    }

    @Test
    void carveDependsOnTheSeed() {
        Splits.TrainValidation a = Splits.carve(indexed(1000), 100, 1L);
        Splits.TrainValidation b = Splits.carve(indexed(1000), 100, 2L);
        assertFalse(Arrays.equals(a.validation().features(), b.validation().features()));
    }

    @Test
    void carvedPartsAreDisjointCoverTheDataAndKeepLabels() {
        LabeledData data = indexed(1000);
        Splits.TrainValidation s = Splits.carve(data, 250, 9L);

        assertEquals(750, s.train().size());
        assertEquals(250, s.validation().size());
        Set<Integer> train = ids(s.train());
        Set<Integer> validation = ids(s.validation());
        assertTrue(train.stream().noneMatch(validation::contains));
        train.addAll(validation);
        assertEquals(1000, train.size());
        for (int i = 0; i < s.validation().size(); i++) {
            int original = (int) s.validation().features()[i];
            assertEquals(original % 3, s.validation().labels()[i]);
        }
    }

    @Test
    void carvedPartsKeepTheOriginalOrder() {
        Splits.TrainValidation s = Splits.carve(indexed(200), 50, 5L);
        float[] v = s.validation().features();
        float[] sorted = v.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, v);
    }

    @Test
    void carveRejectsAValidationSetAsLargeAsTheData() {
        assertThrows(LayerprobeException.class, () -> Splits.carve(indexed(10), 10, 1L));
        assertThrows(LayerprobeException.class, () -> Splits.carve(indexed(10), -1, 1L));
    }

    @Test
    void partitionGivesThreeDisjointSeededParts() {
        DataSplits s = Splits.partition("blobs", indexed(100), 20, 30, 11L);

        assertEquals("blobs", s.name());
        assertEquals(50, s.train().size());
        assertEquals(20, s.validation().size());
        assertEquals(30, s.test().size());
        assertTrue(s.identity().isEmpty());
        Set<Integer> all = new HashSet<>(ids(s.train()));
        all.addAll(ids(s.validation()));
        all.addAll(ids(s.test()));
        assertEquals(100, all.size());
        DataSplits again = Splits.partition("blobs", indexed(100), 20, 30, 11L);
        assertArrayEquals(s.test().features(), again.test().features());
    }

    @Test
    void permutationIsAPermutation() {
        int[] p = Splits.permutation(1000, 3L);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
    }
}
