package org.layerprobe.cli;

import java.util.ArrayList;
import java.util.List;
import org.layerprobe.LayerprobeException;
import org.layerprobe.probe.ProbeKey;
import org.layerprobe.probe.ProbeSettings;
import org.layerprobe.probe.solver.ProbeSolver;
import org.layerprobe.probe.solver.StopWhen;
import org.layerprobe.probe.solver.StoppingRule;
import org.layerprobe.probe.states.FeatureReduction;
import org.layerprobe.probe.states.MemoryBudget;
import org.layerprobe.spec.SettingException;
import picocli.CommandLine.Option;

/**
 * Options of the probe solver shared by {@code probe} and {@code bench probe}; their names are
 * {@link ProbeKey}'s, so an error names the option typed, and the spec key it stands for.
 */
final class ProbeOptions {

    @Option(names = "--points", split = ",", description = "Probe points (default: all).")
    List<String> points = new ArrayList<>();

    @Option(
            names = ProbeKey.Option.MEMORY,
            defaultValue = "auto",
            description =
                    "Budget for caching states in memory, e.g. 8g; larger states are streamed (default: half the RAM).")
    String memory;

    @Option(
            names = ProbeKey.Option.REDUCTION,
            defaultValue = "none",
            description =
                    "Feature reduction for wide points: none, channel-mean[:threshold], random-subset:size[:threshold].")
    String reduction;

    // Defaults are read from ProbeSettings.defaults() (picocli shows a field's initial value as its
    // default), so the command line and the spec files cannot drift apart.
    private static final ProbeSettings DEFAULTS = ProbeSettings.defaults();

    @Option(
            names = ProbeKey.Option.L2,
            split = ",",
            description = "L2 strengths fitted side by side; validation picks one (default: ${DEFAULT-VALUE}).")
    List<Double> l2 = new ArrayList<>(DEFAULTS.l2Grid());

    @Option(
            names = ProbeKey.Option.WARM_EPOCHS,
            description = "Mini-batch Adam epochs before L-BFGS (default: ${DEFAULT-VALUE}).")
    int warmEpochs = DEFAULTS.warmUp().epochs();

    @Option(
            names = ProbeKey.Option.MAX_PASSES,
            description = "Cap on passes per probe, at least " + ProbeSettings.MIN_PASSES
                    + " (the covariance sketch's and the solver's; default: ${DEFAULT-VALUE}).")
    int maxPasses = DEFAULTS.stopping().maxPasses();

    /** The old name of --probe-max-passes, still read; its own option so that errors name what was typed. */
    @Option(names = "--probe-max-iterations", hidden = true)
    void maxIterations(int passes) {
        maxPasses = passes;
    }

    @Option(
            names = ProbeKey.Option.STOPPING,
            description = "certified (stop when the certified bound on the distance to the optimum is at most "
                    + ProbeKey.Option.GAP_TOLERANCE + " of the objective) or gradient (stop when the gradient norm is"
                    + " at most " + ProbeKey.Option.GRAD_TOLERANCE
                    + " of its norm at zero) (default: ${DEFAULT-VALUE}).")
    String stopping = DEFAULTS.stopping().rule().label();

    @Option(
            names = ProbeKey.Option.GAP_TOLERANCE,
            description = "Certified rule: the bound on objective minus optimum, as a"
                    + " fraction of the objective (default: ${DEFAULT-VALUE}).")
    double gapTolerance = DEFAULTS.stopping().gapTolerance();

    @Option(
            names = ProbeKey.Option.GRAD_TOLERANCE,
            description =
                    "Gradient rule: converged when the gradient norm is at most this fraction of its norm at zero (default: ${DEFAULT-VALUE}).")
    double gradTolerance = DEFAULTS.stopping().gradTolerance();

    /** The old name of --probe-grad-tolerance, still read; its own option so that errors name what was typed. */
    @Option(names = "--probe-tolerance", hidden = true)
    void tolerance(double value) {
        gradTolerance = value;
    }

    @Option(
            names = ProbeKey.Option.LEARNING_RATE,
            description = "Adam step of the warm-up (default: ${DEFAULT-VALUE}).")
    double learningRate = DEFAULTS.warmUp().learningRate();

    @Option(
            names = ProbeKey.Option.BATCH_SIZE,
            description = "Samples per forward pass and per warm-up update (default: ${DEFAULT-VALUE}).")
    int batchSize = DEFAULTS.states().batchSize();

    @Option(
            names = ProbeKey.Option.SOLVER,
            description = "auto (precondition L-BFGS by the feature covariance where it is"
                    + " ill-conditioned), lbfgs (plain) or preconditioned (always) (default: auto).")
    String solver = DEFAULTS.solver().kind().id();

    @Option(
            names = ProbeKey.Option.SKETCH_RANK,
            description = "Rank of the Nystrom covariance sketch on points wider than " + ProbeSettings.EXACT_WIDTH
                    + " (default: ${DEFAULT-VALUE}).")
    int sketchRank = DEFAULTS.solver().sketchRank();

    ProbeSettings settings() {
        StoppingRule rule = StoppingRule.parse(stopping)
                .orElseThrow(() -> new LayerprobeException(ProbeKey.Option.STOPPING + " " + stopping
                        + " is not a stopping rule; use certified or gradient"));
        try {
            return new ProbeSettings(
                    l2,
                    new StopWhen(rule, gradTolerance, gapTolerance, maxPasses),
                    new ProbeSettings.Solver(ProbeSolver.parse(solver), sketchRank),
                    new ProbeSettings.WarmUp(warmEpochs, learningRate),
                    new ProbeSettings.States(batchSize, MemoryBudget.parse(memory), FeatureReduction.parse(reduction)),
                    DEFAULTS.seed());
        } catch (SettingException e) {
            String option = ProbeKey.bySpec(e.key()).flatMap(ProbeKey::option).orElse(e.key());
            throw new LayerprobeException(option + " " + e.value() + " is invalid; it must be " + e.rule()
                    + " (the spec key probes." + e.key() + ")");
        }
    }
}
