package org.layerprobe.data.fetch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.layerprobe.LayerprobeException;

/** Runs a package client (npm, apt-get, dpkg) and turns its failures into a message with a fix. */
final class ExternalCommand {

    /** Lines worth quoting from a client's output when it fails. */
    private static final Pattern ERROR_LINE = Pattern.compile("(?i)^(E:|npm err|npm error|dpkg-deb: error|error)");

    private ExternalCommand() {}

    /**
     * Runs {@code command} in {@code dir}, waiting at most {@code timeout}. Output goes to a log
     * file in {@code dir} (a pipe could fill and block the client) and is quoted on failure.
     */
    static void run(Path dir, Duration timeout, String fix, String... command) {
        String shown = "`" + String.join(" ", command) + "`";
        Path log = dir.resolve(command[0] + ".log");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw LayerprobeException.withFix(
                    command[0] + " could not be run; is it installed and on PATH? (" + e.getMessage() + ")", fix);
        }
        try {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw LayerprobeException.withFix(
                        shown + " did not finish within " + timeout.toMinutes() + " minutes", fix);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LayerprobeException(shown + " was interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw LayerprobeException.withFix(
                    shown + " failed with exit code " + process.exitValue() + ": " + gist(log), fix);
        }
    }

    /** The first error line of the log, else its last non-blank line. */
    private static String gist(Path log) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output)";
        }
        List<String> nonBlank =
                lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return nonBlank.stream()
                .filter(l -> ERROR_LINE.matcher(l).find())
                .findFirst()
                .orElse(nonBlank.isEmpty() ? "(no output)" : nonBlank.get(nonBlank.size() - 1));
    }
}
