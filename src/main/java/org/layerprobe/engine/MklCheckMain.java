package org.layerprobe.engine;

import ai.djl.engine.Engine;
import org.layerprobe.engine.host.MklVendorSwitch;

/**
 * The MKL self-check as a process of its own: MKL chooses its kernels once, at its first
 * product, so the kernels chosen with the vendor check answered as for Intel can only be tried
 * in a fresh process, with the same settings as the processes that will use them. Prints the
 * {@link KernelCheckResult} as one JSON line on standard output.
 */
public final class MklCheckMain {

    private MklCheckMain() {}

    public static void main(String[] args) throws Exception {
        CheckAnswer.answer(args, MklDispatch.REPEATS, repeats -> {
            Engine.getInstance();
            return MklVendorSwitch.switchOn()
                    .map(why -> new KernelCheckResult(false, 0, 0, Double.NaN, "not switched: " + why))
                    .orElseGet(() -> GemmCheck.run(repeats));
        });
    }
}
