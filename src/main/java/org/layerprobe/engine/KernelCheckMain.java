package org.layerprobe.engine;

/**
 * The self-check as a process of its own: oneDNN reads its instruction-set cap once, at its
 * first kernel, so each rung of the ladder needs a fresh process. Prints the
 * {@link KernelCheckResult} as one JSON line on standard output.
 */
public final class KernelCheckMain {

    private KernelCheckMain() {}

    public static void main(String[] args) throws Exception {
        CheckAnswer.answer(args, ChildProcessCheck.REPEATS, ConvKernelCheck::run);
    }
}
