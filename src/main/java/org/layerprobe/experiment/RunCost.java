package org.layerprobe.experiment;

import org.layerprobe.nets.ArchitectureSpec;

/**
 * Expected relative cost of one configuration, for balancing shards. Only the ratio matters.
 * Measured on 2 cores: an activations-mnist CNN configuration (train, probe, probe at init) took
 * 797 s and an MLP one 115 s, about 7 to 1 (the quickstart's nets, 83-95 s against 16-25 s); the
 * Alain &amp; Bengio convnet probes states several times wider than that CNN's. With the later
 * solver (Java-side L-BFGS, input probe reused) the same pair took 581 s and 38.5 s, about 15 to 1;
 * the ratio is kept at 7 because it does not change how the shipped sweeps split (with 18 shards,
 * nine take two CNNs and nine one CNN and three MLPs either way).
 */
public final class RunCost {

    private RunCost() {}

    public static double of(RunConfig config) {
        ArchitectureSpec a = config.architecture();
        return switch (a.kind()) {
            case "mlp" -> 1;
            case "cnn" -> 7;
            default -> 100;
        };
    }
}
