package org.layerprobe.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A ceiling on the instruction sets oneDNN's convolution kernels may use, as PyTorch's bundled
 * oneDNN reads it from {@code ONEDNN_MAX_CPU_ISA}. The rungs are tried from the top down; the
 * highest one whose kernels pass the self-check is used.
 */
public enum IsaCap {
    /** No cap: oneDNN picks the widest kernels the CPU supports. */
    NONE(null),
    AVX512_CORE("AVX512_CORE"),
    AVX2("AVX2"),
    AVX("AVX"),
    SSE41("SSE41");

    private final String onednnName;

    IsaCap(String onednnName) {
        this.onednnName = onednnName;
    }

    /** The value of {@code ONEDNN_MAX_CPU_ISA} for this cap; empty for {@link #NONE}. */
    public Optional<String> onednnName() {
        return Optional.ofNullable(onednnName);
    }

    /** How it is written in reports and verdict files: {@code none} or oneDNN's name. */
    public String label() {
        return onednnName == null ? "none" : onednnName;
    }

    /** Whether this cap allows at least the instructions {@code other} allows. */
    public boolean atLeast(IsaCap other) {
        return ordinal() <= other.ordinal();
    }

    /** Parses a label ({@code none}, {@code AVX2}, ...), case-insensitively. */
    public static Optional<IsaCap> parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.equals("NONE") || t.equals("ALL")) {
            return Optional.of(NONE);
        }
        return Arrays.stream(values()).filter(c -> t.equals(c.onednnName)).findFirst();
    }

    /** The valid labels, for error messages. */
    public static String choices() {
        return String.join(", ", Arrays.stream(values()).map(IsaCap::label).toList());
    }
}
