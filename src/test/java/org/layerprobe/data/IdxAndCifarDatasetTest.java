package org.layerprobe.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.LayerprobeException;

/** IDX files under other names and CIFAR-10 batches, written byte by byte, read through DJL. */
class IdxAndCifarDatasetTest {

    private static int[] labels(int n, int classes) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = (i * 7) % classes;
        }
        return y;
    }

    /** A KMNIST-like set: other names, the test files gzipped, 26 classes. */
    private static Path idxSet(Path dir) throws Exception {
        TestImages.idxImages(dir.resolve("k49-train-imgs.idx"), 78, 28, 28, false);
        TestImages.idxLabels(dir.resolve("k49-train-lbls.idx"), labels(78, 26), false);
        TestImages.idxImages(dir.resolve("k49-test-imgs.idx.gz"), 12, 28, 28, true);
        TestImages.idxLabels(dir.resolve("k49-test-lbls.idx.gz"), labels(12, 26), true);
        return dir;
    }

    @Test
    void idxFilesUnderAnyNameAreFoundByTheirHeaders(@TempDir Path tmp) throws Exception {
        Path dir = idxSet(tmp.resolve("kana"));
        assertEquals(DatasetFormat.IDX, DatasetFormat.detect(dir));
        DataSplits s = DatasetLoader.load(DatasetRef.Directory.at(dir), 2, 0, 0);
        assertArrayEquals(new long[] {1, 28, 28}, s.train().sampleShape());
        assertEquals(76, s.train().size());
        assertEquals(12, s.test().size());
        assertEquals(26, s.test().numClasses(), "the largest label (25) + 1");
        assertArrayEquals(labels(12, 26), s.test().labels());
        // Test image i's pixel (r, c) is (i + r + c) mod 256, over 255 after DJL's ToTensor.
        assertEquals((3 + 4 + 5) / 255f, s.test().features()[3 * 784 + 4 * 28 + 5], 1e-6);
    }

    @Test
    void idxRefusals(@TempDir Path tmp) throws Exception {
        Path dir = idxSet(tmp.resolve("a"));
        var declared = new DatasetRef.Directory(null, dir, null, ImageOptions.DETECT, 0.2, 10);
        String outside = message(declared);
        assertTrue(outside.contains("outside the declared 10 classes"), outside);

        TestImages.truncate(dir.resolve("k49-train-imgs.idx"), 16 + 784 * 29 + 100);
        String truncated = message(DatasetRef.Directory.at(dir));
        assertTrue(truncated.contains("k49-train-imgs.idx is truncated"), truncated);

        Path wide = tmp.resolve("wide");
        TestImages.idxImages(wide.resolve("train-images"), 4, 32, 32, false);
        TestImages.idxLabels(wide.resolve("train-labels"), labels(4, 2), false);
        TestImages.idxImages(wide.resolve("test-images"), 2, 32, 32, false);
        TestImages.idxLabels(wide.resolve("test-labels"), labels(2, 2), false);
        String side = message(DatasetRef.Directory.at(wide));
        assertTrue(side.contains("32x32 images") && side.contains("image folder"), side);

        Path stray = tmp.resolve("stray");
        int[] strayLabels = labels(30, 26);
        strayLabels[7] = 200;
        TestImages.idxImages(stray.resolve("train-images"), 30, 28, 28, false);
        TestImages.idxLabels(stray.resolve("train-labels"), strayLabels, false);
        TestImages.idxImages(stray.resolve("test-images"), 12, 28, 28, false);
        TestImages.idxLabels(stray.resolve("test-labels"), labels(12, 26), false);
        String strayMessage = message(DatasetRef.Directory.at(stray));
        assertTrue(strayMessage.contains("run to 200") && strayMessage.contains("no training image"), strayMessage);

        Path three = tmp.resolve("three");
        TestImages.idxImages(three.resolve("train-images"), 4, 28, 28, false);
        TestImages.idxLabels(three.resolve("train-labels"), labels(4, 2), false);
        TestImages.idxImages(three.resolve("test-images"), 2, 28, 28, false);
        String missing = message(DatasetRef.Directory.at(three));
        assertTrue(missing.contains("one images file and one labels file per split"), missing);
    }

    private static Path cifar(Path dir) throws Exception {
        TestImages.cifarBatch(dir.resolve("data_batch_1.bin"), labels(6, 10));
        TestImages.cifarBatch(dir.resolve("data_batch_2.bin"), labels(6, 10));
        TestImages.cifarBatch(dir.resolve("test_batch.bin"), labels(5, 10));
        return dir;
    }

    @Test
    void cifarBatchesBecomeChannelsFirstColourImages(@TempDir Path tmp) throws Exception {
        Path dir = cifar(tmp.resolve("cifar-10-batches-bin"));
        assertEquals(DatasetFormat.CIFAR10, DatasetFormat.detect(dir));
        DataSplits s = DatasetLoader.load(DatasetRef.Directory.at(dir), 1, 0, 0);
        assertArrayEquals(new long[] {3, 32, 32}, s.test().sampleShape());
        assertEquals(11, s.train().size());
        assertEquals(5, s.test().size());
        assertArrayEquals(labels(5, 10), s.test().labels());
        // Record 4, channel 2, row 7, column 9: (4 + 6 + 7 + 18) mod 256 = 35.
        int d = 3 * 32 * 32;
        assertEquals(35 / 255f, s.test().features()[4 * d + 2 * 1024 + 7 * 32 + 9], 1e-6);
        DataSplits limited = DatasetLoader.load(DatasetRef.Directory.at(dir), 1, 8, 3);
        assertEquals(7, limited.train().size());
        assertEquals(3, limited.test().size());
    }

    @Test
    void cifarRefusals(@TempDir Path tmp) throws Exception {
        Path dir = cifar(tmp.resolve("c"));
        TestImages.truncate(dir.resolve("data_batch_2.bin"), 3073 * 3 + 10);
        String truncated = message(DatasetRef.Directory.at(dir));
        assertTrue(truncated.contains("data_batch_2.bin") && truncated.contains("whole number"), truncated);

        Path bad = cifar(tmp.resolve("bad"));
        byte[] b = Files.readAllBytes(bad.resolve("test_batch.bin"));
        b[3073 * 2] = 12;
        Files.write(bad.resolve("test_batch.bin"), b);
        String label = message(DatasetRef.Directory.at(bad));
        assertTrue(label.contains("record 2 has label 12"), label);

        Path noTest = cifar(tmp.resolve("n"));
        Files.delete(noTest.resolve("test_batch.bin"));
        String missing = message(DatasetRef.Directory.at(noTest));
        assertTrue(missing.contains("test_batch.bin"), missing);

        Path gap = cifar(tmp.resolve("g"));
        Files.delete(gap.resolve("data_batch_1.bin"));
        String lost = message(DatasetRef.Directory.at(gap));
        assertTrue(lost.contains("lacks data_batch_1.bin while it holds data_batch_2.bin"), lost);
    }

    @Test
    void anUnrecognisableDirectoryIsRefused(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("notes.txt"), "hello");
        String m = message(DatasetRef.Directory.at(tmp));
        assertTrue(m.contains("cannot tell the format") && m.contains("notes.txt"), m);
    }

    private static String message(DatasetRef.Directory r) {
        return assertThrows(LayerprobeException.class, () -> DatasetLoader.load(r, 1, 0, 0))
                .getMessage();
    }
}
