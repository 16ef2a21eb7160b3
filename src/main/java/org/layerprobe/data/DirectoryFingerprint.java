package org.layerprobe.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.layerprobe.LayerprobeException;
import org.layerprobe.data.fetch.Sha256;
import org.layerprobe.results.AtomicWrites;
import org.layerprobe.results.UserCache;

/**
 * The identity of a directory's content: every file's relative path, size and SHA-256, hashed
 * together. Hashing a large image folder takes a while, so each file's hash is kept in a cache
 * beside its size and modification time and reused while both are unchanged; a changed image
 * changes the fingerprint, which is in every run key computed from the directory.
 */
public final class DirectoryFingerprint {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path cacheDir;

    /** Kept under {@code cacheDir}, one small JSON file per fingerprinted directory. */
    public DirectoryFingerprint(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /** The cache under {@code $XDG_CACHE_HOME/layerprobe/fingerprints} or {@code ~/.cache/...}. */
    public static DirectoryFingerprint defaultCache() {
        return new DirectoryFingerprint(UserCache.dir("fingerprints"));
    }

    /**
     * The result: the combined SHA-256 and the number of files and bytes it covers.
     *
     * @param sha256 hash of the sorted lines {@code path size sha256}
     * @param files regular files covered (hidden ones excluded)
     * @param bytes their total size
     * @param hashed files whose content was hashed this time (the rest came from the cache)
     */
    public record Result(String sha256, int files, long bytes, int hashed) {}

    public Result of(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        Map<String, Entry> cached = readCache(root);
        Map<String, Entry> now = new TreeMap<>();
        int hashed = 0;
        long bytes = 0;
        StringBuilder lines = new StringBuilder();
        for (Path f : files(root)) {
            String rel = root.relativize(f).toString().replace('\\', '/');
            try {
                long size = Files.size(f);
                long mtime = Files.getLastModifiedTime(f).toMillis();
                Entry e = cached.get(rel);
                if (e == null || e.size != size || e.mtime != mtime) {
                    e = new Entry(size, mtime, Sha256.of(f));
                    hashed++;
                }
                now.put(rel, e);
                bytes += size;
                lines.append(rel)
                        .append(' ')
                        .append(size)
                        .append(' ')
                        .append(e.sha256)
                        .append('\n');
            } catch (IOException ex) {
                throw new LayerprobeException("cannot read " + f + " to fingerprint " + root + ": " + ex.getMessage());
            }
        }
        if (hashed > 0 || now.size() != cached.size()) {
            writeCache(root, now);
        }
        return new Result(Sha256.of(lines.toString()), now.size(), bytes, hashed);
    }

    private record Entry(long size, long mtime, String sha256) {}

    /** Every regular, non-hidden file below {@code root}, in path order. */
    private static List<Path> files(Path root) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile)
                    .filter(p -> !root.relativize(p).toString().startsWith(".")
                            && !root.relativize(p).toString().contains("/."))
                    .sorted()
                    .forEach(out::add);
        } catch (IOException e) {
            throw new LayerprobeException("cannot list " + root + ": " + e.getMessage());
        }
        return out;
    }

    private Path cacheFile(Path root) {
        return cacheDir.resolve(Sha256.of(root.toString()).substring(0, 16) + ".json");
    }

    private Map<String, Entry> readCache(Path root) {
        Map<String, Entry> m = new TreeMap<>();
        Path file = cacheFile(root);
        try {
            if (Files.isRegularFile(file)) {
                ObjectNode n = (ObjectNode) JSON.readTree(file.toFile());
                if (root.toString().equals(n.path("directory").asText())) {
                    n.path("files")
                            .fields()
                            .forEachRemaining(e -> m.put(
                                    e.getKey(),
                                    new Entry(
                                            e.getValue().path("size").asLong(-1),
                                            e.getValue().path("mtime").asLong(-1),
                                            e.getValue().path("sha256").asText(""))));
                }
            }
        } catch (IOException | ClassCastException e) {
            // An unreadable cache only means hashing everything again.
            m.clear();
        }
        return m;
    }

    private void writeCache(Path root, Map<String, Entry> entries) {
        ObjectNode n = JSON.createObjectNode();
        n.put("directory", root.toString());
        ObjectNode files = n.putObject("files");
        entries.forEach((rel, e) -> {
            ObjectNode f = files.putObject(rel);
            f.put("size", e.size);
            f.put("mtime", e.mtime);
            f.put("sha256", e.sha256);
        });
        try {
            Files.createDirectories(cacheDir);
            AtomicWrites.replace(cacheFile(root), out -> JSON.writeValue(out, n));
        } catch (IOException e) {
            // Not fatal: the next run hashes again.
        }
    }
}
