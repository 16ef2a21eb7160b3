package org.layerprobe.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.layerprobe.LayerprobeException;

/** Reads a study spec: a YAML mapping with a top-level {@code study:} key; every other key is checked. */
final class StudySpecParser {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Map<String, List<String>> KEYS = Map.of(
            "xor", List.of("study", "name", "seed", "restarts", "steps", "learning_rate"),
            "linear-collapse", List.of("study", "name", "dataset", "widths", "train_limit",
                    "validation_size", "test_limit", "epochs", "max_iterations", "seed"),
            "relu-sums", List.of("study", "name", "ks"));

    private static final List<String> DATASETS = List.of("mnist", "fashion-mnist");

    private final String source;
    private final JsonNode root;

    private StudySpecParser(String source, JsonNode root) {
        this.source = source;
        this.root = root;
    }

    /** The YAML root of {@code file}, or null when it is not a mapping. */
    static JsonNode read(Path file) {
        try {
            JsonNode n = YAML.readTree(Files.readString(file));
            return n != null && n.isObject() ? n : null;
        } catch (JsonProcessingException e) {
            throw new LayerprobeException(file + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new LayerprobeException("cannot read " + file + ": " + e.getMessage());
        }
    }

    static StudySpec parse(Path file) {
        JsonNode root = read(file);
        if (root == null || !root.has("study")) {
            throw new LayerprobeException(file + ": not a study spec (no top-level 'study:' key; valid"
                    + " studies: " + String.join(", ", StudySpec.KINDS) + ")");
        }
        return parse(root, file.toString(), defaultName(file));
    }

    static StudySpec parse(String yaml, String sourceName) {
        try {
            JsonNode root = YAML.readTree(yaml);
            if (root == null || !root.isObject()) {
                throw new LayerprobeException(sourceName + ": a study spec must be a YAML mapping");
            }
            return parse(root, sourceName, null);
        } catch (JsonProcessingException e) {
            throw new LayerprobeException(sourceName + ": not valid YAML: " + e.getOriginalMessage());
        }
    }

    private static String defaultName(Path file) {
        String f = file.getFileName().toString();
        return f.replaceFirst("\\.ya?ml$", "");
    }

    private static StudySpec parse(JsonNode root, String source, String fileName) {
        StudySpecParser p = new StudySpecParser(source, root);
        String kind = p.text("study", null);
        if (!KEYS.containsKey(kind)) {
            throw p.bad("study", kind, "one of " + String.join(", ", StudySpec.KINDS));
        }
        p.checkKeys(KEYS.get(kind));
        String name = p.text("name", fileName == null ? kind : fileName);
        if (!name.matches("[a-z0-9._-]+")) {
            throw p.bad("name", name, "made of [a-z0-9._-]");
        }
        return switch (kind) {
            case "xor" -> p.wrap(() -> new StudySpec.Xor(name, p.integer("seed", 1), (int) p.integer("restarts", 20),
                    (int) p.integer("steps", 2000), p.number("learning_rate", 0.05)));
            case "linear-collapse" -> {
                String dataset = p.text("dataset", "mnist");
                if (!DATASETS.contains(dataset)) {
                    throw p.bad("dataset", dataset, "one of " + String.join(", ", DATASETS));
                }
                yield p.wrap(() -> new StudySpec.LinearCollapse(name, dataset,
                        p.ints("widths", List.of(64, 64, 64, 64)), (int) p.integer("train_limit", 6000),
                        (int) p.integer("validation_size", 1000), (int) p.integer("test_limit", 1000),
                        (int) p.integer("epochs", 1), (int) p.integer("max_iterations", 60),
                        p.integer("seed", 1)));
            }
            case "relu-sums" -> p.wrap(() -> new StudySpec.ReluSums(name,
                    p.ints("ks", org.layerprobe.metrics.ReluSums.DEFAULT_KS)));
            default -> throw new IllegalStateException(kind);
        };
    }

    private void checkKeys(List<String> valid) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!valid.contains(key)) {
                throw new LayerprobeException(source + ": unknown key '" + key + "' for study "
                        + root.get("study").asText() + "; valid keys: " + String.join(", ", valid));
            }
        }
    }

    private LayerprobeException bad(String key, Object value, String rule) {
        return new LayerprobeException(source + ": " + key + " = " + value + " is invalid; it must be " + rule);
    }

    private StudySpec wrap(Supplier<StudySpec> build) {
        try {
            return build.get();
        } catch (LayerprobeException e) {
            if (e.getMessage().startsWith(source)) {
                throw e;
            }
            throw new LayerprobeException(source + ": " + e.getMessage(), e);
        }
    }

    private String text(String key, String fallback) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            if (fallback == null) {
                throw bad(key, "(missing)", "given");
            }
            return fallback;
        }
        if (!n.isValueNode()) {
            throw bad(key, n, "a single value");
        }
        return n.asText().trim();
    }

    private long integer(String key, long fallback) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        return integer(n, key);
    }

    private long integer(JsonNode n, String key) {
        if (!n.isIntegralNumber()) {
            throw bad(key, n, "a whole number");
        }
        return n.asLong();
    }

    private double number(String key, double fallback) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber()) {
            throw bad(key, n, "a number");
        }
        return n.asDouble();
    }

    private List<Integer> ints(String key, List<Integer> fallback) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isArray()) {
            throw bad(key, n, "a list of whole numbers, e.g. [1, 2, 4]");
        }
        List<Integer> out = new ArrayList<>();
        for (JsonNode e : n) {
            out.add((int) integer(e, key));
        }
        return out;
    }
}
