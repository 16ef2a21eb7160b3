package org.layerprobe.engine.host;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Tells the MKL inside the loaded PyTorch build that the CPU is one of Intel's, so that it
 * chooses its kernels by the CPU's instruction sets (AVX-512 where present) rather than sending
 * every other vendor's CPU down its AVX2 path.
 *
 * <p>MKL asks {@code mkl_serv_intel_cpu_true()}, which reads the CPU vendor once and keeps the
 * answer in a static int ({@code -1} until asked). This sets that int to 1 before MKL's first
 * product. It touches memory only where the function's first instructions are exactly the ones
 * of the build it was written against ({@code mov eax, [rip + d]; test eax, eax; js; ret}), so
 * that the int's address is read off the instruction itself; any other build is left alone.
 */
public final class MklVendorSwitch {

    /** The symbol MKL's dispatcher calls, exported by {@code libtorch_cpu.so}. */
    static final String SYMBOL = "mkl_serv_intel_cpu_true";

    /** {@code mov eax, [rip + disp32]}: opcode 8B, ModRM 05. */
    private static final byte[] LOAD = {(byte) 0x8b, (byte) 0x05};

    /** {@code test eax, eax; js +1; ret}: the cached answer is returned unless negative. */
    private static final byte[] THEN = {(byte) 0x85, (byte) 0xc0, (byte) 0x78, (byte) 0x01, (byte) 0xc3};

    /** Bytes of the function's start that {@link #cachedAnswerOffset} reads. */
    static final int HEAD = LOAD.length + 4 + THEN.length;

    private MklVendorSwitch() {}

    /**
     * Where the cached answer lies, relative to the function's address, when {@code head} (the
     * function's first {@link #HEAD} bytes) is the recognised sequence.
     */
    public static OptionalLong cachedAnswerOffset(byte[] head) {
        if (head.length < HEAD || head[0] != LOAD[0] || head[1] != LOAD[1]) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < THEN.length; i++) {
            if (head[6 + i] != THEN[i]) {
                return OptionalLong.empty();
            }
        }
        int disp = (head[2] & 0xff) | (head[3] & 0xff) << 8 | (head[4] & 0xff) << 16 | (head[5] & 0xff) << 24;
        // rip-relative: from the end of the 6-byte load.
        return OptionalLong.of(6L + disp);
    }

    /**
     * Sets the answer to "Intel" in this process. Empty when done; otherwise why not (no PyTorch
     * library loaded, an unrecognised build, or MKL had already answered).
     */
    public static Optional<String> apply() {
        Optional<String> library = TorchLibrary.loaded();
        if (library.isEmpty()) {
            return Optional.of("PyTorch's libtorch_cpu.so is not loaded in this process");
        }
        Function f;
        try {
            f = NativeLibrary.getInstance(library.get()).getFunction(SYMBOL);
        } catch (UnsatisfiedLinkError e) {
            return Optional.of("this PyTorch build has no " + SYMBOL);
        }
        OptionalLong offset = cachedAnswerOffset(f.getByteArray(0, HEAD));
        if (offset.isEmpty()) {
            return Optional.of("this PyTorch build's " + SYMBOL + " is not the one recognised");
        }
        Pointer answer = new Pointer(Pointer.nativeValue(f) + offset.getAsLong());
        if (answer.getInt(0) >= 0) {
            return Optional.of("MKL had already chosen its kernels in this process");
        }
        answer.setInt(0, 1);
        return f.invokeInt(new Object[0]) == 1
                ? Optional.empty()
                : Optional.of(SYMBOL + " did not return the value set");
    }

    /** MKL's strict reproducibility mode on its automatically chosen code path. */
    static final String CBWR = "AUTO,STRICT";

    /**
     * Answers MKL's vendor check as for Intel and sets its strict reproducibility mode, both read at
     * MKL's first product; empty when done, otherwise why not (nothing is changed then).
     */
    public static Optional<String> switchOn() {
        Optional<String> notSwitched = apply();
        if (notSwitched.isEmpty() && NativeEnvironment.get("MKL_CBWR").isEmpty()) {
            // The AVX-512 kernels round differently with the inputs' alignment: arrays made from
            // Java arrays are 16-byte aligned, at addresses that differ from process to process, and
            // the same probe gave other last digits in another process. Strict conditional numerical
            // reproducibility gives the same bits whatever the alignment.
            NativeEnvironment.set("MKL_CBWR", CBWR);
        }
        return notSwitched;
    }
}
