package org.layerprobe.report.page;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.layerprobe.LayerprobeException;
import org.layerprobe.report.chart.ChartImage;
import org.layerprobe.report.table.Cell;
import org.layerprobe.report.table.CellStats;
import org.layerprobe.report.table.PanelReading;
import org.layerprobe.report.table.StatText;
import org.layerprobe.report.table.SummaryTable;

/**
 * Renders a {@link ReportDocument} as one self-contained {@code index.html}: inline CSS, system
 * fonts, charts and appendix images embedded as data URIs, no script and nothing fetched from the
 * network, so the page reads the same offline, attached to an e-mail or years later.
 */
public final class HtmlPage {

    /** Gives the bytes of an appendix image by its path relative to the report directory. */
    @FunctionalInterface
    public interface ImageSource {
        byte[] bytes(String relativePath);
    }

    private static final String CSS = """
            :root { color-scheme: light; }
            body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Arial,
                   sans-serif; margin: 2rem auto; max-width: 92rem; padding: 0 1.5rem;
                   color: #1b1b1b; line-height: 1.5; background: #fff; }
            h1 { font-size: 1.7rem; margin-bottom: .3rem; }
            h2 { font-size: 1.3rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem;
                 margin-top: 2.2rem; }
            h3 { font-size: 1.05rem; margin-top: 1.5rem; }
            .question { font-size: 1.05rem; color: #333; }
            dl.setup { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.2rem; }
            dl.setup dt { font-weight: 600; }
            dl.setup dd { margin: 0; font-family: ui-monospace, "DejaVu Sans Mono", monospace;
                          font-size: .92rem; overflow-wrap: anywhere; }
            .table-wrap { overflow-x: auto; }
            table { border-collapse: collapse; margin: .6rem 0; font-size: .9rem;
                    font-variant-numeric: tabular-nums; }
            caption { text-align: left; font-weight: 600; padding-bottom: .3rem; }
            th, td { padding: .25rem .5rem; border-bottom: 1px solid #e4e4e4;
                     white-space: nowrap; }
            thead th { border-bottom: 2px solid #333; text-align: right; }
            thead th:first-child, td:first-child { text-align: left; }
            td { text-align: right; }
            td:first-child { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
            tr.footer td { border-top: 2px solid #333; font-weight: 600; }
            td.flagged { background: #fff4e5; }
            .n { color: #777; font-size: .8em; }
            .ci { color: #777; font-size: .75em; white-space: nowrap; }
            .step { color: #06c; font-weight: bold; }
            .flag { color: #b35900; font-weight: 700; }
            p.note { font-size: .85rem; color: #444; margin: .2rem 0; }
            figure { margin: 1.2rem 0; }
            figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
            figcaption { font-size: .88rem; color: #444; }
            ul.reading li { margin-bottom: .35rem; }
            footer { margin-top: 3rem; font-size: .8rem; color: #666; border-top: 1px solid #ddd;
                     padding-top: .5rem; }
            """;

    private HtmlPage() {}

    /** The page; appendix images are read through {@code images}. */
    public static String render(ReportDocument doc, ImageSource images) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>")
                .append(esc(doc.title()))
                .append("</title>\n")
                .append("<style>\n")
                .append(CSS)
                .append("</style>\n</head>\n<body>\n");

        h.append("<header>\n<h1>").append(esc(doc.title())).append("</h1>\n");
        for (String p : doc.descriptionParagraphs()) {
            h.append("<p class=\"question\">").append(esc(p)).append("</p>\n");
        }
        h.append("</header>\n");

        if (!doc.setup().isEmpty()) {
            h.append("<section id=\"setup\">\n<h2>Setup</h2>\n<dl class=\"setup\">\n");
            for (Map.Entry<String, String> e : doc.setup().entrySet()) {
                h.append("<dt>")
                        .append(esc(e.getKey()))
                        .append("</dt><dd>")
                        .append(esc(e.getValue()))
                        .append("</dd>\n");
            }
            h.append("</dl>\n</section>\n");
        }

        if (!doc.readings().isEmpty()) {
            h.append("<section id=\"reading\">\n<h2>Reading</h2>\n");
            h.append("<p class=\"note\">Computed from the stored rows (trained-network means over"
                    + " seeds); see the tables for the spread.</p>\n");
            for (PanelReading r : doc.readings()) {
                h.append("<h3>").append(esc(r.title())).append("</h3>\n<ul class=\"reading\">\n");
                r.sentences().forEach(s -> h.append("<li>").append(esc(s)).append("</li>\n"));
                h.append("</ul>\n");
            }
            h.append("</section>\n");
        }

        h.append("<section id=\"tables\">\n<h2>Probe test error</h2>\n");
        doc.tables().forEach(t -> h.append(table(t)));
        h.append("</section>\n");

        if (!doc.charts().isEmpty()) {
            h.append("<section id=\"charts\">\n<h2>Charts</h2>\n");
            for (ChartImage c : doc.charts()) {
                h.append("<figure id=\"")
                        .append(esc(c.id()))
                        .append("\">\n<img class=\"chart\" src=\"")
                        .append(dataUri("image/png", c.png()))
                        .append("\" alt=\"")
                        .append(esc(c.title()))
                        .append("\">\n<figcaption>")
                        .append(esc(c.caption()))
                        .append(" Files: <a href=\"")
                        .append(esc(c.svgName()))
                        .append("\">")
                        .append(esc(c.svgName()))
                        .append("</a>, <a href=\"")
                        .append(esc(c.pngName()))
                        .append("\">")
                        .append(esc(c.pngName()))
                        .append("</a>.</figcaption>\n</figure>\n");
            }
            h.append("</section>\n");
        }

        if (!doc.appendix().isEmpty()) {
            h.append("<section id=\"appendix\">\n<h2>Appendix</h2>\n");
            for (AppendixItem item : doc.appendix()) {
                h.append("<h3>").append(esc(item.title())).append("</h3>\n");
                if (item instanceof AppendixItem.Html html) {
                    h.append("<div class=\"fragment\">\n").append(html.html()).append("\n</div>\n");
                } else if (item instanceof AppendixItem.Image image) {
                    String rel = image.file().toString().replace('\\', '/');
                    h.append("<figure>\n<img class=\"appendix\" src=\"")
                            .append(dataUri(mimeType(rel), images.bytes(rel)))
                            .append("\" alt=\"")
                            .append(esc(image.title()))
                            .append("\">\n");
                    if (!image.caption().isBlank()) {
                        h.append("<figcaption>").append(esc(image.caption())).append("</figcaption>\n");
                    }
                    h.append("</figure>\n");
                }
            }
            h.append("</section>\n");
        }

        h.append("<footer>Generated by layerprobe. Files in this directory: ");
        h.append(String.join(
                ", ",
                doc.files().stream()
                        .map(f -> "<a href=\"" + esc(f) + "\">" + esc(f) + "</a>")
                        .toList()));
        h.append(". Re-render with <code>layerprobe report &lt;this directory&gt;</code>.</footer>\n");
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    public static String table(SummaryTable t) {
        StringBuilder h = new StringBuilder();
        h.append("<div class=\"table-wrap\">\n<table id=\"")
                .append(esc(t.id()))
                .append("\">\n<caption>")
                .append(esc(t.title()))
                .append("</caption>\n<thead><tr>");
        t.header().forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
        h.append("</tr></thead>\n<tbody>\n");
        rows(h, t.body(), "");
        rows(h, t.footer(), " class=\"footer\"");
        h.append("</tbody>\n</table>\n</div>\n");
        for (String note : t.notes()) {
            h.append("<p class=\"note\">").append(esc(note)).append("</p>\n");
        }
        return h.toString();
    }

    private static void rows(StringBuilder h, List<List<Cell>> rows, String rowAttributes) {
        boolean first = true;
        for (List<Cell> row : rows) {
            // Only the first footer row gets the rule above it.
            h.append("<tr").append(first ? rowAttributes : "").append('>');
            first = false;
            for (Cell c : row) {
                h.append(cell(c));
            }
            h.append("</tr>\n");
        }
    }

    static String cell(Cell c) {
        if (c instanceof Cell.Text t) {
            return "<td>" + esc(t.text()) + "</td>";
        }
        if (!(c instanceof Cell.Stat stat)) {
            return "<td>" + StatText.EMPTY + "</td>";
        }
        CellStats s = stat.stats();
        List<String> flags = StatText.flags(s);
        StringBuilder h = new StringBuilder(flags.isEmpty() ? "<td>" : "<td class=\"flagged\">");
        h.append(esc(StatText.mean(s, stat.format())));
        String spread = StatText.spread(s, stat.format());
        if (spread != null) {
            h.append(" ± ").append(esc(spread));
        }
        String interval = StatText.interval(s, stat.format());
        if (interval != null) {
            h.append("<br><span class=\"ci\" title=\"95 % interval\">")
                    .append(esc(interval))
                    .append("</span>");
        }
        h.append(" <span class=\"n\">(").append(esc(StatText.count(s))).append(")</span>");
        if (s.significantStep()) {
            h.append(
                            "<sup class=\"step\" title=\"differs from the point before (paired test, Holm-adjusted p &lt;= 0.05)\">")
                    .append(StatText.STEP_MARK)
                    .append("</sup>");
        }
        if (!flags.isEmpty()) {
            h.append("<sup class=\"flag\" title=\"see the note under the table\">")
                    .append(esc(String.join("", flags)))
                    .append("</sup>");
        }
        return h.append("</td>").toString();
    }

    static String dataUri(String mime, byte[] bytes) {
        return "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    /** The MIME type of an image file, from its extension. */
    public static String mimeType(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".png")) {
            return "image/png";
        }
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (lower.endsWith(".gif")) {
            return "image/gif";
        }
        if (lower.endsWith(".svg")) {
            return "image/svg+xml";
        }
        if (lower.endsWith(".webp")) {
            return "image/webp";
        }
        throw LayerprobeException.withFix(
                "appendix image " + fileName + " has an unknown type", "use a .png, .jpg, .gif, .svg or .webp file");
    }

    /** HTML-escapes text for element content and double-quoted attributes. */
    public static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
