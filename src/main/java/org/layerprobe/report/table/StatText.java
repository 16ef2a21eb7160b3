package org.layerprobe.report.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The pieces every writer needs to print a {@link CellStats} as a percentage: the number, the
 * spread, the count and the flags. Locale.ROOT so that a report never prints "4,21" on a machine
 * with a German locale.
 */
public final class StatText {

    /** Marks a cell where at least one seed's probe did not converge. */
    public static final String UNCONVERGED_MARK = "†";
    /** Marks a cell where convergence was not recorded for at least one seed. */
    public static final String UNRECORDED_MARK = "‡";
    /** Marks a cell whose probe differs significantly from the point before (paired test, Holm-adjusted). */
    public static final String STEP_MARK = "*";
    /** Shown for a cell with no measurement. */
    public static final String EMPTY = "–";

    private StatText() {}

    /** A fraction as a percentage with two decimals, e.g. {@code 0.0421 -> "4.21"}. */
    /**
     * The smallest p-value printed as a number. Below it the exact binomial tail is not resolved to
     * two digits (it was off by up to 40 % below about 1e-24, against exact binomial sums), so
     * smaller values are printed as a bound, which they certainly meet.
     */
    public static final double SMALLEST_P = 1e-20;

    /** {@code p = 0.0031}, or {@code p < 1e-20} below what the test's computation resolves. */
    public static String pValue(double p) {
        return p < SMALLEST_P ? "p < 1e-20" : String.format(Locale.ROOT, "p = %.2g", p);
    }

    public static String percent(double fraction) {
        return CellFormat.PERCENT.format(fraction);
    }

    /** A difference of two fractions in percentage points, signed, e.g. {@code "-7.70"}. */
    public static String points(double fractionDifference) {
        return String.format(Locale.ROOT, "%+.2f", 100 * fractionDifference);
    }

    /** The mean in percent, or "n/a" when no seed gave a value. */
    public static String mean(CellStats s) {
        return mean(s, CellFormat.PERCENT);
    }

    /** The mean in {@code format}, or "n/a" when no seed gave a value. */
    public static String mean(CellStats s, CellFormat format) {
        return s.hasValue() ? format.format(s.mean()) : "n/a";
    }

    /** The std in percent, or null when there is no spread to show (fewer than two seeds). */
    public static String spread(CellStats s) {
        return spread(s, CellFormat.PERCENT);
    }

    /** The std in {@code format}, or null when there is no spread to show. */
    public static String spread(CellStats s, CellFormat format) {
        return s.hasSpread() ? format.format(s.std()) : null;
    }

    /** The count part, e.g. {@code "n=3"} or {@code "n=2, 1 NaN"}. */
    public static String count(CellStats s) {
        return s.missing() > 0 ? "n=" + s.n() + ", " + s.missing() + " NaN" : "n=" + s.n();
    }

    /** Flag marks in a fixed order; empty when the cell is clean. */
    public static List<String> flags(CellStats s) {
        List<String> marks = new ArrayList<>();
        if (s.unconverged() > 0) {
            marks.add(UNCONVERGED_MARK);
        }
        if (s.unrecorded() > 0) {
            marks.add(UNRECORDED_MARK);
        }
        return marks;
    }

    /** The 95 % interval in {@code format}, e.g. {@code "[3.5, 6.2]"}, or null when there is none. */
    public static String interval(CellStats s, CellFormat format) {
        if (s.interval() == null || format != CellFormat.PERCENT) {
            return null;
        }
        return String.format(
                Locale.ROOT,
                "[%.1f, %.1f]",
                100 * s.interval().low(),
                100 * s.interval().high());
    }

    /** Plain-text form, e.g. {@code "4.21 ± 0.30 [3.9, 4.6] (n=3) * †"}; Markdown uses it as is. */
    public static String plain(CellStats s) {
        return plain(s, CellFormat.PERCENT);
    }

    /** As {@link #plain(CellStats)}, in {@code format}. */
    public static String plain(CellStats s, CellFormat format) {
        StringBuilder b = new StringBuilder(mean(s, format));
        String spread = spread(s, format);
        if (spread != null) {
            b.append(" ± ").append(spread);
        }
        String interval = interval(s, format);
        if (interval != null) {
            b.append(' ').append(interval);
        }
        b.append(" (").append(count(s)).append(')');
        if (s.significantStep()) {
            b.append(' ').append(STEP_MARK);
        }
        List<String> flags = flags(s);
        if (!flags.isEmpty()) {
            b.append(' ').append(String.join("", flags));
        }
        return b.toString();
    }
}
