package org.layerprobe.probe;

/** Observes probe fitting, for progress displays; every method is a no-op by default. */
public interface ProbeMonitor {

    ProbeMonitor NONE = new ProbeMonitor() {};

    /** A phase begins: "standardise", "epoch 3", "evaluate"; {@code steps} batches follow. */
    default void onPhase(String phase, int steps) {}

    default void onStep(int step) {}

    /** A point stopped updating (converged or capped) after {@code epochs}. */
    default void onPointDone(String point, int epochs, boolean plateau) {}
}
