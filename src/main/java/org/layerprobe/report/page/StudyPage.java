package org.layerprobe.report.page;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layerprobe.report.chart.ChartImage;
import org.layerprobe.results.AtomicWrites;

/**
 * A study's report page, built in order (text, tables, charts) by the study and written by its
 * caller to one directory: a self-contained {@code index.html} (PNGs embedded as data URIs), each
 * table as {@code <id>.csv} and {@code <id>.md}, each chart as {@code <id>.png} and
 * {@code <id>.svg}, and any attached files; every file atomically.
 */
public final class StudyPage {

    private sealed interface Item {}

    private record Text(String html) implements Item {}

    private record Table(StudyTable table) implements Item {}

    private record Chart(ChartImage image) implements Item {}

    private final String title;
    private final List<Item> items = new ArrayList<>();
    private final Map<String, byte[]> attachments = new LinkedHashMap<>();

    public StudyPage(String title, String question) {
        this.title = title;
        items.add(new Text("<p class=\"q\"><b>Question.</b> " + HtmlPage.esc(question) + "</p>"));
    }

    public StudyPage heading(String text) {
        items.add(new Text("<h2>" + HtmlPage.esc(text) + "</h2>"));
        return this;
    }

    public StudyPage paragraph(String text) {
        items.add(new Text("<p>" + HtmlPage.esc(text) + "</p>"));
        return this;
    }

    /** Preformatted text, e.g. learned weights. */
    public StudyPage pre(String text) {
        items.add(new Text("<pre>" + HtmlPage.esc(text) + "</pre>"));
        return this;
    }

    /** A table of formatted cells; every row as long as the header. */
    public StudyPage table(String id, String title, List<String> header, List<List<String>> rows) {
        items.add(new Table(new StudyTable(id, title, header, rows)));
        return this;
    }

    public StudyPage chart(ChartImage image) {
        items.add(new Chart(image));
        return this;
    }

    /** A file written beside the page without a place on it, e.g. data for other tools. */
    public StudyPage attach(String name, String text) {
        attachments.put(name, text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Writes every file to {@code dir}; returns them, {@code index.html} last. */
    public List<Path> write(Path dir) {
        return AtomicWrites.writeAll(dir, render());
    }

    /** Every file's bytes, keyed by its name, {@code index.html} last. */
    public Map<String, byte[]> render() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        StringBuilder body = new StringBuilder();
        for (Item item : items) {
            if (item instanceof Text t) {
                body.append(t.html()).append('\n');
            } else if (item instanceof Table t) {
                files.put(t.table().csvName(), utf8(t.table().csv()));
                files.put(t.table().markdownName(), utf8(t.table().markdown()));
                body.append(t.table().html());
            } else if (item instanceof Chart c) {
                ChartImage img = c.image();
                files.putAll(img.files());
                body.append("<figure><img alt=\"")
                        .append(HtmlPage.esc(img.title()))
                        .append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(img.png()))
                        .append("\"><figcaption>")
                        .append(HtmlPage.esc(img.caption()))
                        .append(" (<a href=\"")
                        .append(HtmlPage.esc(img.svgName()))
                        .append("\">SVG</a>)</figcaption></figure>\n");
            }
        }
        files.putAll(attachments);
        String page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + HtmlPage.esc(title)
                + "</title>\n<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
                + "line-height:1.4}table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #ccc;"
                + "padding:.2rem .5rem;text-align:right}th{background:#f4f4f4}pre{background:#f7f7f7;padding:.5rem}"
                + "img{max-width:100%}.q{background:#eef4fb;padding:.5rem}figcaption{font-size:.9rem;color:#444}"
                + "</style></head><body>\n<h1>" + HtmlPage.esc(title) + "</h1>\n" + body + "</body></html>\n";
        files.put("index.html", utf8(page));
        return files;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
