package org.layerprobe.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.layerprobe.data.Splits;
import org.layerprobe.hooks.AffineMap;
import org.layerprobe.probe.solver.BiasProfile;
import org.layerprobe.probe.solver.Certificate;
import org.layerprobe.probe.solver.FoldedProbe;
import org.layerprobe.probe.solver.L2Path;
import org.layerprobe.probe.solver.Lbfgs;
import org.layerprobe.probe.solver.LogitCapture;
import org.layerprobe.probe.solver.NystromPreconditioner;
import org.layerprobe.probe.solver.PassWork;
import org.layerprobe.probe.solver.PendingPreconditioner;
import org.layerprobe.probe.solver.ProbeSolver;
import org.layerprobe.probe.solver.ProbeWeights;
import org.layerprobe.probe.solver.SharedPass;
import org.layerprobe.probe.solver.SoftmaxProbe;
import org.layerprobe.probe.solver.StopWhen;
import org.layerprobe.probe.solver.StoppingRule;
import org.layerprobe.probe.states.FeatureStats;
import org.layerprobe.probe.states.Split;
import org.layerprobe.probe.states.StateBatch;
import org.layerprobe.probe.states.StateSource;
import org.layerprobe.results.Predictions;

/**
 * Fits one linear probe per point of a {@link StateSource}, all fed by the same batches.
 *
 * <p>Each point's probe is optionally warmed up by a few epochs of mini-batch Adam on standardised
 * features, then solved by full-batch L-BFGS until its stopping rule holds: under the certified
 * rule (the default) until its objective is proven within the gap tolerance of its optimum
 * ({@link Certificate}), every pass profiling the biases so that each yields the bound ({@link
 * SharedPass.ProfiledTerm}); else until its gradient norm is at most {@code gradTolerance} of the
 * norm at zero weights. A probe stopped early would report the optimiser's separability, not the
 * layer's. Points that converge stop costing passes. The L2 strengths of the grid are solved side
 * by side, weaker ones only until validation shows they cannot be chosen ({@link L2Path}), each
 * first to ten times the tolerance; the solved strength with the lowest validation cross-entropy
 * is solved on to the tolerance, chosen again on validation, and so on until the strength chosen
 * is the one solved to the tolerance. A probe that hits the pass cap is reported as not
 * converged.
 */
public final class ProbeTrainer {

    /** Training samples the covariance sketch reads (whole blocks, so a few more). */
    static final int SKETCH_SAMPLES = 10_000;
    /**
     * A strength is preconditioned when the sketched condition number of {@code Sigma + rho I} is
     * at least this; below it the preconditioner is nearly a multiple of the identity.
     */
    static final double CONDITION_THRESHOLD = 2;

    /**
     * Under {@code auto}, a probe runs plain L-BFGS for this many passes and is preconditioned
     * only if it has not converged by then: points plain L-BFGS solves quickly lose by
     * preconditioning, slow ones gain, and 30 took fewer passes than 100 on the quickstart CNN and
     * the Alain &amp; Bengio bench (docs/solver.md; the measurements are in git log).
     */
    static final int SWITCH_AFTER = 30;

    private final ProbeSettings settings;
    /** The settings' stopping rule with its tolerances: what every fit's convergence is decided by. */
    private final ProbeMonitor monitor;

    private final L2Path path;
    private final Map<Split, Integer> sampleCounts = new LinkedHashMap<>();
    private final Map<String, ProbeWeights> start;
    private final boolean keepWeights;
    private final Map<String, ProbeWeights> weights = new LinkedHashMap<>();
    private final Map<String, PassWork> work = new LinkedHashMap<>();

    private double probeSeconds;
    private double evalSeconds;
    /** Solver passes so far, over every round of {@link #solve}: the cap counts them all. */
    private int solverPasses;
    /** Passes every probe shares beside the solver's: the covariance sketch and the certificates. */
    private int sharedPasses;

    /**
     * Solver passes the cap leaves: {@code max_passes} bounds every pass a probe makes (its
     * reported {@code probe_passes}), so the sketch and the certificates so far count against it,
     * and, where passes are not profiled, one pass stays for the certificate of the last round. At least one, so that a tiny cap
     * still reports a fitted probe.
     */
    private int solverBudget() {
        return Math.max(1, settings.stopping().maxPasses() - sharedPasses - (profiled() ? 0 : 1));
    }

    /**
     * Rounds of "solve the chosen strength further, choose again": one from the looser stop that
     * chose the strength ({@link Lbfgs#SELECTION_LOOSENESS}) to the tolerance, then, where the
     * choice moves or (under the gradient rule's unprofiled passes) a certificate misses, up to
     * three more, each with a tenfold tighter target.
     */
    static final int CERTIFY_ROUNDS = 4;

    public ProbeTrainer(ProbeSettings settings, ProbeMonitor monitor) {
        this(settings, monitor, Map.of(), false);
    }

    /**
     * @param start where a point's probe starts (same width and strengths), instead of zero
     *     weights: the solution of a related fit, such as the previous prefix of the online code
     * @param keepWeights whether {@link #weights()} keeps every fitted probe
     */
    public ProbeTrainer(
            ProbeSettings settings, ProbeMonitor monitor, Map<String, ProbeWeights> start, boolean keepWeights) {
        this.settings = settings;
        this.monitor = monitor;
        this.path = new L2Path(settings.l2Grid());
        this.start = Map.copyOf(start);
        this.keepWeights = keepWeights;
    }

    /** The fitted probes by point, when asked to keep them. */
    public Map<String, ProbeWeights> weights() {
        return weights;
    }

    /** The products' work of each point's solver and certificate passes, by point. */
    public Map<String, PassWork> work() {
        return Collections.unmodifiableMap(work);
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
            Map<String, FeatureStats> stats =
                    source.trainingStatistics().orElseGet(() -> standardise(source, root, classes));
            Map<String, PointState> state = new LinkedHashMap<>();
            for (String p : points) {
                AffineMap map = source.factored().get(p);
                String reads = map == null ? p : map.source();
                state.put(
                        p,
                        new PointState(
                                new SoftmaxProbe(
                                        root,
                                        stats.get(p),
                                        settings.l2Grid(),
                                        classes,
                                        map,
                                        source.offsets().get(reads)),
                                reads));
            }
            start.forEach((p, w) -> {
                if (state.containsKey(p)) {
                    state.get(p).probe.startFrom(w);
                }
            });
            warmUp(source, root, state);
            prepareSolvers(source, root, state, classes);
            solve(source, root, state);
            List<ProbeResult> results = evaluate(source, root, state, points);
            if (keepWeights) {
                state.forEach((p, s) -> weights.put(p, s.probe.weights()));
            }
            state.forEach((p, s) -> work.put(p, s.work));
            state.values().forEach(s -> {
                s.probe.close();
                if (s.preconditioner != null) {
                    s.preconditioner.close();
                }
            });
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
        for (int epoch = 1; epoch <= settings.warmUp().epochs(); epoch++) {
            int[] order = Splits.permutation(n, settings.seed() * 1_000_003L + epoch);
            monitor.onPhase(
                    "probe warm-up epoch " + epoch + "/" + settings.warmUp().epochs(), n);
            for (int i = 0; i < n; i++) {
                try (NDManager m = root.newSubManager()) {
                    StateBatch batch = source.batch(m, Split.TRAIN, order[i], all);
                    long t = System.nanoTime();
                    for (Map.Entry<String, PointState> e : state.entrySet()) {
                        long t0 = System.nanoTime();
                        e.getValue()
                                .probe
                                .adamStep(
                                        batch.states().get(e.getValue().reads),
                                        batch.labels(),
                                        settings.warmUp().learningRate());
                        e.getValue().nanos += System.nanoTime() - t0;
                    }
                    probeSeconds += (System.nanoTime() - t) / 1e9;
                }
                monitor.onStep(i + 1);
            }
        }
        for (PointState s : state.values()) {
            s.probe.dropAdamState();
        }
    }

    /**
     * Builds each point's L-BFGS, with a covariance preconditioner where the settings ask for it:
     * one pass over the first {@value #SKETCH_SAMPLES} or so training samples sketches every
     * point's covariance at once (a preconditioner needs its shape, not its last digit).
     */
    private void prepareSolvers(StateSource source, NDManager root, Map<String, PointState> state, int classes) {
        if (settings.solver().kind() == ProbeSolver.LBFGS) {
            state.values()
                    .forEach(s -> s.solver = new Lbfgs(s.probe, settings.stopping(), (NystromPreconditioner) null, 0));
            return;
        }
        long t = System.nanoTime();
        Map<String, NDArray> omega = new LinkedHashMap<>();
        Map<String, SharedPass.Term> terms = new LinkedHashMap<>();
        for (Map.Entry<String, PointState> e : state.entrySet()) {
            long d = e.getValue().probe.width();
            int rank = (int) Math.min(
                    d,
                    d <= Math.max(ProbeSettings.EXACT_WIDTH, settings.solver().sketchRank())
                            ? d
                            : settings.solver().sketchRank());
            // Seeded by the point's name, not its place among the points fitted here: a point whose
            // probe is reused (the input) must not shift the others' test matrices, or a network's
            // numbers would depend on what this process probed before it.
            NDArray o = NystromPreconditioner.testMatrix(
                    root, d, rank, settings.seed() * 7919 + e.getKey().hashCode());
            omega.put(e.getKey(), o);
            terms.put(e.getKey(), e.getValue().probe.sketch(o, e.getValue().reads));
        }
        int n = source.batches(Split.TRAIN);
        try (SharedPass pass = new SharedPass(root, terms.values())) {
            monitor.onPhase("sketch feature covariances", n);
            for (int b = 0; b < n && pass.samples() < SKETCH_SAMPLES; b++) {
                try (NDManager m = root.newSubManager()) {
                    pass.accumulate(source.batch(m, Split.TRAIN, b, pass.reads()));
                }
                monitor.onStep(b + 1);
            }
            double[] lambda =
                    settings.l2Grid().stream().mapToDouble(Double::doubleValue).toArray();
            boolean[] all = new boolean[lambda.length];
            Arrays.fill(all, true);
            for (Map.Entry<String, PointState> e : state.entrySet()) {
                PointState s = e.getValue();
                NDArray[] sums = pass.sums(terms.get(e.getKey()));
                NDArray y = s.probe.sketchOf(sums[0], sums[1], pass.samples());
                NDArray o = omega.get(e.getKey());
                long d = s.probe.width();
                NDArray od = o.get(new NDIndex("0:" + d));
                boolean auto = settings.solver().kind() == ProbeSolver.AUTO;
                s.preconditioner = new PendingPreconditioner(
                        root,
                        classes,
                        od,
                        y,
                        o.getShape().get(1) == d,
                        lambda,
                        values -> auto ? NystromPreconditioner.worthwhile(values, lambda, CONDITION_THRESHOLD) : all);
                terms.get(e.getKey()).folded().close();
                o.close();
                s.sketchPasses = 1;
                sharedPasses = 1;
                s.solver = new Lbfgs(s.probe, settings.stopping(), s.preconditioner, auto ? SWITCH_AFTER : 0);
            }
        }
        probeSeconds += (System.nanoTime() - t) / 1e9;
    }

    private void solve(StateSource source, NDManager root, Map<String, PointState> state) {
        int n = source.batches(Split.TRAIN);
        // -1: an open-ended phase; the cap is not a forecast, so no bar fills towards it.
        monitor.onPhase("fit probes", -1);
        boolean profiled = profiled();
        while (solverPasses < solverBudget()) {
            int pass = ++solverPasses;
            long t = System.nanoTime();
            double worst = 0;
            List<String> open = new ArrayList<>();
            for (Map.Entry<String, PointState> e : state.entrySet()) {
                if (!e.getValue().solver.done()) {
                    open.add(e.getKey());
                    worst = Math.max(
                            worst,
                            profiled
                                    ? e.getValue().solver.worstRelativeGap()
                                    : e.getValue().solver.worstRelativeGradient());
                }
            }
            Map<String, SoftmaxProbe.Fit> fits = eachInParallel(open, p -> {
                PointState s = state.get(p);
                return s.probe.fit(s.solver.trial(), s.solver.active(), s.reads);
            });
            if (fits.isEmpty()) {
                return;
            }
            monitor.onSolverPass(
                    pass,
                    fits.size(),
                    state.size(),
                    worst,
                    settings.stopping().tolerance(),
                    profiled ? "relative gap bound" : "rel. gradient");
            try (SharedPass shared = new SharedPass(root, fits.values())) {
                probeSeconds += (System.nanoTime() - t) / 1e9;
                if (profiled) {
                    profiledPass(source, root, shared, fits);
                } else {
                    for (int b = 0; b < n; b++) {
                        try (NDManager m = root.newSubManager()) {
                            StateBatch batch = source.batch(m, Split.TRAIN, b, shared.reads());
                            long tb = System.nanoTime();
                            shared.accumulate(batch);
                            probeSeconds += (System.nanoTime() - tb) / 1e9;
                        }
                    }
                }
                t = System.nanoTime();
                Map<String, NDArray[]> sums = new LinkedHashMap<>();
                fits.forEach((p, fit) -> sums.put(p, shared.sums(fit)));
                eachInParallel(fits.keySet(), p -> {
                    PointState s = state.get(p);
                    NDArray[] sum = sums.get(p);
                    SoftmaxProbe.Fit fit = fits.get(p);
                    if (profiled) {
                        float[] at = fit.profiledParams(s.solver.trial());
                        s.solver.receive(s.probe.finish(fit, sum[0], sum[1], shared.samples(), at), at);
                        for (int j : fit.strengths()) {
                            if (s.solver.accepted(j)) {
                                s.trainProfile[j] = fit.profileOf(j);
                            }
                        }
                    } else {
                        s.solver.receive(s.probe.finish(fit, sum[0], sum[1], shared.samples(), s.solver.trial()));
                    }
                    return p;
                });
                for (Map.Entry<String, SoftmaxProbe.Fit> e : fits.entrySet()) {
                    e.getValue().close();
                    state.get(e.getKey()).charge(shared, e.getValue());
                }
                for (String p : fits.keySet()) {
                    PointState s = state.get(p);
                    if (s.solver.done()) {
                        monitor.onPointDone(p, s.solver.iterations(), true);
                    }
                }
            }
            probeSeconds += (System.nanoTime() - t) / 1e9;
            followPath(source, root, state, fits.keySet());
        }
        state.forEach((p, s) -> {
            if (!s.solver.done()) {
                monitor.onPointDone(p, s.solver.iterations(), false);
            }
        });
    }

    /**
     * Whether solver passes profile the biases ({@link SharedPass.ProfiledTerm}): under the
     * certified rule, so that every pass yields the certificate's exact bound and a strength stops
     * in the first pass whose bound meets the tolerance.
     */
    private boolean profiled() {
        return settings.stopping().rule() == StoppingRule.CERTIFIED;
    }

    /**
     * One profiled pass: every batch's products, the biases profiled on all of them (each point's
     * fit on its own core), then every batch again for the gradient at those biases.
     */
    private void profiledPass(
            StateSource source, NDManager root, SharedPass shared, Map<String, SoftmaxProbe.Fit> fits) {
        int n = source.batches(Split.TRAIN);
        List<int[]> labels = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            try (NDManager m = root.newSubManager()) {
                StateBatch batch = source.batch(m, Split.TRAIN, b, shared.reads());
                labels.add(batch.labels());
                long tb = System.nanoTime();
                shared.observe(batch);
                probeSeconds += (System.nanoTime() - tb) / 1e9;
            }
        }
        int[] all = labels.stream().flatMapToInt(Arrays::stream).toArray();
        long tp = System.nanoTime();
        eachInParallel(fits.keySet(), p -> {
            fits.get(p).profile(all);
            return p;
        });
        probeSeconds += (System.nanoTime() - tp) / 1e9;
        for (int b = 0; b < n; b++) {
            try (NDManager m = root.newSubManager()) {
                StateBatch batch = source.batch(m, Split.TRAIN, b, shared.reads());
                long tb = System.nanoTime();
                shared.accumulateProfiled(batch, b);
                probeSeconds += (System.nanoTime() - tb) / 1e9;
            }
        }
        sampleCounts.put(Split.TRAIN, all.length);
    }

    /**
     * {@code f} for every point, side by side, in the points' order. Each probe's solver and
     * parameters are its own (Java arrays and a manager of its own), and between passes its work
     * is dozens of small engine calls and Java loops that leave the cores idle one at a time: on
     * the quickstart CNN the directions alone were a fifth of the probe time.
     */
    private static <V> Map<String, V> eachInParallel(Collection<String> points, Function<String, V> f) {
        Map<String, V> done = new ConcurrentHashMap<>();
        if (points.size() == 1) {
            points.forEach(p -> done.put(p, f.apply(p)));
        } else {
            points.parallelStream().forEach(p -> done.put(p, f.apply(p)));
        }
        Map<String, V> ordered = new LinkedHashMap<>();
        points.forEach(p -> ordered.put(p, done.get(p)));
        return ordered;
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
            int run = path.convergedRun(s.solver::selectable);
            if (!s.solver.done() && run > s.checkedRun && path.checkable(run, s.solver::dropped)) {
                runs.put(p, run);
            }
        }
        if (runs.isEmpty()) {
            return;
        }
        // Silent: it runs inside the probe fit's one progress line.
        Map<String, double[][]> val = pass(source, root, state, Split.VALIDATION, runs.keySet(), null);
        runs.forEach((p, run) -> {
            PointState s = state.get(p);
            s.checkedRun = run;
            path.beyond(run, val.get(p)[1]).forEach(s.solver::drop);
            if (profiled() && !s.solver.done()) {
                // Weaker strengths are still open, so passes go on anyway: the best of the run so
                // far rides on them towards the tolerance instead of waiting for the choice.
                s.solver.tighten(path.best(run, val.get(p)[1]));
            }
            if (s.solver.done()) {
                monitor.onPointDone(p, s.solver.iterations(), true);
            }
        });
    }

    /**
     * Profiles every probe's biases exactly (one train pass's logits), chooses each point's
     * strength on the validation split, certifies the chosen fit (one pass for its gradient) and,
     * under the certified rule, solves further where the certificate misses the tolerance; then
     * scores the test split, keeping each test image's prediction.
     */
    private List<ProbeResult> evaluate(
            StateSource source, NDManager root, Map<String, PointState> state, List<String> points) {
        int k = settings.l2Grid().size();
        List<String> fitted = points.stream().filter(state::containsKey).toList();
        Map<String, BiasProfile.Result[]> profiles;
        Map<String, double[][]> val;
        Map<String, Integer> chosen;
        Map<String, SoftmaxProbe.Evaluation> certified;
        // Fits resumed for a further round: an internal step, reported once per network at the end.
        Set<String> resumed = new LinkedHashSet<>();
        int rounds = 0;
        for (int round = 0; ; round++) {
            if (profiled()) {
                // Every solver pass evaluated its trial at profiled biases: the accepted point has
                // them already, with its training accuracy, and its evaluation is its certificate.
                profiles = new LinkedHashMap<>();
                for (String p : fitted) {
                    profiles.put(p, state.get(p).trainProfile.clone());
                }
            } else {
                LogitCapture train = capture(source, root, state, Split.TRAIN, fitted, "evaluate train");
                int[] labels = train.labels();
                profiles = eachInParallel(fitted, p -> profileBiases(p, state.get(p), train, labels));
            }
            val = pass(source, root, state, Split.VALIDATION, fitted, "evaluate validation");
            chosen = new LinkedHashMap<>();
            for (String p : fitted) {
                chosen.put(p, choose(state.get(p), val.get(p), sampleCounts.get(Split.VALIDATION) > 0, k));
            }
            if (profiled()) {
                certified = new LinkedHashMap<>();
                for (String p : fitted) {
                    certified.put(p, state.get(p).solver.evaluation());
                }
            } else {
                certified = certify(source, root, state, chosen);
            }
            List<String> open = new ArrayList<>();
            for (String p : fitted) {
                Certificate c = Certificate.of(state.get(p).probe, certified.get(p), chosen.get(p));
                StopWhen stop = settings.stopping();
                if (stop.certifies(state.get(p).probe.lambda(chosen.get(p))) && !stop.met(c)) {
                    open.add(p);
                }
            }
            if (open.isEmpty() || round >= CERTIFY_ROUNDS || solverPasses >= solverBudget()) {
                break;
            }
            if (!profiled()) {
                // A profiled fit goes on from the selection tolerance by design, not for a bound
                // its estimate missed: only the latter is news.
                resumed.addAll(open);
                rounds = round + 1;
            }
            for (String p : open) {
                state.get(p).solver.resume(chosen.get(p), certified.get(p));
            }
            solve(source, root, state);
        }
        if (!resumed.isEmpty()) {
            monitor.onNote(String.format(
                    Locale.ROOT,
                    "%d of %d fits needed a further round to reach the certified tolerance (%d round%s at most)",
                    resumed.size(),
                    fitted.size(),
                    rounds,
                    rounds == 1 ? "" : "s"));
        }
        LogitCapture test = capture(source, root, state, Split.TEST, fitted, "evaluate test");
        int[] testLabels = test.labels();
        int trainSamples = sampleCounts.get(Split.TRAIN);
        int valSamples = sampleCounts.get(Split.VALIDATION);
        int testSamples = sampleCounts.get(Split.TEST);
        List<ProbeResult> results = new ArrayList<>();
        int index = 0;
        for (String p : points) {
            PointState s = state.get(p);
            int j = chosen.get(p);
            Certificate c = Certificate.of(s.probe, certified.get(p), j);
            float[] z = test.strength(p, j);
            int[] predicted = LogitCapture.argMax(z, s.probe.classes(), new double[s.probe.classes()]);
            int correct = 0;
            for (int i = 0; i < predicted.length; i++) {
                correct += predicted[i] == testLabels[i] ? 1 : 0;
            }
            StopWhen stop = settings.stopping();
            boolean converged = stop.certifies(s.probe.lambda(j)) ? stop.met(c) : s.solver.converged(j);
            results.add(new ProbeResult(
                    p,
                    index++,
                    source.dimension(p),
                    source.features(p),
                    settings.states().reduction().describe(),
                    settings.l2Grid().get(j),
                    (double) profiles.get(p)[j].correct() / trainSamples,
                    valSamples == 0 ? Double.NaN : val.get(p)[0][j] / valSamples,
                    testSamples == 0 ? Double.NaN : (double) correct / testSamples,
                    LogitCapture.crossEntropy(z, testLabels, s.probe.classes(), new double[s.probe.classes()]),
                    s.solver.iterations(),
                    converged,
                    certified.get(p).gradientNorm()[j] / Math.max(1e-30, s.probe.zeroGradientNorm(j)),
                    s.nanos / 1e9,
                    s.sketchPasses + s.solver.passes() + s.certificatePasses,
                    c.objective(),
                    s.solver.preconditioned() && s.solver.preconditioner().enabled(j)
                            ? s.solver.preconditioner().rank()
                            : 0,
                    c.gapBound(),
                    Predictions.of(predicted)));
        }
        return results;
    }

    /** The solved strength with the lowest validation cross-entropy (the first when there is no validation split). */
    private static int choose(PointState s, double[][] val, boolean haveValidation, int k) {
        int j = -1;
        for (int c = 0; c < k; c++) {
            boolean better = j < 0 || haveValidation && val[1][c] < val[1][j];
            if (!s.solver.dropped(c) && better) {
                j = c;
            }
        }
        return j;
    }

    /** Moves every solved strength of a probe to its exactly profiled biases; returns the profiles. */
    private static BiasProfile.Result[] profileBiases(String point, PointState s, LogitCapture train, int[] labels) {
        int k = s.probe.strengths();
        BiasProfile.Result[] out = new BiasProfile.Result[k];
        float[] q = s.solver.params();
        for (int j = 0; j < k; j++) {
            if (!s.solver.dropped(j)) {
                out[j] = BiasProfile.solve(train.strength(point, j), labels, s.probe.classes());
                q = s.probe.shiftBiases(q, j, out[j].shift());
            }
        }
        s.solver.moveTo(q);
        return out;
    }

    /**
     * One pass over the training states for the objective and gradient of each point's chosen
     * strength at its profiled biases: the certificate's only cost.
     */
    private Map<String, SoftmaxProbe.Evaluation> certify(
            StateSource source, NDManager root, Map<String, PointState> state, Map<String, Integer> chosen) {
        long t = System.nanoTime();
        Map<String, SoftmaxProbe.Fit> fits = eachInParallel(chosen.keySet(), p -> {
            PointState s = state.get(p);
            return s.probe.fit(s.solver.params(), new int[] {chosen.get(p)}, s.reads);
        });
        Map<String, SoftmaxProbe.Evaluation> out;
        int n = source.batches(Split.TRAIN);
        monitor.onPhase("certify", n);
        try (SharedPass shared = new SharedPass(root, fits.values())) {
            for (int b = 0; b < n; b++) {
                try (NDManager m = root.newSubManager()) {
                    shared.accumulate(source.batch(m, Split.TRAIN, b, shared.reads()));
                }
                monitor.onStep(b + 1);
            }
            Map<String, NDArray[]> sums = new LinkedHashMap<>();
            fits.forEach((p, fit) -> sums.put(p, shared.sums(fit)));
            out = eachInParallel(fits.keySet(), p -> {
                PointState s = state.get(p);
                NDArray[] sum = sums.get(p);
                return s.probe.finish(fits.get(p), sum[0], sum[1], shared.samples(), s.solver.params());
            });
            fits.forEach((p, fit) -> {
                fit.close();
                state.get(p).charge(shared, fit);
                state.get(p).certificatePasses++;
            });
            sharedPasses++;
        }
        probeSeconds += (System.nanoTime() - t) / 1e9;
        return out;
    }

    /** Every point's logits on {@code split}, all strengths, at the probes' current parameters. */
    private LogitCapture capture(
            StateSource source,
            NDManager root,
            Map<String, PointState> state,
            Split split,
            Collection<String> points,
            String phase) {
        LogitCapture capture = new LogitCapture(
                settings.l2Grid().size(),
                points.isEmpty() ? 0 : state.get(points.iterator().next()).probe.classes());
        Map<String, FoldedProbe> folded = new LinkedHashMap<>();
        for (String p : points) {
            folded.put(p, state.get(p).probe.fold(state.get(p).probe.params()));
        }
        Set<String> all = reads(state, Set.copyOf(points));
        int n = source.batches(split);
        monitor.onPhase(phase, n);
        for (int b = 0; b < n; b++) {
            try (NDManager m = root.newSubManager()) {
                StateBatch batch = source.batch(m, split, b, all);
                capture.addLabels(batch.labels());
                long t = System.nanoTime();
                for (String p : points) {
                    capture.add(p, state.get(p).probe.logits(batch.states().get(state.get(p).reads), folded.get(p)));
                }
                evalSeconds += (System.nanoTime() - t) / 1e9;
            }
            monitor.onStep(b + 1);
        }
        folded.values().forEach(FoldedProbe::close);
        sampleCounts.put(split, capture.samples());
        return capture;
    }

    /** Correct counts [0] and summed cross-entropy [1] per strength, for each of {@code points}. */
    private Map<String, double[][]> pass(
            StateSource source,
            NDManager root,
            Map<String, PointState> state,
            Split split,
            Collection<String> points,
            String phase) {
        Map<String, double[][]> acc = new LinkedHashMap<>();
        Map<String, FoldedProbe> folded = new LinkedHashMap<>();
        for (String p : points) {
            acc.put(p, new double[2][settings.l2Grid().size()]);
            folded.put(p, state.get(p).probe.fold(state.get(p).probe.params()));
        }
        Set<String> all = reads(state, Set.copyOf(points));
        int n = source.batches(split);
        int samples = 0;
        if (phase != null) {
            monitor.onPhase(phase, n);
        }
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
            if (phase != null) {
                monitor.onStep(b + 1);
            }
        }
        folded.values().forEach(FoldedProbe::close);
        sampleCounts.put(split, samples);
        return acc;
    }

    /** Bookkeeping of one point's probe during fitting. */
    private static final class PointState {
        final SoftmaxProbe probe;
        /** The point whose states this probe reads: its own, or its affine map's source. */
        final String reads;

        Lbfgs solver;
        PendingPreconditioner preconditioner;
        /** The covariance sketch's pass (shared with the other points), counted for each probe. */
        int sketchPasses;
        /** Per strength, the bias profile of its accepted point, from its last accepted profiled pass. */
        BiasProfile.Result[] trainProfile;
        /** Passes for the gradient at profiled biases ({@link #certify}), counted for each probe. */
        int certificatePasses;
        /** The converged run of strengths last checked on the validation split (see {@link L2Path}). */
        int checkedRun;

        long nanos;
        /** The products' work in this probe's solver and certificate passes. */
        PassWork work = PassWork.NONE;

        PointState(SoftmaxProbe probe, String reads) {
            this.probe = probe;
            this.reads = reads;
            this.trainProfile = new BiasProfile.Result[probe.strengths()];
        }

        /** Adds the time and work of this probe's term in a shared pass to its own. */
        void charge(SharedPass shared, SharedPass.Term term) {
            nanos += shared.nanos(term);
            work = work.plus(shared.work(term));
        }
    }
}
