package org.layerprobe.experiment;

import org.layerprobe.nets.ArchitectureSpec;

/**
 * One cell of an experiment's sweep: which network to build, with which activation, from which seed.
 *
 * @param architecture the network shape
 * @param activation canonical activation name (see {@link org.layerprobe.nets.Activations})
 * @param seed seed of initialisation and training
 */
public record RunConfig(ArchitectureSpec architecture, String activation, long seed) {

    /** A stable id for file names and tables, e.g. {@code cnn-16-32-d64_relu_s1}. */
    public String id() {
        return architecture.id() + "_" + activation + "_s" + seed;
    }
}
