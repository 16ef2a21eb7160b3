package org.layerprobe.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.data.fetch.DatasetFetcher;

/**
 * A spec whose network is a layer list with every layer type (convolution, batch norm, average and
 * max pooling, a residual block with a projection, a fixed activation, global average pooling,
 * dense, dropout, flatten) trains, probes, certifies and reports end to end, on a generated colour
 * folder and on a small MNIST subset.
 */
class LayerListRunTest {

    static final String EVERY_LAYER = """
              - name: every-layer
                layers:
                  - {conv: {channels: 4, kernel: 3, padding: same}}
                  - batch_norm
                  - act
                  - {pool: avg}
                  - residual:
                      projection: true
                      layers:
                        - {conv: {channels: 4, kernel: 3, padding: same}}
                        - act
                        - {conv: {channels: 6, kernel: 3, padding: 1}}
                  - act
                  - {pool: {mode: max, size: 2, stride: 1}}
                  - {act: tanh}
                  - global_avg_pool
                  - flatten
                  - {dense: 8}
                  - act
                  - {dropout: 0.3}
            """;

    static final List<String> POINTS = List.of(
            "input",
            "conv1.pre",
            "bn1",
            "conv1.act",
            "conv1.pool",
            "res1.out",
            "res1.act",
            "res1.pool",
            "act1",
            "gap1",
            "fc1.pre",
            "fc1.act",
            "logits");

    @Test
    void everyLayerTypeRunsEndToEndOnAColourFolder(@TempDir Path tmp) throws Exception {
        Path images = DirectoryDatasetRunTest.colourNoise(tmp.resolve("colour-noise"), 60);
        String yaml = """
                name: every-layer-colour
                dataset: {path: %s, test_fraction: 0.25}
                architectures:
                %s
                activations: [relu, identity]
                baseline: false
                training: {epochs: 2, learning_rate: 0.01, batch_size: 16, validation_size: 20}
                probes: {l2: [1e-2]}
                """.formatted(images, EVERY_LAYER);
        Path dir = runSpec(tmp, yaml, "every-layer-colour");
        assertCertifiedRowsAtEveryPoint(dir, 2);
        String manifest = Files.readString(dir.resolve("manifest.json"));
        assertTrue(
                manifest.contains("\"global_avg_pool\"") && manifest.contains("\"residual\""),
                "the manifest states the whole list");
        List<String> rows = Files.readAllLines(dir.resolve("separability.csv"));
        // Unit health is measured with the function each activation step applies, on its own input.
        assertTrue(has(rows, "relu", "conv1.act", "dead_fraction"), "relu after batch norm");
        assertTrue(has(rows, "relu", "act1", "saturated_fraction"), "the fixed tanh of the relu network");
        assertTrue(!has(rows, "relu", "act1", "dead_fraction"), "not measured as a relu");
        String md = Files.readString(dir.resolve("separability.md"));
        assertTrue(md.contains("inference mode"), "the report says how states were captured");
    }

    @Test
    void everyLayerTypeRunsEndToEndOnAnMnistSubset(@TempDir Path tmp) throws Exception {
        DatasetFetcher.fromEnvironment().fetch("mnist", s -> {});
        String yaml = """
                name: every-layer-mnist
                dataset: mnist
                architectures:
                %s
                activations: [relu]
                baseline: false
                test_limit: 200
                points: [input, conv1.pre, res1.conv1.pre, res1.conv1.act, res1.conv2.pre, res1.out, fc1.act, logits]
                training: {epochs: 1, learning_rate: 0.01, batch_size: 32, validation_size: 100, train_limit: 400}
                probes: {l2: [1e-3]}
                """.formatted(EVERY_LAYER);
        Path dir = runSpec(tmp, yaml, "every-layer-mnist");
        List<String> rows = Files.readAllLines(dir.resolve("separability.csv"));
        Set<String> probed = rows.stream()
                .filter(l -> l.contains(",probe_test_error,"))
                .map(l -> l.split(",")[6])
                .collect(Collectors.toSet());
        assertEquals(
                Set.of(
                        "input",
                        "conv1.pre",
                        "res1.conv1.pre",
                        "res1.conv1.act",
                        "res1.conv2.pre",
                        "res1.out",
                        "fc1.act",
                        "logits"),
                probed,
                "points inside the residual block are probed where the spec names them");
        List<String> uncertified = rows.stream()
                .filter(l -> l.contains(",probe_converged,") && !l.endsWith(",1.0"))
                .toList();
        assertTrue(uncertified.isEmpty(), "every probe certified; not: " + uncertified);
    }

    private static boolean has(List<String> rows, String activation, String point, String metric) {
        return rows.stream()
                .anyMatch(l -> l.contains(",every-layer," + activation + ",")
                        && l.contains("," + point + ",")
                        && l.contains("," + metric + ","));
    }

    private static Path runSpec(Path tmp, String yaml, String name) throws Exception {
        Path spec = Files.writeString(tmp.resolve(name + ".yaml"), yaml);
        Path reports = tmp.resolve("reports");
        DirectoryDatasetRunTest.run(spec, reports);
        return reports.resolve(name);
    }

    private static void assertCertifiedRowsAtEveryPoint(Path dir, int activations) throws Exception {
        List<String> rows = Files.readAllLines(dir.resolve("separability.csv"));
        List<String> errors =
                rows.stream().filter(l -> l.contains(",probe_test_error,")).toList();
        assertEquals(activations * POINTS.size(), errors.size(), String.join("\n", errors));
        for (String p : POINTS) {
            assertTrue(errors.stream().anyMatch(l -> l.contains(",every-layer,") && l.contains("," + p + ",")), p);
        }
        List<String> certified =
                rows.stream().filter(l -> l.contains(",probe_converged,")).toList();
        assertEquals(errors.size(), certified.size(), "a certificate row per probe");
        List<String> uncertified =
                certified.stream().filter(c -> !c.endsWith(",1.0")).toList();
        assertTrue(
                uncertified.isEmpty(),
                "every probe certified; not: " + uncertified + "\n"
                        + rows.stream()
                                .filter(l -> l.contains(",probe_passes,") || l.contains("probe_relative_gap"))
                                .collect(Collectors.joining("\n")));
    }
}
