package org.layerprobe.experiment;

import org.layerprobe.nets.ArchitectureSpec;

/**
 * Expected relative cost of one configuration, for balancing shards. Only the ratio matters.
 * Measured on 2 cores with the quickstart's nets and data: a CNN configuration (train, probe,
 * probe at init) took 83-95 s and an MLP one 16-20 s, about 5 to 1; the Alain &amp; Bengio convnet
 * probes states 20 times wider than the quickstart CNN's.
 */
public final class RunCost {

    private RunCost() {}

    public static double of(RunConfig config) {
        ArchitectureSpec a = config.architecture();
        return switch (a.kind()) {
            case "mlp" -> 1;
            case "cnn" -> 5;
            default -> 100;
        };
    }
}
