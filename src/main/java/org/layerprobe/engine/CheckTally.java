package org.layerprobe.engine;

/**
 * The running count of a self-check against a float64 reference: runs, runs over tolerance and
 * the worst relative error with what erred (a NaN is the worst of all).
 */
final class CheckTally {

    private final double tolerance;
    private int runs;
    private int failed;
    private double worst;
    private String worstCase = "";

    CheckTally(double tolerance) {
        this.tolerance = tolerance;
    }

    /** One run's relative errors, {@code what[i]} naming {@code errors[i]}; a run fails if any is over. */
    void run(String shape, double[] errors, String... what) {
        runs++;
        boolean bad = false;
        for (int q = 0; q < errors.length; q++) {
            double e = errors[q];
            bad |= !(e <= tolerance);
            if (Double.isNaN(e) || (!Double.isNaN(worst) && e > worst)) {
                worst = e;
                worstCase = what.length > q ? shape + ": " + what[q] : shape;
            }
        }
        failed += bad ? 1 : 0;
    }

    KernelCheckResult result() {
        return new KernelCheckResult(failed == 0, runs, failed, worst, worstCase);
    }
}
