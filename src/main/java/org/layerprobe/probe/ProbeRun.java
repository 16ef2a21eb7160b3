package org.layerprobe.probe;

import java.util.List;
import java.util.Map;
import org.layerprobe.probe.solver.PassWork;
import org.layerprobe.probe.solver.ProbeWeights;

/**
 * Probes of one network with where the time went.
 *
 * @param results one per probed point, in forward order
 * @param stateMode how states were held: cached (dtype, size) or streamed
 * @param forwardSeconds time in forward passes producing states
 * @param cachingSeconds time storing training states in the cache and gathering their
 *     standardisation statistics, beyond the forward passes (0 when streaming)
 * @param probeSeconds time in probe updates
 * @param evaluationSeconds time the final evaluation spent scoring states, beyond the forward
 *     passes
 * @param totalSeconds wall time of the whole probing
 * @param weights the fitted probes by point, when the caller asked to keep them (else empty)
 * @param work the products' work of each point's solver and certificate passes, by point
 */
public record ProbeRun(
        List<ProbeResult> results,
        String stateMode,
        double forwardSeconds,
        double cachingSeconds,
        double probeSeconds,
        double evaluationSeconds,
        double totalSeconds,
        Map<String, ProbeWeights> weights,
        Map<String, PassWork> work) {

    /**
     * Time in none of the above: moving states between batches and blocks, statistics when
     * streaming, folding parameters and the solver's own vector work.
     */
    public double otherSeconds() {
        return totalSeconds - forwardSeconds - cachingSeconds - probeSeconds - evaluationSeconds;
    }
}
