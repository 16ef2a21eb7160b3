package org.layerprobe.experiment;

/** Observes a sweep: which configuration, which phase, how many are left. */
public interface SweepListener {

    SweepListener NONE = new SweepListener() {};

    /** Configuration {@code index} (1-based) of {@code total} starts; {@code skipped} were already done. */
    default void onConfig(int index, int total, RunConfig config, boolean resumed) {}

    /** A phase of the current configuration: train, probe trained, probe init. */
    default void onPhase(String phase) {}

    default void onConfigDone(int index, int total, RunConfig config, double seconds) {}
}
