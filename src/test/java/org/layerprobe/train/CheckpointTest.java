package org.layerprobe.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.TestData;
import org.layerprobe.data.DataSplits;
import org.layerprobe.nets.ArchitectureSpec;

/** Checkpoints during training: the parameters after exactly the steps asked for, kept in the model cache. */
class CheckpointTest {

    private static final DataSplits IMAGES =
            TestData.splits(TestData.tinyImages(256, 1), TestData.tinyImages(64, 2), TestData.tinyImages(128, 3));

    private static ModelConfig config() {
        return new ModelConfig(
                "tiny",
                Map.of("f", "0"),
                ArchitectureSpec.mlp(8),
                "relu",
                new TrainSettings("adam", 3e-3, 0.9, 2, 32, 0, 0),
                5);
    }

    private static List<float[]> parameters(Block block) {
        List<float[]> out = new ArrayList<>();
        block.getParameters().values().forEach(p -> {
            NDArray a = p.getArray();
            out.add(a.toFloatArray());
        });
        return out;
    }

    private static void assertSameParameters(Block a, Block b) {
        List<float[]> x = parameters(a);
        List<float[]> y = parameters(b);
        assertEquals(x.size(), y.size());
        for (int i = 0; i < x.size(); i++) {
            assertArrayEquals(x.get(i), y.get(i));
        }
    }

    @Test
    void stepsIncludeEveryEpochEndAndOnlyReachableSteps() {
        // 256 images in batches of 32: 8 steps an epoch, 16 in all.
        SortedSet<Integer> steps = ModelProvider.checkpointSteps(config(), IMAGES, List.of(0, 3, 99));
        assertEquals(List.of(0, 3, 8, 16), List.copyOf(steps));
    }

    @Test
    void stepZeroIsTheInitialisationAndTheLastIsTheTrainedNetwork(@TempDir Path dir) {
        ModelProvider models = new ModelProvider(new ModelCache(dir), TrainingMonitor.NONE);
        SortedSet<Integer> steps = ModelProvider.checkpointSteps(config(), IMAGES, Set.of(0, 3));
        models.ensureCheckpoints(config(), IMAGES, steps);
        try (TrainedModel init = models.untrained(config(), IMAGES);
                TrainedModel zero = models.atStep(config(), IMAGES, 0)) {
            assertSameParameters(init.network().block(), zero.network().block());
        }
        try (TrainedModel trained = models.obtain(config(), IMAGES);
                TrainedModel last = models.atStep(config(), IMAGES, 16);
                TrainedModel three = models.atStep(config(), IMAGES, 3)) {
            assertSameParameters(trained.network().block(), last.network().block());
            assertEquals(trained.result().testAccuracy(), last.result().testAccuracy());
            assertFalse(
                    java.util.Arrays.equals(
                            parameters(three.network().block()).get(0),
                            parameters(last.network().block()).get(0)),
                    "step 3 is not the end of training");
        }
    }

    /**
     * Checkpoints of a model cached earlier come from a second training run; it must give the same
     * parameters as the first, or the checkpoints would not belong to the cached model.
     */
    @Test
    void trainingAgainFromTheSameSeedGivesTheSameParameters(@TempDir Path a, @TempDir Path b) {
        try (TrainedModel first = new ModelProvider(new ModelCache(a), TrainingMonitor.NONE).obtain(config(), IMAGES);
                TrainedModel second =
                        new ModelProvider(new ModelCache(b), TrainingMonitor.NONE).obtain(config(), IMAGES)) {
            assertFalse(second.result().fromCache());
            assertSameParameters(first.network().block(), second.network().block());
        }
    }
}
