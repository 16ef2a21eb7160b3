package org.layerprobe.hooks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerprobe.LayerprobeException;
import org.layerprobe.nets.Network;

/**
 * A model read at named probe points: what probes, the online code and CKA see of a network. A
 * DJL block walked step by step ({@link HookedForward}) and a TorchScript module that returns its
 * states by name ({@link ScriptedForward}) are the two kinds.
 */
public interface HiddenStates {

    /** Every probe point in forward order, starting with {@code input}, ending with {@code logits}. */
    List<String> points();

    /** The points probed when none are named. */
    default List<String> defaultPoints() {
        return points();
    }

    /**
     * Runs the model on {@code input} and returns a copy of the state at each wanted point, in
     * forward order, owned by {@code manager}, with nothing that can carry a gradient back.
     */
    Map<String, NDArray> run(NDManager manager, NDArray input, Set<String> wanted);

    /**
     * The points whose state feeds {@code point} through affine steps alone, nearest first; empty
     * where the model's steps are not known (see {@link HookedForward#affineSources}).
     */
    default List<String> affineSources(String point) {
        return List.of();
    }

    /**
     * Checks that every requested point exists; none requested means {@link #defaultPoints()}.
     *
     * @throws LayerprobeException naming the unknown point and the valid ones
     */
    default Set<String> select(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return new HashSet<>(defaultPoints());
        }
        for (String r : requested) {
            if (!points().contains(r)) {
                throw new LayerprobeException(
                        "unknown probe point '" + r + "'; this network has: " + String.join(", ", points()));
            }
        }
        return new HashSet<>(requested);
    }

    /** The model's output on {@code input}. */
    default NDArray logits(NDManager manager, NDArray input) {
        return run(manager, input, Set.of(Network.LOGITS)).get(Network.LOGITS);
    }
}
