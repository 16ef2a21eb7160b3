package org.layerprobe.metrics;

import org.layerprobe.nets.ActivationFunction;

/**
 * An activation and its derivative at points of the caller's choosing, e.g. a plotting grid that
 * is finer than, or not as evenly spaced as, an {@link ActivationProfile}'s samples. Made afresh
 * for each caller (a chart) and not kept, so its arrays are handed over rather than copied.
 *
 * @param x the points
 * @param value f(x), computed in float32 through the implementation the networks use
 * @param derivative f'(x), by DJL autograd
 */
public record ActivationCurve(double[] x, double[] value, double[] derivative) {

    /** f and f' of {@code f} at each of {@code xs}. */
    public static ActivationCurve of(ActivationFunction f, double[] xs) {
        float[] input = new float[xs.length];
        for (int i = 0; i < xs.length; i++) {
            input[i] = (float) xs[i];
        }
        return new ActivationCurve(
                xs.clone(),
                toDoubles(ActivationProfile.evaluate(f, input)),
                toDoubles(ActivationDerivative.of(f, input)));
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
