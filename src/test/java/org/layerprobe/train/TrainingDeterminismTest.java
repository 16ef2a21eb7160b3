package org.layerprobe.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.layerprobe.data.BatchIterator;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.ImageDatasets;
import org.layerprobe.data.fetch.DatasetFetcher;
import org.layerprobe.hooks.HookedForward;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.nets.NetworkBuilder;
import org.layerprobe.probe.LayerProber;
import org.layerprobe.probe.ProbeMonitor;
import org.layerprobe.probe.ProbeResult;
import org.layerprobe.probe.ProbeRun;
import org.layerprobe.probe.ProbeSettings;

/**
 * Seeded runs are bit-identical on one machine: the quickstart CNN (4 and 8 channels, the shapes
 * whose oneDNN kernels are faulty on some CPUs) trained twice for 316 steps, and the same probes
 * fitted twice on it.
 */
class TrainingDeterminismTest {

    private static DataSplits data;

    @BeforeAll
    static void load() {
        DatasetFetcher.fromEnvironment().fetch("mnist", s -> {});
        data = ImageDatasets.load("mnist", 1000, ImageDatasets.SPLIT_SEED, 6000, 1000);
    }

    private static TrainedModel train() {
        TrainSettings s = new TrainSettings("adam", 1e-2, 0.9, 4, 64, 1000, 6000);
        var net =
                NetworkBuilder.build(ArchitectureSpec.cnn(32, 4, 8), Activations.get("relu"), new Shape(1, 28, 28), 10);
        return new ModelTrainer(s, TrainingMonitor.NONE).train(net, data, 1, "determinism");
    }

    private static List<float[]> parameters(TrainedModel m) {
        List<float[]> out = new ArrayList<>();
        m.network()
                .block()
                .getParameters()
                .values()
                .forEach(p -> out.add(p.getArray().toFloatArray()));
        return out;
    }

    @Test
    void quickstartCnnTrainsToBitIdenticalParametersTwice() {
        try (TrainedModel a = train();
                TrainedModel b = train()) {
            assertEquals(
                    316,
                    a.result().epochs().size()
                            * BatchIterator.count(data.train().size(), 64),
                    "steps");
            List<float[]> pa = parameters(a);
            List<float[]> pb = parameters(b);
            assertEquals(pa.size(), pb.size());
            for (int i = 0; i < pa.size(); i++) {
                for (float v : pa.get(i)) {
                    assertTrue(Float.isFinite(v), "parameter " + i + " is not finite");
                }
                assertArrayEquals(pa.get(i), pb.get(i), "parameter " + i);
            }
            assertEquals(a.result().testAccuracy(), b.result().testAccuracy());
            assertTrue(
                    a.result().testAccuracy() > 0.85,
                    "trained, not diverged: " + a.result().testAccuracy());

            List<String> points = List.of("input", "conv2.pool", "fc1.act");
            ProbeSettings settings = ProbeSettings.defaults();
            ProbeRun first =
                    new LayerProber(settings, ProbeMonitor.NONE).probe(HookedForward.of(a.network()), data, points);
            ProbeRun second =
                    new LayerProber(settings, ProbeMonitor.NONE).probe(HookedForward.of(a.network()), data, points);
            assertEquals(first.results().size(), second.results().size());
            for (int i = 0; i < first.results().size(); i++) {
                assertEquals(
                        withoutTime(first.results().get(i)),
                        withoutTime(second.results().get(i)));
            }
        }
    }

    /** Everything a row holds except its wall time, which is the one thing allowed to differ. */
    private static ProbeResult withoutTime(ProbeResult r) {
        return new ProbeResult(
                r.point(),
                r.pointIndex(),
                r.dimension(),
                r.features(),
                r.reduction(),
                r.l2(),
                r.trainAccuracy(),
                r.validationAccuracy(),
                r.testAccuracy(),
                r.testCrossEntropy(),
                r.lbfgsIterations(),
                r.converged(),
                r.relativeGradient(),
                0,
                r.passes(),
                r.objective(),
                r.preconditionerRank(),
                r.gapBound(),
                r.testPredictions());
    }
}
