package org.layerprobe.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Temporary files and folders that name their owner (process id and host), so that ones left by a
 * killed process can be told apart from ones a live process is still writing: a temporary is
 * provably stale when its owner ran on this host and that process is gone. Others (another host's,
 * or a live process's) are never touched.
 */
public final class TempFiles {

    /**
     * The marker's process id; the host follows it up to a '-', but hosts contain '-' too, so a
     * name is this host's only when the host and its '-' follow literally (a pattern for the host
     * would run on into the random suffix after it).
     */
    private static final Pattern OWNER = Pattern.compile("\\.tmp-(\\d+)@");

    private TempFiles() {}

    /** The marker to put in a temporary's name: {@code .tmp-<pid>@<host>-}. */
    public static String marker() {
        return ".tmp-" + ProcessHandle.current().pid() + "@" + host() + "-";
    }

    /** This machine's host name ($HOSTNAME, else the resolver's), for messages and owner markers. */
    public static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                h = "unknown";
            }
        }
        return h;
    }

    /** The host name as it appears in a marker: letters, digits and '-' only. */
    private static String host() {
        return hostName().replaceAll("[^A-Za-z0-9-]", "-");
    }

    /** Whether {@code name} carries a marker of a process of this host that is no longer running. */
    public static boolean isStale(String name) {
        Matcher m = OWNER.matcher(name);
        if (!m.find() || !name.startsWith(host() + "-", m.end())) {
            return false;
        }
        long pid = Long.parseLong(m.group(1));
        return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    /**
     * Deletes a file or a folder with everything in it, deepest first; a missing one is fine.
     * Returns false when something could not be deleted (left, for the caller to ignore or report).
     */
    public static boolean deleteTree(Path p) {
        if (p == null || !Files.exists(p)) {
            return true;
        }
        try (Stream<Path> tree = Files.walk(p)) {
            for (Path q : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
            return true;
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** Deletes the provably stale temporaries directly in {@code dir} (files and folders); returns how many. */
    public static int removeStale(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p :
                    entries.filter(p -> isStale(p.getFileName().toString())).toList()) {
                // When it fails, another process removed it first, or it is not ours to remove after all.
                if (deleteTree(p)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            return removed;
        }
        return removed;
    }
}
