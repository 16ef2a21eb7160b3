package org.layerprobe.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.layerprobe.data.fetch.DatasetFetcher;
import org.layerprobe.data.fetch.DatasetFile;
import org.layerprobe.data.fetch.DatasetId;
import org.layerprobe.data.fetch.DatasetStore;

/**
 * Real datasets for integration tests, fetched on first use into the configured store (by default
 * {@code datasets/} of the repository, the tests' working directory), so the tests work on a fresh
 * machine. Tests never modify these files: damage is done to copies in a temporary folder.
 */
public final class RealDatasets {

    private RealDatasets() {}

    /** The configured store, with {@code id} fetched and verified. */
    public static DatasetStore fetched(DatasetId id) {
        DatasetFetcher fetcher = DatasetFetcher.fromEnvironment();
        fetcher.fetch(id, line -> System.out.println("[fetch] " + line));
        return fetcher.store();
    }

    /**
     * A store in {@code tempRoot} holding {@code id}: the small label files as real copies (safe
     * to damage), the big image files as symbolic links to the fetched ones (never damaged).
     */
    public static DatasetStore copyInto(Path tempRoot, DatasetId id) throws IOException {
        DatasetStore real = fetched(id);
        DatasetStore copy = DatasetStore.at(tempRoot);
        Files.createDirectories(copy.dir(id));
        for (DatasetFile f : id.files()) {
            Path source = real.file(id, f);
            Path target = copy.file(id, f);
            if (f.role().endsWith("_labels")) {
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.createSymbolicLink(target, source);
            }
        }
        return copy;
    }
}
