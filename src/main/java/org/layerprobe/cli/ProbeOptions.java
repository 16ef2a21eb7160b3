package org.layerprobe.cli;

import java.util.ArrayList;
import java.util.List;
import org.layerprobe.probe.FeatureReduction;
import org.layerprobe.probe.MemoryBudget;
import org.layerprobe.probe.ProbeSettings;
import picocli.CommandLine.Option;

/** Options of the probe solver shared by {@code probe} and {@code bench probe}. */
final class ProbeOptions {

    @Option(names = "--points", split = ",", description = "Probe points (default: all).")
    List<String> points = new ArrayList<>();

    @Option(names = "--memory", defaultValue = "auto",
            description = "Budget for caching states in memory, e.g. 8g; larger states are streamed (default: half the RAM).")
    String memory;

    @Option(names = "--reduction", defaultValue = "none",
            description = "Feature reduction for wide points: none, channel-mean[:threshold], random-subset:size[:threshold].")
    String reduction;

    @Option(names = "--probe-warm-epochs", defaultValue = "0", description = "Mini-batch Adam epochs before L-BFGS (default: ${DEFAULT-VALUE}).")
    int warmEpochs;

    @Option(names = "--probe-max-iterations", defaultValue = "300", description = "L-BFGS iteration cap per probe (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    @Option(names = "--probe-tolerance", defaultValue = "0.001", description = "Converged when the gradient norm is at most this fraction of its norm at zero (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--probe-lr", defaultValue = "0.01", description = "Adam step of the warm-up (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--probe-batch-size", defaultValue = "256", description = "Probe batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    ProbeSettings settings() {
        ProbeSettings d = ProbeSettings.defaults();
        return new ProbeSettings(d.l2Grid(), learningRate, batchSize, warmEpochs, maxIterations, tolerance,
                MemoryBudget.parse(memory), FeatureReduction.parse(reduction), d.seed());
    }
}
