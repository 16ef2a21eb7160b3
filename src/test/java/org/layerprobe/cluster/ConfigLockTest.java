package org.layerprobe.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLockTest {

    @Test
    void aSecondWriterIsToldWhoHoldsTheLock(@TempDir Path dir) {
        Path file = dir.resolve("runs/x.lock");
        Optional<ConfigLock> first = ConfigLock.tryAcquire(file);
        assertTrue(first.isPresent());
        assertTrue(ConfigLock.tryAcquire(file).isEmpty(), "held: a second writer does not get it");
        assertTrue(
                ConfigLock.holder(file)
                        .contains("pid " + ProcessHandle.current().pid()),
                ConfigLock.holder(file));
        first.get().release(true);
        assertFalse(Files.exists(file), "a finished configuration's lock file is removed");
        Optional<ConfigLock> again = ConfigLock.tryAcquire(file);
        assertTrue(again.isPresent(), "free again after release");
        again.get().close();
    }

    @Test
    void aLockFromAKilledProcessIsBroken(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("runs/y.lock");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process holder = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LockHolder.class.getName(),
                        file.toString())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("locked", out.readLine(), "the other process took the lock");
            assertTrue(ConfigLock.tryAcquire(file).isEmpty(), "held by a live process");
            assertTrue(ConfigLock.holder(file).contains("pid " + holder.pid()), ConfigLock.holder(file));
            holder.destroyForcibly(); // SIGKILL: no shutdown hook, no release
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        } finally {
            holder.destroyForcibly();
        }
        assertTrue(Files.exists(file), "kill -9 leaves the lock file behind");
        Optional<ConfigLock> taken = ConfigLock.tryAcquire(file);
        assertTrue(taken.isPresent(), "the kernel dropped the dead process's lock, so the file is free");
        taken.get().close();
    }
}
