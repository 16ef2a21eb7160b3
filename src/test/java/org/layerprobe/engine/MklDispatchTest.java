package org.layerprobe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.LayerprobeException;
import org.layerprobe.engine.host.CpuInfo;
import org.layerprobe.engine.host.MachineFingerprint;

/** When MKL's AVX-512 kernels are switched on: the CPU, the setting, the once-per-machine check. */
class MklDispatchTest {

    private static final MachineFingerprint MACHINE =
            new MachineFingerprint("Test CPU", "26/2", "abcdef012345", 2, "OMP_NUM_THREADS=-", "2.7.1 cpu");

    private static final MklVerdict PASSED =
            new MklVerdict(new KernelCheckResult(true, 18, 0, 6e-7, "A B 512x3136 by 3136x16"), MACHINE, "2026-12-02");
    private static final MklVerdict FAILED = new MklVerdict(
            new KernelCheckResult(false, 18, 3, Double.NaN, "A^T B 3136x512 by 512x16"), MACHINE, "2026-12-02");

    private static final String ZEN5 = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\n"
            + "flags\t\t: fpu sse2 avx avx2 avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16\n\nprocessor\t: 1\n";

    private static Supplier<MklVerdict> counting(AtomicInteger calls, MklVerdict v) {
        return () -> {
            calls.incrementAndGet();
            return v;
        };
    }

    @Test
    void anAmdCpuWithAvx512IsEligibleAndOthersSayWhyNot() {
        assertEquals(Optional.empty(), MklDispatch.ineligibility("Linux", "amd64", CpuInfo.parse(ZEN5)));
        assertEquals(
                Optional.of("an Intel CPU"),
                MklDispatch.ineligibility(
                        "Linux", "amd64", CpuInfo.parse(ZEN5.replace("AuthenticAMD", "GenuineIntel"))));
        assertEquals(
                Optional.of("an AMD CPU without AVX-512"),
                MklDispatch.ineligibility("Linux", "amd64", CpuInfo.parse(ZEN5.replace(" avx512bw", ""))));
        assertEquals(
                Optional.of("not x86-64 Linux"), MklDispatch.ineligibility("Mac OS X", "aarch64", CpuInfo.parse(ZEN5)));
        assertEquals(Optional.of("not an AMD CPU"), MklDispatch.ineligibility("Linux", "amd64", CpuInfo.parse("")));
    }

    @Test
    void theCheckRunsOnceAndItsVerdictIsStored() {
        AtomicInteger calls = new AtomicInteger();
        MklDispatch.Decision d =
                MklDispatch.decide("auto", Optional.empty(), Optional.empty(), counting(calls, PASSED));
        assertTrue(d.switchVendor());
        assertSame(PASSED, d.toStore());
        assertEquals(1, calls.get());

        MklDispatch.Decision again =
                MklDispatch.decide("auto", Optional.empty(), Optional.of(PASSED), counting(calls, PASSED));
        assertTrue(again.switchVendor());
        assertNull(again.toStore(), "a stored verdict is not stored again");
        assertEquals(1, calls.get(), "a stored verdict is not checked again");
    }

    @Test
    void failedKernelsKeepMklsOwnChoiceAndSayWhy() {
        MklDispatch.Decision d =
                MklDispatch.decide("auto", Optional.empty(), Optional.empty(), counting(new AtomicInteger(), FAILED));
        assertFalse(d.switchVendor());
        assertSame(FAILED, d.toStore(), "a failed verdict is stored too, so the next process does not try again");
        assertTrue(d.why().contains("failed"), d.why());
        assertTrue(d.why().contains("3 of 18 runs wrong"), d.why());
    }

    @Test
    void offAndIneligibleCpusNeverRunTheCheck() {
        AtomicInteger calls = new AtomicInteger();
        assertFalse(MklDispatch.decide("off", Optional.empty(), Optional.empty(), counting(calls, PASSED))
                .switchVendor());
        MklDispatch.Decision intel =
                MklDispatch.decide("auto", Optional.of("an Intel CPU"), Optional.empty(), counting(calls, PASSED));
        assertFalse(intel.switchVendor());
        assertEquals("an Intel CPU", intel.why());
        assertEquals(0, calls.get());
    }

    @Test
    void anUnknownSettingIsRefusedWithTheChoices() {
        LayerprobeException e = assertThrows(
                LayerprobeException.class,
                () -> MklDispatch.decide("avx512", Optional.empty(), Optional.empty(), () -> PASSED));
        assertTrue(e.getMessage().contains("neither auto nor off"), e.getMessage());
    }

    @Test
    void verdictsAreStoredPerMachine(@TempDir Path dir) {
        KernelVerdictStore store = new KernelVerdictStore(dir);
        assertEquals(Optional.empty(), store.readMkl(MACHINE));
        store.writeMkl(FAILED);
        assertEquals(
                Optional.of(FAILED).map(MklVerdict::check),
                store.readMkl(MACHINE).map(MklVerdict::check));
        MachineFingerprint other = new MachineFingerprint("Other CPU", "25/1", "0123456789ab", 2, "-", "2.7.1 cpu");
        assertEquals(Optional.empty(), store.readMkl(other));
    }
}
