package org.layerprobe.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryFingerprintTest {

    @Test
    void hashesOnceThenOnlyWhatChanged(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("data");
        Files.createDirectories(dir.resolve("a"));
        Files.writeString(dir.resolve("a/1.txt"), "one");
        Files.writeString(dir.resolve("a/2.txt"), "two");
        Files.writeString(dir.resolve(".hidden"), "ignored");
        DirectoryFingerprint fp = new DirectoryFingerprint(tmp.resolve("cache"));
        DirectoryFingerprint.Result first = fp.of(dir);
        assertEquals(2, first.files());
        assertEquals(2, first.hashed());
        DirectoryFingerprint.Result again = fp.of(dir);
        assertEquals(first.sha256(), again.sha256());
        assertEquals(0, again.hashed(), "unchanged files come from the cache");
        Files.writeString(dir.resolve("a/2.txt"), "TWO");
        DirectoryFingerprint.Result changed = fp.of(dir);
        assertNotEquals(first.sha256(), changed.sha256());
        assertEquals(1, changed.hashed());
        Files.writeString(dir.resolve(".hidden"), "still ignored");
        assertEquals(changed.sha256(), fp.of(dir).sha256());
        // A fresh cache computes the same fingerprint from scratch.
        assertEquals(
                changed.sha256(),
                new DirectoryFingerprint(tmp.resolve("other")).of(dir).sha256());
    }
}
