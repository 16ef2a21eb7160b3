package org.layerprobe.engine;

import java.util.List;
import org.layerprobe.engine.host.MachineFingerprint;

/**
 * Which oneDNN instruction-set cap this process's engine runs with, and why.
 *
 * @param isaCap the cap's label ({@code none} when uncapped), as oneDNN reads it
 * @param source {@code checked} (the self-check ran now), {@code cached} (an earlier check on this
 *     machine), {@code forced} ({@code LAYERPROBE_KERNELS=<cap>}), {@code environment}
 *     ({@code ONEDNN_MAX_CPU_ISA} set by the user), {@code off} (no check, no cap) or
 *     {@code unguarded} (the engine was reached around the guard)
 * @param machine what the verdict is valid for
 * @param tried every rung the self-check tried, from the top down, with what it found
 * @param checkedAt when the self-check ran (ISO-8601), or empty when it did not
 */
public record KernelVerdict(
        String isaCap, String source, MachineFingerprint machine, List<Rung> tried, String checkedAt) {

    /** One rung of the ladder and its self-check. */
    public record Rung(String isaCap, KernelCheckResult result) {}

    public KernelVerdict {
        tried = List.copyOf(tried);
    }

    /** Whether the self-check (now or earlier, on this machine) vouches for the kernels. */
    public boolean checked() {
        return source.equals("checked") || source.equals("cached");
    }

    /** Whether the self-check found the uncapped kernels faulty, so a cap is a workaround. */
    public boolean workaround() {
        return checked() && !isaCap.equals(IsaCap.NONE.label());
    }

    /** A sentence for messages: which kernels run and on what grounds. */
    public String describe() {
        return switch (source) {
            case "off" -> "the engine's convolution kernels were not checked (LAYERPROBE_KERNELS=off)";
            case "unguarded" ->
                "the engine's convolution kernels were not checked (the engine was reached"
                        + " around layerprobe's guard, e.g. with -Dai.djl.default_engine=PyTorch)";
            case "forced" -> "oneDNN capped at " + isaCap + " by LAYERPROBE_KERNELS, without the self-check";
            case "environment" -> "oneDNN capped at " + isaCap + " by ONEDNN_MAX_CPU_ISA, without the self-check";
            default ->
                workaround()
                        ? "the uncapped oneDNN convolution kernels failed the self-check on this CPU ("
                                + tried.get(0).result().describe() + "), so they run capped at " + isaCap
                        : "the oneDNN convolution kernels passed the self-check on this CPU";
        };
    }
}
