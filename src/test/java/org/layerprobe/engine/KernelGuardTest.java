package org.layerprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.LayerprobeException;
import org.layerprobe.engine.host.MachineFingerprint;

/** The guard's decision: the ladder of caps, the stored verdict, the user's settings, the refusal. */
class KernelGuardTest {

    private static final MachineFingerprint MACHINE =
            new MachineFingerprint("Test CPU", "26/2", "abcdef012345", 2, "OMP_NUM_THREADS=-", "2.7.1 cpu");

    private static final KernelCheckResult PASS = new KernelCheckResult(true, 42, 0, 3e-7, "4->8 ch 14x14: output");
    private static final KernelCheckResult FAIL =
            new KernelCheckResult(false, 42, 20, Double.NaN, "4->8 ch 14x14: input gradient");

    /** A prober whose kernels fail at the given caps, recording what it was asked. */
    private static KernelProber faultyAt(Set<IsaCap> faulty, List<IsaCap> asked) {
        return cap -> {
            asked.add(cap);
            return faulty.contains(cap) ? FAIL : PASS;
        };
    }

    @Test
    void faultyWideKernelsAreCappedAtTheWidestRungThatPasses(@TempDir Path dir) {
        List<IsaCap> asked = new ArrayList<>();
        KernelVerdict v = KernelGuard.decide(
                "auto",
                MACHINE,
                Optional.empty(),
                new KernelVerdictStore(dir),
                faultyAt(Set.of(IsaCap.NONE, IsaCap.AVX512_CORE), asked));
        assertEquals("AVX2", v.isaCap());
        assertEquals("checked", v.source());
        assertTrue(v.workaround());
        assertEquals(
                List.of(IsaCap.NONE, IsaCap.AVX512_CORE, IsaCap.AVX2), asked, "top down, stopping at the first pass");
        assertTrue(v.describe().contains("capped at AVX2"), v.describe());
    }

    @Test
    void soundKernelsRunUncapped(@TempDir Path dir) {
        KernelVerdict v = KernelGuard.decide(
                "auto", MACHINE, Optional.empty(), new KernelVerdictStore(dir), faultyAt(Set.of(), new ArrayList<>()));
        assertEquals("none", v.isaCap());
        assertFalse(v.workaround());
    }

    @Test
    void theVerdictIsStoredPerMachineAndReused(@TempDir Path dir) {
        KernelVerdictStore store = new KernelVerdictStore(dir);
        KernelGuard.decide("auto", MACHINE, Optional.empty(), store, faultyAt(Set.of(IsaCap.NONE), new ArrayList<>()));
        List<IsaCap> asked = new ArrayList<>();
        KernelVerdict again = KernelGuard.decide("auto", MACHINE, Optional.empty(), store, faultyAt(Set.of(), asked));
        assertEquals("AVX512_CORE", again.isaCap());
        assertEquals("cached", again.source());
        assertTrue(asked.isEmpty(), "a stored verdict runs no check");

        MachineFingerprint other =
                new MachineFingerprint("Other CPU", "6/85", "0123456789ab", 2, "OMP_NUM_THREADS=-", "2.7.1 cpu");
        KernelVerdict elsewhere = KernelGuard.decide("auto", other, Optional.empty(), store, faultyAt(Set.of(), asked));
        assertEquals("checked", elsewhere.source(), "another CPU is checked on its own");
        assertEquals(List.of(IsaCap.NONE), asked);
    }

    @Test
    void aDamagedVerdictFileIsCheckedAgain(@TempDir Path dir) throws Exception {
        KernelVerdictStore store = new KernelVerdictStore(dir);
        Files.writeString(store.file(MACHINE), "{\"isaCap\": \"AVX2\", \"source\": ");
        List<IsaCap> asked = new ArrayList<>();
        KernelVerdict v = KernelGuard.decide("auto", MACHINE, Optional.empty(), store, faultyAt(Set.of(), asked));
        assertEquals("checked", v.source());
        assertEquals(List.of(IsaCap.NONE), asked);
    }

    /** A verdict edited by hand (its cap changed) no longer matches its seal and is checked again. */
    @Test
    void anEditedVerdictIsCheckedAgain(@TempDir Path dir) throws Exception {
        KernelVerdictStore store = new KernelVerdictStore(dir);
        KernelGuard.decide("auto", MACHINE, Optional.empty(), store, faultyAt(Set.of(IsaCap.NONE), new ArrayList<>()));
        Path file = store.file(MACHINE);
        String stored = Files.readString(file);
        assertTrue(stored.contains("AVX512_CORE") && stored.contains(KernelVerdictStore.SEAL), stored);
        Files.writeString(file, stored.replace("AVX512_CORE", "AVX2"));
        List<IsaCap> asked = new ArrayList<>();
        KernelVerdict v = KernelGuard.decide("auto", MACHINE, Optional.empty(), store, faultyAt(Set.of(), asked));
        assertEquals("checked", v.source(), "the edited verdict is not used");
        assertEquals(List.of(IsaCap.NONE), asked);
    }

    @Test
    void noRungThatPassesIsARefusalThatNamesTheFix(@TempDir Path dir) {
        LayerprobeException e = assertThrows(
                LayerprobeException.class,
                () -> KernelGuard.decide(
                        "auto",
                        MACHINE,
                        Optional.empty(),
                        new KernelVerdictStore(dir),
                        faultyAt(Set.of(IsaCap.values()), new ArrayList<>())));
        assertTrue(e.getMessage().contains("at every instruction-set cap tried"), e.getMessage());
        assertTrue(e.getMessage().contains("SSE41: 20 of 42 runs wrong"), e.getMessage());
        assertTrue(e.getMessage().contains("fix:"), e.getMessage());
        assertFalse(Files.exists(new KernelVerdictStore(dir).file(MACHINE)), "a refusal is not stored");
    }

    @Test
    void theUsersSettingsWinWithoutACheck() {
        KernelProber never = cap -> {
            throw new AssertionError("no check expected");
        };
        assertEquals(
                "off",
                KernelGuard.decide("off", MACHINE, Optional.empty(), null, never)
                        .source());
        KernelVerdict forced = KernelGuard.decide("avx2", MACHINE, Optional.empty(), null, never);
        assertEquals("AVX2", forced.isaCap());
        assertEquals("forced", forced.source());
        KernelVerdict env = KernelGuard.decide("auto", MACHINE, Optional.of("AVX512_CORE_BF16"), null, never);
        assertEquals("AVX512_CORE_BF16", env.isaCap());
        assertEquals("environment", env.source());
        assertFalse(env.checked());
    }

    @Test
    void anUnknownModeNamesTheChoices() {
        LayerprobeException e = assertThrows(
                LayerprobeException.class,
                () -> KernelGuard.decide("fast", MACHINE, Optional.empty(), null, cap -> PASS));
        assertTrue(e.getMessage().contains("'fast'") && e.getMessage().contains("AVX2"), e.getMessage());
    }

    @Test
    void simulatedFaultsFailOnlyTheRungsAboveTheHealthyOne() {
        SimulatedFaults above = new SimulatedFaults(Optional.of(IsaCap.AVX2));
        assertTrue(above.faulty(IsaCap.NONE) && above.faulty(IsaCap.AVX512_CORE));
        assertFalse(above.faulty(IsaCap.AVX2) || above.faulty(IsaCap.SSE41));
        assertTrue(new SimulatedFaults(Optional.empty()).faulty(IsaCap.SSE41));
    }
}
