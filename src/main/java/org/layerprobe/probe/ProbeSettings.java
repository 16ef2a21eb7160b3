package org.layerprobe.probe;

import java.util.List;
import org.layerprobe.LayerprobeException;
import org.layerprobe.probe.solver.ProbeSolver;
import org.layerprobe.probe.solver.StopWhen;
import org.layerprobe.probe.solver.StoppingRule;
import org.layerprobe.probe.states.FeatureReduction;
import org.layerprobe.probe.states.MemoryBudget;
import org.layerprobe.spec.SettingException;

/**
 * How probes are fitted, in parts that change for different reasons; validated once, here. Each
 * value's spec key, command-line option and run-key name are in {@link ProbeKey}.
 *
 * @param l2Grid L2 strengths fitted side by side (one extra output block each, nearly free); the
 *     one with the lowest validation cross-entropy is reported
 * @param stopping when a fit stops: the rule, its tolerances and the pass cap
 * @param solver whether L-BFGS is preconditioned, and the rank of its covariance sketch
 * @param warmUp optional mini-batch Adam epochs before the full-batch solver
 * @param states how hidden states are batched, kept and reduced
 * @param seed seed for batch order and random feature subsets
 */
public record ProbeSettings(
        List<Double> l2Grid, StopWhen stopping, Solver solver, WarmUp warmUp, States states, long seed) {

    /**
     * @param kind plain, preconditioned or chosen per point ({@link ProbeSolver})
     * @param sketchRank rank of the Nystrom sketch of the feature covariance on wide points; points
     *     at most {@link #EXACT_WIDTH} or this wide get the exact covariance
     */
    public record Solver(ProbeSolver kind, int sketchRank) {}

    /**
     * @param epochs mini-batch Adam epochs before the full-batch solver takes over (0: none)
     * @param learningRate Adam step of those epochs, on standardised features
     */
    public record WarmUp(int epochs, double learningRate) {}

    /**
     * @param batchSize samples per forward pass and per warm-up update
     * @param memoryBudgetBytes states are cached in memory when their estimated size fits this
     *     budget, else streamed (recomputed by a forward pass each time they are read)
     * @param reduction optional feature reduction for wide points (recorded in every result)
     */
    public record States(int batchSize, long memoryBudgetBytes, FeatureReduction reduction) {}

    /** Default relative gap tolerance of the certified rule; why this value: docs/solver.md. */
    public static final double DEFAULT_GAP_TOLERANCE = 1e-4;

    /** The fewest passes a fit takes, whatever the cap: smaller caps are refused. */
    public static final int MIN_PASSES = 3;

    /** Above this the dense eigendecomposition of the sketch costs more than the passes it saves. */
    public static final int MAX_SKETCH_RANK = 2048;

    /** Rank of the Nystrom sketch on points wider than {@link #EXACT_WIDTH}. */
    public static final int DEFAULT_SKETCH_RANK = 128;

    /**
     * Points at most this wide (or at most {@code sketchRank} wide) are preconditioned by their
     * exact covariance: its eigendecomposition then costs less than a second.
     */
    public static final int EXACT_WIDTH = 1024;

    public ProbeSettings {
        l2Grid = List.copyOf(l2Grid);
        if (l2Grid.isEmpty() || l2Grid.stream().anyMatch(v -> !(v >= 0) || !Double.isFinite(v))) {
            throw bad(ProbeKey.L2, l2Grid, "a non-empty list of values >= 0");
        }
        stopping = checked(stopping);
        solver = checked(solver);
        warmUp = checked(warmUp);
        states = checked(states);
    }

    private static StopWhen checked(StopWhen s) {
        if (s.maxPasses() < MIN_PASSES) {
            // Below it the count would exceed the cap: every fit takes this many passes.
            throw bad(
                    ProbeKey.MAX_PASSES,
                    s.maxPasses(),
                    ">= " + MIN_PASSES + ", the fewest passes any fit takes (the passes counted include the"
                            + " certificate's)");
        }
        if (!(s.gradTolerance() > 0)) {
            throw bad(ProbeKey.GRAD_TOLERANCE, s.gradTolerance(), "> 0");
        }
        if (!(s.gapTolerance() > 0) || !(s.gapTolerance() < 1)) {
            throw bad(
                    ProbeKey.GAP_TOLERANCE,
                    s.gapTolerance(),
                    "between 0 and 1 (exclusive), a fraction of the objective");
        }
        return s.rule() == null
                ? new StopWhen(StoppingRule.CERTIFIED, s.gradTolerance(), s.gapTolerance(), s.maxPasses())
                : s;
    }

    private static Solver checked(Solver s) {
        if (s.sketchRank() < 1 || s.sketchRank() > MAX_SKETCH_RANK) {
            throw bad(ProbeKey.SKETCH_RANK, s.sketchRank(), "between 1 and " + MAX_SKETCH_RANK);
        }
        return s.kind() == null ? new Solver(ProbeSolver.AUTO, s.sketchRank()) : s;
    }

    private static WarmUp checked(WarmUp w) {
        if (w.epochs() < 0) {
            throw bad(ProbeKey.WARM_EPOCHS, w.epochs(), ">= 0");
        }
        if (!(w.learningRate() > 0)) {
            throw bad(ProbeKey.LEARNING_RATE, w.learningRate(), "> 0");
        }
        return w;
    }

    private static States checked(States s) {
        if (s.batchSize() < 1) {
            throw bad(ProbeKey.BATCH_SIZE, s.batchSize(), ">= 1");
        }
        if (s.memoryBudgetBytes() < 0) {
            throw bad(ProbeKey.MEMORY, s.memoryBudgetBytes(), ">= 0 bytes");
        }
        return s.reduction() == null ? new States(s.batchSize(), s.memoryBudgetBytes(), FeatureReduction.none()) : s;
    }

    /** The value of {@code key} as a run key records it. */
    public Object valueOf(ProbeKey key) {
        return switch (key) {
            case L2 -> l2Grid;
            case LEARNING_RATE -> warmUp.learningRate();
            case BATCH_SIZE -> states.batchSize();
            case WARM_EPOCHS -> warmUp.epochs();
            case MAX_PASSES -> stopping.maxPasses();
            case GRAD_TOLERANCE -> stopping.gradTolerance();
            case MEMORY -> states.memoryBudgetBytes();
            case REDUCTION -> states.reduction().describe();
            case SEED -> seed;
            case SOLVER -> solver.kind().name();
            case SKETCH_RANK -> solver.sketchRank();
            case STOPPING -> stopping.rule().label();
            case GAP_TOLERANCE -> stopping.gapTolerance();
        };
    }

    private static LayerprobeException bad(ProbeKey key, Object value, String rule) {
        return new SettingException("probe setting", key.spec(), value, rule);
    }

    /**
     * Defaults: L2 in {1e-4, 1e-3, 1e-2, 1e-1} (the weakest and strongest both win on some points
     * of the trained alain-bengio network), the certified stopping rule at a relative gap of 1e-4,
     * at most 1000 solver passes from zero weights, no Adam warm-up (on wide states it left the
     * stronger strengths above their objective at zero weights), half the RAM for states;
     * docs/solver.md.
     */
    public static ProbeSettings defaults() {
        return new ProbeSettings(
                List.of(1e-4, 1e-3, 1e-2, 1e-1),
                new StopWhen(StoppingRule.CERTIFIED, 1e-4, DEFAULT_GAP_TOLERANCE, 1000),
                new Solver(ProbeSolver.AUTO, DEFAULT_SKETCH_RANK),
                new WarmUp(0, 1e-2),
                new States(256, MemoryBudget.defaultBytes(), FeatureReduction.none()),
                0);
    }

    public ProbeSettings withSolver(ProbeSolver kind, int sketchRank) {
        return new ProbeSettings(l2Grid, stopping, new Solver(kind, sketchRank), warmUp, states, seed);
    }

    public ProbeSettings withMemory(long bytes) {
        return new ProbeSettings(
                l2Grid, stopping, solver, warmUp, new States(states.batchSize(), bytes, states.reduction()), seed);
    }

    public ProbeSettings withReduction(FeatureReduction r) {
        return new ProbeSettings(
                l2Grid, stopping, solver, warmUp, new States(states.batchSize(), states.memoryBudgetBytes(), r), seed);
    }

    public ProbeSettings withMaxPasses(int passes) {
        return withStopping(new StopWhen(stopping.rule(), stopping.gradTolerance(), stopping.gapTolerance(), passes));
    }

    public ProbeSettings withStopping(StopWhen stop) {
        return new ProbeSettings(l2Grid, stop, solver, warmUp, states, seed);
    }
}
