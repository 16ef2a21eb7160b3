package org.layerprobe.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.layerprobe.report.CompareWriter;
import org.layerprobe.report.ReportFiles;
import org.layerprobe.report.ReportReader;
import org.layerprobe.report.StoredReport;
import org.layerprobe.report.table.Slugs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code layerprobe compare <dir>... [--out DIR]}: several stored reports side by side. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = {
            "Put several report directories side by side: one table (points x run/activation)"
                    + " and one chart of probe test error, read from their stored rows."
        })
public class CompareCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "2..*", paramLabel = "DIR", description = "report directories to compare")
    private List<Path> dirs = new ArrayList<>();

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "output directory (default: compare-<names> next to the first report)")
    private Path out;

    public CompareCommand() {}

    @Override
    public Integer call() {
        // Read every input before writing anything, so a typo in the last one costs nothing.
        List<StoredReport> reports = dirs.stream().map(ReportReader::read).toList();
        Path target = out != null ? out : defaultOut(reports);
        ReportFiles files = CompareWriter.write(target, reports);
        PrintWriter w = spec.commandLine().getOut();
        w.println("compared " + reports.size() + " reports into " + files.dir());
        w.println("open " + files.index());
        w.flush();
        return 0;
    }

    private static Path defaultOut(List<StoredReport> reports) {
        String names = reports.stream().map(r -> r.context().name()).collect(Collectors.joining("-vs-"));
        String slug = Slugs.of("compare-" + names);
        if (slug.length() > 80) {
            slug = slug.substring(0, 80);
        }
        Path first = reports.get(0).dir().toAbsolutePath().normalize();
        Path parent = first.getParent() != null ? first.getParent() : first;
        return parent.resolve(slug);
    }
}
