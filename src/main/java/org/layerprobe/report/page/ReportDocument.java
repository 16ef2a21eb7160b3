package org.layerprobe.report.page;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layerprobe.report.chart.ChartImage;
import org.layerprobe.report.table.PanelReading;
import org.layerprobe.report.table.SummaryTable;

/**
 * Everything a page shows, already computed: the Markdown and HTML writers only lay it out.
 *
 * @param title page title (the question)
 * @param description explanatory text; blank lines separate paragraphs
 * @param setup key/value facts
 * @param readings the auto-generated reading, one entry per panel
 * @param tables summary tables
 * @param charts rendered charts
 * @param appendix appendix items; image files are relative to the report directory
 * @param files the data files of the report directory, listed in the page footer
 */
public record ReportDocument(
        String title,
        String description,
        Map<String, String> setup,
        List<PanelReading> readings,
        List<SummaryTable> tables,
        List<ChartImage> charts,
        List<AppendixItem> appendix,
        List<String> files) {

    public ReportDocument {
        setup = Collections.unmodifiableMap(new LinkedHashMap<>(setup));
        readings = List.copyOf(readings);
        tables = List.copyOf(tables);
        charts = List.copyOf(charts);
        appendix = List.copyOf(appendix);
        files = List.copyOf(files);
    }

    /** The description's paragraphs (separated by blank lines), each joined onto one line. */
    public List<String> descriptionParagraphs() {
        return Arrays.stream(description.strip().split("\\R\\s*\\R"))
                .map(p -> p.strip().replaceAll("\\s*\\R\\s*", " "))
                .filter(p -> !p.isEmpty())
                .toList();
    }
}
