package org.layerprobe.experiment;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.layerprobe.LayerprobeException;
import org.layerprobe.data.BatchIterator;
import org.layerprobe.data.DataSplits;
import org.layerprobe.hooks.HookedForward;
import org.layerprobe.hooks.ScriptedForward;
import org.layerprobe.nets.Network;
import org.layerprobe.nets.NetworkPlan;
import org.layerprobe.train.ModelProvider;

/**
 * What can only be checked against the data and the networks, checked before any training: a
 * mistake found after an hour of work costs that hour.
 */
public final class Preflight {

    private Preflight() {}

    /** Throws a {@link LayerprobeException} naming the key, the value and the fix for the first problem. */
    public static void check(ExperimentSpec spec, DataSplits data, Path reportDir) {
        if (spec.testLimit() > data.test().size()) {
            throw LayerprobeException.withFix(
                    "test_limit = " + spec.testLimit() + " asks for more test images than "
                            + spec.dataset().name() + " has (" + data.test().size() + ")",
                    "set test_limit to at most " + data.test().size() + ", or 0 for all");
        }
        int trainLimit = spec.training().trainLimit();
        int available = data.train().size() + data.validation().size();
        if (trainLimit > available) {
            throw LayerprobeException.withFix(
                    "training.train_limit = " + trainLimit + " asks for more training images than "
                            + spec.dataset().name() + " has (" + available + ")",
                    "set train_limit to at most " + available + ", or 0 for all");
        }
        MeasureSettings m = spec.measures();
        if (m.controlTypes() > data.train().size()) {
            throw LayerprobeException.withFix(
                    "measures.control_types = " + m.controlTypes()
                            + " asks for more types than there are training images ("
                            + data.train().size() + ")",
                    "set control_types to at most " + data.train().size() + " (Hewitt & Liang's types are far fewer"
                            + " than the examples), or 0 to turn the control task off");
        }
        if (m.ckaImages() > data.test().size()) {
            throw LayerprobeException.withFix(
                    "measures.cka_images = " + m.ckaImages() + " asks for more test images than the test split has ("
                            + data.test().size() + ")",
                    "set cka_images to at most " + data.test().size() + ", or 0 to turn CKA off");
        }
        if (m.mdl() && data.train().size() < 2) {
            throw LayerprobeException.withFix("measures.mdl needs at least 2 training images", "raise train_limit");
        }
        if (!spec.checkpoints().isEmpty()) {
            int perEpoch =
                    BatchIterator.count(data.train().size(), spec.training().batchSize());
            int total = perEpoch * spec.training().epochs();
            for (int step : spec.checkpoints()) {
                if (step > total) {
                    throw LayerprobeException.withFix(
                            "checkpoints lists step " + step + ", but training takes "
                                    + total + " optimizer steps ("
                                    + spec.training().epochs() + " epoch(s) of " + perEpoch
                                    + " batches)",
                            "list steps from 0 to " + total + "; the end of each epoch is always" + " a checkpoint");
                }
            }
        }
        long memory = physicalMemoryBytes();
        for (int a = 0; a < spec.architectures().size(); a++) {
            var arch = spec.architectures().get(a);
            long params;
            long stateValues;
            try {
                NetworkPlan plan;
                try {
                    plan = NetworkPlan.of(
                            arch,
                            new Shape(data.train().sampleShape()),
                            data.train().numClasses());
                } catch (LayerprobeException e) {
                    // The plan names the layer within its list; the spec path says which list.
                    throw new LayerprobeException("architectures[" + a + "]: " + e.getMessage(), e);
                }
                params = plan.parameters();
                stateValues = plan.stateValues();
            } catch (ArithmeticException e) {
                params = Long.MAX_VALUE / 16;
                stateValues = 0;
            }
            // Weights, gradients and Adam's two moments, in float32: the least training holds.
            long bytes = params * 16;
            // Every layer's output and its gradient for one batch, in float32.
            long activations = (long) spec.training().batchSize() * stateValues * 8;
            if (memory > 0 && (bytes > memory / 2 || activations > memory / 2)) {
                throw LayerprobeException.withFix(
                        String.format(
                                Locale.ROOT,
                                "architecture %s has %,d parameters and %,d state values per sample: training holds"
                                        + " about %.1f GiB (weights, gradients and Adam's two moments) and %.1f GiB of"
                                        + " states and their gradients for a batch of %d, more than half of this"
                                        + " machine's %.1f GiB",
                                arch.id(),
                                params,
                                stateValues,
                                bytes / (double) (1L << 30),
                                activations / (double) (1L << 30),
                                spec.training().batchSize(),
                                memory / (double) (1L << 30)),
                        "use narrower layers (probing studies use widths of 8 to 4,096), fewer of them, or a smaller"
                                + " training.batch_size");
            }
            // Building is cheap (no parameters are allocated) and finds a network that cannot exist.
            checkPoints(ModelProvider.network(arch, spec.activations().get(0), data), spec.points());
        }
        for (RunConfig c : spec.configs()) {
            if (c.saved() != null) {
                c.saved().requireFits(data);
                checkPoints(c.saved().network(), spec.points());
            }
            if (c.scripted() != null) {
                // Loaded and run on two samples: a file that is not TorchScript, a missing method or
                // states without the batch axis are refused before anything is trained or probed.
                try (ScriptedForward forward = c.scripted().open(data)) {
                    checkPoints(forward.points(), c.networkId(), spec.points());
                }
            }
        }
        writable(reportDir);
    }

    /** This machine's memory, or 0 when the JVM cannot tell. */
    private static long physicalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    /** Every requested point must be one of the network's. */
    public static void checkPoints(Network net, List<String> requested) {
        checkPoints(HookedForward.of(net).points(), net.architecture().id(), requested);
    }

    private static void checkPoints(List<String> points, String network, List<String> requested) {
        for (String p : requested) {
            if (!points.contains(p)) {
                throw LayerprobeException.withFix(
                        "points lists '" + p + "', which " + network + " does not have",
                        "choose from " + String.join(", ", points));
            }
        }
    }

    /** The report directory can be created and written (checked before the work, not after). */
    public static void writable(Path dir) {

        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | UnsupportedOperationException e) {
            throw LayerprobeException.withFix(
                    "cannot write the report directory " + dir + " (" + e + ")",
                    "choose a writable place with --reports, or fix its permissions");
        }
    }
}
