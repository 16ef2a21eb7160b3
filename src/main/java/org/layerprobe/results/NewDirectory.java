package org.layerprobe.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.layerprobe.LayerprobeException;

/** A directory a command creates, never one it would overwrite. */
public final class NewDirectory {

    private NewDirectory() {}

    /**
     * Refuses {@code dir} when it holds anything, naming {@code fix}; an empty directory is removed
     * so that the caller can publish its own in its place.
     */
    public static void require(Path dir, String fix) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            if (s.findAny().isPresent()) {
                throw LayerprobeException.withFix(dir + " already exists and is not empty; nothing was written", fix);
            }
        }
        Files.delete(dir);
    }
}
