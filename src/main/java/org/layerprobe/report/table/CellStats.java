package org.layerprobe.report.table;

import org.layerprobe.stats.Interval;

/**
 * The spread over seeds of one metric in one table cell.
 *
 * @param mean mean of the finite values, in the metric's own unit (errors are fractions)
 * @param std sample standard deviation (n - 1 in the denominator); NaN when {@code n < 2}
 * @param n number of seeds that gave a value
 * @param missing seeds whose value was NaN, left out of mean, std and n
 * @param unconverged seeds whose probe reported {@code probe_converged = 0}
 * @param unrecorded seeds for which no {@code probe_converged} row exists, so convergence is unknown
 * @param interval the 95 % interval of the mean error (Wilson for one seed, Student's t across
 *     seeds), or null where the rows do not say how many test images were scored
 * @param stepP the Holm-adjusted p-value of the paired test against the point before, or NaN
 *     where there is none
 */
public record CellStats(
        double mean, double std, int n, int missing, int unconverged, int unrecorded, Interval interval, double stepP) {

    /** Significance level of the marks and statements of a report. */
    public static final double ALPHA = 0.05;

    public CellStats(double mean, double std, int n, int missing, int unconverged, int unrecorded) {
        this(mean, std, n, missing, unconverged, unrecorded, null, Double.NaN);
    }

    /** The same stats with an interval and the step's p-value. */
    public CellStats with(Interval newInterval, double newStepP) {
        return new CellStats(mean, std, n, missing, unconverged, unrecorded, newInterval, newStepP);
    }

    /** Whether the step from the point before is significant after Holm's correction. */
    public boolean significantStep() {
        return stepP <= ALPHA;
    }

    public CellStats {
        if (n < 0 || missing < 0 || unconverged < 0 || unrecorded < 0) {
            throw new IllegalArgumentException("counts must be >= 0: n=" + n + ", missing=" + missing + ", unconverged="
                    + unconverged + ", unrecorded=" + unrecorded);
        }
    }

    /** Stats of a whole-model metric, where probe convergence does not apply. */
    public static CellStats of(double mean, double std, int n, int missing) {
        return new CellStats(mean, std, n, missing, 0, 0);
    }

    /** True when at least one seed's value is a number. */
    public boolean hasValue() {
        return n > 0;
    }

    /** True when a spread can be shown, i.e. at least two seeds gave a value. */
    public boolean hasSpread() {
        return n >= 2 && !Double.isNaN(std);
    }
}
