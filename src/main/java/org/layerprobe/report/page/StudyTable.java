package org.layerprobe.report.page;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of a study page: already formatted cells under a header, written as {@code <id>.csv}
 * and {@code <id>.md} and shown on the page with links to both.
 */
record StudyTable(String id, String title, List<String> header, List<List<String>> rows) {

    StudyTable {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<String> r : rows) {
            if (r.size() != header.size()) {
                throw new IllegalArgumentException(id + ": row " + r + " does not match " + header);
            }
        }
    }

    String csvName() {
        return id + ".csv";
    }

    String markdownName() {
        return id + ".md";
    }

    String csv() {
        StringBuilder sb = new StringBuilder();
        sb.append(csvLine(header));
        rows.forEach(r -> sb.append(csvLine(r)));
        return sb.toString();
    }

    private static String csvLine(List<String> cells) {
        List<String> q = new ArrayList<>();
        for (String c : cells) {
            q.add(c.contains(",") || c.contains("\"") ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
        }
        return String.join(",", q) + "\n";
    }

    String markdown() {
        StringBuilder sb = new StringBuilder("### " + title + "\n\n| "
                + String.join(" | ", header.stream().map(StudyTable::mdCell).toList()) + " |\n|");
        header.forEach(h -> sb.append("---:|"));
        sb.append('\n');
        for (List<String> r : rows) {
            sb.append("| ")
                    .append(String.join(
                            " | ", r.stream().map(StudyTable::mdCell).toList()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static String mdCell(String c) {
        return c.replace("|", "\\|");
    }

    String html() {
        StringBuilder sb = new StringBuilder("<h3>" + HtmlPage.esc(title) + "</h3>\n<table><tr>");
        header.forEach(h -> sb.append("<th>").append(HtmlPage.esc(h)).append("</th>"));
        sb.append("</tr>\n");
        for (List<String> r : rows) {
            sb.append("<tr>");
            r.forEach(c -> sb.append("<td>").append(HtmlPage.esc(c)).append("</td>"));
            sb.append("</tr>\n");
        }
        sb.append("</table>\n<p>Also as <a href=\"")
                .append(HtmlPage.esc(id))
                .append(".csv\">CSV</a> and <a href=\"")
                .append(HtmlPage.esc(id))
                .append(".md\">Markdown</a>.</p>\n");
        return sb.toString();
    }
}
