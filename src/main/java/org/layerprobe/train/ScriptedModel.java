package org.layerprobe.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.layerprobe.LayerprobeException;
import org.layerprobe.Sha256;
import org.layerprobe.data.BatchIterator;
import org.layerprobe.data.DataSplits;
import org.layerprobe.hooks.ScriptedForward;
import org.layerprobe.nets.Network;

/**
 * A network trained in PyTorch, exported by {@code scripts/torchscript_export.py} as a TorchScript
 * file and a sidecar JSON beside it ({@code model.pt} and {@code model.json}). The sidecar states
 * what cannot be read from the file and must hold before any probing: the input shape, the
 * normalisation the model was trained with, the class count, and the states its method returns.
 *
 * @param file the TorchScript file
 * @param sha256 SHA-256 of the file's bytes (in the run key: other weights never reuse rows)
 * @param sidecarSha256 SHA-256 of the sidecar's bytes
 * @param name the model's name (tables and file names)
 * @param method the method returning the states by name
 * @param inputShape one sample's shape, channels first
 * @param mean per-channel mean subtracted from [0, 1] pixels
 * @param std per-channel divisor after the mean
 * @param classes outputs of the logits
 * @param points the states the method returns, forward order, {@code input} first, {@code logits} last
 * @param recorded what the exporter recorded (accuracy, data): shown, never trusted
 */
public record ScriptedModel(
        @JsonIgnore Path file,
        String sha256,
        String sidecarSha256,
        String name,
        String method,
        long[] inputShape,
        float[] mean,
        float[] std,
        int classes,
        List<String> points,
        Map<String, Object> recorded)
        implements Pretrained {

    public static final String FORMAT = "layerprobe-torchscript";
    public static final int FORMAT_VERSION = 1;
    /** What the network is called in rows where a trained one names its activation. */
    public static final String KIND = "torchscript";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,47}");
    private static final Pattern POINT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXPORT =
            "export the model with scripts/torchscript_export.py, which writes the" + " file and its sidecar together";

    /** The sidecar of a TorchScript file: the same path with {@code .json} for its extension. */
    public static Path sidecarOf(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? n.substring(0, dot) : n) + ".json");
    }

    /** The file and its sidecar, checked against each other as far as reading allows (not yet loaded). */
    public static ScriptedModel read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw LayerprobeException.withFix(
                    file + " is not a file; a TorchScript model is one file (model.pt) with its sidecar"
                            + " (model.json)",
                    EXPORT);
        }
        Path sidecar = sidecarOf(file);
        if (!Files.isRegularFile(sidecar)) {
            throw LayerprobeException.withFix(
                    file + " has no sidecar " + sidecar.getFileName() + " beside it: layerprobe needs the input"
                            + " shape, normalisation, classes and state names it states",
                    EXPORT);
        }
        JsonNode d;
        try {
            d = JSON.readTree(sidecar.toFile());
        } catch (IOException e) {
            throw LayerprobeException.withFix(sidecar + " is not valid JSON: " + e.getMessage(), EXPORT);
        }
        String where = sidecar + ": ";
        if (d == null || !d.isObject() || !FORMAT.equals(d.path("format").asText())) {
            throw LayerprobeException.withFix(
                    where + "not a layerprobe TorchScript sidecar (no \"format\": \"" + FORMAT + "\")", EXPORT);
        }
        if (d.path("format_version").asInt() != FORMAT_VERSION) {
            throw LayerprobeException.withFix(
                    where + "format_version " + d.path("format_version") + "; this layerprobe reads " + FORMAT_VERSION,
                    EXPORT);
        }
        JsonNode norm = d.get("normalisation");
        if (norm == null || !norm.isObject() || !norm.has("mean") || !norm.has("std")) {
            throw LayerprobeException.withFix(
                    where + "no normalisation: layerprobe hands the model (pixel - mean) / std for pixels in"
                            + " [0, 1], and probes on other inputs than the model was trained on would measure"
                            + " something else",
                    "state the mean and std the model was trained with, one per channel: \"normalisation\":"
                            + " {\"mean\": [0.1307], \"std\": [0.3081]} (MNIST's usual one), or {\"mean\": [0],"
                            + " \"std\": [1]} for a model that takes raw [0, 1] pixels");
        }
        long[] shape = longs(d.get("input_shape"), where + "input_shape");
        if (shape.length < 1 || Arrays.stream(shape).anyMatch(s -> s < 1)) {
            throw new LayerprobeException(where + "input_shape " + Arrays.toString(shape)
                    + " is invalid; give one sample's shape, channels first, e.g. [1, 28, 28]");
        }
        float[] mean = floats(norm.get("mean"), where + "normalisation.mean");
        float[] std = floats(norm.get("std"), where + "normalisation.std");
        if (mean.length != shape[0] || std.length != shape[0]) {
            throw new LayerprobeException(where + "normalisation needs one mean and one std per channel (" + shape[0]
                    + "), got " + mean.length + " and " + std.length);
        }
        for (int i = 0; i < std.length; i++) {
            if (!(std[i] > 0) || !Float.isFinite(std[i]) || !Float.isFinite(mean[i])) {
                throw new LayerprobeException(where + "normalisation needs finite means and positive stds, got mean "
                        + Arrays.toString(mean) + ", std " + Arrays.toString(std));
            }
        }
        int classes = d.path("classes").asInt(0);
        if (classes < 2) {
            throw new LayerprobeException(where + "classes is " + d.path("classes") + "; it must be at least 2");
        }
        String name = d.path("name").asText("").toLowerCase(Locale.ROOT);
        if (!NAME.matcher(name).matches()) {
            throw new LayerprobeException(where + "name '" + d.path("name").asText() + "' is invalid: it goes into"
                    + " file names, so use 1 to 48 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String method = d.path("method").asText("probe_points");
        List<String> points = points(d.get("points"), where);
        Map<String, Object> recorded = d.has("recorded")
                ? JSON.convertValue(
                        d.get("recorded"),
                        JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class))
                : Map.of();
        try {
            return new ScriptedModel(
                    file.toAbsolutePath().normalize(),
                    Sha256.of(file),
                    Sha256.of(sidecar),
                    name,
                    method,
                    shape,
                    mean,
                    std,
                    classes,
                    points,
                    recorded);
        } catch (IOException e) {
            throw new LayerprobeException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static List<String> points(JsonNode n, String where) {
        if (n == null || !n.isArray() || n.size() < 2) {
            throw LayerprobeException.withFix(
                    where + "points must list the states the method returns, from input to logits", EXPORT);
        }
        List<String> points = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode p : n) {
            String s = p.asText();
            if (!p.isTextual() || !POINT.matcher(s).matches()) {
                throw new LayerprobeException(where + "point " + p + " is not a usable name (letters, digits, '_',"
                        + " '.', '-'; it goes into tables and file names)");
            }
            if (!seen.add(s)) {
                throw new LayerprobeException(where + "points lists '" + s + "' twice");
            }
            points.add(s);
        }
        if (!points.get(0).equals(Network.INPUT)
                || !points.get(points.size() - 1).equals(Network.LOGITS)) {
            throw LayerprobeException.withFix(
                    where + "points must start with " + Network.INPUT + " and end with " + Network.LOGITS + ", got "
                            + points,
                    EXPORT);
        }
        return List.copyOf(points);
    }

    private static long[] longs(JsonNode n, String what) {
        if (n == null || !n.isArray()) {
            throw LayerprobeException.withFix(what + " is missing; give a list of integers, e.g. [1, 28, 28]", EXPORT);
        }
        long[] out = new long[n.size()];
        for (int i = 0; i < out.length; i++) {
            if (!n.get(i).canConvertToLong() || !n.get(i).isIntegralNumber()) {
                throw new LayerprobeException(what + " holds " + n.get(i) + "; give integers");
            }
            out[i] = n.get(i).asLong();
        }
        return out;
    }

    private static float[] floats(JsonNode n, String what) {
        if (n == null || !n.isArray()) {
            throw new LayerprobeException(what + " is missing; give one number per channel, e.g. [0.1307]");
        }
        float[] out = new float[n.size()];
        for (int i = 0; i < out.length; i++) {
            if (!n.get(i).isNumber()) {
                throw new LayerprobeException(what + " holds " + n.get(i) + "; give numbers");
            }
            out[i] = (float) n.get(i).asDouble();
        }
        return out;
    }

    @Override
    public Path location() {
        return file;
    }

    /** The file name, e.g. {@code mnist-cnn.pt}, as manifests show it (a full path is machine-specific). */
    public String fileName() {
        return file.getFileName().toString();
    }

    /** Refuses data whose samples or classes differ from what the sidecar states. */
    public void requireFits(DataSplits data) {
        long[] sample = data.train().sampleShape();
        if (!Arrays.equals(sample, inputShape)) {
            throw LayerprobeException.withFix(
                    file + " takes samples of shape " + Arrays.toString(inputShape) + " (its sidecar), but "
                            + data.name() + " has " + Arrays.toString(sample),
                    "probe it on data of its input shape (an image folder can be resized with --image-size and"
                            + " --resize)");
        }
        if (data.train().numClasses() != classes) {
            throw LayerprobeException.withFix(
                    file + " has " + classes + " classes (its sidecar), but " + data.name() + " has "
                            + data.train().numClasses(),
                    "probe it on data with the classes it was trained on");
        }
    }

    /**
     * Loads the module and checks it on two real samples: every point of the sidecar is returned,
     * with the batch on its first axis, and the logits have one score per class. The caller closes it.
     */
    public ScriptedForward open(DataSplits data) {
        requireFits(data);
        ScriptedForward forward = ScriptedForward.load(file, method, points, mean, std);
        try (NDManager m = NDManager.newBaseManager()) {
            int n = Math.min(2, data.train().size());
            NDArray x = BatchIterator.sequential(data.train().head(n), n).features(m, 0);
            NDArray logits = forward.run(m, x, new HashSet<>(points)).get(Network.LOGITS);
            if (logits.getShape().dimension() != 2 || logits.getShape().get(1) != classes) {
                throw LayerprobeException.withFix(
                        file + " returns logits of shape " + logits.getShape() + " for " + n + " images; its sidecar"
                                + " states " + classes + " classes, so they should be (" + n + ", " + classes + ")",
                        EXPORT);
            }
            return forward;
        } catch (RuntimeException e) {
            forward.close();
            throw e;
        }
    }

    /** The accuracy the exporter recorded, if it did (shown beside the measured one, never used for it). */
    public String recordedNote() {
        if (recorded.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        recorded.forEach((k, v) -> parts.add(k + " " + v));
        return "recorded at export: " + String.join(", ", parts);
    }

    /** One line for a report's setup. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "%s = TorchScript %s (SHA-256 %s...), states %s; input (pixel - %s) / %s%s",
                name,
                fileName(),
                sha256.substring(0, 12),
                String.join(", ", points),
                Arrays.toString(mean),
                Arrays.toString(std),
                recorded.isEmpty() ? "" : "; " + recordedNote());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScriptedModel s && s.sha256.equals(sha256) && s.sidecarSha256.equals(sidecarSha256);
    }

    @Override
    public int hashCode() {
        return sha256.hashCode() * 31 + sidecarSha256.hashCode();
    }

    @Override
    public String toString() {
        return "ScriptedModel[" + file + "]";
    }
}
