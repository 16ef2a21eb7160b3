package org.layerprobe.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.layerprobe.data.DataSplits;
import org.layerprobe.engine.KernelGuard;
import org.layerprobe.hooks.HookedForward;
import org.layerprobe.probe.LayerProber;
import org.layerprobe.probe.ProbeMonitor;
import org.layerprobe.probe.ProbeRun;
import org.layerprobe.probe.ProbeSettings;
import org.layerprobe.report.ReportContext;
import org.layerprobe.report.ReportFiles;
import org.layerprobe.report.ReportWriter;
import org.layerprobe.results.PredictionSet;
import org.layerprobe.results.Predictions;
import org.layerprobe.results.ResultRow;
import org.layerprobe.results.RowIdentity;
import org.layerprobe.train.ModelConfig;
import org.layerprobe.train.ModelProvider;
import org.layerprobe.train.ModelSource;
import org.layerprobe.train.TrainedModel;

/**
 * One network probed at every point, trained (from the cache when it is there) and optionally at
 * random init, and its report: what {@code layerprobe probe} does, as a library call.
 */
public final class NetworkProbe {

    private NetworkProbe() {}

    /** One probed checkpoint: its title, the model's own test accuracy and the probe run. */
    public record Section(String title, double modelAccuracy, ProbeRun run) {}

    /**
     * Probes {@code config}'s network on {@code data} at {@code points} (all when empty) and writes
     * the report into {@code dir}; {@code onSection} hears each checkpoint as it finishes. The
     * points and the directory are checked before any training.
     */
    public static ReportFiles run(
            ModelConfig config,
            DataSplits data,
            ProbeSettings settings,
            List<String> points,
            boolean baseline,
            Path dir,
            ModelSource models,
            ProbeMonitor monitor,
            Consumer<Section> onSection) {
        Preflight.checkPoints(ModelProvider.network(config.architecture(), config.activation(), data), points);
        Preflight.writable(dir);
        RowIdentity id = RowIdentity.of(
                dir.getFileName().toString(),
                data.name(),
                config.architecture().id(),
                config.activation(),
                config.seed());
        List<ResultRow> rows = new ArrayList<>();
        Map<String, Map<String, Predictions>> predictions = new LinkedHashMap<>();
        StringBuilder summary = new StringBuilder();
        try (TrainedModel trained = models.obtain(config, data)) {
            summary.append(probe(
                    trained,
                    ResultRow.TRAINED,
                    "trained",
                    id,
                    data,
                    settings,
                    points,
                    monitor,
                    rows,
                    onSection,
                    predictions));
        }
        if (baseline) {
            try (TrainedModel init = models.untrained(config, data)) {
                summary.append(probe(
                        init,
                        ResultRow.INIT,
                        "random init (same seed)",
                        id,
                        data,
                        settings,
                        points,
                        monitor,
                        rows,
                        onSection,
                        predictions));
            }
        }
        rows.addAll(PairedRows.of(List.of(
                PairedRows.Network.of(id, rows, new PredictionSet(data.test().labels(), predictions)))));
        Map<String, String> setup = new LinkedHashMap<>();
        setup.put("model", config.readableId());
        setup.put(
                "dataset",
                String.format(
                        Locale.ROOT,
                        "%s (%d train / %d validation / %d test)",
                        data.name(),
                        data.train().size(),
                        data.validation().size(),
                        data.test().size()));
        setup.put("probe settings", settings.toString());
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("model_config", config);
        provenance.put("probe_settings", settings);
        provenance.put("versions", Provenance.versions());
        provenance.put("engine_kernels", KernelGuard.current().provenance());
        ReportContext ctx = new ReportContext(
                dir.getFileName().toString(),
                "Per-layer separability of " + config.readableId(),
                summary.toString(),
                setup,
                provenance,
                List.of());
        return ReportWriter.write(dir, ctx, rows);
    }

    private static String probe(
            TrainedModel model,
            String checkpoint,
            String title,
            RowIdentity id,
            DataSplits data,
            ProbeSettings settings,
            List<String> points,
            ProbeMonitor monitor,
            List<ResultRow> rows,
            Consumer<Section> onSection,
            Map<String, Map<String, Predictions>> predictions) {
        rows.add(ProbeRows.modelAccuracy(id, checkpoint, model.result().testAccuracy()));
        ProbeRun run = new LayerProber(settings, monitor).probe(HookedForward.of(model.network()), data, points);
        rows.addAll(ProbeRows.of(id, checkpoint, run.results()));
        Map<String, Predictions> kept = predictions.computeIfAbsent(checkpoint, c -> new LinkedHashMap<>());
        run.results().forEach(r -> kept.put(r.point(), r.testPredictions()));
        onSection.accept(new Section(title, model.result().testAccuracy(), run));
        return String.format(
                Locale.ROOT,
                "%s: model test accuracy %.2f%%; probe states %s; %.1f s.%n%n",
                title,
                100 * model.result().testAccuracy(),
                run.stateMode(),
                run.totalSeconds());
    }
}
