package org.layerprobe.train;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Says when a finished training run learned nothing: its last epoch's mean training loss is above
 * {@code ln K}, the cross-entropy of a uniform guess over K classes. A learning rate within the
 * accepted range can still be far too large (at 1e6 Adam drives the loss to about 1e12 without
 * ever producing a NaN), and a probe of such a network measures a broken model, not an activation.
 */
final class LearningCheck {

    private LearningCheck() {}

    /** The warning for {@code result}, or empty when its last epoch beat a uniform guess (or it has none). */
    static Optional<String> warning(ModelConfig config, TrainingResult result, int classes) {
        List<EpochStats> epochs = result.epochs();
        if (epochs.isEmpty() || classes < 2) {
            return Optional.empty();
        }
        EpochStats last = epochs.get(epochs.size() - 1);
        double uniform = Math.log(classes);
        if (last.trainLoss() <= uniform) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                Locale.ROOT,
                "%s did not learn: its mean training loss in epoch %d is %.4g, above ln %d = %.3f, the loss of a"
                        + " uniform guess (test accuracy %.2f%%); its probes describe a broken network.\n"
                        + "  fix: lower training.learning_rate (--lr), now %s, and train again",
                config.readableId(),
                last.epoch(),
                last.trainLoss(),
                classes,
                uniform,
                100 * result.testAccuracy(),
                config.settings().learningRate()));
    }
}
