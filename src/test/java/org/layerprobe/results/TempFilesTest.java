package org.layerprobe.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempFilesTest {

    @Test
    void onlyTemporariesOfDeadProcessesOfThisHostAreRemoved(@TempDir Path dir) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String mine = TempFiles.marker();
        String dead = mine.replace("-" + ProcessHandle.current().pid() + "@", "-" + gone.pid() + "@");
        Path stale = Files.createFile(dir.resolve(".separability.csv" + dead + "abc.tmp"));
        // As AtomicWrites names them: a random UUID, hyphens and all, right after the host.
        Path staleUuid = Files.createFile(dir.resolve(".run.csv" + dead + java.util.UUID.randomUUID() + ".tmp"));
        Path staleDir = Files.createDirectories(dir.resolve("0123abcd" + dead + "42"));
        Files.writeString(staleDir.resolve("params"), "x");
        Path live = Files.createFile(dir.resolve(".index.html" + mine + "def.tmp"));
        Path otherHost = Files.createFile(dir.resolve(".a.csv.tmp-" + gone.pid() + "@elsewhere-xyz.tmp"));
        // A host whose name merely starts like this one's is another host.
        Path longerHost = Files.createFile(dir.resolve(dead.replace("@", "@x") + "b.tmp"));
        Path result = Files.createFile(dir.resolve("separability.csv"));
        assertEquals(3, TempFiles.removeStale(dir));
        assertFalse(Files.exists(stale));
        assertFalse(Files.exists(staleUuid), "a UUID after the host does not hide the owner");
        assertFalse(Files.exists(staleDir));
        assertTrue(Files.exists(live), "a live process's temporary stays");
        assertTrue(Files.exists(otherHost), "another host's temporary stays: its process cannot be checked");
        assertTrue(Files.exists(longerHost));
        assertTrue(Files.exists(result));
    }
}
