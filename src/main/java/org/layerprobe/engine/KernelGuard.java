package org.layerprobe.engine;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.layerprobe.LayerprobeException;
import org.layerprobe.engine.host.MachineFingerprint;
import org.layerprobe.engine.host.NativeEnvironment;
import org.layerprobe.engine.host.NnpackSwitch;

/**
 * Makes sure the engine's convolution kernels compute what they should before anything trains on
 * them. Before PyTorch's first operator it decides oneDNN's instruction-set cap (from the verdict
 * stored for this machine, or by running the self-check once per rung in fresh processes) and
 * sets it in the C environment, where oneDNN reads it at its first kernel. Once the engine is
 * loaded, a short self-check in this process confirms the cap took effect. Where no cap gives
 * correct kernels it refuses, so no number is ever computed on them.
 *
 * <p>{@link GuardedPyTorchProvider} calls it on every route to DJL's default engine, so the
 * launcher, {@code java -jar}, SLURM tasks and library use are all covered. Set
 * {@code LAYERPROBE_KERNELS} (or {@code -Dlayerprobe.kernels}) to {@code off} to skip it, or to a
 * cap ({@code AVX2}, ...) to force one.
 */
public final class KernelGuard {

    static final String MODE_PROPERTY = "layerprobe.kernels";

    private static volatile boolean ready;
    private static KernelVerdict verdict;
    private static KernelCheckResult confirmation;
    private static boolean confirming;
    private static LayerprobeException refusal;

    private KernelGuard() {}

    /**
     * Decides and applies the cap; must run before PyTorch's first operator. Every
     * {@code Engine.getInstance()} passes here, so once the engine is confirmed it returns
     * without taking the lock.
     */
    static void beforeFirstOperator() {
        if (!ready) {
            decideOnce();
        }
    }

    private static synchronized void decideOnce() {
        if (refusal != null) {
            throw refusal;
        }
        if (verdict != null) {
            return;
        }
        try {
            Optional<SimulatedFaults> simulated = SimulatedFaults.fromProperty();
            // Simulated verdicts are never stored: they would stand for the real machine's.
            verdict = decide(
                    mode(),
                    MachineFingerprint.current(),
                    Optional.ofNullable(System.getenv("ONEDNN_MAX_CPU_ISA")),
                    simulated.isPresent() ? null : KernelVerdictStore.defaultStore(),
                    simulated.map(f -> f.wrap(new ChildProcessCheck())).orElseGet(ChildProcessCheck::new));
        } catch (LayerprobeException e) {
            refusal = e;
            throw e;
        }
        if (!verdict.source().equals("environment") && !verdict.isaCap().equals(IsaCap.NONE.label())) {
            NativeEnvironment.set("ONEDNN_MAX_CPU_ISA", verdict.isaCap());
        }
    }

    /** Confirms, in this process, that the kernels now pass; called once the engine is loaded. */
    static void afterEngineLoaded() {
        if (ready) {
            return;
        }
        synchronized (KernelGuard.class) {
            if (refusal != null) {
                throw refusal;
            }
            if (ready || confirming) {
                return; // the confirmation itself reaches the engine again
            }
            confirming = true;
            try {
                // MKL chooses its kernels at its first product, so before any check computes one.
                MklDispatch.afterEngineLoaded(verdict.machine());
                NnpackSwitch.afterEngineLoaded();
            } catch (LayerprobeException e) {
                refusal = e;
                throw e;
            } finally {
                confirming = false;
            }
            if (verdict.source().equals("off")) {
                ready = true;
                return;
            }
            confirming = true;
            try {
                IsaCap cap = IsaCap.parse(verdict.isaCap()).orElse(IsaCap.NONE);
                confirmation =
                        SimulatedFaults.fromProperty().map(f -> f.faulty(cap)).orElse(false)
                                ? KernelCheckResult.simulatedFault()
                                : ConvKernelCheck.run(1);
                if (!confirmation.passed()) {
                    refusal = LayerprobeException.withFix(
                            "the engine's convolution kernels give wrong results in this process with oneDNN capped at "
                                    + verdict.isaCap() + " (" + verdict.source() + "): " + confirmation.describe()
                                    + "; layerprobe will not train or probe on them",
                            "unset ONEDNN_MAX_CPU_ISA and LAYERPROBE_KERNELS so the self-check picks the cap,"
                                    + " or run `layerprobe kernels --recheck`");
                    throw refusal;
                }
                ready = true;
            } finally {
                confirming = false;
            }
        }
    }

    /**
     * What this process's engine computes with, loading the engine (through the guard) if it is
     * not yet loaded. When the engine was reached around the guard, the verdict says so
     * ({@code unguarded}).
     */
    public static KernelStatus current() {
        Engine.getInstance();
        synchronized (KernelGuard.class) {
            KernelVerdict v = verdict != null
                    ? verdict
                    : new KernelVerdict(
                            System.getenv().getOrDefault("ONEDNN_MAX_CPU_ISA", IsaCap.NONE.label()),
                            "unguarded",
                            MachineFingerprint.current(),
                            List.of(),
                            "");
            return new KernelStatus(v, Optional.ofNullable(confirmation));
        }
    }

    /** Drops the stored verdicts (convolutions and MKL) for this machine so the next process checks again. */
    public static boolean forgetStoredVerdict() {
        try {
            KernelVerdictStore store = KernelVerdictStore.defaultStore();
            MachineFingerprint machine = MachineFingerprint.current();
            boolean mkl = Files.deleteIfExists(store.mklFile(machine));
            return Files.deleteIfExists(store.file(machine)) | mkl;
        } catch (IOException e) {
            throw new LayerprobeException("cannot delete the stored kernel verdict: " + e.getMessage());
        }
    }

    /**
     * The verdict for {@code machine}: the user's setting, the stored verdict, or the self-check's
     * ladder from the widest kernels down. {@code store} may be null (nothing read or written).
     */
    static KernelVerdict decide(
            String mode,
            MachineFingerprint machine,
            Optional<String> environmentCap,
            KernelVerdictStore store,
            KernelProber prober) {
        if (mode.equals("off")) {
            return new KernelVerdict(environmentCap.orElse(IsaCap.NONE.label()), "off", machine, List.of(), "");
        }
        if (environmentCap.isPresent()) {
            return new KernelVerdict(environmentCap.get(), "environment", machine, List.of(), "");
        }
        if (!mode.equals("auto")) {
            IsaCap cap = IsaCap.parse(mode)
                    .orElseThrow(() -> LayerprobeException.withFix(
                            "LAYERPROBE_KERNELS is '" + mode
                                    + "', which is neither auto, off nor an instruction-set cap",
                            "set it to auto (the default), off, or one of " + IsaCap.choices()));
            return new KernelVerdict(cap.label(), "forced", machine, List.of(), "");
        }
        if (store != null) {
            Optional<KernelVerdict> stored = store.read(machine);
            if (stored.isPresent()) {
                KernelVerdict v = stored.get();
                return new KernelVerdict(v.isaCap(), "cached", machine, v.tried(), v.checkedAt());
            }
        }
        System.err.println("layerprobe: checking the engine's convolution kernels on this CPU (" + machine.cpuModel()
                + "; once per machine)...");
        List<KernelVerdict.Rung> tried = new ArrayList<>();
        for (IsaCap cap : IsaCap.values()) {
            KernelCheckResult result = prober.check(cap);
            tried.add(new KernelVerdict.Rung(cap.label(), result));
            if (result.passed()) {
                KernelVerdict v = new KernelVerdict(
                        cap.label(), "checked", machine, tried, Instant.now().toString());
                if (store != null) {
                    store.write(v);
                }
                if (v.workaround()) {
                    System.err.println("layerprobe: " + v.describe() + " (ONEDNN_MAX_CPU_ISA=" + cap.label()
                            + "); see docs/kernels.md");
                }
                return v;
            }
        }
        StringBuilder found = new StringBuilder();
        tried.forEach(r -> found.append("\n    ")
                .append(r.isaCap())
                .append(": ")
                .append(r.result().describe()));
        throw LayerprobeException.withFix(
                "the engine's convolution kernels give wrong results on this CPU ("
                        + machine.cpuModel() + ", family/model " + machine.cpuFamily()
                        + ") at every instruction-set cap tried;"
                        + " layerprobe will not train or probe on them:" + found,
                "run on another machine, and report the CPU model with the lines above; LAYERPROBE_KERNELS=off"
                        + " skips the check at your own risk");
    }

    private static String mode() {
        String m = GuardSetting.read(MODE_PROPERTY, "LAYERPROBE_KERNELS");
        // auto and off are words; a cap keeps its spelling for IsaCap.parse and the messages.
        return m.equalsIgnoreCase("auto") || m.equalsIgnoreCase("off") ? m.toLowerCase(Locale.ROOT) : m;
    }
}
