package org.layerprobe.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layerprobe.data.DataSplits;
import org.layerprobe.experiment.ProbeRows;
import org.layerprobe.hooks.HookedForward;
import org.layerprobe.results.RowIdentity;
import org.layerprobe.probe.LayerProber;
import org.layerprobe.probe.ProbeRun;
import org.layerprobe.probe.ProbeSettings;
import org.layerprobe.experiment.Provenance;
import org.layerprobe.report.ReportContext;
import org.layerprobe.report.ReportFiles;
import org.layerprobe.report.ReportWriter;
import org.layerprobe.report.PointTable;
import org.layerprobe.results.ResultRow;
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
 * of the same network at random init, prints the per-layer table and writes a report directory.
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
        RowIdentity id = RowIdentity.of(dir.getFileName().toString(), data.name(),
                config.architecture().id(), config.activation(), config.seed());
        ConsoleProgress progress = new ConsoleProgress(System.out, "");
        ModelProvider provider = new ModelProvider(ModelCache.defaultCache(), progress);
        List<ResultRow> rows = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        try (TrainedModel trained = provider.obtain(config, data)) {
            progress.close();
            System.out.printf(Locale.ROOT, "model test accuracy %.2f%%%n", 100 * trained.result().testAccuracy());
            summary.append(probeOne(trained, ResultRow.TRAINED, "trained", id, data, settings, progress, rows));
        }
        if (!noBaseline) {
            try (TrainedModel init = provider.untrained(config, data)) {
                summary.append(probeOne(init, ResultRow.INIT, "random init (same seed)", id, data, settings, progress, rows));
            }
        }
        Map<String, String> setup = new LinkedHashMap<>();
        setup.put("model", config.readableId());
        setup.put("dataset", String.format(Locale.ROOT, "%s (%d train / %d validation / %d test)", data.name(),
                data.train().size(), data.validation().size(), data.test().size()));
        setup.put("probe settings", settings.toString());
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("model_config", config);
        provenance.put("probe_settings", settings);
        provenance.put("versions", Provenance.versions());
        ReportContext ctx = new ReportContext(dir.getFileName().toString(),
                "Per-layer separability of " + config.readableId(), summary.toString(), setup, provenance, List.of());
        ReportFiles files = ReportWriter.write(dir, ctx, rows);
        System.out.println("report: " + files.index());
        return 0;
    }

    /** Probes one checkpoint of the network, adds its rows, returns its Markdown section. */
    private String probeOne(TrainedModel model, String checkpoint, String title, RowIdentity id,
            DataSplits data, ProbeSettings settings, ConsoleProgress progress, List<ResultRow> rows) {
        rows.add(ProbeRows.modelAccuracy(id, checkpoint, model.result().testAccuracy()));
        ProbeRun run = new LayerProber(settings, progress).probe(HookedForward.of(model.network()), data, probe.points);
        progress.close();
        rows.addAll(ProbeRows.of(id, checkpoint, run.results()));
        return section(title, model.result().testAccuracy(), run);
    }

    private String section(String title, double modelAccuracy, ProbeRun run) {
        Table t = PointTable.of(title, run.results());
        System.out.println();
        System.out.println(title + ": probes " + run.stateMode() + String.format(Locale.ROOT,
                ", %.1f s (forward %.1f s, probe updates %.1f s)", run.totalSeconds(), run.forwardSeconds(),
                run.probeSeconds()));
        System.out.println(t.printAll());
        return String.format(Locale.ROOT, "%s: model test accuracy %.2f%%; probe states %s; %.1f s.%n%n",
                title, 100 * modelAccuracy, run.stateMode(), run.totalSeconds());
    }


}
