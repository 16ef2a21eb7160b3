package org.layerprobe.report;

import java.nio.file.Path;
import java.util.List;

/** Where a report was written: its directory, its page, and every file written, in order. */
public record ReportFiles(Path dir, Path index, List<Path> files) {
    public ReportFiles {
        files = List.copyOf(files);
    }
}
