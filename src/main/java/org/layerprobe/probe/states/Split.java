package org.layerprobe.probe.states;

/** Which part of the data a batch of states comes from. */
public enum Split {
    TRAIN,
    VALIDATION,
    TEST
}
