package org.layerprobe.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Fits one linear probe per point of a {@link StateSource}, all fed by the same batches.
 *
 * <p>Each point's probe runs Adam on standardised features for every L2 strength of the grid at
 * once. After an epoch whose training objective improved by less than the tolerance (relative,
 * for every strength) its step size is halved; after the configured number of halvings it stops
 * and counts as converged if, in addition, its full-batch gradient at the end is below the
 * gradient tolerance. The strength with the lowest validation cross-entropy is reported.
 */
public final class ProbeTrainer {

    private final ProbeSettings settings;
    private final ProbeMonitor monitor;
    private double probeSeconds;
    private double evalSeconds;

    public ProbeTrainer(ProbeSettings settings, ProbeMonitor monitor) {
        this.settings = settings;
        this.monitor = monitor;
    }

    /** Seconds spent in probe updates (excluding producing states). */
    public double probeSeconds() {
        return probeSeconds;
    }

    /** Seconds spent in the final evaluation passes. */
    public double evaluationSeconds() {
        return evalSeconds;
    }

    /** Fits probes at every point of {@code source} for a {@code classes}-way task. */
    public List<ProbeResult> fit(StateSource source, int classes) {
        List<String> points = source.points();
        Set<String> all = new HashSet<>(points);
        try (NDManager root = NDManager.newBaseManager()) {
            Map<String, FeatureStats> stats = standardise(source, root, all);
            Map<String, PointState> probes = new LinkedHashMap<>();
            for (String p : points) {
                probes.put(p, new PointState(new SoftmaxProbe(root, stats.get(p), settings.l2Grid(),
                        classes, settings.learningRate())));
            }
            train(source, root, probes);
            List<ProbeResult> results = evaluate(source, root, probes, points);
            probes.values().forEach(s -> s.probe.close());
            return results;
        }
    }

    private Map<String, FeatureStats> standardise(StateSource source, NDManager root, Set<String> all) {
        Map<String, FeatureStats> stats = new LinkedHashMap<>();
        for (String p : source.points()) {
            stats.put(p, new FeatureStats(source.features(p)));
        }
        int n = source.batches(Split.TRAIN);
        monitor.onPhase("standardise", n);
        for (int b = 0; b < n; b++) {
            try (NDManager m = root.newSubManager()) {
                StateBatch batch = source.batch(m, Split.TRAIN, b, all);
                batch.states().forEach((p, x) -> stats.get(p).add(x));
            }
            monitor.onStep(b + 1);
        }
        return stats;
    }

    private void train(StateSource source, NDManager root, Map<String, PointState> probes) {
        int n = source.batches(Split.TRAIN);
        Random rnd = new Random(settings.seed());
        for (int epoch = 1; epoch <= settings.maxEpochs(); epoch++) {
            Set<String> active = new HashSet<>();
            probes.forEach((p, s) -> {
                if (!s.stopped) {
                    active.add(p);
                }
            });
            if (active.isEmpty()) {
                break;
            }
            int[] order = permutation(n, rnd);
            monitor.onPhase("probe epoch " + epoch + " (" + active.size() + " points)", n);
            Map<String, double[]> objective = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                try (NDManager m = root.newSubManager()) {
                    StateBatch batch = source.batch(m, Split.TRAIN, order[i], active);
                    long t = System.nanoTime();
                    for (String p : active) {
                        PointState s = probes.get(p);
                        long t0 = System.nanoTime();
                        double[] obj = s.probe.step(batch.states().get(p), batch.labels());
                        s.nanos += System.nanoTime() - t0;
                        double[] acc = objective.computeIfAbsent(p, k -> new double[obj.length]);
                        for (int j = 0; j < obj.length; j++) {
                            acc[j] += obj[j] * batch.labels().length;
                        }
                    }
                    probeSeconds += (System.nanoTime() - t) / 1e9;
                }
                monitor.onStep(i + 1);
            }
            for (String p : active) {
                PointState s = probes.get(p);
                s.epochs = epoch;
                double[] obj = objective.get(p);
                if (s.previous != null && smallImprovement(s.previous, obj)) {
                    s.halvings++;
                    if (s.halvings > settings.halvings()) {
                        s.stopped = true;
                        s.plateau = true;
                        monitor.onPointDone(p, epoch, true);
                    } else {
                        s.probe.halveLearningRate();
                    }
                }
                s.previous = obj;
            }
        }
        probes.forEach((p, s) -> {
            if (!s.stopped) {
                monitor.onPointDone(p, s.epochs, false);
            }
        });
    }

    private boolean smallImprovement(double[] previous, double[] now) {
        for (int j = 0; j < now.length; j++) {
            double rel = (previous[j] - now[j]) / Math.max(1e-12, Math.abs(previous[j]));
            if (rel >= settings.tolerance()) {
                return false;
            }
        }
        return true;
    }

    private List<ProbeResult> evaluate(StateSource source, NDManager root, Map<String, PointState> probes,
            List<String> points) {
        long start = System.nanoTime();
        Set<String> all = new HashSet<>(points);
        int k = settings.l2Grid().size();
        Map<String, double[][]> val = pass(source, root, probes, Split.VALIDATION, all, k);
        Map<String, Integer> chosen = new LinkedHashMap<>();
        for (String p : points) {
            double[][] v = val.get(p);
            int best = 0;
            boolean haveValidation = source.batches(Split.VALIDATION) > 0;
            for (int j = 1; j < k && haveValidation; j++) {
                if (v[1][j] < v[1][best]) {
                    best = j;
                }
            }
            chosen.put(p, best);
        }
        // Training accuracy and the full gradient in one pass.
        Map<String, NDArray[]> grads = new LinkedHashMap<>();
        Map<String, double[][]> train = new LinkedHashMap<>();
        int trainSamples = 0;
        int n = source.batches(Split.TRAIN);
        monitor.onPhase("evaluate train", n);
        for (String p : points) {
            grads.put(p, new NDArray[] {
                SoftmaxProbe.zerosAccumulator(root, probes.get(p).probe.width(), classesOf(probes.get(p))),
                SoftmaxProbe.zerosAccumulator(root, probes.get(p).probe.width(), classesOf(probes.get(p)))});
            train.put(p, new double[2][k]);
        }
        for (int b = 0; b < n; b++) {
            try (NDManager m = root.newSubManager()) {
                StateBatch batch = source.batch(m, Split.TRAIN, b, all);
                trainSamples += batch.labels().length;
                for (String p : points) {
                    PointState s = probes.get(p);
                    long t0 = System.nanoTime();
                    NDArray x = batch.states().get(p);
                    s.probe.evaluate(x, batch.labels(), train.get(p)[0], train.get(p)[1]);
                    s.probe.accumulateGradient(x, batch.labels(), chosen.get(p), grads.get(p)[0], grads.get(p)[1]);
                    s.nanos += System.nanoTime() - t0;
                }
            }
            monitor.onStep(b + 1);
        }
        Map<String, double[][]> test = pass(source, root, probes, Split.TEST, all, k);
        int valSamples = sampleCounts.get(Split.VALIDATION);
        int testSamples = sampleCounts.get(Split.TEST);
        List<ProbeResult> results = new ArrayList<>();
        int index = 0;
        for (String p : points) {
            PointState s = probes.get(p);
            int j = chosen.get(p);
            double grad = s.probe.relativeGradientNorm(grads.get(p)[0], grads.get(p)[1], j, trainSamples);
            boolean converged = s.plateau && grad <= settings.gradTolerance();
            results.add(new ProbeResult(p, index++, source.dimension(p), source.features(p),
                    settings.reduction().describe(), settings.l2Grid().get(j),
                    train.get(p)[0][j] / trainSamples,
                    valSamples == 0 ? Double.NaN : val.get(p)[0][j] / valSamples,
                    testSamples == 0 ? Double.NaN : test.get(p)[0][j] / testSamples,
                    testSamples == 0 ? Double.NaN : test.get(p)[1][j] / testSamples,
                    s.epochs, converged, grad, s.nanos / 1e9));
        }
        evalSeconds += (System.nanoTime() - start) / 1e9;
        return results;
    }

    private static int classesOf(PointState s) {
        return s.probe.classes();
    }

    /** Samples seen by the last evaluation pass over each split. */
    private final Map<Split, Integer> sampleCounts = new LinkedHashMap<>();

    /** Correct counts [0] and summed cross-entropy [1] per strength, per point. */
    private Map<String, double[][]> pass(StateSource source, NDManager root, Map<String, PointState> probes,
            Split split, Set<String> all, int k) {
        Map<String, double[][]> acc = new LinkedHashMap<>();
        for (String p : source.points()) {
            acc.put(p, new double[2][k]);
        }
        int n = source.batches(split);
        int samples = 0;
        monitor.onPhase("evaluate " + split.name().toLowerCase(java.util.Locale.ROOT), n);
        for (int b = 0; b < n; b++) {
            try (NDManager m = root.newSubManager()) {
                StateBatch batch = source.batch(m, split, b, all);
                samples += batch.labels().length;
                for (String p : source.points()) {
                    PointState s = probes.get(p);
                    long t0 = System.nanoTime();
                    s.probe.evaluate(batch.states().get(p), batch.labels(), acc.get(p)[0], acc.get(p)[1]);
                    s.nanos += System.nanoTime() - t0;
                }
            }
            monitor.onStep(b + 1);
        }
        sampleCounts.put(split, samples);
        return acc;
    }

    private static int[] permutation(int n, Random rnd) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return o;
    }

    /** Mutable bookkeeping of one point's probe during fitting. */
    private static final class PointState {
        final SoftmaxProbe probe;
        double[] previous;
        int halvings;
        int epochs;
        boolean stopped;
        boolean plateau;
        long nanos;

        PointState(SoftmaxProbe probe) {
            this.probe = probe;
        }
    }
}
