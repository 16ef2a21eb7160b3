package org.layerprobe.train;

import ai.djl.Model;
import org.layerprobe.data.LabeledData;
import org.layerprobe.nets.Network;

/**
 * A network with its parameters (trained, loaded from the cache, or at random init) and the record
 * of how it got them. Owns the DJL {@link Model}; close it when done.
 *
 * @param network the block and its probe-point names
 * @param model the DJL model holding the block's parameters
 * @param result training record
 * @param cacheKey the model-cache key of its configuration
 */
public record TrainedModel(Network network, Model model, TrainingResult result, String cacheKey)
        implements AutoCloseable {

    /**
     * This model with its test accuracy measured on {@code test}: a record's accuracy belongs to
     * the test split it was taken on, which a cached or saved model probed on another split (another
     * test_limit, other data) does not share. The parameters are unchanged.
     */
    public TrainedModel withTestAccuracyOn(LabeledData test) {
        double accuracy = Evaluator.accuracy(network.block(), model.getNDManager(), test, Evaluator.BATCH);
        TrainingResult r = result;
        return new TrainedModel(
                network,
                model,
                new TrainingResult(r.epochs(), r.validationAccuracy(), accuracy, r.seconds(), true),
                cacheKey);
    }

    @Override
    public void close() {
        model.close();
    }
}
