package org.layerprobe.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.layerprobe.data.Splits;
import org.layerprobe.hooks.AffineMap;

/**
 * Fits one linear probe per point of a {@link StateSource}, all fed by the same batches.
 *
 * <p>Each point's probe is optionally warmed up by a few epochs of mini-batch Adam on standardised
 * features, then solved by full-batch L-BFGS until its gradient norm is at most
 * {@code gradTolerance} of the norm at zero weights: a probe stopped early would report the
 * optimiser's separability, not the layer's. Points that converge stop costing passes. The L2
 * strengths of the grid are solved side by side, weaker ones only until validation shows they
 * cannot be chosen ({@link L2Path}); the solved strength with the lowest validation cross-entropy
 * is reported, and a probe that hits the iteration cap is reported as not converged.
 */
public final class ProbeTrainer {

    private final ProbeSettings settings;
    private final ProbeMonitor monitor;
    private final L2Path path;
    private final Map<Split, Integer> sampleCounts = new LinkedHashMap<>();
    private double probeSeconds;
    private double evalSeconds;

    public ProbeTrainer(ProbeSettings settings, ProbeMonitor monitor) {
        this.settings = settings;
        this.monitor = monitor;
        this.path = new L2Path(settings.l2Grid());
    }

    /** Seconds spent in probe updates (excluding producing states). */
    public double probeSeconds() {
        return probeSeconds;
    }

    /** Seconds the final evaluation spent scoring states (excluding producing them). */
    public double evaluationSeconds() {
        return evalSeconds;
    }

    /** Fits probes at every point of {@code source} for a {@code classes}-way task. */
    public List<ProbeResult> fit(StateSource source, int classes) {
        List<String> points = source.points();
        try (NDManager root = NDManager.newBaseManager()) {
            Map<String, FeatureStats> stats = source.trainingStatistics()
                    .orElseGet(() -> standardise(source, root, classes));
            Map<String, PointState> state = new LinkedHashMap<>();
            for (String p : points) {
                AffineMap map = source.factored().get(p);
                state.put(p, new PointState(new SoftmaxProbe(root, stats.get(p), settings.l2Grid(), classes, map),
                        map == null ? p : map.source()));
            }
            warmUp(source, root, state);
            solve(source, root, state);
            List<ProbeResult> results = evaluate(source, root, state, points);
            state.values().forEach(s -> s.probe.close());
            return results;
        }
    }

    private Map<String, FeatureStats> standardise(StateSource source, NDManager root, int classes) {
        Map<String, FeatureStats> stats = new LinkedHashMap<>();
        for (String p : source.points()) {
            stats.put(p, new FeatureStats(source.features(p)));
        }
        Set<String> all = new HashSet<>(source.points());
        int n = source.batches(Split.TRAIN);
        monitor.onPhase("standardise", n);
        for (int b = 0; b < n; b++) {
            try (NDManager m = root.newSubManager()) {
                StateBatch batch = source.batch(m, Split.TRAIN, b, all);
                batch.states().forEach((p, x) -> stats.get(p).add(x, batch.labels(), classes));
            }
            monitor.onStep(b + 1);
        }
        return stats;
    }

    /** The states a set of points' probes read: their own, or their affine map's source. */
    private static Set<String> reads(Map<String, PointState> state, Set<String> points) {
        Set<String> r = new HashSet<>();
        for (String p : points) {
            r.add(state.get(p).reads);
        }
        return r;
    }

    private void warmUp(StateSource source, NDManager root, Map<String, PointState> state) {
        int n = source.batches(Split.TRAIN);
        Set<String> all = reads(state, state.keySet());
        for (int epoch = 1; epoch <= settings.warmEpochs(); epoch++) {
            int[] order = Splits.permutation(n, settings.seed() * 1_000_003L + epoch);
            monitor.onPhase("probe warm-up epoch " + epoch + "/" + settings.warmEpochs(), n);
            for (int i = 0; i < n; i++) {
                try (NDManager m = root.newSubManager()) {
                    StateBatch batch = source.batch(m, Split.TRAIN, order[i], all);
                    long t = System.nanoTime();
                    for (Map.Entry<String, PointState> e : state.entrySet()) {
                        long t0 = System.nanoTime();
                        e.getValue().probe.adamStep(batch.states().get(e.getValue().reads), batch.labels(),
                                settings.learningRate());
                        e.getValue().nanos += System.nanoTime() - t0;
                    }
                    probeSeconds += (System.nanoTime() - t) / 1e9;
                }
                monitor.onStep(i + 1);
            }
        }
        for (PointState s : state.values()) {
            s.probe.dropAdamState();
            s.solver = new Lbfgs(s.probe, settings.gradTolerance());
        }
    }

    private void solve(StateSource source, NDManager root, Map<String, PointState> state) {
        int n = source.batches(Split.TRAIN);
        for (int pass = 1; pass <= settings.maxIterations() + 1; pass++) {
            Set<String> active = new HashSet<>();
            state.forEach((p, s) -> {
                if (!s.solver.done()) {
                    active.add(p);
                }
            });
            if (active.isEmpty()) {
                return;
            }
            monitor.onPhase(String.format(Locale.ROOT, "probe L-BFGS pass %d (%d of %d points left)", pass,
                    active.size(), state.size()), n);
            Map<String, SoftmaxProbe.Sums> sums = new LinkedHashMap<>();
            Map<String, SoftmaxProbe.Folded> folded = new LinkedHashMap<>();
            long t = System.nanoTime();
            for (String p : active) {
                PointState s = state.get(p);
                sums.put(p, new SoftmaxProbe.Sums(s.probe.strengths()));
                folded.put(p, s.probe.fold(s.solver.trial()));
            }
            probeSeconds += (System.nanoTime() - t) / 1e9;
            Set<String> reads = reads(state, active);
            for (int b = 0; b < n; b++) {
                try (NDManager m = root.newSubManager()) {
                    StateBatch batch = source.batch(m, Split.TRAIN, b, reads);
                    long tb = System.nanoTime();
                    for (String p : active) {
                        PointState s = state.get(p);
                        long t0 = System.nanoTime();
                        s.probe.accumulate(sums.get(p), batch.states().get(s.reads), batch.labels(), folded.get(p));
                        s.nanos += System.nanoTime() - t0;
                    }
                    probeSeconds += (System.nanoTime() - tb) / 1e9;
                }
                monitor.onStep(b + 1);
            }
            t = System.nanoTime();
            for (String p : active) {
                PointState s = state.get(p);
                folded.get(p).close();
                s.solver.receive(s.probe.finish(sums.get(p), s.solver.trial()));
                if (s.solver.done()) {
                    monitor.onPointDone(p, s.solver.iterations(), true);
                }
            }
            probeSeconds += (System.nanoTime() - t) / 1e9;
            followPath(source, root, state, active);
        }
        state.forEach((p, s) -> {
            if (!s.solver.done()) {
                monitor.onPointDone(p, s.solver.iterations(), false);
            }
        });
    }

    /**
     * Drops the L2 strengths that can no longer be chosen (see {@link L2Path}), scoring the
     * validation split only for points whose converged run of strengths has grown.
     */
    private void followPath(StateSource source, NDManager root, Map<String, PointState> state, Set<String> active) {
        if (source.batches(Split.VALIDATION) == 0) {
            return;
        }
        Map<String, Integer> runs = new LinkedHashMap<>();
        for (String p : active) {
            PointState s = state.get(p);
            int run = path.convergedRun(s.solver::converged);
            if (!s.solver.done() && run > s.checkedRun && path.checkable(run, s.solver::dropped)) {
                runs.put(p, run);
            }
        }
        if (runs.isEmpty()) {
            return;
        }
        Map<String, double[][]> val = pass(source, root, state, Split.VALIDATION, runs.keySet(),
                "validation check of the L2 path");
        runs.forEach((p, run) -> {
            PointState s = state.get(p);
            s.checkedRun = run;
            path.beyond(run, val.get(p)[1]).forEach(s.solver::drop);
            if (s.solver.done()) {
                monitor.onPointDone(p, s.solver.iterations(), true);
            }
        });
    }

    private List<ProbeResult> evaluate(StateSource source, NDManager root, Map<String, PointState> state,
            List<String> points) {
        int k = settings.l2Grid().size();
        Map<String, double[][]> val = pass(source, root, state, Split.VALIDATION, points, "evaluate validation");
        Map<String, double[][]> train = pass(source, root, state, Split.TRAIN, points, "evaluate train");
        Map<String, double[][]> test = pass(source, root, state, Split.TEST, points, "evaluate test");
        int trainSamples = sampleCounts.get(Split.TRAIN);
        int valSamples = sampleCounts.get(Split.VALIDATION);
        int testSamples = sampleCounts.get(Split.TEST);
        List<ProbeResult> results = new ArrayList<>();
        int index = 0;
        for (String p : points) {
            PointState s = state.get(p);
            int j = -1;
            for (int c = 0; c < k; c++) {
                boolean better = j < 0 || valSamples > 0 && val.get(p)[1][c] < val.get(p)[1][j];
                if (!s.solver.dropped(c) && better) {
                    j = c;
                }
            }
            results.add(new ProbeResult(p, index++, source.dimension(p), source.features(p),
                    settings.reduction().describe(), settings.l2Grid().get(j),
                    train.get(p)[0][j] / trainSamples,
                    valSamples == 0 ? Double.NaN : val.get(p)[0][j] / valSamples,
                    testSamples == 0 ? Double.NaN : test.get(p)[0][j] / testSamples,
                    testSamples == 0 ? Double.NaN : test.get(p)[1][j] / testSamples,
                    settings.warmEpochs() + s.solver.iterations(), s.solver.converged(j),
                    s.solver.relativeGradient(j), s.nanos / 1e9));
        }
        return results;
    }

    /** Correct counts [0] and summed cross-entropy [1] per strength, for each of {@code points}. */
    private Map<String, double[][]> pass(StateSource source, NDManager root, Map<String, PointState> state,
            Split split, Collection<String> points, String phase) {
        Map<String, double[][]> acc = new LinkedHashMap<>();
        Map<String, SoftmaxProbe.Folded> folded = new LinkedHashMap<>();
        for (String p : points) {
            acc.put(p, new double[2][settings.l2Grid().size()]);
            folded.put(p, state.get(p).probe.fold(state.get(p).probe.params()));
        }
        Set<String> all = reads(state, Set.copyOf(points));
        int n = source.batches(split);
        int samples = 0;
        monitor.onPhase(phase, n);
        for (int b = 0; b < n; b++) {
            try (NDManager m = root.newSubManager()) {
                StateBatch batch = source.batch(m, split, b, all);
                samples += batch.labels().length;
                long t = System.nanoTime();
                for (String p : points) {
                    NDArray x = batch.states().get(state.get(p).reads);
                    state.get(p).probe.evaluate(x, batch.labels(), folded.get(p), acc.get(p)[0], acc.get(p)[1]);
                }
                evalSeconds += (System.nanoTime() - t) / 1e9;
            }
            monitor.onStep(b + 1);
        }
        folded.values().forEach(SoftmaxProbe.Folded::close);
        sampleCounts.put(split, samples);
        return acc;
    }


    /** Bookkeeping of one point's probe during fitting. */
    private static final class PointState {
        final SoftmaxProbe probe;
        /** The point whose states this probe reads: its own, or its affine map's source. */
        final String reads;
        Lbfgs solver;
        /** The converged run of strengths last checked on the validation split (see {@link L2Path}). */
        int checkedRun;
        long nanos;

        PointState(SoftmaxProbe probe, String reads) {
            this.probe = probe;
            this.reads = reads;
        }
    }
}
