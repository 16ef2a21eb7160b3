package org.layerprobe.train;

import java.util.Map;
import java.util.TreeMap;
import org.layerprobe.nets.ArchitectureSpec;

/**
 * Everything that determines a trained model's parameters; its hash is the model-cache key.
 *
 * @param dataset dataset id
 * @param datasetHashes SHA-256 of the dataset's files (so a changed file never reuses a model)
 * @param architecture what to build
 * @param activation activation name
 * @param settings training settings
 * @param seed the seed for init, shuffling and dropout
 */
public record ModelConfig(
        String dataset,
        Map<String, String> datasetHashes,
        ArchitectureSpec architecture,
        String activation,
        TrainSettings settings,
        long seed) {

    /**
     * Bumped when training code changes in a way that changes the parameters it produces, or when
     * the entry layout changes (2: the sidecar records the params file's SHA-256; 3: the sidecar is sealed
     * by its own SHA-256, and the key names the engine's kernels).
     */
    public static final int FORMAT = 3;

    public ModelConfig {
        datasetHashes = new TreeMap<>(datasetHashes);
    }

    /** A readable run id, e.g. {@code mnist_cnn-16-32_relu_s1_e1}. */
    public String readableId() {
        return dataset + "_" + architecture.id() + "_" + activation + "_s" + seed + "_e" + settings.epochs();
    }
}
