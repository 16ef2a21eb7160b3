package org.layerprobe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.cli.CompareCommand;
import org.layerprobe.cli.Main;
import org.layerprobe.cli.ReportCommand;
import picocli.CommandLine;

/** The thin CLI commands over the report layer, run in-process. */
class ReportCommandsTest {

    @TempDir
    Path tmp;

    private static String run(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        int code = cmd.execute(args);
        assertEquals(0, code, "exit code; output:\n" + out);
        return out.toString();
    }

    @Test
    void reportCommandReRendersAndSaysWhereTheIndexIs() throws Exception {
        Path dir = tmp.resolve("r");
        ReportWriter.write(dir, ReportContext.of("toy-run", "Q"), SyntheticRows.rows());
        Files.delete(dir.resolve("separability.md"));

        String out = run(new CommandLine(new ReportCommand()), dir.toString());

        assertTrue(Files.isRegularFile(dir.resolve("separability.md")), "re-rendered");
        assertTrue(out.contains("open " + dir.resolve("index.html")), out);
    }

    @Test
    void compareCommandWritesNextToTheFirstReportByDefault() {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        ReportWriter.write(a, ReportContext.of("alpha", "A"), SyntheticRows.rows("alpha", "mlp"));
        ReportWriter.write(b, ReportContext.of("beta", "B"), SyntheticRows.rows("beta", "mlp"));

        String out = run(new CommandLine(new CompareCommand()), a.toString(), b.toString());

        Path expected = tmp.toAbsolutePath().resolve("compare-alpha-vs-beta");
        assertTrue(Files.isRegularFile(expected.resolve("index.html")), out);
        assertTrue(out.contains(expected.resolve("index.html").toString()), out);
    }

    @Test
    void reportOnADirectoryThatIsNoReportExitsWithTheBadInputCode() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CommandLine cmd = Main.commandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err));
        assertEquals(Main.EXIT_BAD_INPUT, cmd.execute("report", empty.toString()));
        assertTrue(err.toString().contains("no manifest.json"), err.toString());
    }
}
