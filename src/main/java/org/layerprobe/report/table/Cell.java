package org.layerprobe.report.table;

import java.util.Optional;

/**
 * One cell of a {@link SummaryTable}, before it is formatted for Markdown, LaTeX or HTML; each
 * writer decides how a statistic and its flags look in its own syntax.
 */
public sealed interface Cell {

    /** Plain text, such as a point name or a width. */
    record Text(String text) implements Cell {}

    /** Mean ± std over seeds, in {@code format} (a fraction in percent by default), with n and any flags. */
    record Stat(CellStats stats, CellFormat format) implements Cell {
        Stat(CellStats stats) {
            this(stats, CellFormat.PERCENT);
        }
    }

    /** Nothing was measured here. */
    record Empty() implements Cell {}

    static Cell text(String text) {
        return new Text(text);
    }

    static Cell of(Optional<CellStats> stats) {
        return stats.<Cell>map(Stat::new).orElseGet(Empty::new);
    }

    static Cell of(Optional<CellStats> stats, CellFormat format) {
        return stats.<Cell>map(s -> new Stat(s, format)).orElseGet(Empty::new);
    }
}
