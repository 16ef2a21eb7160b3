package org.layerprobe.nets;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.layerprobe.LayerprobeException;
import org.layerprobe.Sha256;

/**
 * Which network to build, before the activation is chosen: a preset or a layer list.
 *
 * <p>Presets are shorthand for layer lists ({@link #layerList()}); they keep their own three fields
 * so that the run keys and model-cache keys of results computed before layer lists existed stay
 * what they were (the two list fields are left out of the JSON when empty).
 *
 * @param kind {@code mlp}, {@code cnn}, {@code alain-bengio} or {@code layers}
 * @param sizes hidden widths for {@code mlp}, conv channels for {@code cnn}; empty otherwise
 * @param dense width of the dense hidden layer after the convs of a {@code cnn} (0: none)
 * @param name the id of a {@code layers} network (file names, tables); null: derived from the list
 * @param layers the list of a {@code layers} network; empty for presets
 */
public record ArchitectureSpec(
        String kind,
        List<Integer> sizes,
        int dense,
        @JsonInclude(JsonInclude.Include.NON_NULL) String name,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Layer> layers) {

    public static final String LAYERS = "layers";
    public static final List<String> KINDS = List.of("mlp", "cnn", "alain-bengio", LAYERS);
    /** The widest layer accepted: 65,536 units (an MLP layer on MNIST then has 51 M weights). */
    public static final int MAX_WIDTH = Layer.MAX_WIDTH;
    /** Names go into file names and table headers. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,47}");

    public ArchitectureSpec {
        kind = kind == null ? null : kind.trim().toLowerCase(Locale.ROOT);
        if (!KINDS.contains(kind)) {
            throw new LayerprobeException(
                    "unknown architecture '" + kind + "'; valid choices: " + String.join(", ", KINDS));
        }
        sizes = sizes == null ? List.of() : List.copyOf(sizes);
        layers = layers == null ? List.of() : List.copyOf(layers);
        for (int s : sizes) {
            if (s < 1) {
                throw new LayerprobeException("architecture " + kind + ": every size must be >= 1, got " + sizes);
            }
            if (s > MAX_WIDTH) {
                throw new LayerprobeException("architecture " + kind + ": a size of " + s + " is more than "
                        + MAX_WIDTH + " (a " + kind + " layer that wide needs gigabytes of parameters and states;"
                        + " probing studies use widths of 8 to 4,096)");
            }
        }
        if (dense < 0) {
            throw new LayerprobeException("architecture " + kind + ": dense must be >= 0, got " + dense);
        }
        if (kind.equals(LAYERS)) {
            if (layers.isEmpty()) {
                throw new LayerprobeException("architecture layers needs a non-empty 'layers' list, e.g."
                        + " [{conv: {channels: 8, kernel: 3, padding: 1}}, act, {pool: avg}, flatten]");
            }
            if (!sizes.isEmpty() || dense != 0) {
                throw new LayerprobeException(
                        "architecture layers takes its widths from its list; remove 'sizes' and 'dense'");
            }
            if (name != null && !NAME.matcher(name).matches()) {
                throw new LayerprobeException("architecture name '" + name + "' is invalid: it goes into file names,"
                        + " so use 1 to 48 lower-case letters, digits, '.', '_' or '-', starting with a letter or"
                        + " digit (e.g. cnn-avg)");
            }
        } else {
            if (!layers.isEmpty() || name != null) {
                throw new LayerprobeException("architecture " + kind + " is a preset; 'name' and 'layers' belong to"
                        + " kind: layers (or leave out 'kind' and give 'layers')");
            }
            if (kind.equals("alain-bengio")) {
                sizes = List.of();
                dense = 0;
            } else if (sizes.isEmpty()) {
                throw new LayerprobeException("architecture " + kind + " needs at least one size ("
                        + (kind.equals("mlp") ? "hidden widths, e.g. [256, 128]" : "conv channels, e.g. [16, 32]")
                        + ")");
            }
        }
    }

    /** A preset: {@code mlp}, {@code cnn} or {@code alain-bengio}. */
    public ArchitectureSpec(String kind, List<Integer> sizes, int dense) {
        this(kind, sizes, dense, null, null);
    }

    public static ArchitectureSpec mlp(Integer... widths) {
        return new ArchitectureSpec("mlp", List.of(widths), 0);
    }

    public static ArchitectureSpec cnn(int dense, Integer... channels) {
        return new ArchitectureSpec("cnn", List.of(channels), dense);
    }

    public static ArchitectureSpec alainBengio() {
        return new ArchitectureSpec("alain-bengio", List.of(), 0);
    }

    /** A network stated as a layer list; {@code name} may be null (an id is derived from the list). */
    public static ArchitectureSpec of(String name, List<Layer> layers) {
        return new ArchitectureSpec(LAYERS, List.of(), 0, name, layers);
    }

    /** Whether this is one of the presets rather than a stated list. */
    @JsonIgnore
    public boolean isPreset() {
        return !kind.equals(LAYERS);
    }

    /** The layers to build, the logits layer excluded: a preset's expansion or the stated list. */
    public List<Layer> layerList() {
        return isPreset() ? Presets.expand(kind, sizes, dense) : layers;
    }

    /**
     * A short id for file names and tables, e.g. {@code mlp-256-128}, {@code cnn-16-32-d64}; a
     * layer list's name, or {@code layers-} and 8 hex digits of its list's hash. Ids go into file
     * names, so a deep preset's repeated sizes are written once with a count ({@code mlp-16x60}),
     * and an id still longer than {@value #MAX_ID} characters ends in a hash of the whole.
     */
    public String id() {
        if (!isPreset()) {
            return name != null
                    ? name
                    : LAYERS + "-" + Sha256.of(describeLayers()).substring(0, 8);
        }
        String plain = presetId(false);
        if (plain.length() <= MAX_ID) {
            return plain;
        }
        String runs = presetId(true);
        return runs.length() <= MAX_ID
                ? runs
                : runs.substring(0, MAX_ID - 9) + "-" + Sha256.of(plain).substring(0, 8);
    }

    /** The longest id written out in full. */
    static final int MAX_ID = 64;

    private String presetId(boolean runLengths) {
        StringBuilder b = new StringBuilder(kind);
        for (int i = 0; i < sizes.size(); ) {
            int j = i;
            while (runLengths && j + 1 < sizes.size() && sizes.get(j + 1).equals(sizes.get(i))) {
                j++;
            }
            b.append('-').append(sizes.get(i));
            if (j > i) {
                b.append('x').append(j - i + 1);
            }
            i = j + 1;
        }
        if (dense > 0) {
            b.append("-d").append(dense);
        }
        return b.toString();
    }

    /** Every layer, in order, in readable form (the setup table's description of the network). */
    public String describeLayers() {
        StringBuilder b = new StringBuilder();
        for (Layer l : layerList()) {
            b.append(b.length() == 0 ? "" : "; ").append(l.describe());
        }
        return b.toString();
    }
}
