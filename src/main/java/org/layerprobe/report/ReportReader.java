package org.layerprobe.report;

import java.nio.file.Files;
import java.nio.file.Path;
import org.layerprobe.LayerprobeException;
import org.layerprobe.results.RowTable;

/** Reads a report directory back (rows from {@code separability.csv}, context from the manifest). */
public final class ReportReader {

    private ReportReader() {}

    /** The stored report in {@code dir}; nothing is recomputed. */
    public static StoredReport read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw LayerprobeException.withFix(
                    "report directory " + dir + " does not exist",
                    "pass a directory written by layerprobe, e.g. reports/<name>");
        }
        ReportContext context = ManifestJson.read(dir);
        return new StoredReport(dir, context, RowTable.readCsv(dir.resolve(ReportWriter.CSV)));
    }
}
