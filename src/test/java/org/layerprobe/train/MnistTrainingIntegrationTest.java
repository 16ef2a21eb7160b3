package org.layerprobe.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.ImageDatasets;
import org.layerprobe.data.fetch.DatasetFetcher;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.nets.NetworkBuilder;

/** Trains on a real MNIST subset: the networks learn, far above the 10% of chance. */
class MnistTrainingIntegrationTest {

    private static DataSplits data;

    @BeforeAll
    static void load() {
        DatasetFetcher.fromEnvironment().fetch("mnist", s -> {});
        data = ImageDatasets.load("mnist", 500, 0, 4000, 1000);
    }

    private static double accuracy(ArchitectureSpec arch, String act) {
        TrainSettings s = new TrainSettings("adam", 1e-3, 0.9, 1, 64, 500, 0);
        var net = NetworkBuilder.build(arch, Activations.get(act), new Shape(1, 28, 28), 10);
        try (TrainedModel m = new ModelTrainer(s, TrainingMonitor.NONE).train(net, data, 1, "it")) {
            return m.result().testAccuracy();
        }
    }

    @Test
    void mlpLearnsMnistSubsetWellAboveChance() {
        double acc = accuracy(ArchitectureSpec.mlp(128), "relu");
        assertTrue(acc > 0.8, "test accuracy " + acc);
    }

    @Test
    void smallCnnLearnsMnistSubsetWellAboveChance() {
        double acc = accuracy(ArchitectureSpec.cnn(32, 8), "relu");
        assertTrue(acc > 0.8, "test accuracy " + acc);
    }
}
