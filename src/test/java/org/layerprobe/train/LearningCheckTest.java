package org.layerprobe.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.TestData;
import org.layerprobe.data.DataSplits;
import org.layerprobe.nets.ArchitectureSpec;

/** A learning rate inside the accepted range can still wreck training: the run says so, by its loss. */
class LearningCheckTest {

    private static final DataSplits IMAGES =
            TestData.splits(TestData.tinyImages(256, 1), TestData.tinyImages(64, 2), TestData.tinyImages(128, 3));

    private static ModelConfig config(double learningRate) {
        return new ModelConfig(
                "tiny",
                Map.of("f", "0"),
                ArchitectureSpec.mlp(8),
                "relu",
                new TrainSettings("adam", learningRate, 0.9, 2, 32, 0, 0),
                5);
    }

    private static List<String> warningsOf(ModelConfig config, Path cache) {
        List<String> warnings = new ArrayList<>();
        TrainingMonitor monitor = new TrainingMonitor() {
            @Override
            public void onWarning(String message) {
                warnings.add(message);
            }
        };
        new ModelProvider(new ModelCache(cache), monitor).obtain(config, IMAGES).close();
        return warnings;
    }

    @Test
    void aHugeLearningRateIsNamedWhenTheLossEndsAboveAUniformGuess(@TempDir Path dir) {
        List<String> warnings = warningsOf(config(1e6), dir);
        assertEquals(1, warnings.size(), "one warning: " + warnings);
        String w = warnings.get(0);
        assertTrue(w.contains("did not learn") && w.contains("ln ") && w.contains("--lr"), w);
        assertEquals(warnings, warningsOf(config(1e6), dir), "a cached model is checked too");
    }

    @Test
    void anOrdinaryRunIsQuiet(@TempDir Path dir) {
        assertEquals(List.of(), warningsOf(config(3e-3), dir));
    }
}
