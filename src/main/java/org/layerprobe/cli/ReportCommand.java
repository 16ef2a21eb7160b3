package org.layerprobe.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.layerprobe.report.ReportFiles;
import org.layerprobe.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code layerprobe report <dir>}: re-renders a report from its stored rows and manifest. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Re-render a report directory (tables, charts, index.html) from its separability.csv"
                    + " and manifest.json, without recomputing anything."
        })
public class ReportCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "report directory, e.g. reports/<name>")
    private Path dir;

    public ReportCommand() {}

    @Override
    public Integer call() {
        ReportFiles files = ReportWriter.rerender(dir);
        PrintWriter out = spec.commandLine().getOut();
        out.println("re-rendered " + files.files().size() + " files in " + files.dir());
        out.println("open " + files.index());
        out.flush();
        return 0;
    }
}
