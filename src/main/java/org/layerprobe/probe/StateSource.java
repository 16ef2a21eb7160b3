package org.layerprobe.probe;

import ai.djl.ndarray.NDManager;
import java.util.List;

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
     * {@link #points()}), as float32 arrays owned by {@code manager}.
     */
    StateBatch batch(NDManager manager, Split split, int b, java.util.Set<String> points);

    /** "cached (float16, 10.4 GiB)" or "streamed"; recorded with results. */
    String mode();

    @Override
    void close();
}
