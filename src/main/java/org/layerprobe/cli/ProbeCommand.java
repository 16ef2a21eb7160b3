package org.layerprobe.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layerprobe.LayerprobeException;
import org.layerprobe.data.DataSplits;
import org.layerprobe.experiment.ProbeRows;
import org.layerprobe.hooks.HookedForward;
import org.layerprobe.probe.LayerProber;
import org.layerprobe.probe.ProbeRun;
import org.layerprobe.probe.ProbeSettings;
import org.layerprobe.report.PointTable;
import org.layerprobe.report.ResultRow;
import org.layerprobe.train.ModelCache;
import org.layerprobe.train.ModelConfig;
import org.layerprobe.train.ModelProvider;
import org.layerprobe.train.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tech.tablesaw.api.Table;

/**
 * {@code layerprobe probe}: trains (or reuses) one network, fits a probe at every point of it and
 * of the same network at random init, prints the per-layer table and writes CSV and Markdown.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
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
        ProbeRows.Identity id = new ProbeRows.Identity(dir.getFileName().toString(), data.name(),
                config.architecture().id(), config.activation(), config.seed());
        ConsoleProgress progress = new ConsoleProgress(System.out, "");
        ModelProvider provider = new ModelProvider(ModelCache.defaultCache(), progress);
        List<ResultRow> rows = new ArrayList<>();
        StringBuilder md = new StringBuilder("# Per-layer separability: " + config.readableId() + "\n\n");
        try (TrainedModel trained = provider.obtain(config, data)) {
            progress.close();
            System.out.printf(Locale.ROOT, "model test accuracy %.2f%%%n", 100 * trained.result().testAccuracy());
            rows.add(ProbeRows.modelAccuracy(id, ResultRow.TRAINED, trained.result().testAccuracy()));
            ProbeRun run = new LayerProber(settings, progress).probe(HookedForward.of(trained.network()), data,
                    probe.points);
            progress.close();
            rows.addAll(ProbeRows.of(id, ResultRow.TRAINED, run.results()));
            md.append(section("trained", trained.result().testAccuracy(), run));
        }
        if (!noBaseline) {
            try (TrainedModel init = provider.untrained(config, data)) {
                rows.add(ProbeRows.modelAccuracy(id, ResultRow.INIT, init.result().testAccuracy()));
                ProbeRun run = new LayerProber(settings, progress).probe(HookedForward.of(init.network()), data,
                        probe.points);
                progress.close();
                rows.addAll(ProbeRows.of(id, ResultRow.INIT, run.results()));
                md.append(section("random init (same seed)", init.result().testAccuracy(), run));
            }
        }
        write(dir.resolve("separability.md"), md.toString());
        write(dir.resolve("separability.csv"), csv(rows));
        System.out.println("wrote " + dir.resolve("separability.csv") + " and " + dir.resolve("separability.md"));
        return 0;
    }

    private String section(String title, double modelAccuracy, ProbeRun run) {
        Table t = PointTable.of(title, run.results());
        System.out.println();
        System.out.println(title + ": probes " + run.stateMode() + String.format(Locale.ROOT,
                ", %.1f s (forward %.1f s, probe updates %.1f s)", run.totalSeconds(), run.forwardSeconds(),
                run.probeSeconds()));
        System.out.println(t.printAll());
        return String.format(Locale.ROOT, "## %s (model test accuracy %.2f%%)%n%nStates %s; %.1f s.%n%n%s%n",
                title, 100 * modelAccuracy, run.stateMode(), run.totalSeconds(), PointTable.markdown(t));
    }

    static String csv(List<ResultRow> rows) {
        StringBuilder b = new StringBuilder("run,dataset,architecture,activation,seed,checkpoint,point,point_index,metric,value\n");
        for (ResultRow r : rows) {
            b.append(String.join(",", r.run(), r.dataset(), r.architecture(), r.activation(), Long.toString(r.seed()),
                    r.checkpoint(), r.point(), Integer.toString(r.pointIndex()), r.metric(), Double.toString(r.value())))
                    .append('\n');
        }
        return b.toString();
    }

    static void write(Path target, String text) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".tmp-", target.getFileName().toString());
            Files.writeString(tmp, text);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new LayerprobeException("cannot write " + target + ": " + e.getMessage());
        }
    }
}
