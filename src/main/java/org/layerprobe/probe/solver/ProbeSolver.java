package org.layerprobe.probe.solver;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.layerprobe.LayerprobeException;

/** How a probe's full-batch L-BFGS is preconditioned; every result records what was used. */
public enum ProbeSolver {
    /** Precondition by the feature covariance where the sketch shows it ill-conditioned (the default). */
    AUTO,
    /** Plain L-BFGS, for comparison with the preconditioned solver. */
    LBFGS,
    /** Precondition every strength of every point. */
    PRECONDITIONED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ProbeSolver parse(String text) {
        for (ProbeSolver s : values()) {
            if (s.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new LayerprobeException("probe setting solver = " + text + " is invalid; it must be one of "
                + Arrays.stream(values()).map(ProbeSolver::id).collect(Collectors.joining(", ")));
    }
}
