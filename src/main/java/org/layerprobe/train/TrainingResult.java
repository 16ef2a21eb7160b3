package org.layerprobe.train;

import java.util.List;

/**
 * The record of one training run.
 *
 * @param epochs per-epoch statistics, in order
 * @param validationAccuracy final validation accuracy
 * @param testAccuracy final test accuracy
 * @param seconds wall time spent training (0 when loaded from the cache)
 * @param fromCache true when the parameters came from the model cache
 */
public record TrainingResult(
        List<EpochStats> epochs, double validationAccuracy, double testAccuracy, double seconds, boolean fromCache) {

    public TrainingResult asCached() {
        return new TrainingResult(epochs, validationAccuracy, testAccuracy, seconds, true);
    }
}
