package org.layerprobe.study;

import java.util.List;
import org.layerprobe.LayerprobeException;

/**
 * A parsed study spec ({@code study:} key of a {@code probes/*.yaml}); each kind is a validated
 * record whose {@code name} is the report directory under the reports root.
 */
public sealed interface StudySpec {

    /** The study kinds, as written after {@code study:}. */
    List<String> KINDS = List.of("xor", "linear-collapse", "relu-sums");

    /** Output name: the report goes to {@code <reportsRoot>/<name>/}. */
    String name();

    /**
     * XOR with a 2-2-1 bias-free network, relu against identity.
     *
     * @param seed first seed; restarts use seed, seed + 1, ...
     * @param restarts how many seeds to try before reporting that the relu net did not fit
     * @param steps full-batch Adam steps per attempt
     * @param learningRate Adam step size
     */
    record Xor(String name, long seed, int restarts, int steps, double learningRate) implements StudySpec {
        public Xor {
            positive("restarts", restarts);
            positive("steps", steps);
            if (!(learningRate > 0 && Double.isFinite(learningRate))) {
                throw new LayerprobeException("learning_rate = " + learningRate + " must be > 0");
            }
        }
    }

    /**
     * A deep identity MLP collapsed to one affine map, and probed next to the same MLP with relu.
     *
     * @param dataset mnist or fashion-mnist
     * @param widths hidden widths
     * @param trainLimit first N training images (validation carved from them)
     * @param validationSize held-out training images for probe model selection
     * @param testLimit first N test images
     * @param epochs training epochs
     * @param maxPasses cap on each probe's solver passes
     * @param seed seed for init, shuffling and the validation split
     */
    record LinearCollapse(
            String name,
            String dataset,
            List<Integer> widths,
            int trainLimit,
            int validationSize,
            int testLimit,
            int epochs,
            int maxPasses,
            long seed)
            implements StudySpec {
        public LinearCollapse {
            widths = List.copyOf(widths);
            if (widths.isEmpty()) {
                throw new LayerprobeException("widths must list at least one hidden width, e.g. [64, 64]");
            }
            widths.forEach(w -> positive("widths", w));
            positive("train_limit", trainLimit);
            positive("validation_size", validationSize);
            if (validationSize >= trainLimit) {
                throw new LayerprobeException(
                        "validation_size = " + validationSize + " must be below train_limit = " + trainLimit);
            }
            positive("test_limit", testLimit);
            positive("epochs", epochs);
            positive("max_passes", maxPasses);
        }
    }

    /**
     * Sums of k shifted ReLUs fitted to x^2 on [0, 2].
     *
     * @param ks knot counts, each >= 1
     */
    record ReluSums(String name, List<Integer> ks) implements StudySpec {
        public ReluSums {
            ks = List.copyOf(ks);
            if (ks.isEmpty()) {
                throw new LayerprobeException("ks must list at least one knot count, e.g. [1, 2, 4]");
            }
            ks.forEach(k -> positive("ks", k));
        }
    }

    private static void positive(String key, long value) {
        if (value < 1) {
            throw new LayerprobeException(key + " = " + value + " must be >= 1");
        }
    }
}
