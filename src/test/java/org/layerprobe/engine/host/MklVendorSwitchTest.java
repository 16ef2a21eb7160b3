package org.layerprobe.engine.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The switch reads the cached answer's address off the exact instructions it recognises, and nothing else. */
class MklVendorSwitchTest {

    /** The first bytes of mkl_serv_intel_cpu_true in PyTorch 2.7.1's libtorch_cpu.so (objdump). */
    private static final byte[] PYTORCH_2_7_1 = {
        (byte) 0x8b,
        0x05,
        (byte) 0xba,
        (byte) 0xb4,
        (byte) 0x82,
        0x09,
        (byte) 0x85,
        (byte) 0xc0,
        0x78,
        0x01,
        (byte) 0xc3
    };

    @Test
    void theRecognisedLoadGivesTheRipRelativeOffset() {
        // mov eax, [rip + 0x0982b4ba] at 0xb466e70 reads 0x14c92330: 6 + 0x0982b4ba past the function.
        assertEquals(OptionalLong.of(6L + 0x0982b4baL), MklVendorSwitch.cachedAnswerOffset(PYTORCH_2_7_1));
        assertEquals(
                0x14c92330L - 0xb466e70L,
                MklVendorSwitch.cachedAnswerOffset(PYTORCH_2_7_1).getAsLong());
    }

    @Test
    void aNegativeDisplacementIsSignExtended() {
        byte[] head = PYTORCH_2_7_1.clone();
        head[2] = (byte) 0xf0;
        head[3] = (byte) 0xff;
        head[4] = (byte) 0xff;
        head[5] = (byte) 0xff;
        assertEquals(OptionalLong.of(6L - 16), MklVendorSwitch.cachedAnswerOffset(head));
    }

    @Test
    void anyOtherCodeIsLeftAlone() {
        for (int i = 0; i < PYTORCH_2_7_1.length; i++) {
            if (i >= 2 && i < 6) {
                continue; // the displacement itself may be anything
            }
            byte[] head = PYTORCH_2_7_1.clone();
            head[i] ^= 0x01;
            assertTrue(MklVendorSwitch.cachedAnswerOffset(head).isEmpty(), "byte " + i + " changed");
        }
        assertTrue(MklVendorSwitch.cachedAnswerOffset(new byte[4]).isEmpty());
    }
}
