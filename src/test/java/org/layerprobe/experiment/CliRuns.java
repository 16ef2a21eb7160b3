package org.layerprobe.experiment;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.layerprobe.cli.Main;
import picocli.CommandLine;

/** Command lines run in process, and the rows of the reports they write, for end-to-end tests. */
final class CliRuns {

    private CliRuns() {}

    /** Exit code and stderr of one command line. */
    static Object[] execute(String... argv) {
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(new StringWriter()));
        cmd.setErr(new PrintWriter(err));
        return new Object[] {cmd.execute(argv), err.toString()};
    }

    /** The rows of a report, without timings (which differ run to run) and without the run name. */
    static List<String> rows(Path report) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(report.resolve("separability.csv"))) {
            if (!line.contains("seconds")) {
                out.add(line.substring(line.indexOf(',') + 1));
            }
        }
        return out;
    }
}
