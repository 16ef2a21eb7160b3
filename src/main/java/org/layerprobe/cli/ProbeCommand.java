package org.layerprobe.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layerprobe.data.DataSplits;
import org.layerprobe.experiment.NetworkProbe;
import org.layerprobe.probe.ProbeRun;
import org.layerprobe.probe.ProbeSettings;
import org.layerprobe.report.ReportFiles;
import org.layerprobe.train.ModelCache;
import org.layerprobe.train.ModelConfig;
import org.layerprobe.train.ModelProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code layerprobe probe}: trains (or reuses) one network, fits a probe at every point of it and
 * of the same network at random init, prints the per-layer table and writes a report directory.
 */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        description = "Fit a linear probe at every layer of one network (trained and at random init).")
public final class ProbeCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    ProbeOptions probe = new ProbeOptions();

    @Option(names = "--no-baseline", description = "Skip the random-init baseline.")
    boolean noBaseline;

    @Option(names = "--out", description = "Output directory (default: reports/probe-<model id>).")
    Path out;

    @Override
    public Integer call() {
        model.validate();
        ProbeSettings settings = probe.settings();
        DataSplits data = model.load();
        ModelConfig config = model.config(data);
        Path dir = out != null ? out : Path.of("reports", "probe-" + config.readableId());
        ConsoleProgress progress = new ConsoleProgress(System.out, "");
        ReportFiles files = NetworkProbe.run(
                config,
                data,
                settings,
                probe.points,
                !noBaseline,
                dir,
                new ModelProvider(ModelCache.defaultCache(), progress),
                progress,
                section -> {
                    progress.close();
                    print(section);
                });
        System.out.println("report: " + files.index());
        return 0;
    }

    private static void print(NetworkProbe.Section s) {
        ProbeRun run = s.run();
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "%s: model test accuracy %.2f%%; probes %s, %.1f s (forward %.1f s, probe" + " updates %.1f s)%n",
                s.title(),
                100 * s.modelAccuracy(),
                run.stateMode(),
                run.totalSeconds(),
                run.forwardSeconds(),
                run.probeSeconds());
        System.out.println(PointTable.of(s.title(), run.results()).printAll());
    }
}
