package org.layerprobe.metrics;

import ai.djl.ndarray.NDManager;
import org.layerprobe.LayerprobeException;
import org.layerprobe.nets.ActivationFunction;
import org.layerprobe.nets.ActivationFunction.Family;

/**
 * One activation sampled on an interval: values from the registered DJL implementation,
 * derivatives from {@link ActivationDerivative}, and the properties read off those samples.
 *
 * @param name registry name
 * @param formula human-readable definition
 * @param family the activation's family
 * @param x the sample points, evenly spaced, ends included
 * @param value f(x) at each sample point
 * @param derivative f'(x) at each sample point
 * @param valueAtZero f(0), evaluated exactly at 0
 * @param min smallest sampled f(x)
 * @param max largest sampled f(x)
 * @param zeroCentred f(0) = 0 (within {@value #ZERO_TOLERANCE}) and f takes negative values
 * @param saturation where |f'| at an end of the interval is below {@value #SATURATION_SLOPE}
 * @param maxAbsDerivative largest sampled |f'(x)|
 */
public record ActivationProfile(
        String name,
        String formula,
        Family family,
        double[] x,
        double[] value,
        double[] derivative,
        double valueAtZero,
        double min,
        double max,
        boolean zeroCentred,
        Saturation saturation,
        double maxAbsDerivative) {

    /** |f(0)| at most this counts as f(0) = 0. */
    public static final double ZERO_TOLERANCE = 1e-6;
    /** |f'| below this at an end of the interval counts as saturated on that side. */
    public static final double SATURATION_SLOPE = 0.05;

    public ActivationProfile {
        x = x.clone();
        value = value.clone();
        derivative = derivative.clone();
    }

    /** Samples {@code f} at {@code points} evenly spaced points of [lo, hi]. */
    public static ActivationProfile of(ActivationFunction f, double lo, double hi, int points) {
        if (!(lo < 0 && 0 < hi) || points < 3) {
            throw new LayerprobeException("an activation profile needs an interval around 0 and at"
                    + " least 3 points; got [" + lo + ", " + hi + "] with " + points);
        }
        double[] xs = ReluSums.linspace(lo, hi, points);
        // One extra input, exactly 0, for f(0): the grid need not contain 0.
        float[] input = new float[points + 1];
        for (int i = 0; i < points; i++) {
            input[i] = (float) xs[i];
        }
        float[] values = evaluate(f, input);
        float[] slopes = ActivationDerivative.of(f, input);
        double[] value = new double[points];
        double[] derivative = new double[points];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double maxSlope = 0;
        for (int i = 0; i < points; i++) {
            value[i] = widen(values[i]);
            derivative[i] = widen(slopes[i]);
            min = Math.min(min, value[i]);
            max = Math.max(max, value[i]);
            maxSlope = Math.max(maxSlope, Math.abs(derivative[i]));
        }
        double atZero = widen(values[points]);
        boolean zeroCentred = Math.abs(atZero) <= ZERO_TOLERANCE && min < 0;
        Saturation saturation = Saturation.of(
                Math.abs(derivative[0]) < SATURATION_SLOPE, Math.abs(derivative[points - 1]) < SATURATION_SLOPE);
        return new ActivationProfile(
                f.name(),
                f.formula(),
                f.family(),
                xs,
                value,
                derivative,
                atZero,
                min,
                max,
                zeroCentred,
                saturation,
                maxSlope);
    }

    /**
     * A float32 result as the double with the same shortest decimal form (0.05f becomes 0.05, not
     * 0.04999999701976776), so tables show what was computed without float noise.
     */
    static double widen(float v) {
        return Float.isFinite(v) ? Double.parseDouble(Float.toString(v)) : v;
    }

    /** f at each input, through the registered DJL implementation. */
    static float[] evaluate(ActivationFunction f, float[] input) {
        try (NDManager m = NDManager.newBaseManager()) {
            return f.apply(m.create(input)).toFloatArray();
        }
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] value() {
        return value.clone();
    }

    @Override
    public double[] derivative() {
        return derivative.clone();
    }

    /** f' at the left end of the interval. */
    public double leftSlope() {
        return derivative[0];
    }

    /** f' at the right end of the interval. */
    public double rightSlope() {
        return derivative[derivative.length - 1];
    }
}
