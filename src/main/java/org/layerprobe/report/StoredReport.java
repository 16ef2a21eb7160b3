package org.layerprobe.report;

import org.layerprobe.results.ResultRow;

import java.nio.file.Path;
import java.util.List;

/** A report read back from its directory: the context from the manifest and the stored rows. */
public record StoredReport(Path dir, ReportContext context, List<ResultRow> rows) {
    public StoredReport {
        rows = List.copyOf(rows);
    }
}
