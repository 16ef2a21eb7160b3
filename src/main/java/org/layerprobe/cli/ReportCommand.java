package org.layerprobe.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.layerprobe.ShellWords;
import org.layerprobe.experiment.ExperimentReport;
import org.layerprobe.experiment.ExperimentSpec;
import org.layerprobe.experiment.RunConfig;
import org.layerprobe.experiment.SpecParser;
import org.layerprobe.report.ReportFiles;
import org.layerprobe.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerprobe report <dir>}: builds a report from the rows its {@code runs/} holds (the merge
 * step of a sharded sweep), or re-renders one that has no spec copy from its stored CSV.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Build a report directory (tables, charts, index.html) from the finished configurations in its"
                    + " runs/ (the merge step of `run --shard`), saying which configurations of its spec are"
                    + " still missing. A directory without a spec copy is re-rendered from its"
                    + " separability.csv and manifest.json. Nothing is recomputed."
        })
public class ReportCommand implements Callable<Integer> {

    /** Exit status of {@code --require-complete} when configurations are missing. */
    static final int INCOMPLETE = 3;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "report directory, e.g. reports/<name>")
    private Path dir;

    @Option(
            names = "--require-complete",
            description = "Exit with status " + INCOMPLETE + " if any configuration of the spec has no results yet.")
    private boolean requireComplete;

    public ReportCommand() {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path specCopy = dir.resolve(ExperimentReport.SPEC_FILE);
        if (!Files.isRegularFile(specCopy)) {
            ReportFiles files = ReportWriter.rerender(dir);
            out.println("re-rendered " + files.files().size() + " files in " + files.dir());
            out.println("open " + files.index());
            out.flush();
            return 0;
        }
        ExperimentSpec experiment = SpecParser.parse(specCopy);
        Datasets.ensure(experiment.dataset());
        ExperimentReport.Result r = ExperimentReport.write(
                dir, experiment, ExperimentReport.load(experiment), List.of(), m -> out.println("warning: " + m));
        int total = experiment.configs().size();
        out.printf(
                "merged %d of %d configurations of %s into %s%n",
                total - r.missing().size(), total, experiment.name(), r.files().dir());
        if (!r.otherSettings().isEmpty()) {
            out.println("runs/ also holds " + r.otherSettings().size()
                    + " result file(s) from other settings; kept, not used");
        }
        for (RunConfig c : r.missing()) {
            out.println("missing: " + c.id());
        }
        out.println("open " + r.files().index());
        out.flush();
        if (requireComplete && !r.missing().isEmpty()) {
            spec.commandLine()
                    .getErr()
                    .println("layerprobe: " + r.missing().size() + " of " + total
                            + " configurations have no results; run the missing shards (or `"
                            + ShellWords.command(
                                    "./layerprobe",
                                    "run",
                                    ExperimentReport.owningSpec(dir).orElse(specCopy),
                                    "--reports",
                                    dir.toAbsolutePath().getParent())
                            + "`) and merge again");
            return INCOMPLETE;
        }
        return 0;
    }
}
