package org.layerprobe.probe;

/** Observes probe fitting, for progress displays; every method is a no-op by default. */
public interface ProbeMonitor {

    ProbeMonitor NONE = new ProbeMonitor() {};

    /** A phase begins: "standardise", "epoch 3", "evaluate"; {@code steps} batches follow (-1: open-ended). */
    default void onPhase(String phase, int steps) {}

    default void onStep(int step) {}

    /** A line worth keeping between phases, e.g. which prefix of the online code is being fitted. */
    default void onNote(String note) {}

    /**
     * A solver pass begins ({@code pass} counts from 1) with {@code left} of {@code points} probes
     * still being solved; {@code worst} is their largest relative gradient so far (NaN at first)
     * and {@code tolerance} the rule's target. Passes report within the phase "fit probes".
     */
    default void onSolverPass(int pass, int left, int points, double worst, double tolerance) {}

    /**
     * As {@link #onSolverPass(int, int, int, double, double)}, naming the quantity {@code worst}
     * measures against {@code tolerance}: the relative gradient, or the estimated relative gap
     * under the certified rule.
     */
    default void onSolverPass(int pass, int left, int points, double worst, double tolerance, String quantity) {
        onSolverPass(pass, left, points, worst, tolerance);
    }

    /**
     * A point stopped updating after {@code iterations} accepted steps: {@code beforeCap} when
     * every strength settled by the rule (converged, dropped, or stalled in its line search), false
     * when it reached the pass cap first.
     */
    default void onPointDone(String point, int iterations, boolean beforeCap) {}
}
