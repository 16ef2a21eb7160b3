package org.layerprobe.probe.states;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.layerprobe.LayerprobeException;

/** Memory sizes: the default state-cache budget and parsing of {@code --memory 8g}. */
public final class MemoryBudget {

    private MemoryBudget() {}

    /** Half the machine's physical memory: states live off-heap, beside the JVM heap and DJL. */
    public static long defaultBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / 2;
        }
        return 4L << 30;
    }

    /** Parses {@code 512m}, {@code 8g}, {@code 1500000000}; {@code auto} gives the default. */
    public static long parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) {
            return defaultBytes();
        }
        long mult = 1;
        if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g")) {
            mult = switch (t.charAt(t.length() - 1)) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                default -> 1L << 30;
            };
            t = t.substring(0, t.length() - 1);
        }
        try {
            double v = Double.parseDouble(t);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return (long) (v * mult);
        } catch (NumberFormatException e) {
            throw new LayerprobeException(
                    "memory budget '" + text + "' is invalid; use bytes or a size such as 512m, 8g, or auto");
        }
    }

    public static String format(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
    }
}
