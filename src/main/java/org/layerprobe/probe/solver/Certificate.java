package org.layerprobe.probe.solver;

/**
 * How far a fitted probe's objective can be from its optimum, proven rather than hoped: at the
 * weights W the solver stopped at and the exactly profiled biases b*(W) ({@link BiasProfile}),
 * {@code F(W, b*) - F* <= ||grad_W F(W, b*)||^2 / (2 lambda)}.
 *
 * @param objective the regularised training objective at (W, b*): mean cross-entropy + 0.5
 *     lambda ||W||^2 on standardised features
 * @param gapBound the bound on {@code objective - F*}; infinite where lambda is 0 (no strong
 *     convexity, no bound)
 * @param biasGradientNorm the bias gradient's norm at b* (rounding only, unless a class never
 *     occurs in the training labels)
 */
public record Certificate(double objective, double gapBound, double biasGradientNorm) {

    /** The bound as a fraction of the objective. */
    public double relativeGap() {
        // 0 when nothing is left to gain, even at an objective of 0 (a class-free prefix, say).
        return gapBound == 0 ? 0 : gapBound / Math.abs(objective);
    }

    /** From a certificate pass's evaluation of strength j at profiled biases. */
    public static Certificate of(SoftmaxProbe probe, SoftmaxProbe.Evaluation e, int j) {
        double lambda = probe.lambda(j);
        double bound =
                lambda > 0 ? probe.weightGradientSquared(e.gradient(), j) / (2 * lambda) : Double.POSITIVE_INFINITY;
        return new Certificate(e.objective()[j], bound, probe.biasGradientNorm(e.gradient(), j));
    }
}
