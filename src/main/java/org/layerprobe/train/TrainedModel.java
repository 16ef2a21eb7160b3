package org.layerprobe.train;

import ai.djl.Model;
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

    @Override
    public void close() {
        model.close();
    }
}
