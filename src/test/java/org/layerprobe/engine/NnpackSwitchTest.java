package org.layerprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;
import org.layerprobe.engine.host.NnpackSwitch;
import org.layerprobe.engine.host.TorchLibrary;

/** PyTorch's NNPACK setting is off exactly where NNPACK cannot start, and the provenance says which. */
class NnpackSwitchTest {

    @Test
    void pytorchsNnpackSettingFollowsWhetherNnpackStarts() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(2, 2)); // loads the engine through the kernel guard
            assertEquals(4f, x.sum().getFloat(), 0f);
        }
        NativeLibrary torch = NativeLibrary.getInstance(TorchLibrary.loaded().orElseThrow());
        boolean starts = torch.getFunction("nnp_initialize").invokeInt(new Object[0]) == 0;
        Pointer context = torch.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
        boolean enabled =
                (torch.getFunction("_ZNK2at7Context17userEnabledNNPACKEv").invokeInt(new Object[] {context}) & 0xff)
                        != 0;
        assertEquals(starts, enabled, "NNPACK starts: " + starts + ", PyTorch's setting: " + enabled);
        String state = NnpackSwitch.state();
        assertTrue(starts ? state.equals("available") : state.startsWith("unavailable on this CPU"), state);
        assertTrue(KernelGuard.current().provenance().get("nnpack").equals(state));
    }
}
