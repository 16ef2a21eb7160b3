package org.layerprobe.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.layerprobe.report.AtomicWrites;
import org.layerprobe.report.ResultRow;
import org.layerprobe.report.RowTable;

/**
 * Finished configurations of a sweep, one CSV of rows each under {@code <report>/runs/}, written
 * atomically the moment a configuration finishes. A sweep killed at any point and started again
 * redoes only the configurations without a file here.
 */
public final class RunStore {

    private final Path dir;

    public RunStore(Path reportDir) {
        this.dir = reportDir.resolve("runs");
    }

    private Path file(RunConfig config) {
        return dir.resolve(config.id() + ".csv");
    }

    public boolean isDone(RunConfig config) {
        return Files.isRegularFile(file(config));
    }

    /** The stored rows of a finished configuration. */
    public List<ResultRow> rows(RunConfig config) {
        return RowTable.readCsv(file(config));
    }

    /** Persists a configuration's rows atomically (temp file, then rename). */
    public void save(RunConfig config, List<ResultRow> rows) {
        AtomicWrites.writeString(file(config), RowTable.toCsv(rows));
    }

    /** All stored rows of {@code configs}, in their order. */
    public List<ResultRow> all(List<RunConfig> configs) {
        List<ResultRow> rows = new ArrayList<>();
        for (RunConfig c : configs) {
            if (isDone(c)) {
                rows.addAll(rows(c));
            }
        }
        return rows;
    }
}
