package org.layerprobe.train;

import java.util.Optional;
import org.layerprobe.data.DataSplits;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.Network;
import org.layerprobe.nets.NetworkBuilder;

/** Gives the trained model for a config: from the cache when present, else trained and cached. */
public final class ModelProvider {

    private final ModelCache cache;
    private final TrainingMonitor monitor;

    public ModelProvider(ModelCache cache, TrainingMonitor monitor) {
        this.cache = cache;
        this.monitor = monitor;
    }

    /** The model for {@code config} on {@code data}; the caller closes it. */
    public TrainedModel obtain(ModelConfig config, DataSplits data) {
        Network network = build(config, data);
        Optional<TrainedModel> cached = cache.load(config, network);
        if (cached.isPresent()) {
            // The parameters do not depend on the test split (test_limit is not in the key), but the
            // stored record's test accuracy does: measure it on this one.
            TrainedModel m = cached.get();
            TrainingResult r = m.result();
            double test = Evaluator.accuracy(network.block(), m.model().getNDManager(), data.test(), 500);
            return new TrainedModel(m.network(), m.model(),
                    new TrainingResult(r.epochs(), r.validationAccuracy(), test, r.seconds(), true), m.cacheKey());
        }
        String key = ModelCache.key(config);
        TrainedModel trained = new ModelTrainer(config.settings(), monitor)
                .train(network, data, config.seed(), key);
        cache.store(config, trained);
        return trained;
    }

    /** The same network at random init (same seed), never cached: it is cheap to rebuild. */
    public TrainedModel untrained(ModelConfig config, DataSplits data) {
        return new ModelTrainer(config.settings().withEpochs(0), TrainingMonitor.NONE)
                .train(build(config, data), data, config.seed(), ModelCache.key(config) + "-init");
    }

    private static Network build(ModelConfig config, DataSplits data) {
        return network(config.architecture(), config.activation(), data);
    }

    /** The (uninitialised) network of an architecture and activation for {@code data}'s samples and classes. */
    public static Network network(ArchitectureSpec architecture, String activation, DataSplits data) {
        return NetworkBuilder.build(architecture, Activations.get(activation),
                new ai.djl.ndarray.types.Shape(data.train().sampleShape()), data.train().numClasses());
    }
}
