package org.layerprobe.experiment;

import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.layerprobe.hooks.HookedForward;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.nets.NetworkBuilder;
import org.layerprobe.nets.NetworkPlan;

/**
 * Expected relative cost of one configuration, for balancing shards (longest processing time
 * first). Only the ratio matters.
 *
 * <p>A configuration's time is almost all probe passes (on 2 cores a cnn-16-32-d64 configuration
 * trained in 13 of its 581 s, an mlp-256-128 one in 5 of 38.5 s; docs/cluster.md), and the two
 * products of a pass cost in proportion to the states they read per sample ({@code
 * bench pass}: they are compute-bound, at a fixed number of columns per probe). A probe reads its
 * point's states, or those of the narrower point it is an affine map of when the solver fits it
 * through the map (a pre-activation after a narrower input or pooling, as {@code
 * StreamingStates} decides). Passes per point are of the same order (26 to 249 on the Alain
 * &amp; Bengio bench, the wide points in the middle), so the cost is the sum over points of the
 * width each probe reads, on the MNIST sample shape. That weighs cnn-16-32-d64 at 28,362 and
 * mlp-256-128 at 1,562: 18.2 to 1, against the 15.1 measured (581 s and 38.5 s), where a fixed
 * ratio of 7 had stood before.
 */
public final class RunCost {

    /** The sample shape the widths are worked out on (channels, height, width) and its classes. */
    static final int CHANNELS = 1;

    static final int SIDE = 28;
    static final int CLASSES = 10;

    /** A TorchScript model's cost for sharding: that of the quickstart's relu CNN, a typical probed CNN. */
    static final double SCRIPTED_COST = 28_362;

    private RunCost() {}

    /**
     * The cost of {@code config}'s architecture with a nonlinear activation: an identity network
     * reads less (its activations are affine too), but the shards' balance is set per architecture,
     * as the measured costs it was checked against were.
     */
    public static double of(RunConfig config) {
        if (config.scripted() != null) {
            // Its states' widths are known only once it runs; a shard's balance may wait for that.
            return SCRIPTED_COST;
        }
        return readWidth(config.architecture(), CHANNELS, SIDE, CLASSES);
    }

    /** {@link #readWidth(ArchitectureSpec, String, int, int, int)} with a nonlinear activation. */
    static long readWidth(ArchitectureSpec arch, int channels, int side, int classes) {
        return readWidth(arch, "relu", channels, side, classes);
    }

    /**
     * Features the probes of every default point of {@code arch} with {@code activation} read per
     * sample and pass, on {@code channels} x {@code side} x {@code side} samples with {@code
     * classes} outputs: each point's width, or its narrowest affine source's. Building the
     * network allocates no parameters.
     */
    static long readWidth(ArchitectureSpec arch, String activation, int channels, int side, int classes) {
        Shape sample = new Shape(channels, side, side);
        Map<String, Long> widths = NetworkPlan.of(arch, sample, classes).pointWidths();
        HookedForward hooked =
                HookedForward.of(NetworkBuilder.build(arch, Activations.get(activation), sample, classes));
        long total = 0;
        for (String p : hooked.defaultPoints()) {
            long width = widths.get(p);
            for (String source : hooked.affineSources(p)) {
                width = Math.min(width, widths.get(source));
            }
            total += width;
        }
        return total;
    }
}
