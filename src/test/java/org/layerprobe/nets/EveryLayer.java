package org.layerprobe.nets;

import java.util.List;

/**
 * A layer list with every layer type once, on 3 x 12 x 12 images: its points are input, conv1.pre,
 * bn1, conv1.act, conv1.pool (average), res1.conv1.pre, res1.conv1.act, res1.conv2.pre (stride 2),
 * res1.out (with a projection), res1.act, res1.pool (max, stride 1), act1 (a fixed tanh), gap1,
 * fc1.pre, fc1.act and logits; flatten and dropout are not points.
 */
public final class EveryLayer {

    private EveryLayer() {}

    public static ArchitectureSpec spec() {
        return ArchitectureSpec.of(
                "every-layer",
                List.of(
                        new Layer.Conv(4, 3, 1, 1),
                        new Layer.BatchNorm(),
                        Layer.Act.slot(),
                        new Layer.Pool("avg", 2, 0),
                        new Layer.Residual(
                                List.of(new Layer.Conv(4, 3, 1, 1), Layer.Act.slot(), new Layer.Conv(6, 3, 2, 1)),
                                true),
                        Layer.Act.slot(),
                        new Layer.Pool("max", 2, 1),
                        new Layer.Act("tanh"),
                        new Layer.GlobalAvgPool(),
                        new Layer.Flatten(),
                        new Layer.Dense(8),
                        Layer.Act.slot(),
                        new Layer.Dropout(0.3)));
    }
}
