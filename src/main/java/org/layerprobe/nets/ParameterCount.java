package org.layerprobe.nets;

import ai.djl.ndarray.types.Shape;

/**
 * How many parameters a network of an architecture has on samples of a shape, worked out from
 * the layer sizes without building or allocating anything: what a spec is checked against before
 * any training (a typo like {@code sizes: [100000000]} would otherwise end in the engine's
 * allocation error after the data was loaded).
 */
public final class ParameterCount {

    private ParameterCount() {}

    /** Weights and biases of {@code arch} on samples of {@code input} with {@code classes} outputs. */
    public static long of(ArchitectureSpec arch, Shape input, int classes) {
        long count = 0;
        long features;
        switch (arch.kind()) {
            case "mlp" -> {
                features = input.size();
                for (int width : arch.sizes()) {
                    count = Math.addExact(count, dense(features, width));
                    features = width;
                }
            }
            case "cnn", "alain-bengio" -> {
                boolean ab = arch.kind().equals("alain-bengio");
                long channels = input.get(0);
                long height = input.get(1);
                long width = input.get(2);
                int[] filters = ab
                        ? new int[] {32, 64}
                        : arch.sizes().stream().mapToInt(Integer::intValue).toArray();
                int kernel = ab ? 5 : 3;
                for (int f : filters) {
                    count = Math.addExact(count, Math.multiplyExact(channels * kernel * kernel, (long) f) + f);
                    channels = f;
                    height /= 2;
                    width /= 2;
                }
                features = channels * height * width;
                int hidden = ab ? 512 : arch.dense();
                if (hidden > 0) {
                    count = Math.addExact(count, dense(features, hidden));
                    features = hidden;
                }
            }
            default -> throw new IllegalArgumentException(arch.kind());
        }
        return Math.addExact(count, dense(features, classes));
    }

    private static long dense(long in, long out) {
        return Math.addExact(Math.multiplyExact(in, out), out);
    }
}
