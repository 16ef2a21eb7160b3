package org.layerprobe;

import java.nio.file.Path;

/**
 * Commands printed for a reader to paste: every word quoted for a POSIX shell, so a folder named
 * {@code $(touch x)} or {@code my runs} pastes as that folder and runs nothing else.
 */
public final class ShellWords {

    private ShellWords() {}

    /** One shell word: as is when it is plainly safe, else single-quoted. */
    public static String quote(String word) {
        return !word.isEmpty() && word.matches("[A-Za-z0-9/._+=:,@%-]+")
                ? word
                : "'" + word.replace("'", "'\\''") + "'";
    }

    /** A path as one shell word. */
    public static String quote(Path path) {
        return quote(path.toString());
    }

    /** A command line of words, each quoted. */
    public static String command(Object... words) {
        StringBuilder b = new StringBuilder();
        for (Object w : words) {
            b.append(b.length() == 0 ? "" : " ").append(quote(w.toString()));
        }
        return b.toString();
    }
}
