package org.layerprobe.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.layerprobe.LayerprobeException;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;

/**
 * The one strict reader of YAML specs, experiments and studies alike: duplicate keys are errors,
 * unknown keys get a did-you-mean, numbers may be written as text (YAML 1.1 reads 1e-3 so), integers
 * are range-checked, and every message names the file, the key path, the value and what is valid.
 * The spec types build on it ({@code SpecParser} for experiments, {@code StudySpecParser} for studies).
 */
public abstract class SpecReader {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    /** The file name (or other source) every message starts with. */
    protected final String source;

    protected SpecReader(String source) {
        this.source = source;
    }

    /**
     * A spec is a few hundred bytes of YAML; a file this large is a mistake (a data file named as a
     * spec, a pasted log), refused before the parser spends time and memory on it.
     */
    public static final int MAX_SPEC_BYTES = 256 * 1024;

    /** The text of a spec file; a missing file is an error naming where the shipped specs are. */
    public static String readFile(Path file) {
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                // A device or a pipe has no size to check and may never end (/dev/zero).
                throw LayerprobeException.withFix(
                        file + " is not a regular file (a directory, device or pipe); a spec is a YAML file",
                        "give the path of a spec file, e.g. probes/quickstart.yaml");
            }
            long size = Files.size(file);
            if (size > MAX_SPEC_BYTES) {
                throw new LayerprobeException(file + ": the spec file is " + size + " bytes; a spec is a few hundred"
                        + " bytes of YAML (at most " + MAX_SPEC_BYTES + "). Check that this is the spec you meant");
            }
            byte[] bytes = Files.readAllBytes(file);
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                int at = firstInvalidUtf8(bytes);
                throw LayerprobeException.withFix(
                        file + ": the spec file is not UTF-8 text (an invalid byte 0x"
                                + String.format("%02x", bytes[at] & 0xff) + " at offset " + at + ")",
                        "save it as UTF-8 (a binary file or one in Latin-1 cannot be a spec)");
            }
        } catch (NoSuchFileException e) {
            throw new LayerprobeException(file + ": no such spec file (the shipped specs are in probes/)");
        } catch (IOException e) {
            throw new LayerprobeException(file + ": cannot read spec file: " + e.getMessage(), e);
        }
    }

    /** The offset of the first byte that does not decode as UTF-8 (0 when none is found). */
    private static int firstInvalidUtf8(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        var out = CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : 0;
    }

    /**
     * Anchors and aliases ({@code &a}, {@code *a}) let one value stand for another out of sight; a
     * spec says each value where it applies, so they are refused with the line they are on. A
     * YAML NaN or infinity is refused here too, where its key is still known.
     */
    private static void refuseAliases(String yaml, String sourceName) {
        try {
            for (Event e : new Yaml().parse(new StringReader(yaml))) {
                String anchor = e instanceof NodeEvent n ? n.getAnchor() : null;
                if (anchor != null) {
                    throw LayerprobeException.withFix(
                            sourceName + ": line " + (e.getStartMark().getLine() + 1) + " uses a YAML "
                                    + (e instanceof AliasEvent ? "alias (*" : "anchor (&") + anchor + ")",
                            "write the value out where it applies; specs do not use anchors or aliases");
                }
            }
        } catch (YAMLException e) {
            // a syntax error: readTree reports it with its line
        }
        String parserPath = null;
        try (var parser = (YAMLParser) YAML.getFactory().createParser(yaml)) {
            while (true) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    break;
                }
                parserPath = keyPath(parser.getParsingContext());
                if (token.isNumeric()) {
                    parser.getDoubleValue(); // a YAML .nan or .inf fails here, with its key known
                }
            }
        } catch (IOException e) {
            String why = e.getMessage() == null ? "" : e.getMessage();
            if (why.startsWith("Malformed numeric value") && parserPath != null) {
                String value = why.replaceAll("(?s)^Malformed numeric value '([^']*)'.*", "$1");
                throw LayerprobeException.withFix(
                        sourceName + ": " + parserPath + " = " + value + " is not a finite number (NaN and Infinity"
                                + " are refused)",
                        "give " + parserPath + " a finite number; see probes/README.md for its range");
            }
            // Any other syntax error: readTree reports it with its line.
        }
    }

    /**
     * A control character (NUL, ESC, BEL, ...) has no place in a spec; the YAML parser reports it
     * at line 1, column 1, so it is found here with its real line and column.
     */
    private static void refuseControlCharacters(String yaml, String sourceName) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < yaml.length(); i++) {
            char c = yaml.charAt(i);
            if (c == '\n') {
                line++;
                column = 1;
                continue;
            }
            if (Character.isISOControl(c) && c != '\t' && c != '\r') {
                throw LayerprobeException.withFix(
                        String.format(
                                Locale.ROOT,
                                "%s: line %d, column %d holds the control character U+%04X%s; a spec is plain text",
                                sourceName,
                                line,
                                column,
                                (int) c,
                                where(yaml, i)),
                        "delete it (an editor that shows invisible characters finds it)");
            }
            column++;
        }
    }

    /** " in `seeds: [1]`": the visible text of the line holding position {@code at}, or "" for a blank one. */
    private static String where(String yaml, int at) {
        int from = yaml.lastIndexOf('\n', at) + 1;
        int to = yaml.indexOf('\n', at);
        String text = yaml.substring(from, to < 0 ? yaml.length() : to)
                .replaceAll("\\p{Cntrl}", "")
                .strip();
        if (text.isEmpty()) {
            return "";
        }
        return " in `" + (text.length() > 60 ? text.substring(0, 57) + "..." : text) + "`";
    }

    /** The dotted key path of a parser position, e.g. {@code training.learning_rate}. */
    private static String keyPath(JsonStreamContext context) {
        List<String> names = new ArrayList<>();
        for (var c = context; c != null; c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                names.add(0, c.getCurrentName());
            }
        }
        return names.isEmpty() ? "the value" : String.join(".", names);
    }

    /** The YAML mapping at the root of a spec's text. */
    public static JsonNode readTree(String yaml, String sourceName) {
        refuseControlCharacters(yaml, sourceName);
        refuseAliases(yaml, sourceName);
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            // SnakeYAML's message spans lines ("while parsing ...", " in 'reader', line 2 ...", "expected ...")
            String why = e.getOriginalMessage() == null
                    ? ""
                    : String.join(
                            "; ",
                            e.getOriginalMessage()
                                    .lines()
                                    .map(String::strip)
                                    .filter(l -> !l.isEmpty() && !l.startsWith("in 'reader'") && !l.startsWith("^"))
                                    .limit(3)
                                    .toList());
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

    /** Builds a value, prefixing a failure's message with the file and {@code prefix} (a key path). */
    protected <T> T wrap(String prefix, Supplier<T> build) {
        try {
            return build.get();
        } catch (SpecError e) {
            throw e;
        } catch (LayerprobeException e) {
            throw new SpecError(source + ": " + prefix + e.getMessage(), e);
        }
    }

    // ---- keys ---------------------------------------------------------------------------------

    /**
     * Reads an old key under its new name: {@code old} is moved to {@code current} in {@code map}
     * with a one-line note on standard error; both at once is an error.
     */
    protected void renamed(JsonNode map, String prefix, String old, String current) {
        if (map == null || !map.isObject() || !map.has(old)) {
            return;
        }
        if (map.has(current)) {
            throw fail(prefix + old + " and " + prefix + current + " are the same setting; keep " + prefix + current);
        }
        System.err.println("note: " + source + ": " + prefix + old + " is deprecated; it is now " + prefix + current
                + " (the same value: " + current.replace('_', ' ') + ")");
        ObjectNode o = (ObjectNode) map;
        o.set(current, o.remove(old));
    }

    protected void checkKeys(JsonNode map, String prefix, List<String> valid) {
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
    public static String nearest(String key, List<String> valid) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String k = key.toLowerCase(Locale.ROOT).replace('-', '_');
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
    public static int editDistance(String a, String b) {
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

    protected static boolean present(JsonNode map, String key) {
        return map.has(key) && !map.get(key).isNull();
    }

    protected JsonNode child(JsonNode root, String key) {
        if (!present(root, key)) {
            return null;
        }
        JsonNode n = root.get(key);
        if (!n.isObject()) {
            throw fail(key + " = " + show(n) + " is invalid; it must be a mapping of keys (see probes/README.md)");
        }
        return n;
    }

    protected String text(JsonNode map, String key, String fallback, boolean required) {
        if (!present(map, key)) {
            if (required) {
                throw fail("required key '" + key + "' is missing");
            }
            return fallback;
        }
        return scalarText(map.get(key), key);
    }

    protected String scalarText(JsonNode n, String path) {
        if (n == null || !n.isValueNode() || n.isNull()) {
            throw fail(path + " = " + show(n) + " is invalid; it must be a single value");
        }
        return n.asText().strip();
    }

    protected boolean bool(JsonNode map, String key, boolean fallback) {
        if (!present(map, key)) {
            return fallback;
        }
        JsonNode n = map.get(key);
        if (!n.isBoolean()) {
            throw fail(key + " = " + show(n) + " is invalid; it must be true or false");
        }
        return n.booleanValue();
    }

    protected long intOr(JsonNode map, String key, String prefix, long fallback) {
        return present(map, key) ? integer(map.get(key), prefix + key) : fallback;
    }

    /**
     * An integer setting held in an {@code int}: out-of-range values are an error, not a silent
     * wrap (4294967297 once ran as 1 epoch).
     */
    protected int int32Or(JsonNode map, String key, String prefix, int fallback) {
        return present(map, key) ? int32(map.get(key), prefix + key) : fallback;
    }

    protected int int32(JsonNode n, String path) {
        long v = integer(n, path);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw fail(path + " = " + show(n) + " is out of range; it must be at most " + Integer.MAX_VALUE
                    + " (and realistic for the data)");
        }
        return (int) v;
    }

    protected long integer(JsonNode n, String path) {
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

    protected double number(JsonNode map, String prefix, String key, double fallback) {
        return present(map, key) ? toDouble(map.get(key), prefix + key) : fallback;
    }

    protected double toDouble(JsonNode n, String path) {
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
    protected <T> List<T> list(JsonNode map, String key, boolean required, Element<T> element) {
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

    /** Reads one element of a list, given its key path. */
    protected interface Element<T> {
        T read(String path, JsonNode node);
    }

    protected static String show(JsonNode n) {
        if (n == null) {
            return "(nothing)";
        }
        return n.isTextual() ? "'" + n.textValue() + "'" : n.toString();
    }

    protected LayerprobeException fail(String message) {
        return new SpecError(source + ": " + message, null);
    }

    /** A message already prefixed with the file and key path; never prefixed again. */
    protected static final class SpecError extends LayerprobeException {
        private static final long serialVersionUID = 1L;

        public SpecError(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
