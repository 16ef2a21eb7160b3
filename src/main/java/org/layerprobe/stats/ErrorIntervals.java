package org.layerprobe.stats;

import org.apache.commons.math3.stat.interval.WilsonScoreInterval;
import org.apache.commons.statistics.distribution.TDistribution;

/** 95 % intervals for a probe's test error. */
public final class ErrorIntervals {

    public static final double CONFIDENCE = 0.95;

    private ErrorIntervals() {}

    /** Wilson's score interval for {@code errors} wrong out of {@code n} test images. */
    public static Interval wilson(long errors, long n) {
        if (n <= 0 || errors < 0 || errors > n) {
            throw new IllegalArgumentException(errors + " errors out of " + n);
        }
        var ci = new WilsonScoreInterval().createInterval((int) n, (int) errors, CONFIDENCE);
        return new Interval(Math.max(0, ci.getLowerBound()), Math.min(1, ci.getUpperBound()), "wilson");
    }

    /**
     * Across seeds: Student's t interval of the per-seed error rates (each scored on the same
     * {@code n} test images), which counts seed-to-seed spread, widened where needed to the Wilson
     * interval of the pooled counts, which counts the test set's own sampling (with few seeds the
     * t interval alone can be narrower than the test size allows). One seed: Wilson.
     */
    public static Interval acrossSeeds(double[] errorRates, long n) {
        int s = errorRates.length;
        long pooledErrors = 0;
        double mean = 0;
        for (double e : errorRates) {
            pooledErrors += Math.round(e * n);
            mean += e / s;
        }
        Interval pooled = wilson(pooledErrors, n * s);
        if (s == 1) {
            return wilson(pooledErrors, n);
        }
        double var = 0;
        for (double e : errorRates) {
            var += (e - mean) * (e - mean) / (s - 1);
        }
        double half =
                TDistribution.of(s - 1).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2) * Math.sqrt(var / s);
        return new Interval(
                Math.max(0, Math.min(mean - half, pooled.low())),
                Math.min(1, Math.max(mean + half, pooled.high())),
                "t-seeds");
    }
}
