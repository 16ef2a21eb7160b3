package org.layerprobe.stats;

/**
 * A 95 % confidence interval for an error rate, as fractions in [0, 1].
 *
 * @param low lower end
 * @param high upper end
 * @param method how it was computed: {@code wilson} (one seed, binomial over the test images)
 *     or {@code t-seeds} (Student's t over seeds, never narrower than the pooled Wilson interval)
 */
public record Interval(double low, double high, String method) {

    /** Half the width, for "± x" displays. */
    public double halfWidth() {
        return (high - low) / 2;
    }

    public boolean contains(double v) {
        return v >= low && v <= high;
    }
}
