package org.layerprobe.probe.solver;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** When a probe's solver may stop, and so what "converged" means in its rows. */
public enum StoppingRule {
    /**
     * The certified bound on the objective's distance to its optimum (see {@link BiasProfile}) is
     * at most the gap tolerance times the objective.
     */
    CERTIFIED,
    /**
     * The gradient norm is at most the gradient tolerance times its norm at zero weights: bounds a
     * gradient, not the distance to the optimum. Kept for comparison.
     */
    GRADIENT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<StoppingRule> parse(String text) {
        return Arrays.stream(values())
                .filter(r -> r.label().equals(text.trim().toLowerCase(Locale.ROOT)))
                .findFirst();
    }
}
