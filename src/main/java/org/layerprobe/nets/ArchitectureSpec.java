package org.layerprobe.nets;

import java.util.List;
import java.util.Locale;
import org.layerprobe.LayerprobeException;

/**
 * Which network to build, before the activation is chosen.
 *
 * @param kind {@code mlp}, {@code cnn} or {@code alain-bengio}
 * @param sizes hidden widths for {@code mlp}, conv channels for {@code cnn}; ignored (and empty)
 *     for {@code alain-bengio}, whose sizes are fixed by the paper
 * @param dense width of the dense hidden layer after the convs of a {@code cnn} (0: none)
 */
public record ArchitectureSpec(String kind, List<Integer> sizes, int dense) {

    public static final List<String> KINDS = List.of("mlp", "cnn", "alain-bengio");
    /** The widest layer accepted: 65,536 units (an MLP layer on MNIST then has 51 M weights). */
    public static final int MAX_WIDTH = 65_536;
    /** The deepest stack accepted (a CNN is limited further by its 28 x 28 input). */
    public static final int MAX_LAYERS = 16;

    public ArchitectureSpec {
        kind = kind == null ? null : kind.trim().toLowerCase(Locale.ROOT);
        if (!KINDS.contains(kind)) {
            throw new LayerprobeException(
                    "unknown architecture '" + kind + "'; valid choices: " + String.join(", ", KINDS));
        }
        sizes = sizes == null ? List.of() : List.copyOf(sizes);
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
        if (sizes.size() > MAX_LAYERS) {
            throw new LayerprobeException("architecture " + kind + " has " + sizes.size() + " layers; at most "
                    + MAX_LAYERS + " (each adds probe points, and their names go into file names)");
        }
        if (dense < 0) {
            throw new LayerprobeException("architecture " + kind + ": dense must be >= 0, got " + dense);
        }
        if (kind.equals("alain-bengio")) {
            sizes = List.of();
            dense = 0;
        } else if (sizes.isEmpty()) {
            throw new LayerprobeException("architecture " + kind + " needs at least one size ("
                    + (kind.equals("mlp") ? "hidden widths, e.g. [256, 128]" : "conv channels, e.g. [16, 32]") + ")");
        }
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

    /** A short id for file names and tables, e.g. {@code mlp-256-128}, {@code cnn-16-32-d64}. */
    public String id() {
        StringBuilder b = new StringBuilder(kind);
        for (int s : sizes) {
            b.append('-').append(s);
        }
        if (dense > 0) {
            b.append("-d").append(dense);
        }
        return b.toString();
    }
}
