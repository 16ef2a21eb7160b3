package org.layerprobe.probe.solver;

/**
 * A fitted probe as the function it computes on its point's raw states, {@code x W + b}, for each
 * L2 strength: free of the standardisation and centring it was fitted under, so a probe fitted on
 * other samples of the same point (another prefix of the online code) can start from it.
 *
 * @param width d, the point's width
 * @param columns K * C: strengths times classes
 * @param weight (d, K * C), row-major
 * @param bias (K * C)
 */
public record ProbeWeights(long width, int columns, float[] weight, float[] bias) {

    public ProbeWeights {
        if (weight.length != width * columns || bias.length != columns) {
            throw new IllegalArgumentException("weights of " + weight.length + " and biases of " + bias.length
                    + " values do not fit " + width + " x " + columns);
        }
    }
}
