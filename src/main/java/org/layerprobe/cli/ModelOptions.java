package org.layerprobe.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.layerprobe.LayerprobeException;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.DatasetFormat;
import org.layerprobe.data.DatasetLoader;
import org.layerprobe.data.DatasetRef;
import org.layerprobe.data.ImageOptions;
import org.layerprobe.experiment.SpecParser;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.train.ModelConfig;
import org.layerprobe.train.TrainSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options that pick a dataset and a model to train (or reuse from the cache). */
final class ModelOptions {

    /** The training defaults, owned by {@link TrainSettings}; the options start from them. */
    private static final TrainSettings DEFAULTS = TrainSettings.defaults();

    /** The options that shape or train a network: a saved model has its own. */
    private static final List<String> NETWORK_OPTIONS = List.of(
            "--arch",
            "--layers",
            "--sizes",
            "--dense",
            "--activation",
            "--optimizer",
            "--lr",
            "--momentum",
            "--epochs",
            "--batch-size",
            "--seed");

    /** The command this mixin belongs to: its parse result says which options were given. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(
            names = "--dataset",
            description = "mnist, fashion-mnist, or a directory: an image folder (one sub-folder per class),"
                    + " MNIST-layout IDX files or CIFAR-10 batches (default: mnist).")
    String dataset = "mnist";

    @Option(
            names = "--dataset-format",
            description = "The directory's format when detection should not decide: image-folder, idx or cifar10.")
    String datasetFormat;

    @Option(
            names = "--image-size",
            paramLabel = "HxW",
            description = "Image folder: the size images must have (e.g. 32x32); with --resize, the size they get.")
    String imageSize;

    @Option(names = "--resize", description = "Image folder: resize images of another size to --image-size.")
    boolean resize;

    @Option(names = "--channels", description = "Image folder: 1 (grey) or 3 (colour); default: detected.")
    int channels;

    @Option(
            names = "--test-fraction",
            description = "Image folder without train/ and test/: the share held out for testing (default 0.2).")
    double testFraction = DatasetRef.Directory.DEFAULT_TEST_FRACTION;

    @Option(
            names = "--arch",
            defaultValue = "cnn",
            description = "mlp, cnn or alain-bengio (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(
            names = "--layers",
            paramLabel = "FILE",
            description = "A YAML file stating the network as a layer list: {name: NAME, layers: [...]}, the grammar"
                    + " of a spec's architectures entry (docs/specs.md); replaces --arch, --sizes and --dense.")
    Path layers;

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
        if (layers != null) {
            return SpecParser.architecture(layers);
        }
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
        datasetRef();
        Activations.get(activation);
        architecture();
        settings();
    }

    DataSplits load() {
        checkTestLimit();
        return withinLimits(DatasetLoader.load(datasetRef(), validationSize, trainLimit, testLimit), trainLimit);
    }

    /** Before any data is read: a negative test limit is a typo, not a request. */
    void checkTestLimit() {
        if (testLimit < 0) {
            throw new LayerprobeException(
                    "--test-limit " + testLimit + " is invalid; it must be >= 0 (0 = all test images)");
        }
    }

    /**
     * Refuses limits the data cannot meet, as a spec's are refused, instead of quietly using fewer
     * images than asked for.
     */
    private DataSplits withinLimits(DataSplits data, int trainLimit) {
        int available = data.train().size() + data.validation().size();
        if (trainLimit > available) {
            throw LayerprobeException.withFix(
                    "--train-limit " + trainLimit + " asks for more training images than " + data.name() + " has ("
                            + available + ")",
                    "give at most " + available + ", or 0 for all");
        }
        if (testLimit > data.test().size()) {
            throw LayerprobeException.withFix(
                    "--test-limit " + testLimit + " asks for more test images than " + data.name() + " has ("
                            + data.test().size() + ")",
                    "give at most " + data.test().size() + ", or 0 for all");
        }
        return data;
    }

    /**
     * The data to probe a saved model on: {@code --dataset} when given, else the data it was trained
     * on; the validation size and training limit are the model's own unless given here.
     */
    DataSplits loadFor(DatasetRef trainedOn, TrainSettings trained) {
        checkTestLimit();
        DatasetRef ref = given("--dataset") ? datasetRef() : trainedOn;
        Datasets.ensure(ref);
        int limit = given("--train-limit") ? trainLimit : trained.trainLimit();
        return withinLimits(
                DatasetLoader.load(
                        ref, given("--validation-size") ? validationSize : trained.validationSize(), limit, testLimit),
                limit);
    }

    /**
     * Refuses the options that shape or train a network next to a saved model, which keeps the
     * architecture and training it was exported with: they would be ignored without a word.
     */
    void refuseNetworkOptions(String modelOption) {
        List<String> named = NETWORK_OPTIONS.stream().filter(this::given).toList();
        if (!named.isEmpty()) {
            boolean one = named.size() == 1;
            throw new LayerprobeException(String.join(", ", named)
                    + (one ? " does" : " do")
                    + " not apply with " + modelOption + ": a model trained before keeps the architecture and"
                    + " training it was exported with. Drop "
                    + (one ? "it" : "them")
                    + ", or leave out " + modelOption + " to train a new network.");
        }
    }

    /**
     * Whether the command line named {@code option}: a value equal to its default still counts,
     * so that {@code --validation-size 5000} overrides a saved model's own split.
     */
    private boolean given(String option) {
        return command != null
                && command.commandLine() != null
                && command.commandLine().getParseResult() != null
                && command.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** The data {@code --dataset} and the image options name. */
    DatasetRef datasetRef() {
        DatasetRef ref = DatasetRef.parse(dataset);
        if (ref instanceof DatasetRef.Directory d) {
            int h = 0;
            int w = 0;
            if (imageSize != null) {
                String[] hw = imageSize.toLowerCase(Locale.ROOT).split("x");
                try {
                    h = Integer.parseInt(hw[0].strip());
                    w = Integer.parseInt(hw[hw.length - 1].strip());
                } catch (NumberFormatException e) {
                    throw new LayerprobeException("--image-size " + imageSize + " is invalid; write HxW, e.g. 32x32");
                }
            }
            return new DatasetRef.Directory(
                    null,
                    d.path(),
                    datasetFormat == null ? null : DatasetFormat.parse(datasetFormat),
                    new ImageOptions(h, w, channels, resize),
                    testFraction,
                    0);
        }
        return ref;
    }

    ModelConfig config(DataSplits data) {
        return new ModelConfig(
                data.name(),
                data.identity(),
                architecture(),
                Activations.get(activation).name(),
                settings(),
                seed);
    }
}
