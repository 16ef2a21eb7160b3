package org.layerprobe.nets;

import ai.djl.nn.Block;
import java.util.List;

/**
 * One child of a network in execution order, with what the hook layer needs to know of it.
 *
 * @param block the block that runs
 * @param point the probe-point name of its output, or null when its output is not recorded
 * @param affine whether its output is an exact affine map of its input in inference mode
 *     (convolution, dense, average pooling, batch norm, flatten, dropout, the identity activation,
 *     a residual block whose body is all affine); never true for max-pooling or a nonlinear
 *     activation
 * @param body a residual block's body, run before {@code shortcut}; empty for any other block
 * @param shortcut a residual block's shortcut (the identity or a projection); null otherwise
 * @param activation the function an activation step applies (a fixed one where the list fixes it);
 *     null for every other step
 */
public record NetworkStep(
        Block block,
        String point,
        boolean affine,
        List<NetworkStep> body,
        Block shortcut,
        ActivationFunction activation) {

    public NetworkStep {
        body = List.copyOf(body);
        if (body.isEmpty() != (shortcut == null)) {
            throw new IllegalArgumentException("a residual step has a body and a shortcut; other steps neither");
        }
    }

    /** A plain step that is not an activation. */
    public static NetworkStep leaf(Block block, String point, boolean affine) {
        return new NetworkStep(block, point, affine, List.of(), null, null);
    }

    /** An activation step: affine only when it is the identity. */
    public static NetworkStep activation(Block block, String point, ActivationFunction f) {
        return new NetworkStep(block, point, f.family() == ActivationFunction.Family.LINEAR, List.of(), null, f);
    }

    public boolean isResidual() {
        return shortcut != null;
    }
}
