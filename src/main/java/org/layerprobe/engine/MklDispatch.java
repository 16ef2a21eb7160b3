package org.layerprobe.engine;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.layerprobe.LayerprobeException;
import org.layerprobe.engine.host.CpuInfo;
import org.layerprobe.engine.host.MachineFingerprint;
import org.layerprobe.engine.host.MklVendorSwitch;
import org.layerprobe.engine.host.NativeEnvironment;

/**
 * Which kernels MKL runs the engine's float32 matrix products with: every probe pass is two of
 * them. MKL 2024.0 (inside PyTorch 2.7.1's CPU build) sends CPUs of other vendors down its AVX2
 * path whatever they support; on an AMD EPYC of the Zen 5 generation its AVX-512 kernels ran a
 * 2,048^3 product at 357-382 GFLOPS against 137-172 on the AVX2 path (docs/kernels.md).
 *
 * <p>On an AMD CPU with AVX-512 (setting {@code auto}, the default), layerprobe checks MKL's
 * AVX-512 products once per machine in a fresh process against a float64 reference
 * ({@link GemmCheck}), stores the verdict beside the convolution kernels' one, and where they
 * pass answers MKL's vendor check as for Intel ({@link MklVendorSwitch}) before the first
 * product, confirming in process. {@code LAYERPROBE_MKL=off} (or {@code -Dlayerprobe.mkl=off})
 * leaves MKL's own choice. The kernels change only the products' rounding (another summation
 * order, like the thread count), so they go into the provenance, not the run keys.
 */
public final class MklDispatch {

    static final String MODE_PROPERTY = "layerprobe.mkl";

    /** Each case this many times in the once-per-machine check. */
    static final int REPEATS = 3;

    /** What MKL's AVX-512 path needs beyond AVX2 (the foundation, doubleword/quadword, byte/word, vector length). */
    static final List<String> AVX512_FLAGS = List.of("avx512f", "avx512dq", "avx512bw", "avx512vl");

    private static String kernels = "not decided (engine not loaded)";

    private MklDispatch() {}

    /** The decision for one process. */
    record Decision(boolean switchVendor, String why, MklVerdict toStore) {}

    /**
     * Decides and, where MKL's AVX-512 kernels are vouched for, switches them on and confirms them;
     * called by {@link KernelGuard} once the engine is loaded, before its first operator, with the
     * fingerprint of this machine it has already taken.
     */
    static synchronized void afterEngineLoaded(MachineFingerprint machine) {
        KernelVerdictStore store = KernelVerdictStore.defaultStore();
        Decision d = decide(
                mode(),
                ineligibility(System.getProperty("os.name", ""), System.getProperty("os.arch", ""), CpuInfo.read()),
                store.readMkl(machine),
                () -> {
                    System.err.println("layerprobe: checking MKL's AVX-512 matrix products on this CPU ("
                            + machine.cpuModel() + "; once per machine)...");
                    return new MklVerdict(
                            ChildProcessCheck.inFreshJvm(
                                    MklCheckMain.class, REPEATS, env -> env.remove("LAYERPROBE_MKL")),
                            machine,
                            Instant.now().toString());
                });
        if (d.toStore() != null) {
            store.writeMkl(d.toStore());
        }
        if (!d.switchVendor()) {
            kernels = "MKL's own choice (" + d.why() + ")";
            return;
        }
        Optional<String> notSwitched = MklVendorSwitch.switchOn();
        if (notSwitched.isPresent()) {
            kernels = "MKL's own choice (" + notSwitched.get() + ")";
            return;
        }
        KernelCheckResult confirmation = GemmCheck.run(1);
        if (!confirmation.passed()) {
            throw LayerprobeException.withFix(
                    "MKL's AVX-512 matrix products give wrong results in this process: " + confirmation.describe()
                            + "; layerprobe will not train or probe on them",
                    "set LAYERPROBE_MKL=off to keep MKL's own choice of kernels, and run `layerprobe kernels"
                            + " --recheck`");
        }
        kernels = "AVX-512 (MKL's vendor check answered as for Intel, MKL_CBWR="
                + NativeEnvironment.get("MKL_CBWR").orElse("") + "; " + d.why() + "; confirmed in process: "
                + confirmation.describe() + ")";
    }

    /** What this process's MKL runs, for the provenance. */
    static synchronized String kernels() {
        return kernels;
    }

    /**
     * The decision for a CPU: {@code ineligible} says why MKL's own choice stands (empty on an
     * AMD CPU with AVX-512); {@code stored} is this machine's earlier verdict; {@code check} runs the
     * once-per-machine check when there is none.
     */
    static Decision decide(
            String mode, Optional<String> ineligible, Optional<MklVerdict> stored, Supplier<MklVerdict> check) {
        if (mode.equals("off")) {
            return new Decision(false, "LAYERPROBE_MKL=off", null);
        }
        if (!mode.equals("auto")) {
            throw LayerprobeException.withFix(
                    "LAYERPROBE_MKL is '" + mode + "', which is neither auto nor off",
                    "set it to auto (the default) or off");
        }
        if (ineligible.isPresent()) {
            return new Decision(false, ineligible.get(), null);
        }
        MklVerdict v = stored.orElseGet(check);
        MklVerdict toStore = stored.isPresent() ? null : v;
        String when = stored.isPresent() ? "self-check on " + v.checkedAt() : "self-check now";
        return v.passed()
                ? new Decision(true, when + ": " + v.check().describe(), toStore)
                : new Decision(
                        false,
                        "its AVX-512 kernels failed the " + when + ": "
                                + v.check().describe(),
                        toStore);
    }

    /** Why MKL's own choice stands on this CPU, or empty for an AMD x86-64 CPU with AVX-512 under Linux. */
    static Optional<String> ineligibility(String osName, String osArch, CpuInfo cpu) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")
                || !(osArch.equals("amd64") || osArch.equals("x86_64"))) {
            return Optional.of("not x86-64 Linux");
        }
        if (!cpu.vendor().equals("AuthenticAMD")) {
            return Optional.of(cpu.vendor().equals("GenuineIntel") ? "an Intel CPU" : "not an AMD CPU");
        }
        if (!cpu.flagSet().containsAll(AVX512_FLAGS)) {
            return Optional.of("an AMD CPU without AVX-512");
        }
        return Optional.empty();
    }

    private static String mode() {
        return GuardSetting.read(MODE_PROPERTY, "LAYERPROBE_MKL").toLowerCase(Locale.ROOT);
    }
}
