package org.layerprobe.study;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.LabeledData;
import org.layerprobe.data.SyntheticData;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.nets.Network;
import org.layerprobe.nets.NetworkBuilder;
import org.layerprobe.train.ModelTrainer;
import org.layerprobe.train.TrainSettings;
import org.layerprobe.train.TrainedModel;
import org.layerprobe.train.TrainingMonitor;

class LinearCollapseStudyTest {

    @Test
    void collapsedAffineMapReproducesIdentityNetworkLogits() {
        LabeledData all = SyntheticData.blobs(600, 4, 20, 3.0, 1.0, 7);
        DataSplits data = new DataSplits("blobs", all.head(400), all.head(100), all.head(600), Map.of());
        Network network = NetworkBuilder.build(
                ArchitectureSpec.mlp(32, 32, 32, 32), Activations.get("identity"), new Shape(20), 4);
        try (TrainedModel trained = new ModelTrainer(
                        new TrainSettings("adam", 1e-2, 0.9, 2, 32, 0, 0), TrainingMonitor.NONE)
                .train(network, data, 3, "test")) {
            var affine = LinearCollapseStudy.collapse(network);
            double[] diff = LinearCollapseStudy.compareLogits(
                    network, affine, data.test(), trained.model().getNDManager());
            assertTrue(diff[1] > 1, "logits are not trivially small: " + diff[1]);
            assertTrue(diff[0] < 1e-4, "collapsed map misses the logits by " + diff[0]);
        }
    }

    /** Fast synthetic stand-in for the MNIST study; the full claim runs in probes/linear-collapse.yaml. */
    private static LinearCollapseStudy.Result study(LabeledData all) {
        DataSplits data = new DataSplits(
                "synthetic",
                all.select(range(0, 2000)),
                all.select(range(2000, 2500)),
                all.select(range(2500, 3500)),
                Map.of());
        var spec = new StudySpec.LinearCollapse("lc", "mnist", List.of(32, 32, 32, 32), 2500, 500, 1000, 30, 100, 1);
        return LinearCollapseStudy.compute(spec, data, s -> {});
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    @Test
    void identityDepthDoesNotBeatTheInputProbe() {
        var r = study(SyntheticData.blobs(3500, 4, 10, 2.0, 1.0, 5));
        assertTrue(
                r.identity().collapseMaxAbsDiff() < 1e-4,
                "collapse: " + r.identity().collapseMaxAbsDiff());
        double inputError = r.identity().probeError().get("input");
        assertTrue(inputError > 0.03, "the task is not trivially separable: " + inputError);
        double idGain = LinearCollapseStudy.Result.bestGainOverInput(r.identity());
        assertTrue(
                idGain <= LinearCollapseStudy.NOISE_POINTS,
                "identity hidden beats input by " + idGain + " points: "
                        + r.identity().probeError());
    }

    @Test
    void reluDepthBeatsTheInputProbeWhereIdentityCannot() {
        var r = study(SyntheticData.circles(3500, 0.5, 0.05, 5));
        double idGain = LinearCollapseStudy.Result.bestGainOverInput(r.identity());
        double reluGain = LinearCollapseStudy.Result.bestGainOverInput(r.relu());
        assertTrue(
                idGain <= LinearCollapseStudy.NOISE_POINTS,
                "identity: " + r.identity().probeError());
        assertTrue(reluGain > 20, "relu: " + r.relu().probeError());
    }
}
