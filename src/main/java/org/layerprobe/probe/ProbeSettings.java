package org.layerprobe.probe;

import java.util.List;
import org.layerprobe.LayerprobeException;

/**
 * How probes are fitted; validated once, here.
 *
 * @param l2Grid L2 strengths tried side by side (one extra output block each, nearly free); the
 *     one with the lowest validation cross-entropy is reported
 * @param learningRate initial Adam step on standardised features
 * @param batchSize samples per probe update
 * @param maxEpochs hard cap; a probe stopped by the cap is reported as not converged
 * @param tolerance relative validation-loss improvement below which the step size is halved
 * @param halvings step-size halvings after which a probe has converged
 * @param gradTolerance final full-gradient norm, relative to the norm at zero, that counts as
 *     converged
 * @param memoryBudgetBytes states are cached in memory when their estimated size fits this
 *     budget, else streamed (recomputed by a forward pass each epoch)
 * @param reduction optional feature reduction for wide points (recorded in every result)
 * @param seed seed for batch order and random feature subsets
 */
public record ProbeSettings(
        List<Double> l2Grid,
        double learningRate,
        int batchSize,
        int maxEpochs,
        double tolerance,
        int halvings,
        double gradTolerance,
        long memoryBudgetBytes,
        FeatureReduction reduction,
        long seed) {

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
        if (maxEpochs < 1) {
            throw bad("max_epochs", maxEpochs, ">= 1");
        }
        if (!(tolerance > 0)) {
            throw bad("tolerance", tolerance, "> 0");
        }
        if (halvings < 0) {
            throw bad("halvings", halvings, ">= 0");
        }
        if (!(gradTolerance > 0)) {
            throw bad("grad_tolerance", gradTolerance, "> 0");
        }
        if (memoryBudgetBytes < 0) {
            throw bad("memory", memoryBudgetBytes, ">= 0 bytes");
        }
        if (reduction == null) {
            reduction = FeatureReduction.none();
        }
    }

    private static LayerprobeException bad(String key, Object value, String rule) {
        return new LayerprobeException("probe setting " + key + " = " + value + " is invalid; it must be " + rule);
    }

    /** Defaults: L2 in {1e-4, 1e-3, 1e-2}, Adam 1e-3, batch 256, up to 40 epochs, half the RAM. */
    public static ProbeSettings defaults() {
        return new ProbeSettings(List.of(1e-4, 1e-3, 1e-2), 1e-3, 256, 40, 2e-3, 4, 2e-2,
                MemoryBudget.defaultBytes(), FeatureReduction.none(), 0);
    }

    public ProbeSettings withMemory(long bytes) {
        return new ProbeSettings(l2Grid, learningRate, batchSize, maxEpochs, tolerance, halvings,
                gradTolerance, bytes, reduction, seed);
    }

    public ProbeSettings withReduction(FeatureReduction r) {
        return new ProbeSettings(l2Grid, learningRate, batchSize, maxEpochs, tolerance, halvings,
                gradTolerance, memoryBudgetBytes, r, seed);
    }

    public ProbeSettings withMaxEpochs(int e) {
        return new ProbeSettings(l2Grid, learningRate, batchSize, e, tolerance, halvings,
                gradTolerance, memoryBudgetBytes, reduction, seed);
    }
}
