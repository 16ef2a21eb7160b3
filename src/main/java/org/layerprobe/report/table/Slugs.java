package org.layerprobe.report.table;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.layerprobe.Sha256;

/** File-name-, anchor- and LaTeX-label-safe identifiers made from labels. */
public final class Slugs {

    private Slugs() {}

    /**
     * Lower case; runs of anything but letters, digits and '.' become one '-' (no '_', which
     * LaTeX labels and Markdown treat specially).
     */
    public static String of(String label) {
        String s = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-");
        s = s.replaceAll("^-+|-+$", "");
        if (s.length() > MAX_LENGTH) {
            // Deep networks have long point names; file names stay bounded and distinct.
            s = s.substring(0, MAX_LENGTH - 9) + "-" + Sha256.of(label).substring(0, 8);
        }
        return s.isEmpty() ? "x" : s;
    }

    /** The longest slug: file systems allow 255 bytes a name, and slugs are joined into names. */
    static final int MAX_LENGTH = 80;

    /** Hands out slugs that are unique within one report by appending -2, -3, ... */
    public static final class Unique {
        private final Set<String> used = new HashSet<>();

        public String of(String label) {
            String base = Slugs.of(label);
            String s = base;
            for (int i = 2; !used.add(s); i++) {
                s = base + "-" + i;
            }
            return s;
        }
    }
}
