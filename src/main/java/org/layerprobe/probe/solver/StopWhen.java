package org.layerprobe.probe.solver;

/**
 * When a fit has converged: the stopping rule with the tolerance each rule reads, as one value
 * (two neighbouring {@code double} tolerances are easy to swap). The solver's own stop and the
 * final verdict on a certified fit are both decided here.
 *
 * @param rule {@link StoppingRule#CERTIFIED} or {@link StoppingRule#GRADIENT}
 * @param gradTolerance the gradient rule's tolerance, relative to the gradient norm at zero weights
 * @param gapTolerance the certified rule's tolerance, relative to the objective
 */
public record StopWhen(StoppingRule rule, double gradTolerance, double gapTolerance) {

    /** The gradient rule alone, at {@code tolerance}. */
    public static StopWhen gradient(double tolerance) {
        return new StopWhen(StoppingRule.GRADIENT, tolerance, Double.NaN);
    }

    /**
     * Whether the certificate decides strength {@code lambda}'s convergence: under the certified
     * rule, for a penalised strength (no bound covers an unpenalised one, which falls back to the
     * gradient rule).
     */
    public boolean certifies(double lambda) {
        return rule == StoppingRule.CERTIFIED && lambda > 0;
    }

    /** Whether a certified relative gap meets the certified rule. */
    public boolean met(Certificate certificate) {
        return certificate.relativeGap() <= gapTolerance;
    }
}
