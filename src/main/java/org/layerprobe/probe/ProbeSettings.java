package org.layerprobe.probe;

import java.util.List;
import org.layerprobe.LayerprobeException;
import org.layerprobe.probe.solver.ProbeSolver;
import org.layerprobe.probe.solver.StoppingRule;
import org.layerprobe.probe.states.FeatureReduction;
import org.layerprobe.probe.states.MemoryBudget;
import org.layerprobe.spec.SettingException;

/**
 * How probes are fitted; validated once, here.
 *
 * @param l2Grid L2 strengths fitted side by side (one extra output block each, nearly free); the
 *     one with the lowest validation cross-entropy is reported
 * @param learningRate Adam step of the warm-up epochs, on standardised features
 * @param batchSize samples per warm-up update and per forward pass
 * @param warmEpochs mini-batch Adam epochs before the full-batch solver takes over (0: none)
 * @param maxPasses cap on full-batch solver passes (L-BFGS iterations and line-search trials);
 *     a probe stopped by it is reported as not converged
 * @param gradTolerance a probe has converged when its full-batch gradient norm is at most this
 *     fraction of the norm at zero weights
 * @param memoryBudgetBytes states are cached in memory when their estimated size fits this
 *     budget, else streamed (recomputed by a forward pass each time they are read)
 * @param reduction optional feature reduction for wide points (recorded in every result)
 * @param seed seed for batch order and random feature subsets
 * @param solver whether L-BFGS is preconditioned by the feature covariance ({@link ProbeSolver})
 * @param sketchRank rank of the Nystrom sketch of that covariance on wide points; points at most
 *     {@link #EXACT_WIDTH} or this wide get the exact covariance
 * @param stopping when the solver stops: {@link StoppingRule#CERTIFIED} (the default) or the
 *     older gradient rule
 * @param gapTolerance under the certified rule, a probe has converged when its certified
 *     suboptimality bound is at most this fraction of its objective
 */
public record ProbeSettings(
        List<Double> l2Grid,
        double learningRate,
        int batchSize,
        int warmEpochs,
        int maxPasses,
        double gradTolerance,
        long memoryBudgetBytes,
        FeatureReduction reduction,
        long seed,
        ProbeSolver solver,
        int sketchRank,
        StoppingRule stopping,
        double gapTolerance) {

    /**
     * Default relative gap tolerance of the certified rule. Measured on the quickstart relu CNN
     * (docs/solver.md): tightened tenfold, at most 4 of 10,000 test predictions per point changed
     * (at most 0.02 points of error), 20 times less than a 95 % interval's half-width; near-tied
     * images still flip at 1e-5 and 1e-6, so no tolerance makes every test error stand still.
     */
    public static final double DEFAULT_GAP_TOLERANCE = 1e-4;

    /** Settings under the default stopping rule and gap tolerance. */
    public ProbeSettings(
            List<Double> l2Grid,
            double learningRate,
            int batchSize,
            int warmEpochs,
            int maxPasses,
            double gradTolerance,
            long memoryBudgetBytes,
            FeatureReduction reduction,
            long seed,
            ProbeSolver solver,
            int sketchRank) {
        this(
                l2Grid,
                learningRate,
                batchSize,
                warmEpochs,
                maxPasses,
                gradTolerance,
                memoryBudgetBytes,
                reduction,
                seed,
                solver,
                sketchRank,
                StoppingRule.CERTIFIED,
                DEFAULT_GAP_TOLERANCE);
    }

    public ProbeSettings {
        l2Grid = List.copyOf(l2Grid);
        if (l2Grid.isEmpty() || l2Grid.stream().anyMatch(v -> !(v >= 0) || !Double.isFinite(v))) {
            throw bad("l2", l2Grid, "a non-empty list of values >= 0");
        }
        if (!(learningRate > 0)) {
            throw bad("learning_rate", learningRate, "> 0");
        }
        if (batchSize < 1) {
            throw bad("batch_size", batchSize, ">= 1");
        }
        if (warmEpochs < 0) {
            throw bad("warm_epochs", warmEpochs, ">= 0");
        }
        if (maxPasses < MIN_PASSES) {
            // Below it the count would exceed the cap: every fit takes this many passes.
            throw bad(
                    "max_passes",
                    maxPasses,
                    ">= " + MIN_PASSES + ", the fewest passes any fit takes (the passes counted include the"
                            + " certificate's)");
        }
        if (!(gradTolerance > 0)) {
            throw bad("grad_tolerance", gradTolerance, "> 0");
        }
        if (memoryBudgetBytes < 0) {
            throw bad("memory", memoryBudgetBytes, ">= 0 bytes");
        }
        if (solver == null) {
            solver = ProbeSolver.AUTO;
        }
        if (sketchRank < 1 || sketchRank > MAX_SKETCH_RANK) {
            throw bad("sketch_rank", sketchRank, "between 1 and " + MAX_SKETCH_RANK);
        }
        if (reduction == null) {
            reduction = FeatureReduction.none();
        }
        if (stopping == null) {
            stopping = StoppingRule.CERTIFIED;
        }
        if (!(gapTolerance > 0) || !(gapTolerance < 1)) {
            throw bad("gap_tolerance", gapTolerance, "between 0 and 1 (exclusive), a fraction of the objective");
        }
    }

    /** The fewest passes a fit takes, whatever the cap: smaller caps are refused. */
    public static final int MIN_PASSES = 3;

    /** Above this the dense eigendecomposition of the sketch costs more than the passes it saves. */
    public static final int MAX_SKETCH_RANK = 2048;

    private static LayerprobeException bad(String key, Object value, String rule) {
        return new SettingException("probe setting", key, value, rule);
    }

    /** Rank of the Nystrom sketch on points wider than {@link #EXACT_WIDTH}. */
    public static final int DEFAULT_SKETCH_RANK = 128;

    /**
     * Points at most this wide (or at most {@code sketchRank} wide) are preconditioned by their
     * exact covariance: its eigendecomposition then costs less than a second.
     */
    public static final int EXACT_WIDTH = 1024;

    /**
     * Defaults: L2 in {1e-4, 1e-3, 1e-2, 1e-1} (the weakest and strongest both win on some points
     * of the trained alain-bengio network), no Adam warm-up (on wide states it left the stronger
     * strengths above their objective at zero weights), at most 1000 solver passes from zero
     * weights, the certified stopping rule at a relative gap of 1e-4, half the RAM for states;
     * docs/solver.md.
     */
    public static ProbeSettings defaults() {
        return new ProbeSettings(
                List.of(1e-4, 1e-3, 1e-2, 1e-1),
                1e-2,
                256,
                0,
                1000,
                1e-4,
                MemoryBudget.defaultBytes(),
                FeatureReduction.none(),
                0,
                ProbeSolver.AUTO,
                DEFAULT_SKETCH_RANK);
    }

    public ProbeSettings withSolver(ProbeSolver s, int rank) {
        return new ProbeSettings(
                l2Grid,
                learningRate,
                batchSize,
                warmEpochs,
                maxPasses,
                gradTolerance,
                memoryBudgetBytes,
                reduction,
                seed,
                s,
                rank,
                stopping,
                gapTolerance);
    }

    public ProbeSettings withMemory(long bytes) {
        return new ProbeSettings(
                l2Grid,
                learningRate,
                batchSize,
                warmEpochs,
                maxPasses,
                gradTolerance,
                bytes,
                reduction,
                seed,
                solver,
                sketchRank,
                stopping,
                gapTolerance);
    }

    public ProbeSettings withReduction(FeatureReduction r) {
        return new ProbeSettings(
                l2Grid,
                learningRate,
                batchSize,
                warmEpochs,
                maxPasses,
                gradTolerance,
                memoryBudgetBytes,
                r,
                seed,
                solver,
                sketchRank,
                stopping,
                gapTolerance);
    }

    public ProbeSettings withMaxPasses(int passes) {
        return new ProbeSettings(
                l2Grid,
                learningRate,
                batchSize,
                warmEpochs,
                passes,
                gradTolerance,
                memoryBudgetBytes,
                reduction,
                seed,
                solver,
                sketchRank,
                stopping,
                gapTolerance);
    }

    public ProbeSettings withStopping(StoppingRule rule, double tolerance) {
        return new ProbeSettings(
                l2Grid,
                learningRate,
                batchSize,
                warmEpochs,
                maxPasses,
                gradTolerance,
                memoryBudgetBytes,
                reduction,
                seed,
                solver,
                sketchRank,
                rule,
                tolerance);
    }

    /** The relative tolerance of the rule in force, as the progress line shows it. */
    public double tolerance() {
        return stopping == StoppingRule.CERTIFIED ? gapTolerance : gradTolerance;
    }
}
