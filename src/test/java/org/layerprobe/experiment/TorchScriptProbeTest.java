package org.layerprobe.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.ImageDatasets;
import org.layerprobe.data.fetch.DatasetFetcher;
import org.layerprobe.hooks.ScriptedForward;
import org.layerprobe.nets.Network;
import org.layerprobe.probe.LayerProber;
import org.layerprobe.probe.ProbeMonitor;
import org.layerprobe.probe.ProbeSettings;
import org.layerprobe.results.MetricNames;
import org.layerprobe.train.Evaluator;
import org.layerprobe.train.ScriptedModel;

/**
 * A CNN trained in PyTorch and exported by {@code scripts/torchscript_export.py} (the committed
 * fixture, made by {@code scripts/torchscript-fixture.py}) is probed with every measure, through a
 * spec's {@code models:} and through {@code probe --torchscript}, with the same rows; its accuracy
 * measured here is PyTorch's; every file or data that does not fit is refused before probing.
 */
class TorchScriptProbeTest {

    private static final Path FIXTURE = Path.of("src/test/resources/torchscript/mnist-cnn.pt");
    private static final Path BATCH_MIXING = Path.of("src/test/resources/torchscript/batch-mixing.pt");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SUBSET = {"--train-limit", "1200", "--validation-size", "200", "--test-limit", "500"};

    @TempDir
    static Path tmp;

    private static Path specReport;
    private static Object[] specRun;

    @BeforeAll
    static void runSpec() throws Exception {
        DatasetFetcher.fromEnvironment().fetch("mnist", s -> {});
        Path spec = Files.writeString(tmp.resolve("scripted.yaml"), """
                name: scripted
                dataset: mnist
                models: [%s]
                training: {validation_size: 200, train_limit: 1200}
                test_limit: 500
                measures: {mdl: true, control_types: 20}
                """.formatted(FIXTURE.toAbsolutePath()));
        specRun = CliRuns.execute(
                "run", spec.toString(), "--reports", tmp.resolve("reports").toString());
        specReport = tmp.resolve("reports/scripted");
    }

    private static double value(List<String> rows, String point, String metric) {
        for (String r : rows) {
            String[] f = r.split(",");
            if (r.contains("," + point + ",") && f[f.length - 2].equals(metric) && r.contains(",trained,")) {
                return Double.parseDouble(f[f.length - 1]);
            }
        }
        throw new AssertionError("no " + metric + " at " + point + " in " + rows);
    }

    @Test
    void everyMeasureHasRowsAtEveryPointAndTheLogitsProbeMatchesTheModel() throws Exception {
        assertEquals(0, specRun[0], (String) specRun[1]);
        List<String> rows = CliRuns.rows(specReport);
        List<String> points = ScriptedModel.read(FIXTURE).points();
        assertEquals(10, points.size());
        for (String p : points) {
            for (String metric : List.of(
                    MetricNames.PROBE_TEST_ACCURACY,
                    MetricNames.PROBE_TEST_ERROR_LOW,
                    MetricNames.PROBE_TEST_ERROR_HIGH,
                    MetricNames.PROBE_RELATIVE_GAP,
                    MetricNames.MDL_ONLINE_BITS,
                    MetricNames.CONTROL_TEST_ACCURACY,
                    MetricNames.SELECTIVITY)) {
                assertTrue(Double.isFinite(value(rows, p, metric)), p + " " + metric);
            }
            assertTrue(value(rows, p, MetricNames.PROBE_CONVERGED) == 1, p + " certified");
        }
        assertTrue(rows.stream().anyMatch(r -> r.contains("," + MetricNames.CKA_WITHIN_PREFIX)), "CKA rows");
        assertTrue(rows.stream().anyMatch(r -> r.contains("," + MetricNames.PAIRED_P_PREFIX)), "paired tests");
        assertTrue(value(rows, "model", MetricNames.MODEL_TEST_ACCURACY) > 0.9, "the PyTorch model classifies MNIST");
        String setup = Files.readString(specReport.resolve("separability.md"));
        assertTrue(setup.contains("not measured on TorchScript models"), "the report says what is not measured");
        assertFalse(rows.stream().anyMatch(r -> r.contains(",init,")), "no baseline rows for a scripted model");
    }

    @Test
    void theProbeCommandGivesTheSpecsRowsSoTwoRunsAgree() throws Exception {
        assertEquals(0, specRun[0], (String) specRun[1]);
        Path out = tmp.resolve("cli/probe-mnist-cnn");
        List<String> argv = new ArrayList<>(List.of(
                "probe", "--torchscript", FIXTURE.toString(), "--control-types", "20", "--out", out.toString()));
        argv.addAll(List.of(SUBSET));
        Object[] result = CliRuns.execute(argv.toArray(String[]::new));
        assertEquals(0, result[0], (String) result[1]);
        assertEquals(CliRuns.rows(specReport), CliRuns.rows(out));
    }

    @Test
    void theModelsAccuracyIsPyTorchsAndTheLogitsProbeReadsIt() throws Exception {
        DataSplits data = ImageDatasets.load("mnist", 1_000, ImageDatasets.SPLIT_SEED, 10_000, ImageDatasets.ALL);
        ScriptedModel model = ScriptedModel.read(FIXTURE);
        double accuracy;
        double logits;
        try (ScriptedForward forward = model.open(data);
                NDManager m = NDManager.newBaseManager()) {
            accuracy = Evaluator.accuracy(forward, m, data.test(), 500);
            logits = new LayerProber(ProbeSettings.defaults(), ProbeMonitor.NONE)
                    .probe(forward, data, List.of(Network.LOGITS))
                    .results()
                    .get(0)
                    .testAccuracy();
        }
        System.out.printf(
                "[torchscript] model accuracy %.4f on %d test images (PyTorch recorded %s), logits probe %.4f%n",
                accuracy, data.test().size(), model.recorded().get("test_accuracy"), logits);
        assertEquals(10_000, data.test().size());
        // On all 10,000 test images a probe's error is resolved to about 0.1 point.
        assertEquals(accuracy, logits, 0.005, "the logits probe reads the model's decision");
        Map<String, Object> recorded = model.recorded();
        double pytorch = ((Number) recorded.get("test_accuracy")).doubleValue();
        // Another PyTorch (2.7 here, 1.13 at export) may round a borderline image differently.
        assertEquals(pytorch, accuracy, 2e-4, "PyTorch printed " + pytorch + ", layerprobe measured " + accuracy);
    }

    /** A copy of the fixture whose sidecar {@code edit} changed. */
    private static Path withSidecar(String name, Consumer<ObjectNode> edit) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("edited-" + name));
        Path file = dir.resolve("model.pt");
        Files.copy(FIXTURE, file);
        ObjectNode sidecar =
                (ObjectNode) JSON.readTree(ScriptedModel.sidecarOf(FIXTURE).toFile());
        edit.accept(sidecar);
        JSON.writeValue(ScriptedModel.sidecarOf(file).toFile(), sidecar);
        return file;
    }

    private static void refused(Path file, String expected) {
        List<String> argv = new ArrayList<>(List.of(
                "probe",
                "--torchscript",
                file.toString(),
                "--out",
                tmp.resolve("refused").toString()));
        argv.addAll(List.of(SUBSET));
        Object[] r = CliRuns.execute(argv.toArray(String[]::new));
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains(expected), "expected '" + expected + "' in: " + r[1]);
        assertFalse(Files.exists(tmp.resolve("refused/runs")), "refused before anything was probed");
    }

    @Test
    void filesAndDataThatDoNotFitAreRefusedBeforeProbingByName() throws Exception {
        Path notScript = withSidecar("bytes", s -> {});
        Files.write(notScript, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        refused(notScript, "is not a TorchScript file");

        refused(withSidecar("method", s -> s.put("method", "probe_states")), "has no method 'probe_states'");
        refused(BATCH_MIXING, "every state needs the batch on its first axis");
        refused(
                withSidecar("shape", s -> ((ArrayNode) s.get("input_shape")).set(1, 32)),
                "takes samples of shape [1, 32, 28] (its sidecar), but mnist has [1, 28, 28]");
        refused(withSidecar("classes", s -> s.put("classes", 5)), "has 5 classes (its sidecar), but mnist has 10");
        refused(withSidecar("normalisation", s -> s.remove("normalisation")), "no normalisation");
        refused(withSidecar("points", s -> ((ArrayNode) s.get("points")).set(1, "conv9")), "no tensor named 'conv9'");

        Path lonely = Files.createDirectories(tmp.resolve("lonely")).resolve("model.pt");
        Files.copy(FIXTURE, lonely);
        refused(lonely, "has no sidecar model.json");
    }
}
