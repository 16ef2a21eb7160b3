package org.layerprobe.results;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.layerprobe.LayerprobeException;

/**
 * Writes files so that a reader never sees a half-written one and a failed write never damages
 * the previous version: content goes to a temporary file in the target's own directory (same file
 * system, so the rename can be atomic), which then replaces the target in one step. Directories
 * are published the same way, but never replace one already there.
 */
public final class AtomicWrites {

    /** Produces a file's content; may throw, in which case the target is left untouched. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Fills a directory that is not yet visible under its final name; may throw likewise. */
    @FunctionalInterface
    public interface DirectoryContent {
        void writeInto(Path dir) throws IOException;
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
     * Writes each of {@code files} (a path relative to {@code dir} and its bytes) atomically, in
     * order; returns where they went.
     */
    public static List<Path> writeAll(Path dir, Map<String, byte[]> files) {
        List<Path> written = new ArrayList<>(files.size());
        files.forEach((name, bytes) -> written.add(writeBytes(dir.resolve(name), bytes)));
        return written;
    }

    /**
     * Streams {@code content} into a temporary sibling of {@code target} and renames it over the
     * target. If {@code content} throws, the temporary file is deleted and the exception propagates
     * (unchecked), so an earlier version of the target survives intact.
     */
    public static Path write(Path target, Content content) {
        try {
            return replace(target, content);
        } catch (IOException e) {
            throw LayerprobeException.withFix(
                    "cannot write " + target + ": " + e.getMessage(),
                    "check that the directory is writable and the disk has space, or choose"
                            + " another output directory");
        }
    }

    /**
     * As {@link #write(Path, Content)}, but an I/O failure reaches the caller as it is, for callers
     * that explain it in their own terms (a download, a cache that may be read-only).
     */
    public static Path replace(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path tmp = null;
        try {
            // Not Files.createTempFile: its owner-only permissions would survive the rename and
            // leave a file that nobody else (a web server, a colleague) can read.
            tmp = Files.createFile(temporarySibling(absolute));
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            rename(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /**
     * Fills a fresh temporary sibling directory of {@code target} through {@code content} and
     * renames it to {@code target}, unless {@code target} exists by then: a published directory is
     * never replaced, because other processes may be reading it. When another process publishes
     * the same target first, its directory stays and this one's temporary is removed.
     *
     * @return whether this call published {@code target}
     */
    public static boolean publishDirectory(Path target, DirectoryContent content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path tmp = null;
        try {
            tmp = Files.createDirectory(temporarySibling(absolute));
            content.writeInto(tmp);
            if (Files.exists(absolute)) {
                return false;
            }
            try {
                rename(tmp, absolute);
                return true;
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // published by another process between the check and the rename
                return false;
            }
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * A free name beside {@code target} for its temporary. A dot-prefixed name keeps an
     * interrupted write out of directory listings and globs; the name carries its owner, so a later
     * writer can remove it once provably stale (a kill -9 between create and rename leaves it
     * behind).
     */
    private static Path temporarySibling(Path target) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        TempFiles.removeStale(dir);
        return dir.resolve("." + target.getFileName() + TempFiles.marker() + UUID.randomUUID() + ".tmp");
    }

    private static void rename(Path from, Path to, CopyOption... options) throws IOException {
        CopyOption[] atomic = Arrays.copyOf(options, options.length + 1);
        atomic[options.length] = StandardCopyOption.ATOMIC_MOVE;
        try {
            Files.move(from, to, atomic);
        } catch (AtomicMoveNotSupportedException e) {
            // Some file systems (e.g. certain network mounts) cannot rename atomically; a plain
            // move is still better than writing the target in place.
            Files.move(from, to, options);
        }
    }

    /** Removes a temporary file or directory if it is still there (after a failure). */
    private static void deleteQuietly(Path p) {
        // The original failure is the one worth reporting; a stale temporary is removed later.
        TempFiles.deleteTree(p);
    }
}
