package org.layerprobe.report;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

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
        return s.isEmpty() ? "x" : s;
    }

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
