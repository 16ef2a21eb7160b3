package org.layerprobe.train;

import ai.djl.nn.Block;

/**
 * Observes a training run: progress display, gradient statistics. Every method has a no-op
 * default, so an observer implements only what it needs.
 */
public interface TrainingMonitor {

    /** Does nothing; for tests and batch jobs. */
    TrainingMonitor NONE = new TrainingMonitor() {};

    default void onEpochStart(int epoch, int epochs, int batches) {}

    /** Called after every step with that batch's loss and accuracy. */
    default void onBatch(int batch, double loss, double accuracy) {}

    /**
     * Called after backward and before the optimizer step, while every parameter holds its
     * gradient for this batch.
     */
    default void afterBackward(Block block) {}

    default void onEpochEnd(EpochStats stats) {}

    /** A finished run that something is wrong with, said before its results are used. */
    default void onWarning(String message) {}
}
