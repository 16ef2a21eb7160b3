package org.layerprobe.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.layerprobe.LayerprobeException;
import org.layerprobe.report.chart.ChartEncoder;
import org.layerprobe.report.chart.ChartImage;
import org.layerprobe.report.chart.SeparabilityCharts;
import org.layerprobe.report.page.HtmlPage;
import org.layerprobe.report.page.LatexWriter;
import org.layerprobe.report.page.MarkdownWriter;
import org.layerprobe.report.page.ReportDocument;
import org.layerprobe.report.table.CompareSeries;
import org.layerprobe.report.table.PanelReading;
import org.layerprobe.report.table.ResultsReading;
import org.layerprobe.report.table.SeparabilityPanel;
import org.layerprobe.report.table.SeparabilitySummaries;
import org.layerprobe.report.table.SummaryTable;
import org.layerprobe.report.table.SummaryTables;
import org.layerprobe.results.ResultRow;
import org.layerprobe.results.RowTable;

/**
 * Puts several stored reports side by side: one table (points × run/activation) and one chart of
 * the trained networks' probe error, plus each run's reading, written like a report (atomically,
 * index.html last) into its own directory.
 */
public final class CompareWriter {

    public static final String CSV = "compare.csv";
    public static final String MARKDOWN = "compare.md";
    public static final String LATEX = "compare.tex";
    /** Manifest format tag of a comparison directory (it cannot be re-rendered as one report). */
    public static final String FORMAT = "layerprobe-compare/1";

    static {
        ChartEncoder.ensureHeadless();
    }

    private CompareWriter() {}

    /** Writes the comparison of {@code reports} into {@code out}. */
    public static ReportFiles write(Path out, List<StoredReport> reports) {
        if (reports.isEmpty()) {
            throw LayerprobeException.withFix("nothing to compare", "pass at least one report directory");
        }
        List<ResultRow> rows = relabelledRows(reports);
        List<SeparabilityPanel> panels = SeparabilitySummaries.of(rows);
        List<CompareSeries> series = CompareSeries.of(panels);
        SummaryTable table = SummaryTables.compare(series);
        ChartImage chart = SeparabilityCharts.compare(series);
        List<PanelReading> readings = ResultsReading.of(panels);

        String names = reports.stream().map(r -> r.context().name()).collect(Collectors.joining(", "));
        Map<String, String> setup = new LinkedHashMap<>();
        for (StoredReport r : reports) {
            setup.put(r.context().name(), r.context().title() + " (" + r.dir() + ")");
        }
        String title = "Comparison: " + names;
        String description = "Probe test error of " + reports.size() + " runs side by side, read"
                + " from their stored rows. Each run's own report has its setup, random-init"
                + " baseline and appendix.";

        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(CSV, utf8(RowTable.toCsv(rows)));
        files.putAll(chart.files());
        List<String> dataFiles = new ArrayList<>(files.keySet());
        dataFiles.addAll(List.of(MARKDOWN, LATEX, ManifestJson.FILE_NAME));

        ReportDocument doc = new ReportDocument(
                title, description, setup, readings, List.of(table), List.of(chart), List.of(), dataFiles);
        files.put(MARKDOWN, utf8(MarkdownWriter.render(doc)));
        files.put(LATEX, utf8(LatexWriter.render(title, List.of(table))));
        files.put(ManifestJson.FILE_NAME, utf8(ManifestJson.pretty(manifest(reports))));
        files.put(ReportWriter.INDEX, utf8(HtmlPage.render(doc, rel -> {
            throw new IllegalStateException("a comparison has no appendix images: " + rel);
        })));
        return ReportWriter.commit(out, files);
    }

    /**
     * The reports' rows, with run names made unique: two reports of the same spec (say, before
     * and after a change) would otherwise merge into one run and fail the duplicate-row check.
     */
    static List<ResultRow> relabelledRows(List<StoredReport> reports) {
        Map<String, Integer> reportsPerRun = new HashMap<>();
        for (StoredReport r : reports) {
            Set<String> runs = r.rows().stream().map(ResultRow::run).collect(Collectors.toSet());
            runs.forEach(run -> reportsPerRun.merge(run, 1, Integer::sum));
        }
        List<ResultRow> rows = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            StoredReport r = reports.get(i);
            String suffix = "#" + (i + 1);
            for (ResultRow row : r.rows()) {
                String run = reportsPerRun.get(row.run()) > 1 ? row.run() + suffix : row.run();
                rows.add(new ResultRow(
                        run,
                        row.dataset(),
                        row.architecture(),
                        row.activation(),
                        row.seed(),
                        row.checkpoint(),
                        row.point(),
                        row.pointIndex(),
                        row.metric(),
                        row.value()));
            }
        }
        return rows;
    }

    private static Map<String, Object> manifest(List<StoredReport> reports) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            StoredReport r = reports.get(i);
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("index", i + 1);
            input.put("name", r.context().name());
            input.put("title", r.context().title());
            input.put("dir", r.dir().toAbsolutePath().normalize().toString());
            input.put("provenance", r.context().provenance());
            inputs.add(input);
        }
        m.put("inputs", inputs);
        return m;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
