package org.layerprobe.experiment;

/** Observes a sweep: which configuration, which phase, how many are left, who else is at work. */
public interface SweepListener {

    SweepListener NONE = new SweepListener() {};

    /**
     * Configuration {@code index} (1-based) of the {@code total} this process runs starts;
     * {@code resumed}: its rows under the same settings were already stored, and are reused.
     */
    default void onConfig(int index, int total, RunConfig config, boolean resumed) {}

    /** A phase of the current configuration: train, probe trained, probe init. */
    default void onPhase(String phase) {}

    default void onConfigDone(int index, int total, RunConfig config, double seconds) {}

    /** Another process holds the configuration's lock: this one moves on and comes back to it. */
    default void onBusyElsewhere(RunConfig config, String holder) {}

    /** Something the user should know that does not stop the sweep (a damaged result file moved aside). */
    default void onWarning(String message) {}
}
