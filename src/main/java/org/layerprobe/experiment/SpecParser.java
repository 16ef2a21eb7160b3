package org.layerprobe.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.layerprobe.LayerprobeException;
import org.layerprobe.data.DatasetFormat;
import org.layerprobe.data.DatasetRef;
import org.layerprobe.data.ImageOptions;
import org.layerprobe.data.fetch.DatasetId;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.probe.ProbeKey;
import org.layerprobe.probe.ProbeSettings;
import org.layerprobe.probe.solver.ProbeSolver;
import org.layerprobe.probe.solver.StopWhen;
import org.layerprobe.probe.solver.StoppingRule;
import org.layerprobe.probe.states.FeatureReduction;
import org.layerprobe.probe.states.MemoryBudget;
import org.layerprobe.spec.SettingException;
import org.layerprobe.spec.SpecReader;
import org.layerprobe.train.Pretrained;
import org.layerprobe.train.SavedModel;
import org.layerprobe.train.ScriptedModel;
import org.layerprobe.train.TrainSettings;

/**
 * Reads a YAML experiment spec into an {@link ExperimentSpec}. The YAML is read as a tree and
 * checked by hand, so every message names the file, the key path, the bad value and the valid
 * choices (with a did-you-mean for near-miss keys). Every failure is a {@link LayerprobeException}.
 */
public final class SpecParser extends SpecReader {

    static final List<String> TOP_KEYS = List.of(
            "name",
            "title",
            "question",
            "dataset",
            "architectures",
            "activations",
            "seeds",
            "baseline",
            "points",
            "test_limit",
            "training",
            "probes",
            "measures",
            "checkpoints",
            "models");
    static final List<String> ARCH_KEYS = List.of("kind", "sizes", "dense", "name", "layers");
    static final List<String> TRAIN_KEYS =
            List.of("optimizer", "learning_rate", "momentum", "epochs", "batch_size", "validation_size", "train_limit");
    static final List<String> PROBE_KEYS = ProbeKey.specKeys();
    static final List<String> DATASET_KEYS =
            List.of("path", "format", "name", "image_size", "channels", "resize", "test_fraction", "classes");
    static final List<String> MEASURE_KEYS = List.of("mdl", "control_types", "cka_images", "cka_debiased");

    private SpecParser(String source) {
        super(source);
    }

    /** Parses the spec file at {@code file}; messages name it as given. */
    public static ExperimentSpec parse(Path file) {
        return parse(readFile(file), file.toString());
    }

    /** Parses spec text; {@code sourceName} (usually the file name) prefixes every message. */
    public static ExperimentSpec parse(String yaml, String sourceName) {
        return parse(readTree(yaml, sourceName), sourceName);
    }

    /**
     * One network read from a file that holds a single architectures entry, e.g. {@code {name:
     * cnn-avg, layers: [...]}} or {@code {kind: cnn, sizes: [4, 8], dense: 32}}.
     */
    public static ArchitectureSpec architecture(Path file) {
        return new SpecParser(file.toString()).architecture("architecture", readTree(readFile(file), file.toString()));
    }

    /** An experiment from an already read YAML root. */
    static ExperimentSpec parse(JsonNode root, String sourceName) {
        return new SpecParser(sourceName).spec(root);
    }

    private ExperimentSpec spec(JsonNode root) {
        checkKeys(root, "", TOP_KEYS);
        String name = text(root, "name", null, true);
        DatasetRef dataset = dataset(root);
        List<Pretrained> models = list(root, "models", false, (p, n) -> {
            String path = scalarText(n, p);
            return wrap(p + ": ", () -> pretrained(Path.of(path)));
        });
        List<ArchitectureSpec> archs = list(root, "architectures", models.isEmpty(), this::architecture);
        List<String> acts = list(root, "activations", models.isEmpty(), (p, n) -> {
            String a = scalarText(n, p);
            return wrap(p + ": ", () -> Activations.get(a).name());
        });
        List<Long> seeds = root.has("seeds") && !root.get("seeds").isNull()
                ? list(root, "seeds", false, (p, n) -> integer(n, p))
                : List.of(1L);
        List<String> points = list(root, "points", false, (p, n) -> scalarText(n, p));
        boolean baseline = bool(root, "baseline", true);
        int testLimit = int32Or(root, "test_limit", "", 0);
        TrainSettings training = training(child(root, "training"));
        ProbeSettings probes = probes(child(root, "probes"));
        MeasureSettings measures = measures(child(root, "measures"));
        List<Integer> checkpoints = list(root, "checkpoints", false, (p, n) -> int32(n, p));
        return wrap(
                "",
                () -> new ExperimentSpec(
                        name,
                        text(root, "title", name, false),
                        text(root, "question", "", false),
                        dataset,
                        archs,
                        acts,
                        seeds,
                        training,
                        testLimit,
                        probes,
                        points,
                        baseline,
                        measures,
                        checkpoints,
                        models));
    }

    /** A saved model's directory or a TorchScript file. */
    private static Pretrained pretrained(Path path) {
        if (Files.isDirectory(path)) {
            return SavedModel.read(path);
        }
        if (Files.isRegularFile(path)) {
            return ScriptedModel.read(path);
        }
        throw new LayerprobeException(path + " does not exist; name a saved model's directory (written by"
                + " `layerprobe export`) or a TorchScript file (written by scripts/torchscript_export.py)");
    }

    /** A dataset name, a directory path, or a mapping {path: DIR, format: ..., image_size: [H, W], ...}. */
    private DatasetRef dataset(JsonNode root) {
        if (!present(root, "dataset")) {
            throw fail("required key 'dataset' is missing; name " + DatasetId.names() + " or a directory,"
                    + " {path: DIR}");
        }
        JsonNode n = root.get("dataset");
        if (!n.isObject()) {
            String text = scalarText(n, "dataset");
            if (DatasetId.isKnown(text)) {
                return new DatasetRef.Known(DatasetId.of(text));
            }
            if (!text.contains("/")) {
                throw fail("dataset = '" + text + "' is unknown; valid choices: " + DatasetId.names()
                        + ", or a directory: {path: DIR}");
            }
            return wrap("dataset: ", () -> DatasetRef.Directory.at(Path.of(text)));
        }
        String p = "dataset.";
        checkKeys(n, p, DATASET_KEYS);
        if (!present(n, "path")) {
            throw fail("dataset.path is missing; a dataset mapping names a directory, e.g. {path: datasets/my-images}");
        }
        String path = scalarText(n.get("path"), p + "path");
        if (path.isBlank()) {
            throw fail("dataset.path is empty; name the directory, e.g. {path: datasets/my-images} (an empty path"
                    + " would read the checkout itself)");
        }
        DatasetFormat format = present(n, "format")
                ? wrap(p + "format: ", () -> DatasetFormat.parse(scalarText(n.get("format"), p + "format")))
                : null;
        int[] size = {0, 0};
        if (present(n, "image_size")) {
            JsonNode s = n.get("image_size");
            if (s.isArray() && s.size() == 2) {
                size[0] = int32(s.get(0), p + "image_size[0]");
                size[1] = int32(s.get(1), p + "image_size[1]");
            } else if (s.isIntegralNumber()) {
                size[0] = int32(s, p + "image_size");
                size[1] = size[0];
            } else {
                throw fail("dataset.image_size = " + show(s) + " is invalid; give [height, width] or one side, e.g."
                        + " [32, 32]");
            }
        }
        int channels = int32Or(n, "channels", p, 0);
        boolean resize = bool(n, "resize", false);
        ImageOptions image = wrap(p, () -> new ImageOptions(size[0], size[1], channels, resize));
        double testFraction = number(n, p, "test_fraction", DatasetRef.Directory.DEFAULT_TEST_FRACTION);
        int classes = int32Or(n, "classes", p, 0);
        String name = present(n, "name") ? scalarText(n.get("name"), p + "name") : null;
        return wrap(p, () -> new DatasetRef.Directory(name, Path.of(path), format, image, testFraction, classes));
    }

    private ArchitectureSpec architecture(String path, JsonNode n) {
        if (!n.isObject()) {
            throw fail(path + " = " + n + " is invalid; it must be a mapping such as {kind: mlp, sizes: [256, 128]}"
                    + " or {name: cnn-avg, layers: [...]}");
        }
        checkKeys(n, path + ".", ARCH_KEYS);
        if (present(n, "layers")) {
            String kind = n.has("kind") ? scalarText(n.get("kind"), path + ".kind") : ArchitectureSpec.LAYERS;
            if (!kind.equals(ArchitectureSpec.LAYERS)) {
                throw fail(path + ": kind " + kind + " is a preset and takes no 'layers'; leave out 'kind' to state"
                        + " the network as a layer list");
            }
            String name = present(n, "name") ? scalarText(n.get("name"), path + ".name") : null;
            var layers = new LayerListParser(source).layers(n.get("layers"), path + ".layers");
            return wrap(
                    path + ": ",
                    () -> new ArchitectureSpec(
                            kind,
                            list(n, "sizes", false, (p, s) -> int32(s, path + "." + p)),
                            int32Or(n, "dense", path + ".", 0),
                            name,
                            layers));
        }
        if (!n.has("kind")) {
            throw fail(path + ".kind is missing; valid choices: " + String.join(", ", ArchitectureSpec.KINDS)
                    + " (or give 'layers' to state the network layer by layer)");
        }
        String kind = scalarText(n.get("kind"), path + ".kind");
        if (kind.equals(ArchitectureSpec.LAYERS)) {
            throw fail(path + ".layers is missing; kind layers states its network as a list, e.g. layers: [{conv:"
                    + " {channels: 8, kernel: 3, padding: same}}, act, {pool: avg}, flatten]");
        }
        if (present(n, "name")) {
            throw fail(path + ".name names a layer list; a preset's id is derived from its sizes, so remove it");
        }
        List<Integer> sizes = list(n, "sizes", false, (p, s) -> int32(s, path + "." + p));
        int dense = int32Or(n, "dense", path + ".", 0);
        return wrap(path + ": ", () -> new ArchitectureSpec(kind, sizes, dense));
    }

    private TrainSettings training(JsonNode n) {
        TrainSettings d = TrainSettings.defaults();
        if (n == null) {
            return d;
        }
        checkKeys(n, "training.", TRAIN_KEYS);
        String p = "training.";
        return settings(
                n,
                "training",
                () -> new TrainSettings(
                        n.has("optimizer") ? scalarText(n.get("optimizer"), p + "optimizer") : d.optimizer(),
                        number(n, p, "learning_rate", d.learningRate()),
                        number(n, p, "momentum", d.momentum()),
                        int32Or(n, "epochs", p, d.epochs()),
                        int32Or(n, "batch_size", p, d.batchSize()),
                        int32Or(n, "validation_size", p, d.validationSize()),
                        int32Or(n, "train_limit", p, d.trainLimit())));
    }

    private ProbeSettings probes(JsonNode n) {
        ProbeSettings d = ProbeSettings.defaults();
        if (n == null) {
            return d;
        }
        renamed(n, "probes.", "max_iterations", ProbeKey.MAX_PASSES.spec());
        checkKeys(n, "probes.", PROBE_KEYS);
        String p = "probes.";
        String l2Key = ProbeKey.L2.spec();
        List<Double> l2 = n.has(l2Key) && n.get(l2Key).isNumber()
                ? List.of(number(n, p, l2Key, 0))
                : n.has(l2Key) ? list(n, l2Key, false, (q, v) -> toDouble(v, p + q)) : d.l2Grid();
        long seed = intOr(n, ProbeKey.SEED.spec(), p, d.seed());
        StopWhen stop = d.stopping();
        ProbeSettings.Solver solver = d.solver();
        ProbeSettings.WarmUp warm = d.warmUp();
        ProbeSettings.States states = d.states();
        String rule = ProbeKey.STOPPING.spec();
        StoppingRule stopping = present(n, rule)
                ? wrap(p + rule + ": ", () -> {
                    String v = scalarText(n.get(rule), p + rule);
                    return StoppingRule.parse(v)
                            .orElseThrow(() -> new LayerprobeException(
                                    "'" + v + "' is not a stopping rule; use certified (the default) or gradient"));
                })
                : stop.rule();
        String kind = ProbeKey.SOLVER.spec();
        ProbeSolver solverKind = present(n, kind)
                ? wrap(p + kind + ": ", () -> ProbeSolver.parse(scalarText(n.get(kind), p + kind)))
                : solver.kind();
        String memoryKey = ProbeKey.MEMORY.spec();
        long memory = present(n, memoryKey)
                ? wrap(
                        p + memoryKey + ": ",
                        () -> MemoryBudget.parse(n.get(memoryKey).asText()))
                : states.memoryBudgetBytes();
        FeatureReduction reduction = states.reduction();
        String reductionKey = ProbeKey.REDUCTION.spec();
        if (present(n, reductionKey)) {
            FeatureReduction r = wrap(
                    p + reductionKey + ": ",
                    () -> FeatureReduction.parse(scalarText(n.get(reductionKey), p + reductionKey)));
            // the probe seed also picks random feature subsets, so one seed fixes a probe run
            reduction = new FeatureReduction(r.kind(), r.threshold(), r.size(), seed);
        }
        FeatureReduction red = reduction;
        return settings(
                n,
                "probes",
                () -> new ProbeSettings(
                        l2,
                        new StopWhen(
                                stopping,
                                number(n, p, ProbeKey.GRAD_TOLERANCE.spec(), stop.gradTolerance()),
                                number(n, p, ProbeKey.GAP_TOLERANCE.spec(), stop.gapTolerance()),
                                int32Or(n, ProbeKey.MAX_PASSES.spec(), p, stop.maxPasses())),
                        new ProbeSettings.Solver(
                                solverKind, int32Or(n, ProbeKey.SKETCH_RANK.spec(), p, solver.sketchRank())),
                        new ProbeSettings.WarmUp(
                                int32Or(n, ProbeKey.WARM_EPOCHS.spec(), p, warm.epochs()),
                                number(n, p, ProbeKey.LEARNING_RATE.spec(), warm.learningRate())),
                        new ProbeSettings.States(
                                int32Or(n, ProbeKey.BATCH_SIZE.spec(), p, states.batchSize()), memory, red),
                        seed));
    }

    private MeasureSettings measures(JsonNode n) {
        MeasureSettings d = MeasureSettings.defaults();
        if (n == null) {
            return d;
        }
        checkKeys(n, "measures.", MEASURE_KEYS);
        String p = "measures.";
        if (present(n, "cka_images")
                && n.get("cka_images").isNumber()
                && n.get("cka_images").asLong() < 0) {
            // -1 stands for "the default" inside MeasureSettings; written by a user it is a mistake.
            throw fail("measures.cka_images = " + n.get("cka_images").asText() + " is invalid; it must be 0 (off)"
                    + " or in [4, " + MeasureSettings.MAX_CKA_IMAGES + "]");
        }
        return settings(
                n,
                "measures",
                () -> new MeasureSettings(
                        bool(n, "mdl", d.mdl()),
                        int32Or(n, "control_types", p, d.controlTypes()),
                        int32Or(n, "cka_images", p, d.ckaImages()),
                        bool(n, "cka_debiased", d.ckaDebiased())));
    }

    /** Builds a settings record; a value it refuses is reported with its key path in the file. */
    private <T> T settings(JsonNode n, String section, Supplier<T> build) {
        try {
            return build.get();
        } catch (SettingException e) {
            String shown = present(n, e.key()) ? show(n.get(e.key())) : "(default)";
            throw new SpecError(
                    source + ": " + section + "." + e.key() + " = " + shown + " is invalid; it must be " + e.rule(), e);
        }
    }
}
