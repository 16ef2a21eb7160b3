package org.layerprobe.report.table;

import java.util.Locale;

/** How a statistic's numbers read in a table: errors and accuracies in percent, ratios as they are. */
public enum CellFormat {
    /** A fraction shown in percent with two decimals, e.g. 0.0421 as 4.21. */
    PERCENT(100, "%.2f"),
    /** A ratio with two decimals, e.g. a compression of 3.55. */
    RATIO(1, "%.2f"),
    /** Bits shown in kilobits with one decimal. */
    KBITS(1e-3, "%.1f"),
    /** A similarity in [0, 1] (or a fraction of checks) with three decimals. */
    UNIT(1, "%.3f");

    private final double scale;
    private final String pattern;

    CellFormat(double scale, String pattern) {
        this.scale = scale;
        this.pattern = pattern;
    }

    public String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, pattern, scale * v);
    }
}
