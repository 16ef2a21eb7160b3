package org.layerprobe.probe.states;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.layerprobe.hooks.AffineMap;

/**
 * Where probes get their inputs: batches of hidden states for every point, produced by one
 * forward pass per batch (Alain &amp; Bengio's concurrent design), either kept in memory or
 * recomputed each time. A probe never sees the model, only these states.
 */
public interface StateSource extends AutoCloseable {

    /** Probed points, in forward order. */
    List<String> points();

    /** Flattened width of a point's state before reduction. */
    long dimension(String point);

    /** Width the probe sees, after optional reduction. */
    long features(String point);

    int batches(Split split);

    /**
     * The states of batch {@code b} of {@code split} at {@code points} (a subset of
     * {@link #points()}), as float32 arrays owned by {@code manager}. A {@link #factored()} point
     * may be unavailable from a cache: its probe reads the map's source instead.
     */
    StateBatch batch(NDManager manager, Split split, int b, Set<String> points);

    /**
     * Points whose state is an exact affine map of a narrower probed point's state, with that
     * map: their probes are fitted through the source (same objective, cheaper passes).
     */
    default Map<String, AffineMap> factored() {
        return Map.of();
    }

    /**
     * What the source subtracts from a point's states before handing them out (training,
     * validation and test alike), or none. A cache stores states centred on a mean of its first
     * batch: folding a mean of 0.5 into the bias of a probe whose standardisation scale reaches
     * 1e5 cancels catastrophically in float32 (see {@link org.layerprobe.probe.solver.SoftmaxProbe}).
     */
    default Map<String, float[]> offsets() {
        return Map.of();
    }

    /** Standardisation statistics gathered while the states were produced, if the source kept them. */
    default Optional<Map<String, FeatureStats>> trainingStatistics() {
        return Optional.empty();
    }

    /** "cached (float16, 10.4 GiB)" or "streamed"; recorded with results. */
    String mode();

    /**
     * How the states are held ("float32", "float16" or "streamed"), which changes a probe's
     * numbers in their last digits; every result records it.
     */
    String storage();

    @Override
    void close();
}
