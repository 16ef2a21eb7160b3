package org.layerprobe.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.layerprobe.LayerprobeException;
import org.layerprobe.report.page.AppendixItem;

/**
 * Writes and reads {@code manifest.json}: the caller's provenance verbatim under
 * {@code provenance}, and under {@code report} everything needed to re-render the page from the
 * stored rows (name, question, description, setup, appendix) without re-running anything.
 */
public final class ManifestJson {

    /** Manifest format tag; bump when a reader could no longer understand an older file. */
    public static final String FORMAT = "layerprobe-report/1";

    public static final String FILE_NAME = "manifest.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestJson() {}

    /**
     * The manifest text for {@code ctx}; appendix image paths must already be relative to the
     * report directory. {@code files} lists the files the report directory holds.
     */
    public static String render(ReportContext ctx, List<String> files) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        ObjectNode report = root.putObject("report");
        report.put("name", ctx.name());
        report.put("title", ctx.title());
        report.put("description", ctx.description());
        ObjectNode setup = report.putObject("setup");
        ctx.setup().forEach(setup::put);
        ArrayNode appendix = report.putArray("appendix");
        for (AppendixItem item : ctx.appendix()) {
            ObjectNode node = appendix.addObject();
            if (item instanceof AppendixItem.Html html) {
                node.put("type", "html").put("title", html.title()).put("html", html.html());
            } else if (item instanceof AppendixItem.Image image) {
                if (image.file().isAbsolute()) {
                    throw new IllegalArgumentException("appendix image paths in the manifest must"
                            + " be relative to the report directory: " + image.file());
                }
                node.put("type", "image")
                        .put("title", image.title())
                        .put("file", image.file().toString().replace('\\', '/'))
                        .put("caption", image.caption());
            }
        }
        ArrayNode fileList = report.putArray("files");
        files.forEach(fileList::add);
        root.set("provenance", tree(ctx.provenance(), "the report's provenance"));
        return pretty(root);
    }

    /**
     * The files the manifest in {@code dir} lists (relative paths), or none when there is no
     * readable manifest.
     */
    public static Set<String> listedFiles(Path dir) {
        Path f = dir.resolve(FILE_NAME);
        Set<String> files = new TreeSet<>();
        if (!Files.isRegularFile(f)) {
            return files;
        }
        try {
            MAPPER.readTree(f.toFile()).path("report").path("files").forEach(n -> files.add(n.asText()));
        } catch (IOException | RuntimeException e) {
            files.clear(); // an unreadable manifest names nothing to remove
        }
        return files;
    }

    /** Any value as pretty JSON, failing with a {@link LayerprobeException} that says why. */
    public static String pretty(Object value) {
        try {
            return MAPPER.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw unserialisable("a manifest value", e);
        }
    }

    /** Reads the context stored by {@link #render}; appendix images resolve against {@code dir}. */
    public static ReportContext read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw LayerprobeException.withFix(
                    "no " + FILE_NAME + " in " + dir,
                    "pass a report directory written by layerprobe (it holds separability.csv and " + FILE_NAME + ")");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw LayerprobeException.withFix(
                    "cannot parse " + file + ": " + e.getMessage(),
                    "restore the file, or re-run the experiment to write a new report");
        }
        String format = root.path("format").asText("");
        if (!FORMAT.equals(format)) {
            throw LayerprobeException.withFix(
                    file + " has format '" + format + "', this layerprobe reads " + FORMAT,
                    "re-render it with the layerprobe version that wrote it, or re-run the experiment");
        }
        JsonNode report = root.path("report");
        Map<String, String> setup = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = report.path("setup").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            setup.put(e.getKey(), e.getValue().asText());
        }
        List<AppendixItem> appendix = new ArrayList<>();
        for (JsonNode node : report.path("appendix")) {
            String type = node.path("type").asText();
            String title = node.path("title").asText();
            switch (type) {
                case "html" ->
                    appendix.add(new AppendixItem.Html(title, node.path("html").asText()));
                case "image" ->
                    appendix.add(new AppendixItem.Image(
                            title,
                            dir.resolve(node.path("file").asText()),
                            node.path("caption").asText()));
                default ->
                    throw LayerprobeException.withFix(
                            file + ": appendix entry '" + title + "' has unknown type '" + type + "'",
                            "use type html or image");
            }
        }
        JsonNode provenance = root.path("provenance");
        return new ReportContext(
                report.path("name").asText(dir.getFileName().toString()),
                report.path("title").asText(""),
                report.path("description").asText(""),
                setup,
                provenance.isMissingNode() ? null : provenance,
                appendix);
    }

    private static JsonNode tree(Object value, String what) {
        try {
            return MAPPER.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw unserialisable(what, e);
        }
    }

    private static LayerprobeException unserialisable(String what, Exception e) {
        return LayerprobeException.withFix(
                what + " cannot be written as JSON: " + e.getMessage(),
                "pass maps, lists, records, strings and numbers (e.g. times as ISO strings)");
    }
}
