package org.layerprobe.experiment;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.layerprobe.LayerprobeException;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.probe.FeatureReduction;
import org.layerprobe.probe.MemoryBudget;
import org.layerprobe.probe.ProbeSettings;
import org.layerprobe.probe.ProbeSolver;
import org.layerprobe.train.TrainSettings;

/**
 * Reads a YAML experiment spec into an {@link ExperimentSpec}. The YAML is read as a tree and
 * checked by hand, so every message names the file, the key path, the bad value and the valid
 * choices (with a did-you-mean for near-miss keys). Every failure is a {@link LayerprobeException}.
 */
public final class SpecParser {

    static final List<String> TOP_KEYS = List.of("name", "title", "question", "dataset", "architectures",
            "activations", "seeds", "baseline", "points", "test_limit", "training", "probes");
    static final List<String> ARCH_KEYS = List.of("kind", "sizes", "dense");
    static final List<String> TRAIN_KEYS = List.of("optimizer", "learning_rate", "momentum", "epochs",
            "batch_size", "validation_size", "train_limit");
    static final List<String> PROBE_KEYS = List.of("l2", "learning_rate", "batch_size", "warm_epochs",
            "max_iterations", "grad_tolerance", "memory", "reduction", "seed", "solver", "sketch_rank");

    /** "training setting learning_rate = -1.0 is invalid; it must be > 0" from the settings records. */
    private static final Pattern SETTING_MESSAGE =
            Pattern.compile("(?:training|probe) setting (\\w+) = .*? is invalid; (.*)", Pattern.DOTALL);

    private static final ObjectMapper YAML = new ObjectMapper(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private final String source;

    private SpecParser(String source) {
        this.source = source;
    }

    /** Parses the spec file at {@code file}; messages name it as given. */
    public static ExperimentSpec parse(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new LayerprobeException(file + ": no such spec file (the shipped specs are in probes/)");
        } catch (IOException e) {
            throw new LayerprobeException(file + ": cannot read spec file: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses spec text; {@code sourceName} (usually the file name) prefixes every message. */
    public static ExperimentSpec parse(String yaml, String sourceName) {
        return new SpecParser(sourceName).spec(readTree(yaml, sourceName));
    }

    private static JsonNode readTree(String yaml, String sourceName) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            // SnakeYAML's message spans lines ("while parsing ...", " in 'reader', line 2 ...", "expected ...")
            String why = e.getOriginalMessage() == null ? "" : String.join("; ", e.getOriginalMessage().lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("in 'reader'")
                            && !l.startsWith("^")).limit(3).toList());
            throw new LayerprobeException(sourceName + ": invalid YAML" + where + ": " + why, e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new LayerprobeException(sourceName + ": the spec is empty; see probes/README.md for the keys");
        }
        if (!root.isObject()) {
            throw new LayerprobeException(sourceName + ": the spec must be a mapping of keys (name, dataset, ...)");
        }
        return root;
    }

    private ExperimentSpec spec(JsonNode root) {
        checkKeys(root, "", TOP_KEYS);
        String name = text(root, "name", null, true);
        String dataset = text(root, "dataset", null, true);
        if (dataset != null && !ExperimentSpec.DATASETS.contains(dataset)) {
            throw fail("dataset = '" + dataset + "' is unknown; valid choices: "
                    + String.join(", ", ExperimentSpec.DATASETS));
        }
        List<ArchitectureSpec> archs = list(root, "architectures", true, this::architecture);
        List<String> acts = list(root, "activations", true, (p, n) -> {
            String a = scalarText(n, p);
            return wrap(p + ": ", () -> Activations.get(a).name());
        });
        List<Long> seeds = root.has("seeds") && !root.get("seeds").isNull()
                ? list(root, "seeds", false, (p, n) -> integer(n, p)) : List.of(1L);
        List<String> points = list(root, "points", false, (p, n) -> scalarText(n, p));
        boolean baseline = bool(root, "baseline", true);
        int testLimit = int32Or(root, "test_limit", "", 0);
        TrainSettings training = training(child(root, "training"));
        ProbeSettings probes = probes(child(root, "probes"));
        return wrap("", () -> new ExperimentSpec(name, text(root, "title", name, false),
                text(root, "question", "", false), dataset, archs, acts, seeds, training, testLimit,
                probes, points, baseline));
    }

    private ArchitectureSpec architecture(String path, JsonNode n) {
        if (!n.isObject()) {
            throw fail(path + " = " + n + " is invalid; it must be a mapping such as {kind: mlp, sizes: [256, 128]}");
        }
        checkKeys(n, path + ".", ARCH_KEYS);
        if (!n.has("kind")) {
            throw fail(path + ".kind is missing; valid choices: " + String.join(", ", ArchitectureSpec.KINDS));
        }
        String kind = scalarText(n.get("kind"), path + ".kind");
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
        return settings(n, "training", () -> new TrainSettings(
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
        checkKeys(n, "probes.", PROBE_KEYS);
        String p = "probes.";
        List<Double> l2 = n.has("l2") && n.get("l2").isNumber()
                ? List.of(number(n, p, "l2", 0))
                : n.has("l2") ? list(n, "l2", false, (q, v) -> toDouble(v, p + q)) : d.l2Grid();
        long memory = present(n, "memory")
                ? wrap(p + "memory: ", () -> MemoryBudget.parse(n.get("memory").asText()))
                : d.memoryBudgetBytes();
        long seed = intOr(n, "seed", p, d.seed());
        FeatureReduction reduction = d.reduction();
        if (present(n, "reduction")) {
            FeatureReduction r = wrap(p + "reduction: ",
                    () -> FeatureReduction.parse(scalarText(n.get("reduction"), p + "reduction")));
            // the probe seed also picks random feature subsets, so one seed fixes a probe run
            reduction = new FeatureReduction(r.kind(), r.threshold(), r.size(), seed);
        }
        FeatureReduction red = reduction;
        ProbeSolver solver = present(n, "solver")
                ? wrap(p + "solver: ", () -> ProbeSolver.parse(scalarText(n.get("solver"), p + "solver")))
                : d.solver();
        return settings(n, "probes", () -> new ProbeSettings(l2,
                number(n, p, "learning_rate", d.learningRate()),
                int32Or(n, "batch_size", p, d.batchSize()),
                int32Or(n, "warm_epochs", p, d.warmEpochs()),
                int32Or(n, "max_iterations", p, d.maxIterations()),
                number(n, p, "grad_tolerance", d.gradTolerance()),
                memory, red, seed, solver, int32Or(n, "sketch_rank", p, d.sketchRank())));
    }

    /** Builds a settings record, rewriting its "x setting key = v is invalid" to name the file and key path. */
    private <T> T settings(JsonNode n, String section, Supplier<T> build) {
        try {
            return build.get();
        } catch (SpecError e) {
            throw e;
        } catch (LayerprobeException e) {
            Matcher m = SETTING_MESSAGE.matcher(e.getMessage());
            if (!m.matches()) {
                // e.g. "unknown optimizer 'rmsprop'; ...": name the key the message is about
                List<String> keys = section.equals("training") ? TRAIN_KEYS : PROBE_KEYS;
                String key = keys.stream().filter(e.getMessage()::contains).findFirst().orElse(null);
                throw new SpecError(source + ": " + section + (key == null ? "" : "." + key) + ": "
                        + e.getMessage(), e);
            }
            String key = m.group(1);
            String shown = present(n, key) ? show(n.get(key)) : "(default)";
            throw new SpecError(source + ": " + section + "." + key + " = " + shown
                    + " is invalid; " + m.group(2), e);
        }
    }

    private <T> T wrap(String prefix, Supplier<T> build) {
        try {
            return build.get();
        } catch (SpecError e) {
            throw e;
        } catch (LayerprobeException e) {
            throw new SpecError(source + ": " + prefix + e.getMessage(), e);
        }
    }

    // ---- keys ---------------------------------------------------------------------------------

    private void checkKeys(JsonNode map, String prefix, List<String> valid) {
        for (Iterator<String> it = map.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (valid.contains(key)) {
                continue;
            }
            String where = prefix.isEmpty() ? "at top level" : "in " + prefix.substring(0, prefix.length() - 1);
            String hint = nearest(key, valid);
            throw fail("unknown key '" + key + "' " + where + "; valid keys: " + String.join(", ", valid)
                    + (hint == null ? "" : "; did you mean '" + hint + "'?"));
        }
    }

    /** The valid key closest to {@code key} when it looks like a typo of it, else null. */
    static String nearest(String key, List<String> valid) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String k = key.toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        for (String v : valid) {
            int d = editDistance(k, v);
            if (d < bestDistance) {
                best = v;
                bestDistance = d;
            }
        }
        int allowed = Math.max(1, Math.min(3, key.length() / 3));
        return bestDistance <= allowed ? best : null;
    }

    /** Levenshtein distance. */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    // ---- typed values -------------------------------------------------------------------------

    private static boolean present(JsonNode map, String key) {
        return map.has(key) && !map.get(key).isNull();
    }

    private JsonNode child(JsonNode root, String key) {
        if (!present(root, key)) {
            return null;
        }
        JsonNode n = root.get(key);
        if (!n.isObject()) {
            throw fail(key + " = " + show(n) + " is invalid; it must be a mapping of keys (see probes/README.md)");
        }
        return n;
    }

    private String text(JsonNode map, String key, String fallback, boolean required) {
        if (!present(map, key)) {
            if (required) {
                throw fail("required key '" + key + "' is missing");
            }
            return fallback;
        }
        return scalarText(map.get(key), key);
    }

    private String scalarText(JsonNode n, String path) {
        if (n == null || !n.isValueNode() || n.isNull()) {
            throw fail(path + " = " + show(n) + " is invalid; it must be a single value");
        }
        return n.asText().strip();
    }

    private boolean bool(JsonNode map, String key, boolean fallback) {
        if (!present(map, key)) {
            return fallback;
        }
        JsonNode n = map.get(key);
        if (!n.isBoolean()) {
            throw fail(key + " = " + show(n) + " is invalid; it must be true or false");
        }
        return n.booleanValue();
    }

    private long intOr(JsonNode map, String key, String prefix, long fallback) {
        return present(map, key) ? integer(map.get(key), prefix + key) : fallback;
    }

    /**
     * An integer setting held in an {@code int}: out-of-range values are an error, not a silent
     * wrap (4294967297 once ran as 1 epoch).
     */
    private int int32Or(JsonNode map, String key, String prefix, int fallback) {
        return present(map, key) ? int32(map.get(key), prefix + key) : fallback;
    }

    private int int32(JsonNode n, String path) {
        long v = integer(n, path);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw fail(path + " = " + show(n) + " is out of range; it must be at most " + Integer.MAX_VALUE
                    + " (and realistic for the data)");
        }
        return (int) v;
    }

    private long integer(JsonNode n, String path) {
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        if (n.isNumber() && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e15) {
            return (long) n.doubleValue();
        }
        if (n.isTextual()) {
            try {
                return Long.parseLong(n.textValue().strip());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw fail(path + " = " + show(n) + " is invalid; it must be an integer");
    }

    private double number(JsonNode map, String prefix, String key, double fallback) {
        return present(map, key) ? toDouble(map.get(key), prefix + key) : fallback;
    }

    private double toDouble(JsonNode n, String path) {
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) { // YAML 1.1 reads 1e-3 (no dot) as text
            try {
                return Double.parseDouble(n.textValue().strip());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw fail(path + " = " + show(n) + " is invalid; it must be a number");
    }

    /** A list under {@code key}; a single scalar counts as a one-element list. */
    private <T> List<T> list(JsonNode map, String key, boolean required, Element<T> element) {
        if (!present(map, key)) {
            if (required) {
                throw fail("required key '" + key + "' is missing");
            }
            return List.of();
        }
        JsonNode n = map.get(key);
        List<T> out = new ArrayList<>();
        if (!n.isArray()) {
            out.add(element.read(key, n));
            return out;
        }
        for (int i = 0; i < n.size(); i++) {
            out.add(element.read(key + "[" + i + "]", n.get(i)));
        }
        if (required && out.isEmpty()) {
            throw fail(key + " is empty; list at least one");
        }
        return out;
    }

    private interface Element<T> {
        T read(String path, JsonNode node);
    }

    private static String show(JsonNode n) {
        if (n == null) {
            return "(nothing)";
        }
        return n.isTextual() ? "'" + n.textValue() + "'" : n.toString();
    }

    private LayerprobeException fail(String message) {
        return new SpecError(source + ": " + message, null);
    }

    /** A message already prefixed with the file and key path; never prefixed again. */
    private static final class SpecError extends LayerprobeException {
        private static final long serialVersionUID = 1L;

        SpecError(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
