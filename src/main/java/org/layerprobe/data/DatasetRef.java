package org.layerprobe.data;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.layerprobe.LayerprobeException;
import org.layerprobe.data.fetch.DatasetId;

/**
 * The data a spec or a command names: one of the fetched datasets ({@code mnist}, {@code
 * fashion-mnist}) or a directory of the user's own.
 */
public sealed interface DatasetRef permits DatasetRef.Known, DatasetRef.Directory {

    /** The name rows, tables and cached models carry. */
    String name();

    /** What names the data in a manifest, beside its identity hashes. */
    Map<String, Object> describe();

    /** How a spec is written into a manifest: a fetched set by name, a directory by its settings. */
    @JsonValue
    default Object json() {
        return this instanceof Known ? name() : describe();
    }

    /** A fetched dataset, by its id. */
    record Known(DatasetId id) implements DatasetRef {
        @Override
        public String name() {
            return id.id();
        }

        @Override
        public Map<String, Object> describe() {
            return Map.of("name", id.id(), "source", id.source().describe());
        }
    }

    /**
     * A directory of the user's.
     *
     * @param name the name in rows and tables (default: the folder's name)
     * @param path the directory, absolute
     * @param format how it stores images; null: detected when loaded
     * @param image how an image folder's images become tensors
     * @param testFraction the share of an image folder held out for testing when it has no test/ folder
     * @param classes the number of classes of an IDX set (0: the largest label + 1)
     */
    record Directory(String name, Path path, DatasetFormat format, ImageOptions image, double testFraction, int classes)
            implements DatasetRef {

        /** A dataset name is a file-name-safe token: it goes into model-cache and report file names. */
        public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

        public static final double DEFAULT_TEST_FRACTION = 0.2;

        public Directory {
            path = path.toAbsolutePath().normalize();
            if (name == null || name.isBlank()) {
                name = slug(
                        path.getFileName() == null ? "data" : path.getFileName().toString());
            }
            if (!NAME.matcher(name).matches()) {
                throw new LayerprobeException("dataset name '" + name + "' is invalid; use 1-64 characters of"
                        + " [a-z0-9._-], starting with a letter or digit");
            }
            if (DatasetId.isKnown(name)) {
                throw LayerprobeException.withFix(
                        "the directory " + path + " would be called '" + name + "', the name of a fetched dataset,"
                                + " and its rows would read as that dataset's",
                        "give it another name (dataset: {path: ..., name: my-" + name + "})");
            }
            image = image == null ? ImageOptions.DETECT : image;
            if (!(testFraction > 0 && testFraction < 1)) {
                throw new LayerprobeException(
                        "test_fraction = " + testFraction + " is invalid; it must be between 0 and 1, e.g. 0.2");
            }
            if (classes < 0 || classes == 1 || classes > 256) {
                throw new LayerprobeException(
                        "classes = " + classes + " is invalid; use 2 to 256, or 0 to count" + " them from the labels");
            }
        }

        /** A directory with everything detected. */
        public static Directory at(Path path) {
            return new Directory(null, path, null, ImageOptions.DETECT, DEFAULT_TEST_FRACTION, 0);
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("path", path.toString());
            m.put("format", format == null ? "detected" : format.label());
            m.put("image_height", image.height());
            m.put("image_width", image.width());
            m.put("channels", image.channels());
            m.put("resize", image.resize());
            m.put("test_fraction", testFraction);
            m.put("classes", classes);
            return m;
        }

        private static String slug(String folder) {
            String s = folder.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
            s = s.replaceAll("^[^a-z0-9]+", "");
            s = s.length() > 64 ? s.substring(0, 64) : s;
            return s.isEmpty() ? "data" : s;
        }
    }

    /** The reference {@link #json()} wrote (a saved model's record of its data). */
    static DatasetRef fromJson(JsonNode n) {
        if (n.isTextual()) {
            return new Known(DatasetId.of(n.asText()));
        }
        String format = n.path("format").asText("detected");
        return new Directory(
                n.path("name").asText(null),
                Path.of(n.path("path").asText()),
                format.equals("detected") ? null : DatasetFormat.parse(format),
                new ImageOptions(
                        n.path("image_height").asInt(0),
                        n.path("image_width").asInt(0),
                        n.path("channels").asInt(0),
                        n.path("resize").asBoolean(false)),
                n.path("test_fraction").asDouble(Directory.DEFAULT_TEST_FRACTION),
                n.path("classes").asInt(0));
    }

    /**
     * A fetched dataset by name, or a directory when {@code text} is a path (it contains a slash or
     * names an existing directory) rather than a dataset name.
     */
    static DatasetRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw new LayerprobeException("no dataset given; name one of " + DatasetId.names() + " or a directory");
        }
        if (DatasetId.isKnown(text)) {
            return new Known(DatasetId.of(text));
        }
        if (text.contains("/") || Files.isDirectory(Path.of(text))) {
            return Directory.at(Path.of(text));
        }
        throw LayerprobeException.withFix(
                "dataset '" + text + "' is neither a known dataset nor a directory here",
                "name one of " + DatasetId.names() + ", or give a directory's path (e.g. ./my-images)");
    }
}
