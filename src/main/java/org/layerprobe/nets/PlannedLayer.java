package org.layerprobe.nets;

import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * One layer of a {@link NetworkPlan}: what it is, the probe point its output is, and the shapes of
 * one sample going in and out.
 *
 * @param layer the stated layer (the logits are a {@link Layer.Dense})
 * @param point the probe-point name of its output, or null when its output is not a point (flatten
 *     and dropout, whose inference-mode state is the point before, reshaped or unchanged)
 * @param path where the layer is stated, for messages: {@code layers[3]}, {@code
 *     layers[5].residual.layers[0]}
 * @param in the sample shape it gets
 * @param out the sample shape it gives
 * @param body a residual block's body; empty otherwise
 * @param projected whether a residual block maps its input to the body's shape (1x1 conv or dense)
 */
public record PlannedLayer(
        Layer layer, String point, String path, Shape in, Shape out, List<PlannedLayer> body, boolean projected) {

    public PlannedLayer {
        body = List.copyOf(body);
    }

    /** Weights and biases this layer trains (the body's and projection's included). */
    public long parameters() {
        long count = 0;
        if (layer instanceof Layer.Conv c) {
            count = Math.addExact(Math.multiplyExact(in.get(0) * c.kernel() * c.kernel(), c.channels()), c.channels());
        } else if (layer instanceof Layer.Dense d) {
            count = Math.addExact(Math.multiplyExact(in.get(0), d.units()), d.units());
        } else if (layer instanceof Layer.BatchNorm) {
            count = 2 * in.get(0);
        }
        for (PlannedLayer p : body) {
            count = Math.addExact(count, p.parameters());
        }
        if (projected) {
            count = Math.addExact(count, Math.addExact(Math.multiplyExact(in.get(0), out.get(0)), out.get(0)));
        }
        return count;
    }

    /** Values this layer's forward pass produces per sample (its body's included): activation memory. */
    public long stateValues() {
        long values = out.size();
        for (PlannedLayer p : body) {
            values = Math.addExact(values, p.stateValues());
        }
        return projected ? Math.addExact(values, out.size()) : values;
    }
}
