package org.layerprobe.probe.solver;

/**
 * When a fit stops: the stopping rule, the tolerance each rule reads and the pass cap, as one value
 * (two neighbouring {@code double} tolerances are easy to swap). Whether a strength has converged,
 * in the solver's loop and in the final verdict on a certified fit, is decided here and nowhere
 * else.
 *
 * @param rule {@link StoppingRule#CERTIFIED} or {@link StoppingRule#GRADIENT}
 * @param gradTolerance the gradient rule's tolerance, relative to the gradient norm at zero weights
 * @param gapTolerance the certified rule's tolerance, relative to the objective
 * @param maxPasses cap on passes over the states per fit; a fit stopped by it is not converged
 */
public record StopWhen(StoppingRule rule, double gradTolerance, double gapTolerance, int maxPasses) {

    /** The gradient rule alone, at {@code tolerance}, with no pass cap. */
    public static StopWhen gradient(double tolerance) {
        return new StopWhen(StoppingRule.GRADIENT, tolerance, Double.NaN, Integer.MAX_VALUE);
    }

    /** The same tolerances and cap under {@code other}. */
    public StopWhen withRule(StoppingRule other) {
        return new StopWhen(other, gradTolerance, gapTolerance, maxPasses);
    }

    /** The same rule and cap at another certified gap tolerance. */
    public StopWhen withGapTolerance(double tolerance) {
        return new StopWhen(rule, gradTolerance, tolerance, maxPasses);
    }

    /** The relative tolerance of the rule in force, as progress lines show it. */
    public double tolerance() {
        return rule == StoppingRule.CERTIFIED ? gapTolerance : gradTolerance;
    }

    /**
     * Whether the certificate decides strength {@code lambda}'s convergence: under the certified
     * rule, for a penalised strength (no bound covers an unpenalised one, which falls back to the
     * gradient rule).
     */
    public boolean certifies(double lambda) {
        return rule == StoppingRule.CERTIFIED && lambda > 0;
    }

    /**
     * The solver's stop for one strength after a pass: under the certified rule the bound {@code
     * ||grad||^2 / (2 lambda)} against {@code looseness} times the gap tolerance of the objective,
     * else the gradient norm relative to its norm at zero weights against {@code looseness} times
     * the gradient tolerance.
     */
    public boolean holds(
            double lambda, double gradientNorm, double zeroGradientNorm, double objective, double looseness) {
        if (certifies(lambda)) {
            double bound = gradientNorm * gradientNorm / (2 * lambda);
            return bound <= gapTolerance * looseness * Math.abs(objective);
        }
        return relative(gradientNorm, zeroGradientNorm) <= gradTolerance * looseness;
    }

    /** A gradient norm relative to the norm at zero weights, as the gradient rule reads it. */
    public static double relative(double gradientNorm, double zeroGradientNorm) {
        return gradientNorm / Math.max(1e-30, zeroGradientNorm);
    }

    /** Whether a certified relative gap meets the certified rule (the final verdict on a fit). */
    public boolean met(Certificate certificate) {
        return certificate.relativeGap() <= gapTolerance;
    }
}
