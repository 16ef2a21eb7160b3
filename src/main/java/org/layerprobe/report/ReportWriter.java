package org.layerprobe.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.layerprobe.LayerprobeException;
import org.layerprobe.report.chart.ChartEncoder;
import org.layerprobe.report.chart.ChartImage;
import org.layerprobe.report.chart.CkaCharts;
import org.layerprobe.report.chart.SeparabilityCharts;
import org.layerprobe.report.chart.TrainingDynamics;
import org.layerprobe.report.page.AppendixFiles;
import org.layerprobe.report.page.AppendixItem;
import org.layerprobe.report.page.HtmlPage;
import org.layerprobe.report.page.LatexWriter;
import org.layerprobe.report.page.MarkdownWriter;
import org.layerprobe.report.page.ReportDocument;
import org.layerprobe.report.table.MeasureTables;
import org.layerprobe.report.table.PanelReading;
import org.layerprobe.report.table.ResultsReading;
import org.layerprobe.report.table.SeparabilityPanel;
import org.layerprobe.report.table.SeparabilitySummaries;
import org.layerprobe.report.table.Slugs;
import org.layerprobe.report.table.SummaryTable;
import org.layerprobe.report.table.SummaryTables;
import org.layerprobe.results.AtomicWrites;
import org.layerprobe.results.FolderLock;
import org.layerprobe.results.ResultRow;
import org.layerprobe.results.RowTable;

/**
 * Writes the per-layer separability report of a set of rows into a directory: rows as CSV,
 * summary tables as Markdown and LaTeX, charts as PNG and SVG, the manifest, and index.html.
 *
 * <p>Everything is rendered in memory first and only then written, file by file, atomically, with
 * index.html last: if rendering fails, no file of an earlier report in the directory is touched;
 * if writing fails midway, every file is either its old or its new version, never a fragment.
 */
public final class ReportWriter {

    public static final String CSV = "separability.csv";
    public static final String MARKDOWN = "separability.md";
    public static final String LATEX = "separability.tex";
    public static final String INDEX = "index.html";

    static {
        ChartEncoder.ensureHeadless();
    }

    private ReportWriter() {}

    /**
     * Renders and writes the report of {@code rows} into {@code dir} (created if needed). The
     * folder then holds exactly what this report lists: a file the previous report's manifest
     * listed and this one does not (a chart of an activation the spec no longer names) is removed.
     * Files no report wrote are left alone.
     */
    public static ReportFiles write(Path dir, ReportContext ctx, List<ResultRow> rows) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(ctx, "ctx");
        // One writer at a time: a run and a `report DIR` on one folder would otherwise mix files.
        try (FolderLock lock = FolderLock.hold(dir)) {
            return writeLocked(dir, ctx, rows);
        }
    }

    private static ReportFiles writeLocked(Path dir, ReportContext ctx, List<ResultRow> rows) {
        Set<String> before = ManifestJson.listedFiles(dir);
        ReportFiles written = commit(dir, render(dir, ctx, rows));
        Set<String> now = ManifestJson.listedFiles(dir);
        Path root = dir.toAbsolutePath().normalize();
        for (String rel : before) {
            Path f = root.resolve(rel).normalize();
            if (!now.contains(rel) && f.startsWith(root) && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new LayerprobeException("cannot remove " + f + ", which the previous report wrote and this"
                            + " one does not: " + e.getMessage());
                }
            }
        }
        return written;
    }

    /**
     * Re-renders the report in {@code dir} from its {@code separability.csv} and
     * {@code manifest.json} alone, e.g. after a layerprobe upgrade changed the layout.
     */
    public static ReportFiles rerender(Path dir) {
        StoredReport stored = ReportReader.read(dir);
        return write(dir, stored.context(), stored.rows());
    }

    /** All files of the report as bytes, keyed by path relative to {@code dir}, index last. */
    static Map<String, byte[]> render(Path dir, ReportContext ctx, List<ResultRow> rows) {
        List<SeparabilityPanel> panels = SeparabilitySummaries.of(rows);
        List<SummaryTable> tables = new ArrayList<>(SummaryTables.perPanel(panels));
        Slugs.Unique ids = new Slugs.Unique();
        tables.addAll(TrainingDynamics.tables(rows, ids));
        tables.addAll(MeasureTables.of(rows, ids));
        List<PanelReading> readings = ResultsReading.of(panels);
        List<ChartImage> charts = new ArrayList<>(SeparabilityCharts.forPanels(panels));
        charts.addAll(TrainingDynamics.charts(rows));
        charts.addAll(CkaCharts.of(rows));
        AppendixFiles.Placed appendix = AppendixFiles.place(dir, ctx.appendix());
        ReportContext stored = ctx.withAppendix(appendix.items());

        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put(CSV, utf8(RowTable.toCsv(rows)));
        charts.forEach(c -> out.putAll(c.files()));
        out.putAll(appendix.copies());
        List<String> dataFiles = new ArrayList<>(out.keySet());
        // Images already inside the directory are part of the report too, though not rewritten.
        for (AppendixItem item : appendix.items()) {
            if (item instanceof AppendixItem.Image image) {
                String rel = image.file().toString().replace('\\', '/');
                if (!dataFiles.contains(rel)) {
                    dataFiles.add(rel);
                }
            }
        }
        dataFiles.add(MARKDOWN);
        dataFiles.add(LATEX);
        dataFiles.add(ManifestJson.FILE_NAME);
        List<String> allFiles = new ArrayList<>(dataFiles);
        allFiles.add(INDEX);

        ReportDocument doc = new ReportDocument(
                ctx.title(), ctx.description(), ctx.setup(), readings, tables, charts, appendix.items(), dataFiles);
        out.put(MARKDOWN, utf8(MarkdownWriter.render(doc)));
        out.put(LATEX, utf8(LatexWriter.render(ctx.title(), tables)));
        out.put(ManifestJson.FILE_NAME, utf8(ManifestJson.render(stored, allFiles)));
        out.put(INDEX, utf8(HtmlPage.render(doc, rel -> image(dir, appendix.copies(), rel))));
        return out;
    }

    /** Writes rendered files atomically, in order; returns where they went. */
    static ReportFiles commit(Path dir, Map<String, byte[]> files) {
        return new ReportFiles(dir, dir.resolve(INDEX), AtomicWrites.writeAll(dir, files));
    }

    private static byte[] image(Path dir, Map<String, byte[]> pending, String relative) {
        byte[] bytes = pending.get(relative);
        if (bytes != null) {
            return bytes;
        }
        try {
            return Files.readAllBytes(dir.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read appendix image " + dir.resolve(relative), e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
