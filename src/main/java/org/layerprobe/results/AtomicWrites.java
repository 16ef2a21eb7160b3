package org.layerprobe.results;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.layerprobe.LayerprobeException;

/**
 * Writes files so that a reader never sees a half-written one and a failed write never damages
 * the previous version: content goes to a temporary file in the target's own directory (same file
 * system, so the rename can be atomic), which then replaces the target in one step.
 */
public final class AtomicWrites {

    /** Produces a file's content; may throw, in which case the target is left untouched. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicWrites() {}

    /** Writes {@code text} as UTF-8 to {@code target}. */
    public static Path writeString(Path target, String text) {
        return writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code target}, creating its directory when needed. */
    public static Path writeBytes(Path target, byte[] bytes) {
        return write(target, out -> out.write(bytes));
    }

    /**
     * Streams {@code content} into a temporary sibling of {@code target} and renames it over the
     * target. If {@code content} throws, the temporary file is deleted and the exception propagates
     * (unchecked), so an earlier version of the target survives intact.
     */
    public static Path write(Path target, Content content) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            // A dot-prefixed name keeps an interrupted write out of directory listings and globs.
            // Not Files.createTempFile: its owner-only permissions would survive the rename and
            // leave a report that nobody else (a web server, a colleague) can read.
            // The name carries its owner, so a later writer can remove it once provably stale
            // (a kill -9 between create and rename leaves it behind).
            TempFiles.removeStale(dir);
            tmp = Files.createFile(dir.resolve("." + absolute.getFileName() + TempFiles.marker()
                    + UUID.randomUUID() + ".tmp"));
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            move(tmp, absolute);
            return target;
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw LayerprobeException.withFix(
                    "cannot write " + target + ": " + e.getMessage(),
                    "check that the directory is writable and the disk has space, or choose"
                            + " another output directory");
        } catch (RuntimeException | Error e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Some file systems (e.g. certain network mounts) cannot rename atomically; a plain
            // replace is still better than writing the target in place.
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the original failure is the one worth reporting
            }
        }
    }
}
