package org.layerprobe.report.page;

import java.util.List;
import java.util.Map;
import org.layerprobe.report.chart.ChartImage;
import org.layerprobe.report.table.Cell;
import org.layerprobe.report.table.PanelReading;
import org.layerprobe.report.table.StatText;
import org.layerprobe.report.table.SummaryTable;

/** Renders a {@link ReportDocument} as Markdown ({@code separability.md}): tables, reading, charts. */
public final class MarkdownWriter {

    private MarkdownWriter() {}

    /** The whole document. */
    public static String render(ReportDocument doc) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(inline(doc.title())).append("\n\n");
        for (String paragraph : doc.descriptionParagraphs()) {
            md.append(inline(paragraph)).append("\n\n");
        }
        if (!doc.setup().isEmpty()) {
            md.append("## Setup\n\n| key | value |\n|:---|:---|\n");
            for (Map.Entry<String, String> e : doc.setup().entrySet()) {
                md.append("| ")
                        .append(cell(e.getKey()))
                        .append(" | ")
                        .append(cell(e.getValue()))
                        .append(" |\n");
            }
            md.append('\n');
        }
        if (!doc.readings().isEmpty()) {
            md.append("## Reading\n\n");
            for (PanelReading r : doc.readings()) {
                md.append("### ").append(inline(r.title())).append("\n\n");
                r.sentences().forEach(s -> md.append("- ").append(inline(s)).append('\n'));
                md.append('\n');
            }
        }
        md.append("## Probe test error\n\n");
        for (SummaryTable t : doc.tables()) {
            md.append("### ").append(inline(t.title())).append("\n\n");
            md.append(table(t)).append('\n');
        }
        if (!doc.charts().isEmpty()) {
            md.append("## Charts\n\n");
            for (ChartImage c : doc.charts()) {
                md.append("![")
                        .append(inline(c.title()))
                        .append("](")
                        .append(c.pngName())
                        .append(")\n\n")
                        .append(inline(c.caption()))
                        .append(" [SVG](")
                        .append(c.svgName())
                        .append(")\n\n");
            }
        }
        if (!doc.appendix().isEmpty()) {
            md.append("## Appendix\n\n");
            for (AppendixItem item : doc.appendix()) {
                md.append("### ").append(inline(item.title())).append("\n\n");
                if (item instanceof AppendixItem.Image image) {
                    md.append("![")
                            .append(inline(item.title()))
                            .append("](")
                            .append(image.file().toString().replace('\\', '/'))
                            .append(")\n\n");
                    if (!image.caption().isBlank()) {
                        md.append(inline(image.caption())).append("\n\n");
                    }
                } else {
                    md.append("(shown in index.html)\n\n");
                }
            }
        }
        return md.toString();
    }

    /** One table with its notes, as a GitHub-flavoured Markdown pipe table. */
    public static String table(SummaryTable t) {
        StringBuilder md = new StringBuilder();
        md.append('|');
        t.header().forEach(h -> md.append(' ').append(cell(h)).append(" |"));
        md.append("\n|");
        for (int i = 0; i < t.header().size(); i++) {
            md.append(i == 0 ? ":---|" : "---:|");
        }
        md.append('\n');
        appendRows(md, t.body(), false);
        appendRows(md, t.footer(), true);
        md.append('\n');
        for (String note : t.notes()) {
            md.append(inline(note)).append("\n\n");
        }
        return md.toString();
    }

    private static void appendRows(StringBuilder md, List<List<Cell>> rows, boolean bold) {
        for (List<Cell> row : rows) {
            md.append('|');
            for (int i = 0; i < row.size(); i++) {
                String text = cell(render(row.get(i)));
                // The footer label is bold so it reads as a different kind of row.
                md.append(' ')
                        .append(bold && i == 0 ? "**" + text + "**" : text)
                        .append(" |");
            }
            md.append('\n');
        }
    }

    static String render(Cell cell) {
        if (cell instanceof Cell.Text t) {
            return t.text();
        }
        if (cell instanceof Cell.Stat s) {
            return StatText.plain(s.stats(), s.format());
        }
        return StatText.EMPTY;
    }

    /** Text inside a table cell: a pipe would end the cell, a newline the row. */
    private static String cell(String text) {
        return inline(text).replace("|", "\\|");
    }

    /** Running text: keep it on one line, and stop '*' and '_' and '<' from becoming markup. */
    static String inline(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ")
                .replace("\\", "\\\\")
                .replace("*", "\\*")
                .replace("_", "\\_")
                .replace("<", "&lt;");
    }
}
