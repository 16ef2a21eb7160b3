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
        Path staleDir = Files.createDirectories(dir.resolve("0123abcd" + dead + "42"));
        Files.writeString(staleDir.resolve("params"), "x");
        Path live = Files.createFile(dir.resolve(".index.html" + mine + "def.tmp"));
        Path otherHost = Files.createFile(dir.resolve(".a.csv.tmp-" + gone.pid() + "@elsewhere-xyz.tmp"));
        Path result = Files.createFile(dir.resolve("separability.csv"));
        assertEquals(2, TempFiles.removeStale(dir));
        assertFalse(Files.exists(stale));
        assertFalse(Files.exists(staleDir));
        assertTrue(Files.exists(live), "a live process's temporary stays");
        assertTrue(Files.exists(otherHost), "another host's temporary stays: its process cannot be checked");
        assertTrue(Files.exists(result));
    }
}
