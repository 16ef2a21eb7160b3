package org.layerprobe.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layerprobe.data.DataSplits;
import org.layerprobe.hooks.HookedForward;
import org.layerprobe.metrics.RowIdentity;
import org.layerprobe.nets.Activations;
import org.layerprobe.probe.LayerProber;
import org.layerprobe.probe.ProbeMonitor;
import org.layerprobe.probe.ProbeRun;
import org.layerprobe.report.Metrics;
import org.layerprobe.report.ResultRow;
import org.layerprobe.train.EpochStats;
import org.layerprobe.train.ModelConfig;
import org.layerprobe.train.ModelProvider;
import org.layerprobe.train.TrainedModel;

/**
 * Runs every (architecture x activation x seed) of a spec: train (or reuse the cached model), hook,
 * probe, and the random-init baseline; persists each configuration's rows as soon as it finishes.
 */
public final class Sweep {

    private final ExperimentSpec spec;
    private final DataSplits data;
    private final ModelProvider models;
    private final RunStore store;
    private final SweepListener listener;
    private final ProbeMonitor probeMonitor;
    private final Map<String, Double> phaseSeconds = new LinkedHashMap<>();

    public Sweep(ExperimentSpec spec, DataSplits data, ModelProvider models, RunStore store,
            SweepListener listener, ProbeMonitor probeMonitor) {
        this.spec = spec;
        this.data = data;
        this.models = models;
        this.store = store;
        this.listener = listener;
        this.probeMonitor = probeMonitor;
    }

    /** Seconds per phase over the configurations run in this invocation. */
    public Map<String, Double> phaseSeconds() {
        return phaseSeconds;
    }

    /** Runs the unfinished configurations; returns the rows of all of them. */
    public List<ResultRow> run() {
        List<RunConfig> configs = spec.configs();
        for (int i = 0; i < configs.size(); i++) {
            RunConfig c = configs.get(i);
            boolean done = store.isDone(c);
            listener.onConfig(i + 1, configs.size(), c, done);
            if (done) {
                continue;
            }
            long start = System.nanoTime();
            store.save(c, runOne(c));
            listener.onConfigDone(i + 1, configs.size(), c, (System.nanoTime() - start) / 1e9);
        }
        return store.all(configs);
    }

    private List<ResultRow> runOne(RunConfig c) {
        ModelConfig config = new ModelConfig(spec.dataset(), data.fileHashes(), c.architecture(),
                Activations.get(c.activation()).name(), spec.training(), c.seed());
        RowIdentity id = RowIdentity.of(spec.name(), spec.dataset(), c.architecture().id(),
                config.activation(), c.seed());
        List<ResultRow> rows = new ArrayList<>();
        long t = System.nanoTime();
        listener.onPhase("train");
        try (TrainedModel trained = models.obtain(config, data)) {
            time("train", t);
            rows.add(ProbeRows.modelAccuracy(id, ResultRow.TRAINED, trained.result().testAccuracy()));
            rows.addAll(gradientRows(id, trained));
            rows.addAll(UnitHealthRows.of(id, trained.network(), data.validation()));
            t = System.nanoTime();
            listener.onPhase("probe trained");
            ProbeRun run = new LayerProber(spec.probes(), probeMonitor)
                    .probe(HookedForward.of(trained.network()), data, spec.points());
            rows.addAll(ProbeRows.of(id, ResultRow.TRAINED, run.results()));
            time("probe", t);
        }
        if (spec.baseline()) {
            t = System.nanoTime();
            listener.onPhase("probe random init");
            try (TrainedModel init = models.untrained(config, data)) {
                rows.add(ProbeRows.modelAccuracy(id, ResultRow.INIT, init.result().testAccuracy()));
                ProbeRun run = new LayerProber(spec.probes(), probeMonitor)
                        .probe(HookedForward.of(init.network()), data, spec.points());
                rows.addAll(ProbeRows.of(id, ResultRow.INIT, run.results()));
            }
            time("baseline", t);
        }
        return rows;
    }

    private static List<ResultRow> gradientRows(RowIdentity id, TrainedModel trained) {
        List<ResultRow> rows = new ArrayList<>();
        List<String> points = trained.network().points();
        for (EpochStats e : trained.result().epochs()) {
            e.gradientNorms().forEach((point, norm) -> rows.add(id.atCheckpoint(ResultRow.TRAINED)
                    .atPoint(point, points.indexOf(point)).row(Metrics.GRAD_NORM_EPOCH_PREFIX + e.epoch(), norm)));
        }
        return rows;
    }

    private void time(String phase, long startNanos) {
        phaseSeconds.merge(phase, (System.nanoTime() - startNanos) / 1e9, Double::sum);
    }
}
