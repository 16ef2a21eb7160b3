package org.layerprobe.engine.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

/**
 * The first processor's entry of {@code /proc/cpuinfo} (the first describes them all).
 *
 * @param vendor {@code vendor_id}, e.g. {@code AuthenticAMD}
 * @param model {@code model name}, e.g. {@code AMD EPYC}
 * @param family {@code cpu family}
 * @param number {@code model}
 * @param flags {@code flags}, as one line
 */
public record CpuInfo(String vendor, String model, String family, String number, String flags) {

    static final CpuInfo UNKNOWN = new CpuInfo("", "unknown", "?", "?", "");

    /** This machine's, or {@link #UNKNOWN} where there is no {@code /proc/cpuinfo}. */
    public static CpuInfo read() {
        try {
            return parse(Files.readString(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    public static CpuInfo parse(String text) {
        String vendor = UNKNOWN.vendor;
        String model = UNKNOWN.model;
        String family = UNKNOWN.family;
        String number = UNKNOWN.number;
        String flags = UNKNOWN.flags;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String value = line.substring(colon + 1).trim();
            switch (line.substring(0, colon).trim()) {
                case "vendor_id" -> vendor = value;
                case "model name" -> model = value;
                case "cpu family" -> family = value;
                case "model" -> number = value;
                case "flags" -> flags = value;
                default -> {}
            }
        }
        return new CpuInfo(vendor, model, family, number, flags);
    }

    public Set<String> flagSet() {
        return flags.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(flags.split("\\s+")));
    }
}
