package org.layerprobe.probe.solver;

import ai.djl.ndarray.NDArray;

/**
 * A probe's weights and biases folded with its standardisation, acting on the raw states it
 * reads: weights (read width, K*C) and biases (K*C), for K strengths of C classes. What a pass
 * multiplies the states by, and what a fitted probe is applied as.
 */
public record FoldedProbe(NDArray weight, NDArray bias) implements AutoCloseable {
    @Override
    public void close() {
        weight.close();
        bias.close();
    }
}
