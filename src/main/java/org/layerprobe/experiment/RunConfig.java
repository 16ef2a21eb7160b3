package org.layerprobe.experiment;

import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.train.SavedModel;

/**
 * One cell of an experiment's sweep: which network to build, with which activation, from which
 * seed; or a saved network, probed as it is.
 *
 * @param architecture the network shape
 * @param activation canonical activation name (see {@link org.layerprobe.nets.Activations})
 * @param seed seed of initialisation and training
 * @param saved the saved model probed instead of training one, or null
 */
public record RunConfig(ArchitectureSpec architecture, String activation, long seed, SavedModel saved) {

    /** A network trained by the sweep. */
    public RunConfig(ArchitectureSpec architecture, String activation, long seed) {
        this(architecture, activation, seed, null);
    }

    /** A saved network, with the architecture, activation and seed its description records. */
    public static RunConfig of(SavedModel saved) {
        return new RunConfig(
                saved.architecture(), saved.activation(), saved.config().seed(), saved);
    }

    /**
     * A stable id for file names and tables, e.g. {@code cnn-16-32-d64_relu_s1}; a saved model's
     * ends in the first digits of its parameters' SHA-256.
     */
    public String id() {
        String id = architecture.id() + "_" + activation + "_s" + seed;
        return saved == null ? id : id + "_saved-" + saved.paramsSha256().substring(0, 12);
    }
}
