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
 */
public record NetworkStep(Block block, String point, boolean affine, List<NetworkStep> body, Block shortcut) {

    public NetworkStep {
        body = List.copyOf(body);
        if (body.isEmpty() != (shortcut == null)) {
            throw new IllegalArgumentException("a residual step has a body and a shortcut; other steps neither");
        }
    }

    /** A plain step. */
    public static NetworkStep leaf(Block block, String point, boolean affine) {
        return new NetworkStep(block, point, affine, List.of(), null);
    }

    public boolean isResidual() {
        return shortcut != null;
    }
}
