package org.layerprobe.cli;

import java.util.ArrayList;
import java.util.List;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.ImageDatasets;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.train.ModelConfig;
import org.layerprobe.train.TrainSettings;
import picocli.CommandLine.Option;

/** The options that pick a dataset and a model to train (or reuse from the cache). */
final class ModelOptions {

    /** The training defaults, owned by {@link TrainSettings}; the options start from them. */
    private static final TrainSettings DEFAULTS = TrainSettings.defaults();

    @Option(
            names = "--dataset",
            defaultValue = "mnist",
            description = "mnist or fashion-mnist (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(
            names = "--arch",
            defaultValue = "cnn",
            description = "mlp, cnn or alain-bengio (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(
            names = "--sizes",
            split = ",",
            description = "Hidden widths (mlp, default 256,128) or conv channels (cnn, default 16,32).")
    List<Integer> sizes = new ArrayList<>();

    @Option(
            names = "--dense",
            defaultValue = "64",
            description = "Dense hidden width after the convs of a cnn (0: none; default ${DEFAULT-VALUE}).")
    int dense;

    @Option(names = "--activation", defaultValue = "relu", description = "Activation name (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--optimizer", description = "adam or sgd (default: ${DEFAULT-VALUE}).")
    String optimizer = DEFAULTS.optimizer();

    @Option(names = "--lr", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr = DEFAULTS.learningRate();

    @Option(names = "--momentum", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    double momentum = DEFAULTS.momentum();

    @Option(names = "--epochs", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs = DEFAULTS.epochs();

    @Option(names = "--batch-size", description = "Training batch size (default: ${DEFAULT-VALUE}).")
    int batchSize = DEFAULTS.batchSize();

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed for init, shuffling and dropout (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--validation-size",
            description = "Validation samples carved from training (default: ${DEFAULT-VALUE}).")
    int validationSize = DEFAULTS.validationSize();

    @Option(names = "--train-limit", description = "Use only the first N training samples (0: all).")
    int trainLimit = DEFAULTS.trainLimit();

    @Option(names = "--test-limit", defaultValue = "0", description = "Use only the first N test samples (0: all).")
    int testLimit;

    ArchitectureSpec architecture() {
        List<Integer> s = sizes;
        if (s.isEmpty() && "mlp".equals(arch)) {
            s = List.of(256, 128);
        } else if (s.isEmpty() && "cnn".equals(arch)) {
            s = List.of(16, 32);
        }
        return new ArchitectureSpec(arch, s, "cnn".equals(arch) ? dense : 0);
    }

    TrainSettings settings() {
        return new TrainSettings(optimizer, lr, momentum, epochs, batchSize, validationSize, trainLimit);
    }

    /** Validates everything that can be checked before touching data. */
    void validate() {
        Activations.get(activation);
        architecture();
        settings();
    }

    DataSplits load() {
        return ImageDatasets.loadLimited(dataset, validationSize, trainLimit, testLimit);
    }

    ModelConfig config(DataSplits data) {
        return new ModelConfig(
                dataset,
                data.fileHashes(),
                architecture(),
                Activations.get(activation).name(),
                settings(),
                seed);
    }
}
