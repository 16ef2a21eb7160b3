package org.layerprobe.engine.host;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.Optional;

/**
 * Stops PyTorch from asking for NNPACK where NNPACK cannot start.
 *
 * <p>Before a convolution PyTorch may ask whether its NNPACK backend is available, and where
 * NNPACK's own start-up rejects the CPU, every such question logs "Could not initialize NNPACK!
 * Reason: Unsupported hardware." On a Zen 5 EPYC that was 40 warnings in one quickstart, about a
 * backend that was never going to run. This asks NNPACK directly instead ({@code nnp_initialize},
 * which logs nothing and only reads the CPU's features). Where NNPACK fails to start, it turns off
 * PyTorch's NNPACK setting ({@code at::Context::setUserEnabledNNPACK(false)}), and PyTorch then
 * skips NNPACK without asking. PyTorch already skipped it after asking, so no convolution changes
 * and no number moves. Where NNPACK starts, nothing is touched.
 */
public final class NnpackSwitch {

    /** {@code nnp_status_success} in NNPACK's {@code nnp_status} enum. */
    private static final int SUCCESS = 0;

    private static volatile String state = "not checked (the engine was not loaded)";

    private NnpackSwitch() {}

    /** What this process found and did, for the provenance. */
    public static String state() {
        return state;
    }

    /** Asks NNPACK once and turns PyTorch's setting off if NNPACK cannot start; never throws. */
    public static void afterEngineLoaded() {
        state = apply();
    }

    private static String apply() {
        Optional<String> library = TorchLibrary.loaded();
        if (library.isEmpty()) {
            return "not checked (PyTorch's libtorch_cpu.so is not loaded in this process)";
        }
        try {
            NativeLibrary torch = NativeLibrary.getInstance(library.get());
            int status = torch.getFunction("nnp_initialize").invokeInt(new Object[0]);
            if (status == SUCCESS) {
                return "available";
            }
            Pointer context = torch.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
            Function setEnabled = torch.getFunction("_ZN2at7Context20setUserEnabledNNPACKEb");
            setEnabled.invokeVoid(new Object[] {context, Boolean.FALSE});
            return "unavailable on this CPU (NNPACK start-up status " + status
                    + "), so PyTorch's NNPACK setting is off and it stops asking";
        } catch (UnsatisfiedLinkError e) {
            return "not checked (this PyTorch build lacks a symbol: " + e.getMessage() + ")";
        }
    }
}
