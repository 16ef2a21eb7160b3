package org.layerprobe.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.layerprobe.LayerprobeException;
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
        Path target = file(config);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + config.id(), ".tmp");
            Files.writeString(tmp, RowTable.toCsv(rows));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new LayerprobeException("cannot save results of " + config.id() + " in " + dir + ": " + e.getMessage());
        }
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
