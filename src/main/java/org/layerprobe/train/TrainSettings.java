package org.layerprobe.train;

import java.util.List;
import java.util.Locale;
import org.layerprobe.spec.SettingException;

/**
 * How to train one network; validated once, here.
 *
 * @param optimizer {@code adam} or {@code sgd} (with momentum)
 * @param learningRate step size, > 0
 * @param momentum SGD momentum in [0, 1); ignored by adam
 * @param epochs full passes over the training split, >= 0 (0: the random-init network)
 * @param batchSize samples per step, >= 1
 * @param validationSize samples carved from the training set for validation, >= 0
 * @param trainLimit use only the first N training samples (0: all); for quick runs and tests
 */
public record TrainSettings(
        String optimizer,
        double learningRate,
        double momentum,
        int epochs,
        int batchSize,
        int validationSize,
        int trainLimit) {

    /** The most epochs a spec may ask for. */
    public static final int MAX_EPOCHS = 10_000;

    public static final List<String> OPTIMIZERS = List.of("adam", "sgd");

    public TrainSettings {
        optimizer = optimizer == null ? "adam" : optimizer.trim().toLowerCase(Locale.ROOT);
        if (!OPTIMIZERS.contains(optimizer)) {
            throw new SettingException(
                    "training setting", "optimizer", "'" + optimizer + "'", "one of " + String.join(", ", OPTIMIZERS));
        }
        check(learningRate > 0 && learningRate <= 1e6, "learning_rate", learningRate, "in (0, 1e6]");
        check(momentum >= 0 && momentum < 1, "momentum", momentum, "in [0, 1)");
        check(epochs >= 0, "epochs", epochs, ">= 0");
        // A typo of this size would train for months; a long study runs hundreds of epochs.
        check(epochs <= MAX_EPOCHS, "epochs", epochs, "at most " + MAX_EPOCHS);
        check(batchSize >= 1, "batch_size", batchSize, ">= 1");
        check(validationSize >= 0, "validation_size", validationSize, ">= 0");
        check(trainLimit >= 0, "train_limit", trainLimit, ">= 0 (0 = all)");
    }

    private static void check(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new SettingException("training setting", key, value, rule);
        }
    }

    /** Adam, lr 1e-3, 1 epoch, batch 64, 5000 validation samples, all training data. */
    public static TrainSettings defaults() {
        return new TrainSettings("adam", 1e-3, 0.9, 1, 64, 5000, 0);
    }

    public TrainSettings withEpochs(int e) {
        return new TrainSettings(optimizer, learningRate, momentum, e, batchSize, validationSize, trainLimit);
    }
}
