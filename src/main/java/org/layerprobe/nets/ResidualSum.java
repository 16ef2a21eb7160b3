package org.layerprobe.nets;

import ai.djl.ndarray.NDList;
import java.util.List;

/**
 * The addition that ends a residual block: body output plus shortcut output. The block's
 * {@link ai.djl.nn.ParallelBlock} and the hook layer's walk into the block both call this, so the
 * hooked state after the addition is the plain forward's, bit for bit.
 */
public final class ResidualSum {

    private ResidualSum() {}

    /** {@code branches}: the body's output, then the shortcut's. */
    public static NDList apply(List<NDList> branches) {
        return new NDList(branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow()));
    }
}
