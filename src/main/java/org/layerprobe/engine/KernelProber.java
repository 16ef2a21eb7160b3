package org.layerprobe.engine;

/** Runs the convolution self-check with oneDNN capped at one rung. */
@FunctionalInterface
interface KernelProber {

    KernelCheckResult check(IsaCap cap);
}
