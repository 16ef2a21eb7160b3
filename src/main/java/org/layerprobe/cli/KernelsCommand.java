package org.layerprobe.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.layerprobe.engine.KernelGuard;
import org.layerprobe.engine.KernelStatus;
import org.layerprobe.engine.KernelVerdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code layerprobe kernels}: the engine's kernel self-check, its verdict and what runs. */
@Command(
        name = "kernels",
        mixinStandardHelpOptions = true,
        description = {
            "Show which oneDNN convolution kernels the engine runs on this machine and why: the"
                    + " self-check against a float64 reference, per instruction-set cap, and the cap"
                    + " applied (see docs/kernels.md).",
            "LAYERPROBE_KERNELS=off skips the check; LAYERPROBE_KERNELS=AVX2 (or another cap) forces a cap.",
            "mkl_kernels says which kernels MKL runs the matrix products with: on an AMD CPU with AVX-512, its"
                    + " AVX-512 kernels once they pass their own self-check; LAYERPROBE_MKL=off keeps MKL's choice."
        })
public class KernelsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--recheck",
            description = "Forget this machine's stored verdicts (convolutions and MKL) and run the self-checks again.")
    private boolean recheck;

    @Override
    public Integer call() {
        if (recheck && KernelGuard.forgetStoredVerdict()) {
            spec.commandLine().getErr().println("forgot the stored verdict for this machine");
        }
        KernelStatus status = KernelGuard.current();
        KernelVerdict v = status.verdict();
        PrintWriter out = spec.commandLine().getOut();
        out.println("verdict: " + v.describe());
        for (KernelVerdict.Rung r : v.tried()) {
            out.printf("  %-12s %s%n", r.isaCap(), r.result().describe());
        }
        status.provenance().forEach((k, val) -> out.printf("%s: %s%n", k, val));
        out.flush();
        return 0;
    }
}
