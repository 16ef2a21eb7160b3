package org.layerprobe.engine;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The MKL self-check as a process of its own: MKL chooses its kernels once, at its first
 * product, so the kernels chosen with the vendor check answered as for Intel can only be tried
 * in a fresh process, with the same settings as the processes that will use them. Prints the {@link KernelCheckResult} as one JSON line on standard output.
 */
public final class MklCheckMain {

    private MklCheckMain() {}

    public static void main(String[] args) throws Exception {
        // This process is the check: no convolution check, no MKL decision, no recursion.
        System.setProperty(KernelGuard.MODE_PROPERTY, "off");
        System.setProperty(MklDispatch.MODE_PROPERTY, "off");
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : MklDispatch.REPEATS;
        Engine.getInstance();
        KernelCheckResult result = MklDispatch.switchOn()
                .map(why -> new KernelCheckResult(false, 0, 0, Double.NaN, "not switched: " + why))
                .orElseGet(() -> GemmCheck.run(repeats));
        System.out.println(new ObjectMapper().writeValueAsString(result));
        System.out.flush();
    }
}
