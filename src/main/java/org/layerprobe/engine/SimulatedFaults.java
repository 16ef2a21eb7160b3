package org.layerprobe.engine;

import java.util.Optional;

/**
 * Testing only: pretends the kernels above a rung are faulty, so that the workaround and the
 * refusal can be shown on a machine whose kernels are sound. Set by
 * {@code -Dlayerprobe.kernels.simulateFaultAbove=CAP} (rungs wider than CAP fail) or {@code =every}.
 *
 * @param healthyFrom the widest rung that runs for real; empty when every rung fails
 */
record SimulatedFaults(Optional<IsaCap> healthyFrom) {

    static final String PROPERTY = "layerprobe.kernels.simulateFaultAbove";

    /** The faults this process simulates, if any. */
    static Optional<SimulatedFaults> fromProperty() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        if (v.trim().equalsIgnoreCase("every")) {
            return Optional.of(new SimulatedFaults(Optional.empty()));
        }
        return Optional.of(new SimulatedFaults(Optional.of(IsaCap.parse(v)
                .orElseThrow(() ->
                        new IllegalArgumentException(PROPERTY + " must be every or one of " + IsaCap.choices())))));
    }

    boolean faulty(IsaCap cap) {
        return healthyFrom.map(h -> cap.ordinal() < h.ordinal()).orElse(true);
    }

    /** {@code real}, except that faulty rungs report a fault without running. */
    KernelProber wrap(KernelProber real) {
        return cap -> faulty(cap) ? KernelCheckResult.simulatedFault() : real.check(cap);
    }
}
