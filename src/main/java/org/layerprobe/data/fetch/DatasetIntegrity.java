package org.layerprobe.data.fetch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.layerprobe.LayerprobeException;
import org.layerprobe.Sha256;
import org.layerprobe.results.AtomicWrites;

/**
 * Checks that a dataset's files are present with their pinned size and SHA-256, before DJL ever
 * reads them (DJL answers a short file with an AssertionError and a missing one with a
 * NullPointerException).
 *
 * <p>Hashing 55 MB on every load would dominate small runs, so a verified file's size, mtime and
 * hash are remembered in this process, and a file is hashed again only when its size or mtime
 * changes. A stamp file ({@value #STAMP}) next to the data remembers them across processes for
 * listing only: what is loaded for training, and named by a run key, is hashed in this process.
 */
public final class DatasetIntegrity {

    /** The stamp file, one line per verified file: {@code role size mtimeNanos sha256}. */
    public static final String STAMP = ".verified";

    /** Files changed more recently than this are not cached (see {@link #check}). */
    private static final long SETTLE_MILLIS = 2000;

    /** Verified files of this process, by absolute path. */
    private static final Map<Path, Fingerprint> VERIFIED = new ConcurrentHashMap<>();

    private final DatasetStore store;

    public DatasetIntegrity(DatasetStore store) {
        this.store = store;
    }

    /** Integrity checks against the configured store. */
    public static DatasetIntegrity fromEnvironment() {
        return new DatasetIntegrity(DatasetStore.fromEnvironment());
    }

    /** As {@link #verify(DatasetId)}, by name. */
    public void verify(String name) {
        verify(DatasetId.of(name));
    }

    /**
     * Returns normally when every file of {@code id} is present and intact; otherwise throws a
     * LayerprobeException naming the first bad file, what is wrong with it and the fetch command.
     */
    public void verify(DatasetId id) {
        // The files that feed training and run keys are hashed once per process: a size and mtime
        // stamp is a speed-up for listing, not a proof (an mtime can be put back after an edit).
        for (FileCheck c : checkAll(id, false)) {
            if (c.problem() != Problem.NONE) {
                throw LayerprobeException.withFix(c.message(id), fetchCommand(id));
            }
        }
    }

    /** The state of {@code id}'s files, for listing; never throws for bad files. */
    public DatasetStatus status(DatasetId id) {
        return status(id, false);
    }

    /**
     * The state of {@code id}'s files; with {@code hashEveryFile} each file's bytes are hashed now
     * (what {@code datasets list} calls verified), else a file whose size and time match this
     * machine's stamp counts as verified, as {@link #checkAll(DatasetId)} has it.
     */
    public DatasetStatus status(DatasetId id, boolean hashEveryFile) {
        List<FileCheck> checks = checkAll(id, !hashEveryFile);
        FileCheck firstCorrupt = null;
        FileCheck firstMissing = null;
        for (FileCheck c : checks) {
            if (c.problem() == Problem.MISSING) {
                firstMissing = firstMissing == null ? c : firstMissing;
            } else if (c.problem() != Problem.NONE) {
                firstCorrupt = firstCorrupt == null ? c : firstCorrupt;
            }
        }
        if (firstCorrupt != null) {
            return new DatasetStatus(id, store.dir(id), DatasetStatus.State.CORRUPT, firstCorrupt.message(id));
        }
        if (firstMissing != null && checks.stream().allMatch(c -> c.problem() == Problem.MISSING)) {
            return new DatasetStatus(id, store.dir(id), DatasetStatus.State.MISSING, "not fetched");
        }
        if (firstMissing != null) {
            return new DatasetStatus(id, store.dir(id), DatasetStatus.State.MISSING, firstMissing.message(id));
        }
        return new DatasetStatus(id, store.dir(id), DatasetStatus.State.VERIFIED, "");
    }

    /** Verifies {@code id} and returns its files' SHA-256 by stored file name, for provenance. */
    public Map<String, String> fileHashes(DatasetId id) {
        verify(id);
        Map<String, String> hashes = new LinkedHashMap<>();
        for (DatasetFile f : id.files()) {
            hashes.put(f.role(), f.sha256());
        }
        return Collections.unmodifiableMap(hashes);
    }

    /** The command that repairs {@code id}. */
    public static String fetchCommand(DatasetId id) {
        return "./layerprobe datasets fetch " + id.id();
    }

    /** Checks every file of {@code id}, hashing only those not known to be verified. */
    List<FileCheck> checkAll(DatasetId id) {
        return checkAll(id, true);
    }

    /**
     * As {@link #checkAll(DatasetId)}; without {@code trustStamp} only this process's own hashes
     * count as known, so every file is hashed at least once per process.
     */
    List<FileCheck> checkAll(DatasetId id, boolean trustStamp) {
        Map<String, Fingerprint> onDisk = readStamp(id);
        Map<String, Fingerprint> stamped = trustStamp ? onDisk : Map.of();
        Map<String, Fingerprint> verified = new LinkedHashMap<>();
        List<FileCheck> checks = new ArrayList<>();
        boolean newlyHashed = false;
        for (DatasetFile f : id.files()) {
            Path path = store.file(id, f);
            FileCheck c;
            try {
                c = check(f, path, stamped.get(f.role()));
            } catch (IOException e) {
                throw new LayerprobeException("cannot read " + path + ": " + e.getMessage(), e);
            }
            checks.add(c);
            if (c.fingerprint() != null) {
                verified.put(f.role(), c.fingerprint());
                newlyHashed |= !c.fingerprint().equals(onDisk.get(f.role()));
            }
        }
        if (newlyHashed) {
            writeStamp(id, verified);
        }
        return checks;
    }

    private static FileCheck check(DatasetFile f, Path path, Fingerprint stamped) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return new FileCheck(f, path, Problem.MISSING, "", null);
        }
        long size = attrs.size();
        if (!attrs.isRegularFile()) {
            return new FileCheck(f, path, Problem.MISSING, "", null);
        }
        if (size < f.size()) {
            return new FileCheck(f, path, Problem.TRUNCATED, size + " of " + f.size() + " bytes", null);
        }
        if (size > f.size()) {
            return new FileCheck(f, path, Problem.OVERSIZED, size + " bytes, expected " + f.size(), null);
        }
        long mtime = attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        Path key = path.toAbsolutePath().normalize();
        Fingerprint known = VERIFIED.get(key);
        if (known != null && known.matches(size, mtime, f.sha256())) {
            return new FileCheck(f, path, Problem.NONE, "", known);
        }
        if (stamped != null && stamped.matches(size, mtime, f.sha256())) {
            // Trusted for listing, but not remembered as this process's own proof.
            return new FileCheck(f, path, Problem.NONE, "", stamped);
        }
        String sha = Sha256.of(path);
        if (!sha.equals(f.sha256())) {
            VERIFIED.remove(key);
            return new FileCheck(
                    f,
                    path,
                    Problem.ALTERED,
                    "sha256 mismatch (expected " + f.sha256().substring(0, 12) + "..., found " + sha.substring(0, 12)
                            + "...)",
                    null);
        }
        Fingerprint fp = new Fingerprint(size, mtime, sha);
        // A file modified moments ago may still change within the same mtime tick (file system
        // clocks are coarse), so only settled files are remembered; a fresh one is re-hashed.
        if (System.currentTimeMillis() - attrs.lastModifiedTime().toMillis() > SETTLE_MILLIS) {
            VERIFIED.put(key, fp);
            return new FileCheck(f, path, Problem.NONE, "", fp);
        }
        return new FileCheck(f, path, Problem.NONE, "", null);
    }

    private Map<String, Fingerprint> readStamp(DatasetId id) {
        Path stamp = store.dir(id).resolve(STAMP);
        Map<String, Fingerprint> result = new HashMap<>();
        if (!Files.isRegularFile(stamp)) {
            return result;
        }
        try {
            for (String line : Files.readAllLines(stamp, StandardCharsets.UTF_8)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 4) {
                    result.put(parts[0], new Fingerprint(Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[3]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // A damaged stamp only costs a re-hash; it is rewritten after the next check.
            return new HashMap<>();
        }
        return result;
    }

    private void writeStamp(DatasetId id, Map<String, Fingerprint> verified) {
        Path dir = store.dir(id);
        StringBuilder text = new StringBuilder();
        verified.forEach((role, fp) -> text.append(role)
                .append(' ')
                .append(fp.size())
                .append(' ')
                .append(fp.mtimeNanos())
                .append(' ')
                .append(fp.sha256())
                .append('\n'));
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        try {
            AtomicWrites.replace(dir.resolve(STAMP), out -> out.write(bytes));
        } catch (IOException e) {
            // The stamp is only a cache (e.g. the folder may be read-only); verification stands.
        }
    }

    /** What was found wrong with one file. */
    enum Problem {
        NONE("ok"),
        MISSING("missing"),
        TRUNCATED("truncated"),
        OVERSIZED("oversized"),
        ALTERED("altered");

        private final String label;

        Problem(String label) {
            this.label = label;
        }
    }

    /** The size, mtime and hash a file had when it was verified. */
    record Fingerprint(long size, long mtimeNanos, String sha256) {

        boolean matches(long size, long mtimeNanos, String expectedSha256) {
            return this.size == size && this.mtimeNanos == mtimeNanos && this.sha256.equals(expectedSha256);
        }
    }

    /** The outcome of checking one file; {@code fingerprint} is set if it is intact and settled. */
    record FileCheck(DatasetFile file, Path path, Problem problem, String detail, Fingerprint fingerprint) {

        /** One line: dataset, file, what is wrong, where. */
        String message(DatasetId id) {
            String what = detail.isEmpty() ? problem.label : problem.label + ": " + detail;
            return id.id() + " file " + file.role() + " is " + what + " (" + path + ")";
        }
    }
}
