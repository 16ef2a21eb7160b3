package org.layerprobe.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.layerprobe.nets.Layer;
import org.layerprobe.spec.SpecReader;

/**
 * Reads a spec's {@code layers:} list. Each entry is a layer's name alone ({@code act},
 * {@code flatten}, {@code batch_norm}, {@code global_avg_pool}) or a one-key mapping from the name
 * to its settings ({@code conv: {channels: 16, kernel: 3, padding: same}}, {@code dense: 64},
 * {@code pool: avg}, {@code act: tanh}, {@code dropout: 0.5}, {@code residual: {layers: [...]}}),
 * or {@code repeat: {times: N, layers: [...]}}, which stands for its layers N times over.
 * Every message names the entry's full key path and the valid choices.
 */
final class LayerListParser extends SpecReader {

    static final List<String> TYPES = List.of(
            "conv",
            "pool",
            "global_avg_pool",
            "batch_norm",
            "dropout",
            "flatten",
            "dense",
            "act",
            "residual",
            "repeat");
    static final List<String> CONV_KEYS = List.of("channels", "kernel", "stride", "padding");
    static final List<String> POOL_KEYS = List.of("mode", "size", "stride");
    static final List<String> RESIDUAL_KEYS = List.of("layers", "projection");
    static final List<String> REPEAT_KEYS = List.of("times", "layers");
    /** A bound on a typo's reach (times: 10000000), not on depth: memory and time bound that. */
    static final int MAX_REPEAT = 4096;
    /** Other spellings a reader may reach for. */
    private static final Map<String, String> ALIASES = Map.of(
            "gap", "global_avg_pool",
            "bn", "batch_norm",
            "batchnorm", "batch_norm",
            "linear", "dense",
            "activation", "act",
            "res", "residual");

    LayerListParser(String source) {
        super(source);
    }

    List<Layer> layers(JsonNode list, String path) {
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw fail(
                    path + " = " + show(list) + " is invalid; it must be a non-empty list of layers, e.g."
                            + " [{conv: {channels: 8, kernel: 3, padding: same}}, act, {pool: avg}, flatten, {dense: 32}, act]");
        }
        List<Layer> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            String at = path + "[" + i + "]";
            if (n.isObject() && n.size() == 1 && n.has("repeat")) {
                out.addAll(repeat(n.get("repeat"), at + ".repeat"));
            } else {
                out.add(layer(n, at));
            }
        }
        return out;
    }

    /**
     * {@code {repeat: {times: N, layers: [...]}}}: the layers N times over, in place. Deep networks
     * are written as they are meant (64 dense layers of 128 units) instead of by copying lines.
     */
    private List<Layer> repeat(JsonNode s, String at) {
        if (s == null || !s.isObject()) {
            throw fail(at + " = " + show(s) + " is invalid; write {repeat: {times: 64, layers: [{dense: 128}, act]}}");
        }
        checkKeys(s, at + ".", REPEAT_KEYS);
        if (!present(s, "times")) {
            throw fail(at + ".times is missing: how many times the layers repeat, e.g. {times: 64, layers: [...]}");
        }
        int times = int32(s.get("times"), at + ".times");
        if (times < 1 || times > MAX_REPEAT) {
            throw fail(at + ".times = " + times + " is invalid; give 1 to " + MAX_REPEAT);
        }
        List<Layer> body = layers(s.get("layers"), at + ".layers");
        List<Layer> out = new ArrayList<>();
        for (int t = 0; t < times; t++) {
            out.addAll(body);
        }
        return out;
    }

    private Layer layer(JsonNode n, String path) {
        String type;
        JsonNode settings;
        if (n.isTextual()) {
            type = n.textValue().strip();
            settings = null;
        } else if (n.isObject() && n.size() == 1) {
            type = n.fieldNames().next();
            settings = n.get(type);
            settings = settings.isNull() ? null : settings;
        } else {
            throw fail(path + " = " + show(n) + " is invalid; a layer is a name (act, flatten, ...) or a mapping with"
                    + " one key, its name, e.g. {dense: 64}; layer names: " + String.join(", ", TYPES));
        }
        type = ALIASES.getOrDefault(type, type);
        if (!TYPES.contains(type)) {
            String hint = nearest(type, TYPES);
            throw fail(path + ": unknown layer '" + type + "'; layer names: " + String.join(", ", TYPES)
                    + (hint == null ? "" : "; did you mean '" + hint + "'?"));
        }
        String at = path + "." + type;
        if (type.equals("repeat")) {
            throw fail(at + " needs its count and layers: {repeat: {times: 64, layers: [{dense: 128}, act]}}");
        }
        JsonNode s = settings;
        return switch (type) {
            case "conv" -> conv(s, at);
            case "pool" -> pool(s, at);
            case "dense" -> wrap(at + ": ", () -> new Layer.Dense(units(s, at)));
            case "act" -> s == null ? Layer.Act.slot() : wrap(at + ": ", () -> new Layer.Act(scalarText(s, at)));
            case "dropout" -> wrap(at + ": ", () -> new Layer.Dropout(s == null ? 0.5 : toDouble(s, at)));
            case "residual" -> residual(s, at);
            default -> {
                if (s != null) {
                    throw fail(at + " takes no settings; write it as '" + type + "' alone");
                }
                yield switch (type) {
                    case "flatten" -> new Layer.Flatten();
                    case "batch_norm" -> new Layer.BatchNorm();
                    default -> new Layer.GlobalAvgPool();
                };
            }
        };
    }

    private int units(JsonNode s, String at) {
        if (s == null) {
            throw fail(at + " needs its width, e.g. {dense: 64}");
        }
        if (s.isObject()) {
            checkKeys(s, at + ".", List.of("units"));
            if (!present(s, "units")) {
                throw fail(at + ".units is missing, e.g. {dense: {units: 64}}");
            }
            return int32(s.get("units"), at + ".units");
        }
        return int32(s, at);
    }

    private Layer conv(JsonNode s, String at) {
        if (s == null || !s.isObject()) {
            throw fail(at + " = " + show(s) + " is invalid; give its settings, e.g. {conv: {channels: 16, kernel: 3,"
                    + " padding: same}} (stride 1 and padding 0 by default)");
        }
        checkKeys(s, at + ".", CONV_KEYS);
        if (!present(s, "channels")) {
            throw fail(at + ".channels is missing (the number of filters), e.g. {channels: 16}");
        }
        int channels = int32(s.get("channels"), at + ".channels");
        int kernel = int32Or(s, "kernel", at + ".", 3);
        int stride = int32Or(s, "stride", at + ".", 1);
        int padding;
        if (present(s, "padding") && s.get("padding").isTextual()) {
            String p = s.get("padding").textValue().strip();
            if (!p.equals("same")) {
                throw fail(at + ".padding = '" + p + "' is invalid; give a number of pixels or 'same'");
            }
            if (kernel % 2 == 0 || stride != 1) {
                throw fail(at + ".padding = 'same' needs an odd kernel and stride 1 (kernel " + kernel + ", stride "
                        + stride + "); give the padding in pixels");
            }
            padding = (kernel - 1) / 2;
        } else {
            padding = int32Or(s, "padding", at + ".", 0);
        }
        return wrap(at + ": ", () -> new Layer.Conv(channels, kernel, stride, padding));
    }

    private Layer pool(JsonNode s, String at) {
        if (s == null || s.isTextual()) {
            String mode = s == null ? "" : s.textValue().strip();
            if (!Layer.Pool.MODES.contains(mode)) {
                throw fail(at + " = " + show(s) + " is invalid; write {pool: max} or {pool: avg} (2x2, stride 2), or"
                        + " {pool: {mode: avg, size: 3, stride: 2}}");
            }
            return new Layer.Pool(mode, 2, 2);
        }
        if (!s.isObject()) {
            throw fail(at + " = " + show(s) + " is invalid; write {pool: max}, {pool: avg} or a mapping of "
                    + String.join(", ", POOL_KEYS));
        }
        checkKeys(s, at + ".", POOL_KEYS);
        if (!present(s, "mode")) {
            throw fail(at + ".mode is missing; valid choices: " + String.join(", ", Layer.Pool.MODES)
                    + " (max-pooling is a nonlinearity, average pooling is affine)");
        }
        String mode = scalarText(s.get("mode"), at + ".mode");
        int size = int32Or(s, "size", at + ".", 2);
        int stride = int32Or(s, "stride", at + ".", 0);
        return wrap(at + ": ", () -> new Layer.Pool(mode, size, stride));
    }

    private Layer residual(JsonNode s, String at) {
        if (s == null || !s.isObject()) {
            throw fail(at + " = " + show(s) + " is invalid; give its body, e.g. {residual: {layers: [{conv: {channels:"
                    + " 8, kernel: 3, padding: same}}, act]}}");
        }
        checkKeys(s, at + ".", RESIDUAL_KEYS);
        List<Layer> body = layers(s.get("layers"), at + ".layers");
        boolean projection = bool(s, "projection", false);
        return wrap(at + ": ", () -> new Layer.Residual(body, projection));
    }
}
