package org.layerprobe.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishDirectoryTest {

    @TempDir
    Path root;

    @Test
    void aFilledDirectoryAppearsWholeUnderItsName() throws IOException {
        Path entry = root.resolve("entry");
        assertTrue(AtomicWrites.publishDirectory(entry, dir -> {
            Files.writeString(dir.resolve("params"), "weights");
            Files.writeString(dir.resolve("model.json"), "{}");
        }));
        assertEquals("weights", Files.readString(entry.resolve("params")));
        assertEquals(List.of(entry), listing(root), "no temporary left");
    }

    @Test
    void anExistingEntryIsNeverReplaced() throws IOException {
        Path entry = root.resolve("entry");
        AtomicWrites.publishDirectory(entry, dir -> Files.writeString(dir.resolve("params"), "first"));
        assertFalse(AtomicWrites.publishDirectory(entry, dir -> Files.writeString(dir.resolve("params"), "second")));
        assertEquals("first", Files.readString(entry.resolve("params")));
        assertEquals(List.of(entry), listing(root), "the second writer's temporary is removed");
    }

    @Test
    void aFailedFillPublishesNothing() throws IOException {
        Path entry = root.resolve("entry");
        assertThrows(
                IOException.class,
                () -> AtomicWrites.publishDirectory(entry, dir -> {
                    Files.writeString(dir.resolve("params"), "half");
                    throw new IOException("disk full");
                }));
        assertEquals(List.of(), listing(root));
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
