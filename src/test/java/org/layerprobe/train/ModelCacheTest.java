package org.layerprobe.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.LayerprobeException;
import org.layerprobe.TestData;
import org.layerprobe.data.DataSplits;
import org.layerprobe.nets.ArchitectureSpec;

/** The model cache cannot lie: it is keyed by what the parameters depend on and checks what it stores. */
class ModelCacheTest {

    private static final DataSplits IMAGES =
            TestData.splits(TestData.tinyImages(256, 1), TestData.tinyImages(64, 2), TestData.tinyImages(128, 3));
    /** The same training data with another test set (another test_limit, say). */
    private static final DataSplits OTHER_TEST =
            TestData.splits(TestData.tinyImages(256, 1), TestData.tinyImages(64, 2), TestData.tinyImages(40, 4));

    private static ModelConfig config(int epochs) {
        return new ModelConfig(
                "tiny",
                Map.of("f", "0"),
                ArchitectureSpec.mlp(8),
                "relu",
                new TrainSettings("adam", 3e-3, 0.9, epochs, 32, 0, 0),
                5);
    }

    /** The cache is a speed-up: one that cannot be written costs the next run a retraining, not this network. */
    @Test
    void aCacheThatCannotBeWrittenKeepsTheNetworkJustTrained(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("cache"), "a file where the cache should be");
        ModelProvider models = new ModelProvider(new ModelCache(notADirectory), TrainingMonitor.NONE);
        try (TrainedModel trained = models.obtain(config(1), IMAGES)) {
            assertFalse(trained.result().fromCache());
            assertTrue(trained.result().testAccuracy() >= 0, "the trained network is returned");
        }
    }

    @Test
    void aChangedSettingMissesTheCacheAndTheSameOneHitsIt(@TempDir Path dir) {
        ModelProvider models = new ModelProvider(new ModelCache(dir), TrainingMonitor.NONE);
        try (TrainedModel first = models.obtain(config(1), IMAGES)) {
            assertFalse(first.result().fromCache());
        }
        try (TrainedModel again = models.obtain(config(1), IMAGES)) {
            assertTrue(again.result().fromCache(), "same config: loaded");
        }
        assertNotEquals(ModelCache.key(config(1)), ModelCache.key(config(2)));
        try (TrainedModel other = models.obtain(config(2), IMAGES)) {
            assertFalse(other.result().fromCache(), "another epoch count: trained anew");
        }
    }

    @Test
    void aCachedModelReportsTheAccuracyOfTheTestSetAtHand(@TempDir Path dir) {
        ModelProvider models = new ModelProvider(new ModelCache(dir), TrainingMonitor.NONE);
        models.obtain(config(1), IMAGES).close();
        try (TrainedModel loaded = models.obtain(config(1), OTHER_TEST)) {
            double direct =
                    Evaluator.accuracy(loaded.network().block(), loaded.model().getNDManager(), OTHER_TEST.test(), 500);
            assertEquals(direct, loaded.result().testAccuracy(), "measured on the 40 images at hand");
        }
    }

    @Test
    void aFlippedByteInTheParametersIsDetected(@TempDir Path dir) throws Exception {
        ModelCache cache = new ModelCache(dir);
        ModelProvider models = new ModelProvider(cache, TrainingMonitor.NONE);
        models.obtain(config(1), IMAGES).close();
        Path params = cache.entry(ModelCache.key(config(1))).resolve("params");
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length - 3] ^= 0x10;
        Files.write(params, bytes);
        LayerprobeException e = assertThrows(LayerprobeException.class, () -> models.obtain(config(1), IMAGES));
        assertTrue(
                e.getMessage().contains(cache.entry(ModelCache.key(config(1))).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("delete that directory"), e.getMessage());
    }

    /** The training results in model.json become rows: an edit there is damage too. */
    @Test
    void anEditedSidecarIsDetected(@TempDir Path dir) throws Exception {
        ModelCache cache = new ModelCache(dir);
        ModelProvider models = new ModelProvider(cache, TrainingMonitor.NONE);
        models.obtain(config(1), IMAGES).close();
        Path side = cache.entry(ModelCache.key(config(1))).resolve("model.json");
        String json = Files.readString(side);
        assertTrue(json.contains("\"gradientNorms\""), json);
        Files.writeString(side, json.replaceFirst("(\"gradientNorms\"\\s*:\\s*\\{[^:]*:\\s*)[0-9.eE-]+", "$19.5"));
        assertTrue(!Files.readString(side).equals(json), "the edit took");
        LayerprobeException e = assertThrows(LayerprobeException.class, () -> models.obtain(config(1), IMAGES));
        assertTrue(e.getMessage().contains("model.json is not what was stored"), e.getMessage());
    }
}
