package org.layerprobe.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The run key's probe settings are written from {@link org.layerprobe.probe.ProbeKey}'s table: its
 * names and order are part of every stored run's key, so they are pinned here, with every key set
 * away from its default by the spec parser that reads the same table.
 */
class ProbeKeyTableTest {

    private static final String SPEC = """
            name: t
            dataset: mnist
            architectures: [{kind: mlp, sizes: [8]}]
            activations: [relu]
            seeds: [1]
            probes: {l2: [0.01], max_passes: 50, grad_tolerance: 1e-3, gap_tolerance: 1e-5, stopping: gradient,
                     solver: lbfgs, sketch_rank: 64, warm_epochs: 2, learning_rate: 0.05, batch_size: 100, seed: 7,
                     reduction: "random-subset:10", memory: 1g}
            """;

    @Test
    void theRunKeyNamesEveryNumberChangingSettingInTheTableOrder() {
        ExperimentSpec spec = SpecParser.parse(SPEC, "t.yaml");
        RunConfig config = spec.configs().get(0);
        assertEquals(
                "{\"l2\":[0.01],\"learning_rate\":0.05,\"batch_size\":100,\"warm_epochs\":2,\"max_passes\":50,"
                        + "\"grad_tolerance\":0.001,\"reduction\":\"random-subset(10)>4096\",\"seed\":7,"
                        + "\"solver\":\"LBFGS\",\"sketch_rank\":64,\"stopping\":\"gradient\",\"gap_tolerance\":1.0E-5}",
                RunKey.describe(spec, config, Map.of("x", "y"), 0).get("probes").toString());
    }
}
