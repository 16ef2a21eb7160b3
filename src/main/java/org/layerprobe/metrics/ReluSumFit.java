package org.layerprobe.metrics;

/**
 * A weighted sum of k shifted ReLUs plus a bias, b + sum_j w_j relu(x - c_j), fitted to a target,
 * with its errors on the fitting grid.
 *
 * @param k number of ReLUs
 * @param knots the shifts c_j, ascending
 * @param weights the weights w_j, one per knot
 * @param bias the constant b
 * @param maxAbsError max |fit - target| over the grid
 * @param meanAbsError mean |fit - target| over the grid
 */
public record ReluSumFit(
        int k, double[] knots, double[] weights, double bias, double maxAbsError, double meanAbsError) {

    public ReluSumFit {
        if (knots.length != k || weights.length != k) {
            throw new IllegalArgumentException(
                    "need k = " + k + " knots and weights, got " + knots.length + " and " + weights.length);
        }
        knots = knots.clone();
        weights = weights.clone();
    }

    @Override
    public double[] knots() {
        return knots.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** The fitted function at {@code x}. */
    public double valueAt(double x) {
        double y = bias;
        for (int j = 0; j < k; j++) {
            y += weights[j] * Math.max(0, x - knots[j]);
        }
        return y;
    }

    /** The fitted curve at each of {@code xs}, for plotting. */
    public double[] valuesAt(double[] xs) {
        double[] ys = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            ys[i] = valueAt(xs[i]);
        }
        return ys;
    }
}
