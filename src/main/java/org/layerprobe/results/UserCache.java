package org.layerprobe.results;

import java.nio.file.Path;

/** The per-user cache folder the toolkit's caches live under (kernel verdicts). */
public final class UserCache {

    private UserCache() {}

    /** {@code $XDG_CACHE_HOME/layerprobe/<name>}, or {@code ~/.cache/layerprobe/<name>} without it. */
    public static Path dir(String name) {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("layerprobe").resolve(name);
    }
}
