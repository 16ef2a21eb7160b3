package org.layerprobe.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.layerprobe.LayerprobeException;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.train.TrainSettings;

class SpecParserTest {

    private static final String MINIMAL = """
            name: t
            dataset: mnist
            architectures:
              - {kind: cnn, sizes: [16, 32], dense: 64}
              - {kind: mlp, sizes: [256, 128]}
            activations: [relu, tanh]
            """;

    private static LayerprobeException failure(String yaml) {
        return assertThrows(LayerprobeException.class, () -> SpecParser.parse(yaml, "bad.yaml"));
    }

    @Test
    void everyShippedSpecParses() throws IOException {
        List<Path> specs;
        try (Stream<Path> s = Files.list(Path.of("probes"))) {
            // Study specs (a top-level study: key) have their own schema and parser.
            specs = s.filter(p -> p.toString().endsWith(".yaml") && !(Specs.read(p) instanceof Specs.Study))
                    .sorted()
                    .toList();
        }
        assertTrue(specs.size() >= 4, "shipped specs: " + specs);
        for (Path p : specs) {
            ExperimentSpec spec = SpecParser.parse(p);
            assertEquals(p.getFileName().toString(), spec.name() + ".yaml");
            assertFalse(spec.question().isBlank(), p + " states its question");
            assertFalse(spec.configs().isEmpty());
        }
        ExperimentSpec q = SpecParser.parse(Path.of("probes/quickstart.yaml"));
        assertEquals(8, q.configs().size());
        assertEquals(6000, q.training().trainLimit());
        assertEquals(0, q.testLimit(), "the quickstart scores all 10,000 test images");
        assertEquals(
                org.layerprobe.probe.ProbeSettings.defaults().stopping().maxPasses(),
                q.probes().stopping().maxPasses());
        assertEquals(
                org.layerprobe.probe.solver.ProbeSolver.AUTO,
                q.probes().solver().kind());
        assertEquals(
                54,
                SpecParser.parse(Path.of("probes/activations-mnist.yaml"))
                        .configs()
                        .size());
    }

    @Test
    void omittedKeysTakeTheDefaults() {
        ExperimentSpec spec = SpecParser.parse(MINIMAL, "min.yaml");
        assertEquals(TrainSettings.defaults(), spec.training());
        assertEquals(List.of(1L), spec.seeds());
        assertTrue(spec.baseline());
        assertTrue(spec.points().isEmpty());
        assertEquals("t", spec.title());
    }

    @Test
    void typoedKeyIsNamedWithDidYouMeanAndFile() {
        String msg = failure(MINIMAL + "traning: {epochs: 2}\n").getMessage();
        assertTrue(msg.startsWith("bad.yaml: unknown key 'traning' at top level; valid keys: "), msg);
        assertTrue(msg.contains("did you mean 'training'?"), msg);
        String nested = failure(MINIMAL + "probes: {max_passe: 3}\n").getMessage();
        assertTrue(nested.contains("unknown key 'max_passe' in probes") && nested.contains("'max_passes'"), nested);
    }

    @Test
    void theOldNameOfAKeyStillReadsWithANote() throws Exception {
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream notes = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(notes, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            ExperimentSpec spec = SpecParser.parse(MINIMAL + "probes: {max_iterations: 40}\n", "old.yaml");
            assertEquals(40, spec.probes().stopping().maxPasses());
        } finally {
            System.setErr(err);
        }
        String note = notes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(note.contains("probes.max_iterations is deprecated; it is now probes.max_passes"), note);
        String both = failure(MINIMAL + "probes: {max_iterations: 40, max_passes: 50}\n")
                .getMessage();
        assertTrue(both.contains("are the same setting"), both);
    }

    @Test
    void unknownActivationListsValidChoices() {
        String msg = failure(MINIMAL.replace("[relu, tanh]", "[relu, relu6]")).getMessage();
        assertTrue(msg.startsWith("bad.yaml: activations[1]: unknown activation 'relu6'"), msg);
        assertTrue(msg.contains("valid choices: identity, relu, leaky_relu"), msg);
    }

    @Test
    void unknownArchitectureAndDatasetListValidChoices() {
        String arch = failure(MINIMAL.replace("kind: mlp", "kind: rnn")).getMessage();
        assertTrue(
                arch.contains("architectures[1]") && arch.contains("'rnn'") && arch.contains("mlp, cnn, alain-bengio"),
                arch);
        String ds =
                failure(MINIMAL.replace("dataset: mnist", "dataset: cifar10")).getMessage();
        assertTrue(ds.contains("dataset = 'cifar10'") && ds.contains("mnist, fashion-mnist"), ds);
    }

    @Test
    void aDatasetDirectoryIsAMappingWithCheckedKeys() {
        ExperimentSpec spec = SpecParser.parse(
                MINIMAL.replace(
                        "dataset: mnist",
                        "dataset: {path: some/where/My Images, format: image-folder, image_size: [32, 24],"
                                + " resize: true, channels: 3, test_fraction: 0.1}"),
                "ok.yaml");
        var d = (org.layerprobe.data.DatasetRef.Directory) spec.dataset();
        assertEquals("my-images", d.name());
        assertEquals(new org.layerprobe.data.ImageOptions(32, 24, 3, true), d.image());
        assertEquals(0.1, d.testFraction());
        assertTrue(d.path().isAbsolute());
        String typo = failure(MINIMAL.replace("dataset: mnist", "dataset: {path: x, image_sise: 32}"))
                .getMessage();
        assertTrue(typo.contains("'image_sise' in dataset") && typo.contains("image_size"), typo);
        String format = failure(MINIMAL.replace("dataset: mnist", "dataset: {path: x, format: tiff}"))
                .getMessage();
        assertTrue(format.contains("'tiff' is not a dataset format") && format.contains("cifar10"), format);
        String resize = failure(MINIMAL.replace("dataset: mnist", "dataset: {path: x, resize: true}"))
                .getMessage();
        assertTrue(resize.contains("resize: true needs image_size"), resize);
        String name = failure(MINIMAL.replace("dataset: mnist", "dataset: {path: x, name: mnist}"))
                .getMessage();
        assertTrue(name.contains("the name of a fetched dataset"), name);
        String model = failure(MINIMAL + "models: [no/such/model]\n").getMessage();
        assertTrue(
                model.contains("models[0]")
                        && model.contains("does not exist")
                        && model.contains("a saved model's directory")
                        && model.contains("a TorchScript file"),
                model);
    }

    @Test
    void negativeLearningRateNamesTheKeyPath() {
        String msg = failure(MINIMAL + "training: {learning_rate: -1}\n").getMessage();
        assertEquals("bad.yaml: training.learning_rate = -1 is invalid; it must be in (0, 1e6]", msg);
        String probe = failure(MINIMAL + "probes: {batch_size: 0}\n").getMessage();
        assertEquals("bad.yaml: probes.batch_size = 0 is invalid; it must be >= 1", probe);
        String opt = failure(MINIMAL + "training: {optimizer: rmsprop}\n").getMessage();
        assertEquals("bad.yaml: training.optimizer = 'rmsprop' is invalid; it must be one of adam, sgd", opt);
        String type = failure(MINIMAL + "training: {epochs: many}\n").getMessage();
        assertEquals("bad.yaml: training.epochs = 'many' is invalid; it must be an integer", type);
    }

    @Test
    void configsAreTheFullCrossProductInStableOrder() {
        ExperimentSpec spec = SpecParser.parse(MINIMAL + "seeds: [1, 2]\n", "x.yaml");
        List<String> ids = spec.configs().stream().map(RunConfig::id).toList();
        assertEquals(
                List.of(
                        "cnn-16-32-d64_relu_s1",
                        "cnn-16-32-d64_relu_s2",
                        "cnn-16-32-d64_tanh_s1",
                        "cnn-16-32-d64_tanh_s2",
                        "mlp-256-128_relu_s1",
                        "mlp-256-128_relu_s2",
                        "mlp-256-128_tanh_s1",
                        "mlp-256-128_tanh_s2"),
                ids);
        assertEquals(ArchitectureSpec.mlp(256, 128), spec.configs().get(4).architecture());
    }

    @Test
    void yamlSyntaxErrorAndMissingFileNameTheFile() {
        String msg = failure("name: t\ndataset: [mnist\n").getMessage();
        assertTrue(msg.startsWith("bad.yaml: invalid YAML"), msg);
        String missing = assertThrows(LayerprobeException.class, () -> SpecParser.parse(Path.of("probes/nope.yaml")))
                .getMessage();
        assertTrue(missing.contains("nope.yaml") && missing.contains("no such spec file"), missing);
    }

    @Test
    void activationAliasesAreCanonicalAndDuplicatesRejected() {
        ExperimentSpec spec = SpecParser.parse(MINIMAL.replace("[relu, tanh]", "[silu, linear]"), "x.yaml");
        assertEquals(List.of("swish", "identity"), spec.activations());
        String msg = failure(MINIMAL.replace("[relu, tanh]", "[relu, RELU]")).getMessage();
        assertTrue(msg.contains("activations lists 'relu' twice"), msg);
    }
}
