package org.layerprobe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A printed command pastes as the words it names: bash reads each quoted word back unchanged and runs nothing else. */
class ShellWordsTest {

    @Test
    void bashReadsEveryQuotedWordBackAndRunsNothing(@TempDir Path tmp) throws Exception {
        Path marker = tmp.resolve("ran");
        List<String> words = List.of(
                "plain/path.yaml",
                "my runs",
                "$(touch " + marker + ")",
                "`touch " + marker + "`",
                "it's; touch " + marker,
                "a\"b",
                "",
                "~/x",
                "*.yaml",
                "tab\there",
                "line\nbreak");
        for (String w : words) {
            String line = "printf '%s' " + ShellWords.quote(w);
            Process p = new ProcessBuilder("bash", "-c", line).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), line);
            assertEquals(w, out, line);
        }
        assertFalse(Files.exists(marker), "a pasted word ran a command");
        assertEquals(
                "./layerprobe report 'reports/my runs'",
                ShellWords.command("./layerprobe", "report", Path.of("reports/my runs")));
    }
}
