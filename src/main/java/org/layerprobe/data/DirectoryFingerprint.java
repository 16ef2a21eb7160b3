package org.layerprobe.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.layerprobe.LayerprobeException;
import org.layerprobe.Sha256;

/**
 * The identity of a directory's content: every file's relative path, size and SHA-256, hashed
 * together, and every file's bytes read each time. A cache keyed by size and modification time
 * was faster and wrong: an image rewritten with other pixels of the same size, its time put back,
 * kept its old hash, and a run reused results computed on other images. The fingerprint is in
 * every run key computed from the directory.
 */
public final class DirectoryFingerprint {

    private DirectoryFingerprint() {}

    /**
     * The result: the combined SHA-256 and the number of files and bytes it covers.
     *
     * @param sha256 hash of the sorted lines {@code path size sha256}
     * @param files regular files covered (hidden ones excluded)
     * @param bytes their total size
     */
    public record Result(String sha256, int files, long bytes) {}

    public static Result of(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        long bytes = 0;
        int count = 0;
        StringBuilder lines = new StringBuilder();
        for (Path f : files(root)) {
            String rel = root.relativize(f).toString().replace('\\', '/');
            try {
                long size = Files.size(f);
                bytes += size;
                count++;
                lines.append(rel)
                        .append(' ')
                        .append(size)
                        .append(' ')
                        .append(Sha256.of(f))
                        .append('\n');
            } catch (IOException ex) {
                throw new LayerprobeException("cannot read " + f + " to fingerprint " + root + ": " + ex.getMessage());
            }
        }
        return new Result(Sha256.of(lines.toString()), count, bytes);
    }

    /** Every regular, non-hidden file below {@code root}, in path order. */
    private static List<Path> files(Path root) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile)
                    .filter(p -> !root.relativize(p).toString().startsWith(".")
                            && !root.relativize(p).toString().contains("/."))
                    .sorted()
                    .forEach(out::add);
        } catch (IOException | UncheckedIOException e) {
            throw LayerprobeException.withFix(
                    "cannot list " + root + ": " + e.getMessage(),
                    "make every folder below it readable, or point at a copy that is");
        }
        return out;
    }
}
