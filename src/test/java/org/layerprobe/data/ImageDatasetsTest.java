package org.layerprobe.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.training.dataset.Dataset;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.LayerprobeException;
import org.layerprobe.data.fetch.DatasetId;
import org.layerprobe.data.fetch.DatasetIntegrity;
import org.layerprobe.data.fetch.DatasetStatus;
import org.layerprobe.data.fetch.DatasetStore;

class ImageDatasetsTest {

    @TempDir
    Path temp;

    @Test
    void first500MnistTrainingImagesLoadThroughDjlAsUnitRangeTensors() {
        DatasetStore store = RealDatasets.fetched(DatasetId.MNIST);

        LabeledData data = ImageDatasets.loadSplit(store, DatasetId.MNIST, Dataset.Usage.TRAIN, 500);

        assertEquals(500, data.size());
        assertArrayEquals(new long[] {1, 28, 28}, data.sampleShape());
        assertEquals(10, data.numClasses());
        assertTrue(Arrays.stream(data.labels()).allMatch(y -> y >= 0 && y <= 9));
        assertEquals(10, Arrays.stream(data.labels()).distinct().count());
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : data.features()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
        // The well-known first labels of the MNIST training file.
        assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, Arrays.copyOf(data.labels(), 10));
    }

    @Test
    void mnistImagesAreChannelFirstRowMajor() {
        DatasetStore store = RealDatasets.fetched(DatasetId.MNIST);
        LabeledData data = ImageDatasets.loadSplit(store, DatasetId.MNIST, Dataset.Usage.TEST, 1);
        // A digit is centred: the border rows are blank, the middle row is not.
        float[] x = data.features();
        float firstRow = 0;
        float middleRow = 0;
        for (int c = 0; c < 28; c++) {
            firstRow += x[c];
            middleRow += x[14 * 28 + c];
        }
        assertEquals(0f, firstRow);
        assertTrue(middleRow > 1f, "middle row sum " + middleRow);
    }

    @Test
    void loadCarvesValidationFromTrainingAndRecordsFileHashes() {
        DatasetStore store = RealDatasets.fetched(DatasetId.MNIST);

        DataSplits splits = ImageDatasets.load(store, DatasetId.MNIST, 100, 7L, 600, 200);

        assertEquals("mnist", splits.name());
        assertEquals(500, splits.train().size());
        assertEquals(100, splits.validation().size());
        assertEquals(200, splits.test().size());
        Map<String, String> hashes = splits.identity();
        assertEquals(4, hashes.size());
        assertEquals("ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", hashes.get("train_data"));
    }

    @Test
    void loadIsDeterministicForASeed() {
        DatasetStore store = RealDatasets.fetched(DatasetId.MNIST);
        DataSplits a = ImageDatasets.load(store, DatasetId.MNIST, 50, 3L, 300, 10);
        DataSplits b = ImageDatasets.load(store, DatasetId.MNIST, 50, 3L, 300, 10);
        assertArrayEquals(a.validation().labels(), b.validation().labels());
        assertArrayEquals(a.validation().features(), b.validation().features());
    }

    @Test
    void damagedFileIsRefusedWithTheFixBeforeDjlReadsIt() throws IOException {
        DatasetStore store = RealDatasets.copyInto(temp, DatasetId.MNIST);
        Path labels = store.file(DatasetId.MNIST, DatasetId.MNIST.files().get(1));
        try (RandomAccessFile raf = new RandomAccessFile(labels.toFile(), "rw")) {
            raf.setLength(4); // DJL itself would fail with AssertionError("Failed skip data.")
        }

        LayerprobeException e = assertThrows(
                LayerprobeException.class,
                () -> ImageDatasets.loadSplit(store, DatasetId.MNIST, Dataset.Usage.TRAIN, 10));

        assertTrue(e.getMessage().contains("train_labels is truncated: 4 of 60008 bytes"), e.getMessage());
    }

    @Test
    void validationLargerThanTheLoadedTrainingSetIsRejected() {
        DatasetStore store = RealDatasets.fetched(DatasetId.MNIST);
        assertThrows(LayerprobeException.class, () -> ImageDatasets.load(store, DatasetId.MNIST, 5000, 1L, 100, 10));
    }

    @Test
    void unknownDatasetNameListsTheValidOnes() {
        LayerprobeException e =
                assertThrows(LayerprobeException.class, () -> ImageDatasets.load("cifar", 10, 1L, 100, 10));
        assertTrue(e.getMessage().contains("mnist, fashion-mnist"), e.getMessage());
    }

    @Test
    void fashionMnistSubsetLoadsWithItsKnownFirstLabels() {
        // Fashion-MNIST comes from a Debian package: elsewhere it cannot be fetched, only copied.
        assumeTrue(fashionMnistObtainable(), "no apt-get/dpkg and no fetched fashion-mnist");
        DatasetStore store = RealDatasets.fetched(DatasetId.FASHION_MNIST);

        LabeledData data = ImageDatasets.loadSplit(store, DatasetId.FASHION_MNIST, Dataset.Usage.TRAIN, 500);

        assertEquals(500, data.size());
        assertArrayEquals(new long[] {1, 28, 28}, data.sampleShape());
        // Ankle boot, T-shirt, T-shirt, dress, T-shirt: the start of the training file.
        assertArrayEquals(new int[] {9, 0, 0, 3, 0}, Arrays.copyOf(data.labels(), 5));
    }

    private static boolean fashionMnistObtainable() {
        DatasetIntegrity integrity = new DatasetIntegrity(DatasetStore.fromEnvironment());
        DatasetStatus status = integrity.status(DatasetId.FASHION_MNIST);
        return status.state() == DatasetStatus.State.VERIFIED
                || Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist"))
                || (onPath("apt-get") && onPath("dpkg"));
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
