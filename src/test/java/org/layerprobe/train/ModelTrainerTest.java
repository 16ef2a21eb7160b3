package org.layerprobe.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.TestData;
import org.layerprobe.data.DataSplits;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.nets.Network;
import org.layerprobe.nets.NetworkBuilder;

class ModelTrainerTest {

    private static final DataSplits IMAGES =
            TestData.splits(TestData.tinyImages(512, 1), TestData.tinyImages(128, 2), TestData.tinyImages(128, 3));

    private static final TrainSettings QUICK = new TrainSettings("adam", 3e-3, 0.9, 2, 32, 0, 0);

    private static Network cnn(String act) {
        return NetworkBuilder.build(ArchitectureSpec.cnn(16, 4), Activations.get(act), new Shape(1, 8, 8), 4);
    }

    @Test
    void cnnLearnsAnEasyImageTaskWellAboveChance() {
        try (TrainedModel m = new ModelTrainer(QUICK, TrainingMonitor.NONE).train(cnn("relu"), IMAGES, 7, "k")) {
            assertTrue(
                    m.result().testAccuracy() > 0.9,
                    "test accuracy " + m.result().testAccuracy());
            assertEquals(2, m.result().epochs().size());
            assertFalse(m.result().epochs().get(0).gradientNorms().isEmpty());
        }
    }

    @Test
    void sameSeedGivesTheSameWeightsAndAccuracy() {
        try (TrainedModel a = new ModelTrainer(QUICK, TrainingMonitor.NONE).train(cnn("tanh"), IMAGES, 11, "k");
                TrainedModel b = new ModelTrainer(QUICK, TrainingMonitor.NONE).train(cnn("tanh"), IMAGES, 11, "k")) {
            assertEquals(a.result().testAccuracy(), b.result().testAccuracy());
            List<float[]> wa = weights(a);
            List<float[]> wb = weights(b);
            for (int i = 0; i < wa.size(); i++) {
                assertArrayEquals(wa.get(i), wb.get(i), "parameter " + i);
            }
        }
    }

    @Test
    void divergingLossStopsWithEpochAndBatchAndCachesNothing(@TempDir Path dir) {
        TrainSettings wild = new TrainSettings("sgd", 1e3, 0.9, 1, 32, 0, 0);
        ModelCache cache = new ModelCache(dir);
        ModelConfig config = new ModelConfig("synthetic", Map.of(), ArchitectureSpec.cnn(16, 4), "identity", wild, 3);
        TrainingDivergedException e = assertThrows(
                TrainingDivergedException.class,
                () -> new ModelProvider(cache, TrainingMonitor.NONE).obtain(config, IMAGES));
        assertTrue(e.getMessage().contains("epoch 1, batch"), e.getMessage());
        assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
        assertFalse(Files.exists(cache.entry(ModelCache.key(config))));
    }

    @Test
    void cachedModelIsReusedWithIdenticalWeights(@TempDir Path dir) {
        ModelCache cache = new ModelCache(dir);
        ModelConfig config = new ModelConfig("synthetic", Map.of("f", "h"), ArchitectureSpec.mlp(8), "relu", QUICK, 5);
        ModelProvider provider = new ModelProvider(cache, TrainingMonitor.NONE);
        try (TrainedModel first = provider.obtain(config, IMAGES);
                TrainedModel second = provider.obtain(config, IMAGES)) {
            assertFalse(first.result().fromCache());
            assertTrue(second.result().fromCache());
            assertEquals(first.result().testAccuracy(), second.result().testAccuracy());
            List<float[]> wa = weights(first);
            List<float[]> wb = weights(second);
            for (int i = 0; i < wa.size(); i++) {
                assertArrayEquals(wa.get(i), wb.get(i));
            }
        }
        assertTrue(Files.isRegularFile(cache.entry(ModelCache.key(config)).resolve("model.json")));
    }

    @Test
    void cacheKeyChangesWithAnySetting() {
        ModelConfig a = new ModelConfig("mnist", Map.of(), ArchitectureSpec.mlp(8), "relu", QUICK, 5);
        ModelConfig b = new ModelConfig("mnist", Map.of(), ArchitectureSpec.mlp(8), "relu", QUICK.withEpochs(3), 5);
        ModelConfig c = new ModelConfig("mnist", Map.of(), ArchitectureSpec.mlp(8), "relu", QUICK, 6);
        assertEquals(
                ModelCache.key(a),
                ModelCache.key(new ModelConfig("mnist", Map.of(), ArchitectureSpec.mlp(8), "relu", QUICK, 5)));
        assertFalse(ModelCache.key(a).equals(ModelCache.key(b)));
        assertFalse(ModelCache.key(a).equals(ModelCache.key(c)));
    }

    static List<float[]> weights(TrainedModel m) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : m.network().block().getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }
}
