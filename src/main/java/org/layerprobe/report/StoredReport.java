package org.layerprobe.report;

import java.nio.file.Path;
import java.util.List;
import org.layerprobe.results.ResultRow;

/** A report read back from its directory: the context from the manifest and the stored rows. */
public record StoredReport(Path dir, ReportContext context, List<ResultRow> rows) {
    public StoredReport {
        rows = List.copyOf(rows);
    }
}
