package org.layerprobe.cli;

import java.util.ArrayList;
import java.util.List;
import org.layerprobe.LayerprobeException;
import org.layerprobe.probe.ProbeSettings;
import org.layerprobe.probe.solver.ProbeSolver;
import org.layerprobe.probe.solver.StoppingRule;
import org.layerprobe.probe.states.FeatureReduction;
import org.layerprobe.probe.states.MemoryBudget;
import picocli.CommandLine.Option;

/** Options of the probe solver shared by {@code probe} and {@code bench probe}. */
final class ProbeOptions {

    @Option(names = "--points", split = ",", description = "Probe points (default: all).")
    List<String> points = new ArrayList<>();

    @Option(
            names = "--memory",
            defaultValue = "auto",
            description =
                    "Budget for caching states in memory, e.g. 8g; larger states are streamed (default: half the RAM).")
    String memory;

    @Option(
            names = "--reduction",
            defaultValue = "none",
            description =
                    "Feature reduction for wide points: none, channel-mean[:threshold], random-subset:size[:threshold].")
    String reduction;

    // Defaults are read from ProbeSettings.defaults() (picocli shows a field's initial value as its
    // default), so the command line and the spec files cannot drift apart.
    private static final ProbeSettings DEFAULTS = ProbeSettings.defaults();

    @Option(
            names = "--probe-l2",
            split = ",",
            description = "L2 strengths fitted side by side; validation picks one (default: ${DEFAULT-VALUE}).")
    List<Double> l2 = new ArrayList<>(DEFAULTS.l2Grid());

    @Option(
            names = "--probe-warm-epochs",
            description = "Mini-batch Adam epochs before L-BFGS (default: ${DEFAULT-VALUE}).")
    int warmEpochs = DEFAULTS.warmEpochs();

    @Option(
            names = "--probe-max-passes",
            description = "Cap on passes per probe, at least 3 (the covariance sketch's and the solver's; default:"
                    + " ${DEFAULT-VALUE}); --probe-max-iterations is its old name.")
    int maxPasses = DEFAULTS.maxPasses();

    /** The old name of --probe-max-passes, still read; its own option so that errors name what was typed. */
    @Option(names = "--probe-max-iterations", hidden = true)
    void maxIterations(int passes) {
        maxPasses = passes;
    }

    @Option(
            names = "--probe-stopping",
            description = "certified (stop when the certified bound on the distance to the"
                    + " optimum is at most --probe-gap-tolerance of the objective) or gradient (the gradient rule: the gradient"
                    + " norm at most --probe-tolerance of its norm at zero) (default: ${DEFAULT-VALUE}).")
    String stopping = DEFAULTS.stopping().label();

    @Option(
            names = "--probe-gap-tolerance",
            description = "Certified rule: the bound on objective minus optimum, as a"
                    + " fraction of the objective (default: ${DEFAULT-VALUE}).")
    double gapTolerance = DEFAULTS.gapTolerance();

    @Option(
            names = "--probe-tolerance",
            description =
                    "Gradient rule: converged when the gradient norm is at most this fraction of its norm at zero (default: ${DEFAULT-VALUE}).")
    double tolerance = DEFAULTS.gradTolerance();

    @Option(names = "--probe-lr", description = "Adam step of the warm-up (default: ${DEFAULT-VALUE}).")
    double learningRate = DEFAULTS.learningRate();

    @Option(
            names = "--probe-batch-size",
            description = "Samples per forward pass and per warm-up update (default: ${DEFAULT-VALUE}).")
    int batchSize = DEFAULTS.batchSize();

    @Option(
            names = "--probe-solver",
            description = "auto (precondition L-BFGS by the feature covariance where it is"
                    + " ill-conditioned), lbfgs (plain) or preconditioned (always) (default: auto).")
    String solver = DEFAULTS.solver().id();

    @Option(
            names = "--probe-sketch-rank",
            description = "Rank of the Nystrom covariance sketch on points wider than " + ProbeSettings.EXACT_WIDTH
                    + " (default: ${DEFAULT-VALUE}).")
    int sketchRank = DEFAULTS.sketchRank();

    ProbeSettings settings() {
        return new ProbeSettings(
                l2,
                learningRate,
                batchSize,
                warmEpochs,
                maxPasses,
                tolerance,
                MemoryBudget.parse(memory),
                FeatureReduction.parse(reduction),
                DEFAULTS.seed(),
                ProbeSolver.parse(solver),
                sketchRank,
                StoppingRule.parse(stopping)
                        .orElseThrow(() -> new LayerprobeException("--probe-stopping " + stopping
                                + " is not a stopping rule; use certified" + " or gradient")),
                gapTolerance);
    }
}
