package org.layerprobe.report.table;

import java.util.List;
import java.util.stream.Stream;

/**
 * A format-neutral wide table: a header, body rows, footer rows (set apart by a rule) and notes
 * printed under it. The writers for Markdown, LaTeX and HTML all render this one model, so the
 * three formats cannot disagree about a number.
 *
 * @param id a short file-name-safe identifier, used for anchors and LaTeX labels
 * @param title caption
 * @param header column headings; the first column holds row labels
 * @param body rows of cells, each as long as the header
 * @param footer rows shown after the body, e.g. the model's own test accuracy
 * @param notes sentences shown under the table, e.g. what a dagger means
 */
public record SummaryTable(
        String id,
        String title,
        List<String> header,
        List<List<Cell>> body,
        List<List<Cell>> footer,
        List<String> notes) {

    public SummaryTable {
        header = List.copyOf(header);
        body = body.stream().map(List::copyOf).toList();
        footer = footer.stream().map(List::copyOf).toList();
        notes = List.copyOf(notes);
        for (List<Cell> row : concatRows(body, footer)) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("table '" + title + "': a row has " + row.size()
                        + " cells but the header has " + header.size());
            }
        }
    }

    private static List<List<Cell>> concatRows(List<List<Cell>> a, List<List<Cell>> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
