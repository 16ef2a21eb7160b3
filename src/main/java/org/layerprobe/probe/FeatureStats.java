package org.layerprobe.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Per-feature mean and spread of one point's training states, for standardisation. Hidden states
 * are badly scaled (pre-activations especially); without it a probe's optimiser, not the layer,
 * would decide how separable a point looks.
 */
final class FeatureStats {

    /** Features whose spread is below this are constant on the training set and get weight 0. */
    private static final double MIN_STD = 1e-6;

    private final long width;
    private double[] sum;
    private double[] sumSq;
    private double[] shift;
    private long count;

    FeatureStats(long width) {
        this.width = width;
    }

    long width() {
        return width;
    }

    /** Adds a batch (B, d). Accumulates in float64 around the first batch's mean, for stability. */
    void add(NDArray x) {
        try (NDManager m = x.getManager().newSubManager()) {
            NDArray x64 = x.toType(DataType.FLOAT64, true);
            x64.attach(m);
            if (shift == null) {
                shift = x64.mean(new int[] {0}).toDoubleArray();
                sum = new double[(int) width];
                sumSq = new double[(int) width];
            }
            NDArray centred = x64.sub(m.create(shift));
            double[] s = centred.sum(new int[] {0}).toDoubleArray();
            double[] q = centred.square().sum(new int[] {0}).toDoubleArray();
            for (int i = 0; i < width; i++) {
                sum[i] += s[i];
                sumSq[i] += q[i];
            }
            count += x.getShape().get(0);
        }
    }

    NDArray mean(NDManager m) {
        float[] mu = new float[(int) width];
        for (int i = 0; i < width; i++) {
            mu[i] = (float) (shift[i] + sum[i] / count);
        }
        return m.create(mu);
    }

    NDArray inverseStd(NDManager m) {
        float[] inv = new float[(int) width];
        for (int i = 0; i < width; i++) {
            double mean = sum[i] / count;
            double var = Math.max(0, sumSq[i] / count - mean * mean);
            double sd = Math.sqrt(var);
            inv[i] = sd < MIN_STD ? 0f : (float) (1 / sd);
        }
        return m.create(inv);
    }
}
