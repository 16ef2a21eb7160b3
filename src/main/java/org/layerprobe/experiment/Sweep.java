package org.layerprobe.experiment;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import org.layerprobe.LayerprobeException;
import org.layerprobe.cluster.ConfigLock;
import org.layerprobe.cluster.Shard;
import org.layerprobe.data.DataSplits;
import org.layerprobe.hooks.HiddenStates;
import org.layerprobe.hooks.HookedForward;
import org.layerprobe.hooks.ScriptedForward;
import org.layerprobe.metrics.GramMatrix;
import org.layerprobe.nets.Activations;
import org.layerprobe.probe.LayerProber;
import org.layerprobe.probe.ProbeMonitor;
import org.layerprobe.probe.ProbeRun;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.PredictionSet;
import org.layerprobe.results.Predictions;
import org.layerprobe.results.ResultRow;
import org.layerprobe.results.RowIdentity;
import org.layerprobe.train.EpochStats;
import org.layerprobe.train.Evaluator;
import org.layerprobe.train.ModelConfig;
import org.layerprobe.train.ModelProvider;
import org.layerprobe.train.ModelSource;
import org.layerprobe.train.ScriptedModel;
import org.layerprobe.train.TrainedModel;

/**
 * Runs a shard's (architecture x activation x seed) configurations of a spec: train (or reuse the
 * cached model), hook, probe, and the random-init baseline; persists each configuration's rows as
 * soon as it finishes. A configuration already stored under the same settings is reused; one
 * that another process is running is left to it and waited for at the end (and taken over if that
 * process dies, since its lock dies with it).
 */
public final class Sweep {

    /** How often a sweep looks again at configurations other processes are running. */
    static final long POLL_MILLIS = 2_000;

    private final ExperimentSpec spec;
    private final DataSplits data;
    private final ModelProvider models;
    private final RunStore store;
    private final SweepListener listener;
    private final ProbeMonitor probeMonitor;
    private final Shard shard;
    private final Measurements measures;
    private final Map<String, Double> phaseSeconds = new LinkedHashMap<>();
    /** Settings keys, hashed once per configuration. */
    private final Map<RunConfig, String> keys = new HashMap<>();

    public Sweep(
            ExperimentSpec spec,
            DataSplits data,
            ModelProvider models,
            RunStore store,
            SweepListener listener,
            ProbeMonitor probeMonitor,
            Shard shard) {
        this.spec = spec;
        this.data = data;
        this.models = models;
        this.store = store;
        this.listener = listener;
        this.probeMonitor = probeMonitor;
        this.shard = shard;
        this.measures = new Measurements(spec, data, probeMonitor);
    }

    /** What a sweep did: the rows of its configurations and which of them it found already stored. */
    public record Outcome(List<RunConfig> configs, List<ResultRow> rows, List<RunConfig> reused) {}

    /** The settings key of a configuration of this sweep's spec (see {@link RunKey}). */
    public String key(RunConfig c) {
        return keys.computeIfAbsent(c, k -> RunKey.of(spec, k, data));
    }

    /** Seconds per phase over the configurations run in this invocation. */
    public Map<String, Double> phaseSeconds() {
        return phaseSeconds;
    }

    /** This shard's configurations of the spec, in spec order. */
    public List<RunConfig> configs() {
        return shard.select(spec.configs(), RunCost::of);
    }

    /** Runs this shard's unfinished configurations; returns the rows of all of them. */
    public Outcome run() {
        List<RunConfig> configs = configs();
        Map<RunConfig, List<ResultRow>> rows = new LinkedHashMap<>();
        List<RunConfig> reused = new ArrayList<>();
        List<RunConfig> elsewhere = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            RunConfig c = configs.get(i);
            Optional<List<ResultRow>> stored = load(c);
            listener.onConfig(i + 1, configs.size(), c, stored.isPresent());
            if (stored.isPresent()) {
                rows.put(c, stored.get());
                reused.add(c);
                continue;
            }
            if (!attempt(i + 1, configs.size(), c, rows)) {
                listener.onBusyElsewhere(c, store.holder(c, key(c)));
                elsewhere.add(c);
            }
        }
        while (!elsewhere.isEmpty()) {
            sleep();
            for (RunConfig c : new ArrayList<>(elsewhere)) {
                Optional<List<ResultRow>> stored = load(c);
                if (stored.isPresent()) {
                    rows.put(c, stored.get());
                    elsewhere.remove(c);
                } else if (attempt(configs.indexOf(c) + 1, configs.size(), c, rows)) {
                    // Its lock was free again: the other process stopped without finishing it.
                    elsewhere.remove(c);
                }
            }
        }
        List<ResultRow> all = new ArrayList<>();
        for (RunConfig c : configs) {
            all.addAll(rows.get(c));
        }
        return new Outcome(configs, all, reused);
    }

    private Optional<List<ResultRow>> load(RunConfig c) {
        return store.load(c, key(c), listener::onWarning);
    }

    /** Runs {@code c} if its lock is free; false when another process holds it. */
    private boolean attempt(int index, int total, RunConfig c, Map<RunConfig, List<ResultRow>> rows) {
        String key = key(c);
        Optional<ConfigLock> lock = store.tryLock(c, key);
        if (lock.isEmpty()) {
            return false;
        }
        boolean finished = false;
        try {
            // Another process may have finished it between our look and our lock.
            Optional<List<ResultRow>> stored = load(c);
            if (stored.isPresent()) {
                rows.put(c, stored.get());
            } else {
                long start = System.nanoTime();
                Map<String, Double> phases = new LinkedHashMap<>();
                Map<String, Map<String, Predictions>> predictions = new LinkedHashMap<>();
                List<ResultRow> result = runOne(c, key, phases, predictions);
                store.savePredictions(c, key, new PredictionSet(data.test().labels(), predictions));
                store.save(c, key, result, phases);
                phases.forEach((p, s) -> phaseSeconds.merge(p, s, Double::sum));
                rows.put(c, result);
                listener.onConfigDone(index, total, c, (System.nanoTime() - start) / 1e9);
            }
            finished = true;
        } finally {
            lock.get().release(finished);
        }
        return true;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LayerprobeException("interrupted while waiting for other processes", e);
        }
    }

    /** Keeps each fit's test predictions under its checkpoint, for the paired comparisons. */
    private static void keep(Map<String, Map<String, Predictions>> into, String checkpoint, ProbeRun run) {
        Map<String, Predictions> m = into.computeIfAbsent(checkpoint, c -> new LinkedHashMap<>());
        run.results().forEach(r -> m.put(r.point(), r.testPredictions()));
    }

    private List<ResultRow> runOne(
            RunConfig c, String key, Map<String, Double> phases, Map<String, Map<String, Predictions>> predictions) {
        if (c.scripted() != null) {
            return runScripted(c, key, phases, predictions);
        }
        ModelConfig config = c.saved() != null
                ? c.saved().configOn(data)
                : new ModelConfig(
                        spec.dataset().name(),
                        data.identity(),
                        c.architecture(),
                        Activations.get(c.activation()).name(),
                        spec.training(),
                        c.seed());
        ModelSource source = c.saved() != null ? c.saved().source(models) : models;
        RowIdentity id = RowIdentity.of(
                spec.name(), spec.dataset().name(), c.architecture().id(), config.activation(), c.seed());
        MeasureSettings measures = spec.measures();
        List<ResultRow> rows = new ArrayList<>();
        long t = System.nanoTime();
        listener.onPhase("train");
        try (TrainedModel trained = source.obtain(config, data)) {
            time(phases, "train", t);
            rows.add(ProbeRows.modelAccuracy(
                    id, ResultRow.TRAINED, trained.result().testAccuracy()));
            rows.add(this.measures.majority(id));
            rows.addAll(gradientRows(id, trained));
            rows.addAll(UnitHealthRows.of(id, trained.network(), data.validation()));
            rows.addAll(probeAndMeasure(c, key, id, HookedForward.of(trained.network()), phases, predictions));
        }
        if (!spec.checkpoints().isEmpty()) {
            t = System.nanoTime();
            rows.addAll(duringTraining(config, id, predictions));
            time(phases, "checkpoints", t);
        }
        if (spec.baseline()) {
            t = System.nanoTime();
            listener.onPhase("probe random init");
            try (TrainedModel init = source.untrained(config, data)) {
                rows.add(ProbeRows.modelAccuracy(
                        id, ResultRow.INIT, init.result().testAccuracy()));
                HookedForward hooked = HookedForward.of(init.network());
                ProbeRun run = new LayerProber(spec.probes(), probeMonitor).probe(hooked, data, spec.points());
                rows.addAll(ProbeRows.of(id, ResultRow.INIT, run.results()));
                keep(predictions, ResultRow.INIT, run);
                if (measures.cka()) {
                    rows.addAll(this.measures.ckaWithin(
                            id.atCheckpoint(ResultRow.INIT),
                            this.measures.grams(hooked),
                            init.network().points()));
                }
            }
            time(phases, "baseline", t);
        }
        return rows;
    }

    /**
     * A TorchScript model: its accuracy measured here, then every measure a trained network gets
     * but those that need its steps (unit health, gradient norms) or its initialisation (the
     * baseline); the report's setup says which.
     */
    private List<ResultRow> runScripted(
            RunConfig c, String key, Map<String, Double> phases, Map<String, Map<String, Predictions>> predictions) {
        ScriptedModel scripted = c.scripted();
        RowIdentity id = RowIdentity.of(spec.name(), spec.dataset().name(), c.networkId(), c.activation(), c.seed());
        List<ResultRow> rows = new ArrayList<>();
        long t = System.nanoTime();
        listener.onPhase("load " + scripted.fileName());
        try (ScriptedForward forward = scripted.open(data);
                NDManager m = NDManager.newBaseManager()) {
            double accuracy = Evaluator.accuracy(forward, m, data.test(), Evaluator.BATCH);
            time(phases, "load", t);
            rows.add(ProbeRows.modelAccuracy(id, ResultRow.TRAINED, accuracy));
            rows.add(this.measures.majority(id));
            rows.addAll(probeAndMeasure(c, key, id, forward, phases, predictions));
        }
        return rows;
    }

    /** The trained checkpoint's probes, online code, control task and CKA. */
    private List<ResultRow> probeAndMeasure(
            RunConfig c,
            String key,
            RowIdentity id,
            HiddenStates hooked,
            Map<String, Double> phases,
            Map<String, Map<String, Predictions>> predictions) {
        MeasureSettings measures = spec.measures();
        List<String> points = hooked.points();
        RowIdentity at = id.atCheckpoint(ResultRow.TRAINED);
        List<ResultRow> rows = new ArrayList<>();
        long t = System.nanoTime();
        listener.onPhase("probe trained");
        ProbeRun run = new LayerProber(spec.probes(), probeMonitor).probe(hooked, data, spec.points());
        rows.addAll(ProbeRows.of(id, ResultRow.TRAINED, run.results()));
        keep(predictions, ResultRow.TRAINED, run);
        time(phases, "probe", t);
        if (measures.mdl()) {
            t = System.nanoTime();
            listener.onPhase("online code (MDL)");
            rows.addAll(this.measures.onlineCode(at, hooked, points));
            time(phases, "mdl", t);
        }
        if (measures.control()) {
            t = System.nanoTime();
            listener.onPhase("control task");
            rows.addAll(this.measures.controlTask(at, hooked, run.results(), points));
            time(phases, "control", t);
        }
        if (measures.cka()) {
            t = System.nanoTime();
            listener.onPhase("CKA");
            Map<String, GramMatrix> grams = this.measures.grams(hooked);
            rows.addAll(this.measures.ckaWithin(at, grams, points));
            store.saveGrams(c, key, grams);
            time(phases, "cka", t);
        }
        return rows;
    }

    /**
     * Probes at every checkpoint of the training but its end, whose probes are the trained ones:
     * Alain &amp; Bengio's picture of separability growing during training.
     */
    private List<ResultRow> duringTraining(
            ModelConfig config, RowIdentity id, Map<String, Map<String, Predictions>> predictions) {
        SortedSet<Integer> steps = ModelProvider.checkpointSteps(config, data, spec.checkpoints());
        listener.onPhase("checkpoints at steps " + steps);
        models.ensureCheckpoints(config, data, steps);
        List<ResultRow> rows = new ArrayList<>();
        for (int step : steps.headSet(steps.last())) {
            listener.onPhase("probe at step " + step);
            try (TrainedModel at = models.atStep(config, data, step)) {
                String checkpoint = ResultRow.step(step);
                rows.add(ProbeRows.modelAccuracy(id, checkpoint, at.result().testAccuracy()));
                ProbeRun run = new LayerProber(spec.probes(), probeMonitor)
                        .probe(HookedForward.of(at.network()), data, spec.points());
                rows.addAll(ProbeRows.of(id, checkpoint, run.results()));
                keep(predictions, checkpoint, run);
            }
        }
        // The last checkpoint is the trained network: its rows carry the step too, for the heat map.
        rows.add(id.atCheckpoint(ResultRow.TRAINED).row(MetricNames.TRAINED_STEPS, steps.last()));
        return rows;
    }

    private static List<ResultRow> gradientRows(RowIdentity id, TrainedModel trained) {
        List<ResultRow> rows = new ArrayList<>();
        List<String> points = trained.network().points();
        for (EpochStats e : trained.result().epochs()) {
            e.gradientNorms()
                    .forEach((point, norm) -> rows.add(id.atCheckpoint(ResultRow.TRAINED)
                            .atPoint(point, points.indexOf(point))
                            .row(MetricNames.GRAD_NORM_EPOCH_PREFIX + e.epoch(), norm)));
        }
        return rows;
    }

    private static void time(Map<String, Double> phases, String phase, long startNanos) {
        phases.merge(phase, (System.nanoTime() - startNanos) / 1e9, Double::sum);
    }
}
