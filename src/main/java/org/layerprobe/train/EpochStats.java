package org.layerprobe.train;

import java.util.Map;

/**
 * What one training epoch measured.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean cross-entropy over the epoch's batches
 * @param trainAccuracy accuracy over the epoch's batches (in training mode)
 * @param validationAccuracy accuracy on the validation split (NaN when it is empty)
 * @param gradientNorms mean L2 gradient norm per layer over the epoch's batches
 */
public record EpochStats(
        int epoch,
        double trainLoss,
        double trainAccuracy,
        double validationAccuracy,
        Map<String, Double> gradientNorms) {}
