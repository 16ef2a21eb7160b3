package org.layerprobe.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory's fingerprint is the bytes it holds, whatever its files' times say. */
class DirectoryFingerprintTest {

    @Test
    void theFingerprintFollowsTheBytesEvenWithTheTimeRestored(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("data");
        Files.createDirectories(dir.resolve("a"));
        Files.writeString(dir.resolve("a/1.txt"), "one");
        Files.writeString(dir.resolve("a/2.txt"), "two");
        Files.writeString(dir.resolve(".hidden"), "ignored");
        DirectoryFingerprint.Result first = DirectoryFingerprint.of(dir);
        assertEquals(2, first.files());
        assertEquals(6, first.bytes());
        assertEquals(first.sha256(), DirectoryFingerprint.of(dir).sha256(), "the same bytes, the same fingerprint");

        // Other bytes of the same size, the modification time put back: still another fingerprint.
        Path two = dir.resolve("a/2.txt");
        FileTime time = Files.getLastModifiedTime(two);
        Files.writeString(two, "TWO");
        Files.setLastModifiedTime(two, time);
        assertNotEquals(first.sha256(), DirectoryFingerprint.of(dir).sha256());

        Files.writeString(dir.resolve(".hidden"), "still ignored");
        Files.writeString(two, "two");
        assertEquals(first.sha256(), DirectoryFingerprint.of(dir).sha256(), "hidden files are not content");
    }
}
