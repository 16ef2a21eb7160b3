package org.layerprobe.probe.states;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * Hidden states of one batch of samples at every probed point, flattened (and reduced) to
 * (batch, features) float32 arrays, with the samples' labels.
 */
public record StateBatch(Map<String, NDArray> states, int[] labels) {}
