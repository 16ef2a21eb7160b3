package org.layerprobe.train;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.layerprobe.LayerprobeException;
import org.layerprobe.data.BatchIterator;
import org.layerprobe.data.DataSplits;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.nets.Network;
import org.layerprobe.nets.NetworkBuilder;

/** Gives the trained model for a config: from the cache when present, else trained and cached. */
public final class ModelProvider implements ModelSource {

    private final ModelCache cache;
    private final TrainingMonitor monitor;

    public ModelProvider(ModelCache cache, TrainingMonitor monitor) {
        this.cache = cache;
        this.monitor = monitor;
    }

    /** The model for {@code config} on {@code data}; the caller closes it. */
    @Override
    public TrainedModel obtain(ModelConfig config, DataSplits data) {
        Network network = build(config, data);
        Optional<TrainedModel> cached = cache.load(config, network);
        if (cached.isPresent()) {
            // The parameters do not depend on the test split (test_limit is not in the key), but the
            // stored record's test accuracy does: measure it on this one.
            return checked(config, cached.get().withTestAccuracyOn(data.test()), data);
        }
        String key = ModelCache.key(config);
        TrainedModel trained = new ModelTrainer(config.settings(), monitor).train(network, data, config.seed(), key);
        try {
            cache.store(config, trained);
        } catch (LayerprobeException e) {
            // The cache is a speed-up: a full or read-only cache costs a retraining next time, not
            // the network just trained.
            System.err.println(
                    "layerprobe: warning: " + e.getMessage().lines().findFirst().orElse("")
                            + "; going on without caching " + config.readableId() + " (it is trained again next time)");
        }
        return checked(config, trained, data);
    }

    private TrainedModel checked(ModelConfig config, TrainedModel trained, DataSplits data) {
        LearningCheck.warning(config, trained.result(), data.train().numClasses())
                .ifPresent(monitor::onWarning);
        return trained;
    }

    /**
     * The optimizer steps at which {@code config}'s training is checkpointed: {@code steps} that
     * training reaches, and the end of every epoch.
     */
    public static SortedSet<Integer> checkpointSteps(ModelConfig config, DataSplits data, Collection<Integer> steps) {
        int perEpoch =
                BatchIterator.count(data.train().size(), config.settings().batchSize());
        SortedSet<Integer> out = new TreeSet<>();
        for (int e = 1; e <= config.settings().epochs(); e++) {
            out.add(e * perEpoch);
        }
        steps.stream().filter(s -> s <= config.settings().epochs() * perEpoch).forEach(out::add);
        return out;
    }

    /**
     * Makes sure the model cache holds {@code config}'s parameters at each of {@code steps} (see
     * {@link #checkpointSteps}); trains once more, from the same seed, when any is missing.
     */
    public void ensureCheckpoints(ModelConfig config, DataSplits data, SortedSet<Integer> steps) {
        boolean all = steps.stream().allMatch(s -> Files.isDirectory(cache.entry(ModelCache.checkpointKey(config, s))));
        if (all) {
            return;
        }
        CheckpointListener listener = new CheckpointListener(steps);
        try (TrainedModel trained = new ModelTrainer(config.settings(), monitor)
                .train(build(config, data), data, config.seed(), ModelCache.key(config), listener)) {
            cache.store(config, trained);
            listener.saved().forEach((step, params) -> {
                if (steps.contains(step)) {
                    cache.storeCheckpoint(config, step, params);
                }
            });
        }
    }

    /** {@code config}'s network after {@code step} optimizer steps, from the cache; the caller closes it. */
    public TrainedModel atStep(ModelConfig config, DataSplits data, int step) {
        Network network = build(config, data);
        Model model = cache.loadCheckpoint(config, step, network)
                .orElseThrow(() ->
                        new IllegalStateException("no checkpoint at step " + step + " of " + config.readableId()));
        double val = Evaluator.accuracy(network.block(), model.getNDManager(), data.validation(), Evaluator.BATCH);
        double test = Evaluator.accuracy(network.block(), model.getNDManager(), data.test(), Evaluator.BATCH);
        return new TrainedModel(
                network,
                model,
                new TrainingResult(List.of(), val, test, 0, true),
                ModelCache.checkpointKey(config, step));
    }

    /** The same network at random init (same seed), never cached: it is cheap to rebuild. */
    @Override
    public TrainedModel untrained(ModelConfig config, DataSplits data) {
        return new ModelTrainer(config.settings().withEpochs(0), TrainingMonitor.NONE)
                .train(build(config, data), data, config.seed(), ModelCache.key(config) + "-init");
    }

    private static Network build(ModelConfig config, DataSplits data) {
        return network(config.architecture(), config.activation(), data);
    }

    /** The (uninitialised) network of an architecture and activation for {@code data}'s samples and classes. */
    public static Network network(ArchitectureSpec architecture, String activation, DataSplits data) {
        return NetworkBuilder.build(
                architecture,
                Activations.get(activation),
                new Shape(data.train().sampleShape()),
                data.train().numClasses());
    }
}
