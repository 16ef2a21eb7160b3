package org.layerprobe.engine;

/**
 * What one run of the convolution self-check found.
 *
 * @param passed every output and gradient matched the float64 reference within tolerance
 * @param runs forward-and-backward runs compared
 * @param failedRuns runs with a NaN or a relative error above tolerance
 * @param worstRelativeError the largest max-abs error relative to the reference's largest value
 *     (NaN when a result was NaN)
 * @param worstCase the shape and quantity that erred most, e.g. {@code 4->8 ch 14x14: input gradient}
 */
public record KernelCheckResult(boolean passed, int runs, int failedRuns, double worstRelativeError, String worstCase) {

    /** A check that did not run the kernels because a fault was simulated for testing. */
    static KernelCheckResult simulatedFault() {
        return new KernelCheckResult(
                false, 0, 0, Double.NaN, "simulated fault (layerprobe.kernels.simulateFaultAbove)");
    }

    /** One line for messages and logs. */
    public String describe() {
        if (runs == 0) {
            return worstCase;
        }
        return passed
                ? String.format(
                        "%d runs matched the float64 reference (worst relative error %.1e)", runs, worstRelativeError)
                : String.format(
                        "%d of %d runs wrong, worst %s (relative error %s)",
                        failedRuns,
                        runs,
                        worstCase,
                        Double.isNaN(worstRelativeError) ? "NaN" : String.format("%.2g", worstRelativeError));
    }
}
