package org.layerprobe.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layerprobe.metrics.ActivationAtlas;
import org.layerprobe.metrics.ReluSumFit;
import org.layerprobe.metrics.ReluSums;
import org.layerprobe.report.page.AtlasFiles;
import org.layerprobe.report.page.ReluSumFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code layerprobe atlas}: charts and a table of every registered activation and derivative. */
@Command(
        mixinStandardHelpOptions = true,
        name = "atlas",
        description = {
            "Write the activation atlas: each registered activation and its derivative on [-5, 5]"
                    + " as charts (PNG, SVG), a Markdown and a CSV table of their properties.",
            "With --relu-sums, also the 'sums of shifted ReLUs' study (x^2 on [0, 2])."
        })
public class AtlasCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "reports/atlas",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(
            names = "--relu-sums",
            description = "Also fit x^2 on [0, 2] with k = 1..100 shifted ReLUs and chart the" + " error.")
    private boolean reluSums;

    public AtlasCommand() {}

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        PrintWriter pw = spec.commandLine().getOut();
        AtlasFiles.write(ActivationAtlas.ofRegistry(), out).forEach(pw::println);
        if (reluSums) {
            ReluSums study = ReluSums.square();
            List<ReluSumFit> fits = study.fit(ReluSums.DEFAULT_KS);
            ReluSumFiles.write(study, fits, out).forEach(pw::println);
            for (ReluSumFit f : fits) {
                pw.printf(
                        Locale.ROOT,
                        "relu sums k=%-3d max |error| %.3e  mean |error| %.3e%n",
                        f.k(),
                        f.maxAbsError(),
                        f.meanAbsError());
            }
        }
        pw.flush();
        return 0;
    }
}
