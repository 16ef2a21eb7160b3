package org.layerprobe.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerprobe export} writes a model that {@code probe --model} probes from its directory
 * alone, with the same rows as the model before export; a description or data that does not fit
 * the parameters is refused by name.
 */
class SavedModelProbeTest {

    @TempDir
    static Path tmp;

    static Path images;

    private static final String[] MODEL = {
        "--arch",
        "cnn",
        "--sizes",
        "4",
        "--dense",
        "8",
        "--epochs",
        "1",
        "--lr",
        "0.01",
        "--batch-size",
        "16",
        "--validation-size",
        "20"
    };

    @BeforeAll
    static void data() throws Exception {
        images = DirectoryDatasetRunTest.colourNoise(tmp.resolve("colour-noise"), 40);
    }

    private static String[] args(String first, String... rest) {
        List<String> a = new ArrayList<>(List.of(first));
        a.addAll(List.of(rest));
        return a.toArray(String[]::new);
    }

    private static String[] concat(String[] a, String... b) {
        List<String> out = new ArrayList<>(List.of(a));
        out.addAll(List.of(b));
        return out.toArray(String[]::new);
    }

    @Test
    void anExportedModelProbesLikeTheModelBeforeExport() throws Exception {
        Path saved = tmp.resolve("saved");
        Object[] export = CliRuns.execute(
                concat(args("export", "--dataset", images.toString(), "--out", saved.toString()), MODEL));
        assertEquals(0, export[0], (String) export[1]);
        Path before = tmp.resolve("a/probe");
        Object[] direct = CliRuns.execute(concat(
                args("probe", "--dataset", images.toString(), "--out", before.toString(), "--test-limit", "0"), MODEL));
        assertEquals(0, direct[0], (String) direct[1]);
        // From the directory alone: architecture, data and validation split come from its model.json.
        Path after = tmp.resolve("b/probe");
        Object[] fromDir = CliRuns.execute("probe", "--model", saved.toString(), "--out", after.toString());
        assertEquals(0, fromDir[0], (String) fromDir[1]);
        List<String> a = CliRuns.rows(before);
        List<String> b = CliRuns.rows(after);
        assertTrue(a.stream().anyMatch(l -> l.contains("conv1.act") && l.contains("probe_test_error")), a.toString());
        assertEquals(a, b);
    }

    @Test
    void aLayerListNetworkIsExportedAndProbedFromItsDirectory() throws Exception {
        Path list = Files.writeString(tmp.resolve("avg-bn.yaml"), """
                name: avg-bn
                layers:
                  - {conv: {channels: 4, kernel: 3, padding: same}}
                  - batch_norm
                  - act
                  - {residual: {layers: [{conv: {channels: 4, kernel: 3, padding: same}}, act]}}
                  - {pool: avg}
                  - flatten
                """);
        String[] model = {
            "--layers",
            list.toString(),
            "--epochs",
            "1",
            "--lr",
            "0.01",
            "--batch-size",
            "16",
            "--validation-size",
            "20"
        };
        Path saved = tmp.resolve("saved-list");
        Object[] export = CliRuns.execute(
                concat(args("export", "--dataset", images.toString(), "--out", saved.toString()), model));
        assertEquals(0, export[0], (String) export[1]);
        assertTrue(Files.readString(saved.resolve("model.json")).contains("\"residual\""), "the list is saved");
        Path before = tmp.resolve("c/probe");
        Object[] direct = CliRuns.execute(concat(
                args("probe", "--dataset", images.toString(), "--out", before.toString(), "--test-limit", "0"), model));
        assertEquals(0, direct[0], (String) direct[1]);
        Path after = tmp.resolve("d/probe");
        Object[] fromDir = CliRuns.execute("probe", "--model", saved.toString(), "--out", after.toString());
        assertEquals(0, fromDir[0], (String) fromDir[1]);
        List<String> a = CliRuns.rows(before);
        assertTrue(a.stream().anyMatch(l -> l.contains("res1.out") && l.contains("probe_test_error")), a.toString());
        assertEquals(a, CliRuns.rows(after));
    }

    @Test
    void aDescriptionOrDataThatDoesNotFitIsRefused() throws Exception {
        Path saved = tmp.resolve("saved2");
        assertEquals(
                0,
                CliRuns.execute(
                        concat(args("export", "--dataset", images.toString(), "--out", saved.toString()), MODEL))[0]);
        Object[] again = CliRuns.execute(
                concat(args("export", "--dataset", images.toString(), "--out", saved.toString()), MODEL));
        assertEquals(2, again[0]);
        assertTrue(((String) again[1]).contains("not empty; nothing was written"), (String) again[1]);

        ObjectMapper json = new ObjectMapper();
        Path description = saved.resolve("model.json");
        String original = Files.readString(description);
        ObjectNode edited = (ObjectNode) json.readTree(original);
        ((ObjectNode) edited.get("architecture")).putArray("sizes").add(6);
        Files.writeString(description, json.writeValueAsString(edited));
        Object[] mismatch = CliRuns.execute(
                "probe", "--model", saved.toString(), "--out", tmp.resolve("x").toString());
        assertEquals(2, mismatch[0]);
        assertTrue(((String) mismatch[1]).contains("was edited after export"), (String) mismatch[1]);
        // Relabelling the activation or the recorded accuracy is refused the same way.
        for (String[] edit : new String[][] {{"activation", "tanh"}, {"result.testAccuracy", "0.99"}}) {
            ObjectNode e = (ObjectNode) json.readTree(original);
            if (edit[0].startsWith("result.")) {
                ((ObjectNode) e.get("result")).put("testAccuracy", Double.parseDouble(edit[1]));
            } else {
                e.put(edit[0], edit[1]);
            }
            Files.writeString(description, json.writerWithDefaultPrettyPrinter().writeValueAsString(e));
            Object[] r = CliRuns.execute(
                    "probe",
                    "--model",
                    saved.toString(),
                    "--out",
                    tmp.resolve("z").toString());
            assertEquals(2, r[0], edit[0]);
            assertTrue(((String) r[1]).contains("was edited after export"), (String) r[1]);
        }
        Files.writeString(description, original);

        Object[] otherData = CliRuns.execute(
                "probe",
                "--model",
                saved.toString(),
                "--dataset",
                "mnist",
                "--train-limit",
                "100",
                "--validation-size",
                "10",
                "--test-limit",
                "50",
                "--out",
                tmp.resolve("y").toString());
        assertEquals(2, otherData[0]);
        assertTrue(((String) otherData[1]).contains("takes [3, 10, 10] samples in 3 classes"), (String) otherData[1]);

        Object[] network = CliRuns.execute(
                "probe",
                "--model",
                saved.toString(),
                "--arch",
                "mlp",
                "--epochs",
                "3",
                "--out",
                tmp.resolve("w").toString());
        assertEquals(2, network[0]);
        assertTrue(((String) network[1]).contains("--arch, --epochs do not apply with --model"), (String) network[1]);

        // A validation size given as the default's value is still given: it replaces the model's 20.
        Object[] defaultSplit = CliRuns.execute(
                "probe",
                "--model",
                saved.toString(),
                "--validation-size",
                "5000",
                "--out",
                tmp.resolve("v").toString());
        assertEquals(2, defaultSplit[0]);
        assertTrue(((String) defaultSplit[1]).contains("5000"), (String) defaultSplit[1]);

        byte[] params = Files.readAllBytes(saved.resolve("params"));
        params[params.length - 3] ^= 1;
        Files.write(saved.resolve("params"), params);
        Object[] damaged = CliRuns.execute(
                "probe", "--model", saved.toString(), "--out", tmp.resolve("z").toString());
        assertEquals(2, damaged[0]);
        assertTrue(((String) damaged[1]).contains("is not the parameter file"), (String) damaged[1]);
    }

    /**
     * The model's accuracy in a report is measured on the data it is probed on: on a copy of the
     * images whose class folders are swapped, the model is mostly wrong, whatever it scored at export.
     */
    @Test
    void aSavedModelsAccuracyIsMeasuredOnTheDataProbed() throws Exception {
        Path saved = tmp.resolve("saved-skyline");
        String[] longer = MODEL.clone();
        longer[List.of(MODEL).indexOf("--epochs") + 1] = "10";
        assertEquals(
                0,
                CliRuns.execute(
                        concat(args("export", "--dataset", images.toString(), "--out", saved.toString()), longer))[0]);
        double recorded = new ObjectMapper()
                .readTree(saved.resolve("model.json").toFile())
                .path("result")
                .path("testAccuracy")
                .asDouble();
        Path swapped = DirectoryDatasetRunTest.colourNoise(tmp.resolve("swapped"), 40);
        Files.move(swapped.resolve("blue"), swapped.resolve("tmp"));
        Files.move(swapped.resolve("red"), swapped.resolve("blue"));
        Files.move(swapped.resolve("tmp"), swapped.resolve("red"));
        Path out = tmp.resolve("skyline/probe");
        Object[] r = CliRuns.execute(
                "probe", "--model", saved.toString(), "--dataset", swapped.toString(), "--out", out.toString());
        assertEquals(0, r[0], (String) r[1]);
        double measured = Files.readAllLines(out.resolve("separability.csv")).stream()
                .filter(l -> l.contains(",trained,") && l.contains(",model_test_accuracy,"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(',') + 1)))
                .findFirst()
                .orElseThrow();
        assertTrue(recorded > 0.9, "the model learnt its colours: " + recorded);
        assertTrue(measured < 0.5, "on swapped classes it is mostly wrong: " + measured);
    }

    @Test
    void aSpecProbesSavedModelsWithEveryMeasure() throws Exception {
        Path saved = tmp.resolve("saved3");
        assertEquals(
                0,
                CliRuns.execute(
                        concat(args("export", "--dataset", images.toString(), "--out", saved.toString()), MODEL))[0]);
        String yaml = """
                name: saved-models
                dataset: {path: %s}
                models: [%s]
                baseline: true
                training: {validation_size: 20}
                measures: {mdl: true, control_types: 20, cka_images: 20}
                """.formatted(images, saved);
        Path spec = Files.writeString(tmp.resolve("saved.yaml"), yaml);
        Path reports = tmp.resolve("reports");
        DirectoryDatasetRunTest.run(spec, reports);
        List<String> csv = Files.readAllLines(reports.resolve("saved-models/separability.csv"));
        for (String metric : new String[] {"probe_test_error", "mdl_online_bits", "selectivity", "cka_with_input"}) {
            assertTrue(
                    csv.stream()
                            .anyMatch(l -> l.contains(",cnn-4-d8,relu,1,trained,") && l.contains("," + metric + ",")),
                    metric + " missing: " + csv.subList(0, Math.min(20, csv.size())));
        }
        assertTrue(csv.stream().anyMatch(l -> l.contains(",init,conv1.act,")), "the random-init baseline too");
        try (var runs = Files.list(reports.resolve("saved-models/runs"))) {
            assertTrue(runs.anyMatch(p -> p.getFileName().toString().contains("_saved-")));
        }
    }
}
