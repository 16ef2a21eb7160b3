package org.layerprobe.probe;

import java.util.List;

/**
 * Probes of one network with where the time went.
 *
 * @param results one per probed point, in forward order
 * @param stateMode how states were held: cached (dtype, size) or streamed
 * @param forwardSeconds time in forward passes producing states
 * @param probeSeconds time in probe updates
 * @param evaluationSeconds time in the final evaluation passes (includes their forward passes
 *     when streaming)
 * @param totalSeconds wall time of the whole probing
 */
public record ProbeRun(
        List<ProbeResult> results,
        String stateMode,
        double forwardSeconds,
        double probeSeconds,
        double evaluationSeconds,
        double totalSeconds) {}
