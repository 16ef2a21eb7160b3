package org.layerprobe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.experiment.DirectoryDatasetRunTest;
import picocli.CommandLine;

/**
 * The commands layerprobe prints for a reader to paste do what they say when pasted: bash reads
 * them back as the words meant (in folders named to break an unquoted line), and the commands run,
 * the OWNER guard included. And the command line follows picocli's conventions: an unknown command,
 * option or argument exits 2 and is named, even beside --help.
 */
class PrintedCommandsTest {

    private static String[] lastRun = new String[2];

    private static int execute(String... argv) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = cmd.execute(argv);
            lastRun = new String[] {out + captured.toString(StandardCharsets.UTF_8), err.toString()};
            return code;
        } finally {
            System.setOut(stdout);
        }
    }

    /** The words bash reads from a printed command line. */
    private static List<String> words(String line) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "printf '%s\\0' " + line).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), line);
        return new ArrayList<>(Arrays.asList(out.split("\0")));
    }

    /** The command between backticks in {@code text}, without the launcher. */
    private static String[] printed(String text) throws Exception {
        Matcher m = Pattern.compile("`(\\./layerprobe [^`]*)`").matcher(text);
        assertTrue(m.find(), "a printed command in: " + text);
        List<String> w = words(m.group(1));
        assertEquals("./layerprobe", w.remove(0));
        return w.toArray(String[]::new);
    }

    @Test
    void printedCommandsPasteAsTheirWordsAndRun(@TempDir Path tmp) throws Exception {
        Path images = DirectoryDatasetRunTest.colourNoise(tmp.resolve("colour-noise"), 20);
        Path awkward = Files.createDirectories(tmp.resolve("it's $(touch " + tmp.resolve("ran") + ")"));
        Path spec = Files.writeString(awkward.resolve("paste.yaml"), """
                name: paste
                dataset: {path: %s, test_fraction: 0.25}
                architectures: [{kind: mlp, sizes: [4]}]
                activations: [relu, identity]
                baseline: false
                training: {epochs: 1, batch_size: 16, validation_size: 10}
                probes: {l2: [1e-2]}
                """.formatted(images));
        Path reports = awkward.resolve("my reports");
        assertEquals(0, execute("run", spec.toString(), "--reports", reports.toString(), "--shard", "0/2"));
        String[] report = printed(lastRun[0]);
        assertEquals(List.of("report", reports.resolve("paste").toString()), List.of(report));

        int incomplete = execute("report", report[1], "--require-complete");
        assertTrue(incomplete != 0, "one shard of two: incomplete");
        String[] rerun = printed(lastRun[1]);
        assertEquals(0, execute(rerun), "the printed command runs (the OWNER guard takes it): " + lastRun[1]);
        assertEquals(0, execute("report", report[1], "--require-complete"), lastRun[1]);
        assertFalse(Files.exists(tmp.resolve("ran")), "a printed command ran something else");
    }

    @Test
    void unknownCommandsOptionsAndArgumentsExitTwoAndAreNamed() {
        assertEquals(2, execute("nosuchcmd", "--help"));
        assertTrue(lastRun[1].contains("unknown command 'nosuchcmd'"), lastRun[1]);
        assertEquals(2, execute("RUN", "--help"));
        assertTrue(lastRun[1].contains("unknown command 'RUN'") && lastRun[1].contains("run"), lastRun[1]);
        assertEquals(2, execute());
        assertTrue(lastRun[1].contains("no command given"), lastRun[1]);
        assertEquals(2, execute("run", "--nosuchflag"));
        assertTrue(lastRun[1].contains("--nosuchflag") && !lastRun[1].contains("Missing"), lastRun[1]);
        assertEquals(0, execute("--help"));
        assertEquals(0, execute("run", "--help"));
    }
}
