package org.layerprobe.nets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.ImageDatasets;
import org.layerprobe.data.fetch.DatasetFetcher;
import org.layerprobe.hooks.HookedForward;
import org.layerprobe.probe.LayerProber;
import org.layerprobe.probe.ProbeMonitor;
import org.layerprobe.probe.ProbeResult;
import org.layerprobe.probe.ProbeSettings;
import org.layerprobe.train.ModelTrainer;
import org.layerprobe.train.TrainSettings;
import org.layerprobe.train.TrainedModel;
import org.layerprobe.train.TrainingMonitor;

/**
 * A small run per preset gives the same rows through the layer list as through the preset builder
 * it replaced ({@link LegacyPresetBuilder}), bit for bit: the same trained parameters and the same
 * probe results at every point. With the identity activation the trained parameters are the same
 * too; its probes differ only where the probe engine now fits an activation point through a
 * narrower affine source (run keys' numbers version 6), which {@code LayerListHookTest} covers.
 */
class PresetRowsTest {

    private static DataSplits data;

    @BeforeAll
    static void load() {
        DatasetFetcher.fromEnvironment().fetch("mnist", s -> {});
        data = ImageDatasets.load("mnist", 300, ImageDatasets.SPLIT_SEED, 700, 200);
    }

    @Test
    void eachPresetGivesTheRowsOfThePresetBuilderBitForBit() {
        TrainSettings training = new TrainSettings("adam", 1e-2, 0.9, 1, 64, 200, 700);
        for (ArchitectureSpec arch :
                List.of(ArchitectureSpec.cnn(16, 4, 8), ArchitectureSpec.mlp(32, 16), ArchitectureSpec.alainBengio())) {
            for (String act : List.of("relu", "identity")) {
                String id = arch.id() + "/" + act;
                Shape sample = new Shape(1, 28, 28);
                try (TrainedModel legacy = new ModelTrainer(training, TrainingMonitor.NONE)
                                .train(
                                        LegacyPresetBuilder.build(arch, Activations.get(act), sample, 10),
                                        data,
                                        1,
                                        "a");
                        TrainedModel listed = new ModelTrainer(training, TrainingMonitor.NONE)
                                .train(NetworkBuilder.build(arch, Activations.get(act), sample, 10), data, 1, "b")) {
                    List<float[]> a = parameters(legacy);
                    List<float[]> b = parameters(listed);
                    assertEquals(a.size(), b.size(), id);
                    for (int i = 0; i < a.size(); i++) {
                        assertArrayEquals(a.get(i), b.get(i), id + ": parameter " + i);
                    }
                    if (act.equals("identity")) {
                        continue;
                    }
                    LayerProber prober = new LayerProber(ProbeSettings.defaults(), ProbeMonitor.NONE);
                    List<ProbeResult> ra = prober.probe(HookedForward.of(legacy.network()), data, List.of())
                            .results();
                    List<ProbeResult> rb = prober.probe(HookedForward.of(listed.network()), data, List.of())
                            .results();
                    assertEquals(rows(ra), rows(rb), id);
                }
            }
        }
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

    /** Every field of every result but its time. */
    private static List<String> rows(List<ProbeResult> results) {
        List<String> out = new ArrayList<>();
        for (ProbeResult r : results) {
            out.add(String.join(
                    " ",
                    r.point(),
                    String.valueOf(r.pointIndex()),
                    String.valueOf(r.dimension()),
                    String.valueOf(r.l2()),
                    String.valueOf(r.trainAccuracy()),
                    String.valueOf(r.validationAccuracy()),
                    String.valueOf(r.testAccuracy()),
                    String.valueOf(r.testCrossEntropy()),
                    String.valueOf(r.passes()),
                    String.valueOf(r.objective()),
                    String.valueOf(r.gapBound()),
                    String.valueOf(r.converged()),
                    String.valueOf(r.testPredictions())));
        }
        return out;
    }
}
