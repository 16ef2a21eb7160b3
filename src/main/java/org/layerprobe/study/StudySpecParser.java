package org.layerprobe.study;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.layerprobe.LayerprobeException;
import org.layerprobe.data.fetch.DatasetId;
import org.layerprobe.metrics.ReluSums;
import org.layerprobe.spec.SpecReader;

/**
 * Reads a study spec: a YAML mapping with a top-level {@code study:} key, through the project's one
 * strict {@link SpecReader} (the same checks, messages and did-you-mean as experiment specs).
 */
final class StudySpecParser extends SpecReader {

    private static final Map<String, List<String>> KEYS = Map.of(
            "xor", List.of("study", "name", "seed", "restarts", "steps", "learning_rate"),
            "linear-collapse",
                    List.of(
                            "study",
                            "name",
                            "dataset",
                            "widths",
                            "train_limit",
                            "validation_size",
                            "test_limit",
                            "epochs",
                            "max_passes",
                            "seed"),
            "relu-sums", List.of("study", "name", "ks"));

    private StudySpecParser(String source) {
        super(source);
    }

    static StudySpec parse(Path file) {
        // readTree refuses anything but a mapping.
        return parse(readTree(readFile(file), file.toString()), file);
    }

    /** A study from the already read YAML root of {@code file}. */
    static StudySpec parse(JsonNode root, Path file) {
        if (!root.has("study")) {
            throw new LayerprobeException(file + ": not a study spec (no top-level 'study:' key; valid" + " studies: "
                    + String.join(", ", StudySpec.KINDS) + ")");
        }
        return new StudySpecParser(file.toString()).spec(root, defaultName(file));
    }

    static StudySpec parse(String yaml, String sourceName) {
        return new StudySpecParser(sourceName).spec(readTree(yaml, sourceName), null);
    }

    private static String defaultName(Path file) {
        String f = file.getFileName().toString();
        return f.replaceFirst("\\.ya?ml$", "");
    }

    private StudySpec spec(JsonNode root, String fileName) {
        String kind = text(root, "study", null, true);
        if (!KEYS.containsKey(kind)) {
            throw fail("study = '" + kind + "' is unknown; valid choices: " + String.join(", ", StudySpec.KINDS));
        }
        renamed(root, "", "max_iterations", "max_passes");
        checkKeys(root, "", KEYS.get(kind));
        String name = text(root, "name", fileName == null ? kind : fileName, false);
        if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
            throw fail("name = '" + name + "' is invalid; it must start with a letter or digit and contain only"
                    + " [a-z0-9._-] (it names the output folder, so '.' and '..' are refused)");
        }
        return switch (kind) {
            case "xor" ->
                wrap(
                        "",
                        () -> new StudySpec.Xor(
                                name,
                                intOr(root, "seed", "", 1),
                                int32Or(root, "restarts", "", 20),
                                int32Or(root, "steps", "", 2000),
                                number(root, "", "learning_rate", 0.05)));
            case "linear-collapse" -> {
                String dataset = text(root, "dataset", "mnist", false);
                if (!DatasetId.isKnown(dataset)) {
                    throw fail("dataset = '" + dataset + "' is unknown; valid choices: " + DatasetId.names());
                }
                yield wrap(
                        "",
                        () -> new StudySpec.LinearCollapse(
                                name,
                                dataset,
                                ints(root, "widths", List.of(64, 64, 64, 64)),
                                int32Or(root, "train_limit", "", 6000),
                                int32Or(root, "validation_size", "", 1000),
                                int32Or(root, "test_limit", "", 1000),
                                int32Or(root, "epochs", "", 1),
                                int32Or(root, "max_passes", "", 60),
                                intOr(root, "seed", "", 1)));
            }
            case "relu-sums" -> wrap("", () -> new StudySpec.ReluSums(name, ints(root, "ks", ReluSums.DEFAULT_KS)));
            default -> throw new IllegalStateException(kind);
        };
    }

    private List<Integer> ints(JsonNode root, String key, List<Integer> fallback) {
        return present(root, key) ? list(root, key, false, (path, n) -> int32(n, path)) : fallback;
    }
}
