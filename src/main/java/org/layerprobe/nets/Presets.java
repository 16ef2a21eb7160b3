package org.layerprobe.nets;

import java.util.ArrayList;
import java.util.List;

/**
 * The presets as the layer lists they are shorthand for.
 *
 * <ul>
 *   <li>{@code mlp}: flatten, then per hidden width {@code dense -> act}.
 *   <li>{@code cnn}: per channel count a 3x3 same-padded {@code conv -> act -> max-pool 2x2},
 *       flatten, an optional {@code dense -> act}.
 *   <li>{@code alain-bengio}: the MNIST convnet of Alain &amp; Bengio's probe paper: conv 5x5 32
 *       (same) -> act -> max-pool 2 -> conv 5x5 64 -> act -> max-pool 2 -> dense 512 -> act ->
 *       dropout 0.5.
 * </ul>
 *
 * The logits layer follows every list, as it follows a stated one.
 */
final class Presets {

    private Presets() {}

    /** The list of preset {@code kind} with its {@code sizes} and {@code dense} width. */
    static List<Layer> expand(String kind, List<Integer> sizes, int dense) {
        List<Layer> l = new ArrayList<>();
        switch (kind) {
            case "mlp" -> {
                l.add(new Layer.Flatten());
                for (int width : sizes) {
                    l.add(new Layer.Dense(width));
                    l.add(Layer.Act.slot());
                }
            }
            case "cnn" -> {
                for (int channels : sizes) {
                    convBlock(l, channels, 3, 1);
                }
                l.add(new Layer.Flatten());
                if (dense > 0) {
                    l.add(new Layer.Dense(dense));
                    l.add(Layer.Act.slot());
                }
            }
            case "alain-bengio" -> {
                convBlock(l, 32, 5, 2);
                convBlock(l, 64, 5, 2);
                l.add(new Layer.Flatten());
                l.add(new Layer.Dense(512));
                l.add(Layer.Act.slot());
                l.add(new Layer.Dropout(0.5));
            }
            default -> throw new IllegalArgumentException("not a preset: " + kind);
        }
        return List.copyOf(l);
    }

    private static void convBlock(List<Layer> l, int channels, int kernel, int padding) {
        l.add(new Layer.Conv(channels, kernel, 1, padding));
        l.add(Layer.Act.slot());
        l.add(new Layer.Pool("max", 2, 2));
    }
}
