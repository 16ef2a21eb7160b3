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

    @Option(names = "--probe-max-epochs", defaultValue = "30", description = "Epoch cap per probe (default: ${DEFAULT-VALUE}).")
    int maxEpochs;

    @Option(names = "--probe-lr", defaultValue = "0.01", description = "Initial probe Adam step (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--probe-batch-size", defaultValue = "256", description = "Probe batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    ProbeSettings settings() {
        ProbeSettings d = ProbeSettings.defaults();
        return new ProbeSettings(d.l2Grid(), learningRate, batchSize, maxEpochs, d.tolerance(), d.halvings(),
                d.gradTolerance(), MemoryBudget.parse(memory), FeatureReduction.parse(reduction), d.seed());
    }
}
