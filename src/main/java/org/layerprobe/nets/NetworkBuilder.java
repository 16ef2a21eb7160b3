package org.layerprobe.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a network from its {@link NetworkPlan} on DJL's own blocks, naming every probe point.
 * Presets are built from the layer lists they expand to ({@link ArchitectureSpec#layerList()}),
 * so a preset and the list it stands for are the same network, child for child.
 */
public final class NetworkBuilder {

    private NetworkBuilder() {}

    /**
     * Builds an uninitialised network for samples of {@code inputShape} and {@code classes} outputs.
     *
     * @throws org.layerprobe.LayerprobeException when the list's shapes do not fit (see {@link
     *     NetworkPlan})
     */
    public static Network build(ArchitectureSpec arch, ActivationFunction act, Shape inputShape, int classes) {
        NetworkPlan plan = NetworkPlan.of(arch, inputShape, classes);
        SequentialBlock block = new SequentialBlock();
        List<NetworkStep> steps = steps(plan.layers(), act);
        for (NetworkStep s : steps) {
            block.add(s.block());
        }
        return new Network(block, steps, inputShape, arch, act);
    }

    private static List<NetworkStep> steps(List<PlannedLayer> layers, ActivationFunction act) {
        List<NetworkStep> steps = new ArrayList<>();
        for (PlannedLayer p : layers) {
            steps.add(step(p, act));
        }
        return steps;
    }

    private static NetworkStep step(PlannedLayer p, ActivationFunction act) {
        Layer layer = p.layer();
        if (layer instanceof Layer.Residual) {
            List<NetworkStep> body = steps(p.body(), act);
            SequentialBlock bodyBlock = new SequentialBlock();
            body.forEach(s -> bodyBlock.add(s.block()));
            Block shortcut = shortcut(p);
            Block block = new ParallelBlock(ResidualSum::apply, List.of(bodyBlock, shortcut));
            boolean affine = body.stream().allMatch(NetworkStep::affine);
            return new NetworkStep(block, p.point(), affine, body, shortcut, null);
        }
        if (layer instanceof Layer.Act a) {
            ActivationFunction f = a.resolve(act);
            return NetworkStep.activation(f.block(p.point()), p.point(), f);
        }
        if (layer instanceof Layer.Pool pool) {
            Shape window = new Shape(pool.size(), pool.size());
            Shape stride = new Shape(pool.stride(), pool.stride());
            return NetworkStep.leaf(
                    pool.isMax() ? Pool.maxPool2dBlock(window, stride) : Pool.avgPool2dBlock(window, stride),
                    p.point(),
                    !pool.isMax());
        }
        return NetworkStep.leaf(affineBlock(layer), p.point(), true);
    }

    /** The block of a layer whose output is affine in its input in inference mode. */
    private static Block affineBlock(Layer layer) {
        if (layer instanceof Layer.Conv c) {
            return Conv2d.builder()
                    .setKernelShape(new Shape(c.kernel(), c.kernel()))
                    .optStride(new Shape(c.stride(), c.stride()))
                    .optPadding(new Shape(c.padding(), c.padding()))
                    .setFilters(c.channels())
                    .build();
        }
        if (layer instanceof Layer.Dense d) {
            return Linear.builder().setUnits(d.units()).build();
        }
        if (layer instanceof Layer.BatchNorm) {
            return BatchNorm.builder().build();
        }
        if (layer instanceof Layer.GlobalAvgPool) {
            return Pool.globalAvgPool2dBlock();
        }
        if (layer instanceof Layer.Dropout d) {
            return Dropout.builder().optRate((float) d.rate()).build();
        }
        if (layer instanceof Layer.Flatten) {
            return LambdaBlock.singleton((NDArray x) -> x.reshape(x.getShape().get(0), -1), "flatten");
        }
        throw new IllegalStateException(layer.toString());
    }

    /** The identity, or the projection that maps the input to the body's shape. */
    private static Block shortcut(PlannedLayer p) {
        if (!p.projected()) {
            return LambdaBlock.singleton((NDArray x) -> x, "identity");
        }
        if (p.in().dimension() == 1) {
            return Linear.builder().setUnits(p.out().get(0)).build();
        }
        int stride = NetworkPlan.projectionStride(p.in(), p.out());
        return Conv2d.builder()
                .setKernelShape(new Shape(1, 1))
                .optStride(new Shape(stride, stride))
                .setFilters(Math.toIntExact(p.out().get(0)))
                .build();
    }
}
