package org.layerprobe.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.layerprobe.LayerprobeException;
import org.layerprobe.results.AtomicWrites;
import org.layerprobe.report.ChartImage;
import org.layerprobe.report.HtmlPage;

/**
 * A study's report, built in order (text, tables, charts) and written to one directory: a
 * self-contained {@code index.html} (PNGs embedded as data URIs), each table as {@code <id>.csv}
 * and {@code <id>.md}, each chart as {@code <id>.png} and {@code <id>.svg}; every file atomically.
 */
final class StudyReport {

    private sealed interface Item {}

    private record Text(String html) implements Item {}

    private record Table(String id, String title, List<String> header, List<List<String>> rows) implements Item {}

    private record Chart(ChartImage image, boolean writeFiles) implements Item {}

    private final String title;
    private final List<Item> items = new ArrayList<>();

    StudyReport(String title, String question) {
        this.title = title;
        items.add(new Text("<p class=\"q\"><b>Question.</b> " + HtmlPage.esc(question) + "</p>"));
    }

    StudyReport heading(String text) {
        items.add(new Text("<h2>" + HtmlPage.esc(text) + "</h2>"));
        return this;
    }

    StudyReport paragraph(String text) {
        items.add(new Text("<p>" + HtmlPage.esc(text) + "</p>"));
        return this;
    }

    /** Preformatted text, e.g. learned weights. */
    StudyReport pre(String text) {
        items.add(new Text("<pre>" + HtmlPage.esc(text) + "</pre>"));
        return this;
    }

    StudyReport table(String id, String title, List<String> header, List<List<String>> rows) {
        for (List<String> r : rows) {
            if (r.size() != header.size()) {
                throw new IllegalArgumentException(id + ": row " + r + " does not match " + header);
            }
        }
        items.add(new Table(id, title, List.copyOf(header), List.copyOf(rows)));
        return this;
    }

    StudyReport chart(ChartImage image) {
        items.add(new Chart(image, true));
        return this;
    }

    /** A chart whose PNG and SVG already lie in the report directory (written by someone else). */
    StudyReport existingChart(Path dir, String id, String title, String caption) {
        try {
            byte[] png = Files.readAllBytes(dir.resolve(id + ".png"));
            items.add(new Chart(new ChartImage(id, title, caption, png, new byte[0]), false));
            return this;
        } catch (IOException e) {
            throw new LayerprobeException("cannot read chart " + dir.resolve(id + ".png") + ": " + e.getMessage());
        }
    }

    /** Writes every file to {@code dir}; returns them, {@code index.html} last. */
    List<Path> write(Path dir) {
        List<Path> written = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (Item item : items) {
            if (item instanceof Text t) {
                body.append(t.html()).append('\n');
            } else if (item instanceof Table t) {
                written.add(AtomicWrites.writeString(dir.resolve(t.id() + ".csv"), csv(t)));
                written.add(AtomicWrites.writeString(dir.resolve(t.id() + ".md"), markdown(t)));
                body.append(html(t));
            } else if (item instanceof Chart c) {
                ChartImage img = c.image();
                if (c.writeFiles()) {
                    written.add(AtomicWrites.writeBytes(dir.resolve(img.pngName()), img.png()));
                    written.add(AtomicWrites.writeBytes(dir.resolve(img.svgName()), img.svg()));
                }
                body.append("<figure><img alt=\"").append(HtmlPage.esc(img.title())).append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(img.png())).append("\"><figcaption>")
                        .append(HtmlPage.esc(img.caption())).append(" (<a href=\"").append(HtmlPage.esc(img.svgName()))
                        .append("\">SVG</a>)</figcaption></figure>\n");
            }
        }
        String page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + HtmlPage.esc(title)
                + "</title>\n<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
                + "line-height:1.4}table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #ccc;"
                + "padding:.2rem .5rem;text-align:right}th{background:#f4f4f4}pre{background:#f7f7f7;padding:.5rem}"
                + "img{max-width:100%}.q{background:#eef4fb;padding:.5rem}figcaption{font-size:.9rem;color:#444}"
                + "</style></head><body>\n<h1>" + HtmlPage.esc(title) + "</h1>\n" + body + "</body></html>\n";
        written.add(AtomicWrites.writeString(dir.resolve("index.html"), page));
        return written;
    }

    private static String csv(Table t) {
        StringBuilder sb = new StringBuilder();
        sb.append(csvLine(t.header()));
        t.rows().forEach(r -> sb.append(csvLine(r)));
        return sb.toString();
    }

    private static String csvLine(List<String> cells) {
        List<String> q = new ArrayList<>();
        for (String c : cells) {
            q.add(c.contains(",") || c.contains("\"") ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
        }
        return String.join(",", q) + "\n";
    }

    private static String markdown(Table t) {
        StringBuilder sb = new StringBuilder("### " + t.title() + "\n\n| "
                + String.join(" | ", t.header().stream().map(StudyReport::mdCell).toList()) + " |\n|");
        t.header().forEach(h -> sb.append("---:|"));
        sb.append('\n');
        for (List<String> r : t.rows()) {
            sb.append("| ").append(String.join(" | ", r.stream().map(StudyReport::mdCell).toList()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static String mdCell(String c) {
        return c.replace("|", "\\|");
    }

    private static String html(Table t) {
        StringBuilder sb = new StringBuilder("<h3>" + HtmlPage.esc(t.title()) + "</h3>\n<table><tr>");
        t.header().forEach(h -> sb.append("<th>").append(HtmlPage.esc(h)).append("</th>"));
        sb.append("</tr>\n");
        for (List<String> r : t.rows()) {
            sb.append("<tr>");
            r.forEach(c -> sb.append("<td>").append(HtmlPage.esc(c)).append("</td>"));
            sb.append("</tr>\n");
        }
        sb.append("</table>\n<p>Also as <a href=\"").append(HtmlPage.esc(t.id())).append(".csv\">CSV</a> and <a href=\"")
                .append(HtmlPage.esc(t.id())).append(".md\">Markdown</a>.</p>\n");
        return sb.toString();
    }
}
