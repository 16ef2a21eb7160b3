package org.layerprobe.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;
import org.layerprobe.LayerprobeException;

/**
 * The preset builder as it was before presets became layer lists, kept verbatim as the reference
 * that {@link PresetExpansionTest} compares the expansions against, child for child and bit for bit.
 */
final class LegacyPresetBuilder {

    private LegacyPresetBuilder() {}

    /** Builds an uninitialised network for samples of {@code inputShape} and {@code classes} outputs. */
    public static Network build(ArchitectureSpec arch, ActivationFunction act, Shape inputShape, int classes) {
        Parts parts = new Parts(act);
        switch (arch.kind()) {
            case "mlp" -> {
                parts.flatten();
                int k = 1;
                for (int width : arch.sizes()) {
                    parts.dense("fc" + k++, width, true);
                }
            }
            case "cnn" -> {
                requireImage(arch, inputShape);
                requireRoom(arch, inputShape);
                int k = 1;
                for (int channels : arch.sizes()) {
                    parts.conv("conv" + k++, channels, 3, 1);
                }
                parts.flatten();
                if (arch.dense() > 0) {
                    parts.dense("fc1", arch.dense(), true);
                }
            }
            case "alain-bengio" -> {
                requireImage(arch, inputShape);
                requireRoom(arch, inputShape);
                parts.conv("conv1", 32, 5, 2);
                parts.conv("conv2", 64, 5, 2);
                parts.flatten();
                parts.dense("fc1", 512, true);
                parts.add(Dropout.builder().optRate(0.5f).build(), null);
            }
            default -> throw new IllegalStateException(arch.kind());
        }
        parts.add(Linear.builder().setUnits(classes).build(), Network.LOGITS);
        return Network.named(parts.block, parts.names, inputShape, arch, act);
    }

    /**
     * Walks the image size through the conv blocks (each conv keeps it, each 2x2 max-pool halves it,
     * rounding down) and refuses, naming the layer and the size it would get, a network whose
     * images vanish before the last block: found here, before any training, not as an engine error.
     */
    private static void requireRoom(ArchitectureSpec arch, Shape inputShape) {
        long h = inputShape.get(1);
        long w = inputShape.get(2);
        int blocks = arch.kind().equals("alain-bengio") ? 2 : arch.sizes().size();
        for (int k = 1; k <= blocks; k++) {
            if (h < 2 || w < 2) {
                throw new LayerprobeException("architecture " + arch.id() + " does not fit "
                        + inputShape.get(1) + "x" + inputShape.get(2) + " images: conv" + k + ".pool would get a "
                        + h + "x" + w + " input, too small for its 2x2 max-pool (each conv block halves the image);"
                        + " use at most " + (k - 1) + " conv blocks or larger images");
            }
            h /= 2;
            w /= 2;
        }
    }

    private static void requireImage(ArchitectureSpec arch, Shape inputShape) {
        if (inputShape.dimension() != 3) {
            throw new LayerprobeException("architecture " + arch.kind()
                    + " needs image input (channels, height, width), got sample shape "
                    + inputShape + "; use mlp for vector data");
        }
    }

    /** Accumulates children and their point names in step. */
    private static final class Parts {
        final SequentialBlock block = new SequentialBlock();
        final List<String> names = new ArrayList<>();
        final ActivationFunction act;

        Parts(ActivationFunction act) {
            this.act = act;
        }

        void add(Block b, String point) {
            block.add(b);
            names.add(point);
        }

        void flatten() {
            add(LambdaBlock.singleton((NDArray x) -> x.reshape(x.getShape().get(0), -1), "flatten"), null);
        }

        void dense(String name, int units, boolean activated) {
            add(Linear.builder().setUnits(units).build(), name + ".pre");
            if (activated) {
                add(act.block(name + ".act"), name + ".act");
            }
        }

        void conv(String name, int channels, int kernel, int pad) {
            add(
                    Conv2d.builder()
                            .setKernelShape(new Shape(kernel, kernel))
                            .optPadding(new Shape(pad, pad))
                            .setFilters(channels)
                            .build(),
                    name + ".pre");
            add(act.block(name + ".act"), name + ".act");
            add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)), name + ".pool");
        }
    }
}
