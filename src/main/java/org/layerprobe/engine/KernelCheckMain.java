package org.layerprobe.engine;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The self-check as a process of its own: oneDNN reads its instruction-set cap once, at its
 * first kernel, so each rung of the ladder needs a fresh process. Prints the
 * {@link KernelCheckResult} as one JSON line on standard output.
 */
public final class KernelCheckMain {

    private KernelCheckMain() {}

    public static void main(String[] args) throws Exception {
        // This process is the check: no recursion, and MKL's kernels play no part in convolutions.
        System.setProperty(KernelGuard.MODE_PROPERTY, "off");
        System.setProperty(MklDispatch.MODE_PROPERTY, "off");
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : ChildProcessCheck.REPEATS;
        KernelCheckResult result = ConvKernelCheck.run(repeats);
        System.out.println(new ObjectMapper().writeValueAsString(result));
        System.out.flush();
    }
}
