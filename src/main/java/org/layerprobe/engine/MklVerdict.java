package org.layerprobe.engine;

import org.layerprobe.engine.host.MachineFingerprint;

/**
 * What the MKL self-check found on one machine, run once in a fresh process with MKL's vendor
 * check answered as for Intel ({@link MklDispatch}).
 *
 * @param check the matrix products against the float64 reference ({@link GemmCheck}); when the
 *     switch could not be made, a failed result naming why
 * @param machine what the verdict is valid for
 * @param checkedAt when the check ran (ISO-8601)
 */
public record MklVerdict(KernelCheckResult check, MachineFingerprint machine, String checkedAt) {

    /** Whether MKL's AVX-512 kernels may run on this machine. */
    public boolean passed() {
        return check.passed();
    }
}
