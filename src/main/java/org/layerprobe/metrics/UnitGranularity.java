package org.layerprobe.metrics;

/** What counts as one unit of a layer's state when measuring unit health. */
public enum UnitGranularity {
    /** Every element of the flattened per-sample state (a conv map: every channel x position). */
    ELEMENT,
    /**
     * Every channel, i.e. dimension 1 of a (N, C, ...) state, pooling its positions: a channel is
     * dead only when it is inactive at every position for every sample. For a (N, D) state this is
     * the same as {@link #ELEMENT}.
     */
    CHANNEL
}
