package org.layerprobe.probe;

import org.layerprobe.results.Predictions;

/**
 * A fitted probe on one point, with how it was fitted: a probe that stopped on its pass cap or
 * whose final gradient was still large says so in {@code converged}.
 *
 * @param point probe point name
 * @param pointIndex position in forward order (0 = input)
 * @param dimension flattened width of the state
 * @param features width the probe saw (after optional reduction)
 * @param reduction the reduction applied, {@code none} by default
 * @param l2 the L2 strength chosen on the validation split
 * @param trainAccuracy accuracy on the probe's training split
 * @param validationAccuracy accuracy on the validation split
 * @param testAccuracy accuracy on the test split
 * @param testCrossEntropy mean test cross-entropy in nats
 * @param lbfgsIterations accepted L-BFGS steps (a pass that moved at least one L2 strength)
 * @param converged whether the stopping rule held: under the certified rule, whether the
 *     certified bound is at most the gap tolerance of the objective
 * @param relativeGradient the objective's gradient norm at the fit relative to its norm at zero
 * @param seconds wall time attributed to this probe's updates and evaluation
 * @param passes passes over the training states the solver made for this probe (evaluations,
 *     line-search trials and the preconditioner's sketch; a shared pass counts for each probe)
 * @param objective the regularised training objective of the chosen strength where the solver
 *     stopped, at exactly profiled biases (mean cross-entropy + 0.5 lambda ||W||^2)
 * @param preconditionerRank rank of the covariance preconditioner its chosen strength used: 0 for
 *     plain L-BFGS, the width for the exact covariance, else the Nystrom rank
 * @param gapBound the certified bound on {@code objective} minus the optimum ({@link org.layerprobe.probe.solver.Certificate})
 * @param testPredictions the predicted class of every test image, in test-set order
 */
public record ProbeResult(
        String point,
        int pointIndex,
        long dimension,
        long features,
        String reduction,
        double l2,
        double trainAccuracy,
        double validationAccuracy,
        double testAccuracy,
        double testCrossEntropy,
        int lbfgsIterations,
        boolean converged,
        double relativeGradient,
        double seconds,
        int passes,
        double objective,
        int preconditionerRank,
        double gapBound,
        Predictions testPredictions) {

    public double testError() {
        return 1 - testAccuracy;
    }

    /** The same result at position {@code index} of its network's points. */
    public ProbeResult atIndex(int index) {
        return new ProbeResult(
                point,
                index,
                dimension,
                features,
                reduction,
                l2,
                trainAccuracy,
                validationAccuracy,
                testAccuracy,
                testCrossEntropy,
                lbfgsIterations,
                converged,
                relativeGradient,
                seconds,
                passes,
                objective,
                preconditionerRank,
                gapBound,
                testPredictions);
    }

    /** The certified bound as a fraction of the objective. */
    public double relativeGap() {
        // 0 when nothing is left to gain, even at an objective of 0 (a class-free prefix, say).
        return gapBound == 0 ? 0 : gapBound / Math.abs(objective);
    }
}
