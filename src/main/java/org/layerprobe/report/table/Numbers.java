package org.layerprobe.report.table;

import java.util.Locale;

/** Numbers as the atlas and the relu-sums files print them, Locale.ROOT as every writer. */
public final class Numbers {

    private Numbers() {}

    /** Four significant digits; exact zero prints as 0, not 0.000. */
    public static String significant(double v) {
        if (v == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** An interval's end: a whole number without its ".0" ([-5, 5], not [-5.0, 5.0]). */
    public static String bound(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
