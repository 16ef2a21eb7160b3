package org.layerprobe.nets;

import ai.djl.ndarray.types.Shape;

/**
 * How many parameters a network of an architecture has on samples of a shape, worked out from
 * its layer list without building or allocating anything: what a spec is checked against before
 * any training (a typo like {@code sizes: [100000000]} would otherwise end in the engine's
 * allocation error after the data was loaded).
 */
public final class ParameterCount {

    private ParameterCount() {}

    /** Weights and biases of {@code arch} on samples of {@code input} with {@code classes} outputs. */
    public static long of(ArchitectureSpec arch, Shape input, int classes) {
        return NetworkPlan.of(arch, input, classes).parameters();
    }
}
