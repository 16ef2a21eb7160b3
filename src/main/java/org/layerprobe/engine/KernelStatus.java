package org.layerprobe.engine;

import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.layerprobe.engine.host.NnpackSwitch;

/**
 * What this process's engine computes with: the kernel verdict, its in-process confirmation and
 * the threads. Numbers differ across kernels and thread counts (another summation order), so
 * this goes into every manifest, model-cache sidecar and run key.
 *
 * @param verdict the instruction-set cap and why
 * @param confirmation the short self-check run in this process, when it ran
 */
public record KernelStatus(KernelVerdict verdict, Optional<KernelCheckResult> confirmation) {

    /** PyTorch's intra-op threads (the engine is loaded by the time a status exists). */
    public int intraOpThreads() {
        return JniUtils.getNumThreads();
    }

    public int interOpThreads() {
        return JniUtils.getNumInteropThreads();
    }

    /**
     * The part of a run key and model-cache key: the kernels' instruction-set cap, so numbers from
     * faulty and from capped kernels never mix. The thread count changes only the last digits
     * (another summation order) and is left to the provenance: in the key it would make a
     * merge job or a later {@code report DIR} with other thread settings miss every stored row.
     */
    public Map<String, Object> numbersKey() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("onednn_isa_cap", verdict.isaCap());
        return m;
    }

    /** Everything, for manifests and sidecars. */
    public Map<String, Object> provenance() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(
                "cpu",
                verdict.machine().cpuModel() + " (family/model "
                        + verdict.machine().cpuFamily() + ", "
                        + verdict.machine().cores() + " cores)");
        m.put("onednn_isa_cap", verdict.isaCap());
        m.put("source", verdict.source());
        m.put("self_check", verdict.describe());
        if (!verdict.checkedAt().isEmpty()) {
            m.put("checked_at", verdict.checkedAt());
        }
        confirmation.ifPresent(c -> m.put("confirmed_in_process", c.describe()));
        m.put("mkl_kernels", MklDispatch.kernels());
        m.put("nnpack", NnpackSwitch.state());
        m.put("intra_op_threads", intraOpThreads());
        m.put("inter_op_threads", interOpThreads());
        m.put("thread_settings", verdict.machine().threadSettings());
        m.put("pytorch_build", verdict.machine().pytorch());
        return m;
    }
}
