package org.layerprobe.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.LayerprobeException;
import org.layerprobe.results.AtomicWrites;
import org.layerprobe.results.ResultRow;

class AtomicWritesTest {

    @TempDir
    Path dir;

    @Test
    void failedRenderLeavesTheOldFileIntactAndNoTempFile() throws IOException {
        Path target = AtomicWrites.writeString(dir.resolve("separability.md"), "old report\n");
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> AtomicWrites.write(target, out -> {
                    out.write("half a new rep".getBytes(StandardCharsets.UTF_8));
                    throw new IllegalStateException("renderer crashed");
                }));
        assertEquals("renderer crashed", e.getMessage());
        assertEquals("old report\n", Files.readString(target));
        assertEquals(List.of(target), listing(dir));
    }

    @Test
    void writtenFileGetsOrdinaryPermissionsNotTempFileOnes() throws IOException {
        Path target = AtomicWrites.writeString(dir.resolve("index.html"), "<p>hi</p>");
        Path plain = Files.writeString(dir.resolve("plain.html"), "<p>hi</p>");
        if (target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(target));
        }
    }

    @Test
    void writeReplacesTheWholeFile() throws IOException {
        Path target = AtomicWrites.writeString(dir.resolve("a.txt"), "a much longer first version");
        AtomicWrites.writeString(target, "short");
        assertEquals("short", Files.readString(target));
    }

    @Test
    void reportThatFailsToRenderLeavesTheEarlierReportUntouched() throws IOException {
        Path report = dir.resolve("report");
        ReportWriter.write(report, ReportContext.of("toy", "Toy question"), SyntheticRows.rows());
        Map<Path, byte[]> before = snapshot(report);

        // The provenance is an object Jackson cannot serialise, so the manifest fails to render;
        // by then the new tables and charts exist in memory but must not have been written.
        ReportContext broken = new ReportContext("toy", "Another question", "", Map.of(), new Object(), List.of());
        List<ResultRow> otherRows =
                SyntheticRows.replace(SyntheticRows.rows(), r -> true, r -> SyntheticRows.withValue(r, r.value() / 2));
        assertThrows(LayerprobeException.class, () -> ReportWriter.write(report, broken, otherRows));

        Map<Path, byte[]> after = snapshot(report);
        assertEquals(before.keySet(), after.keySet(), "no file added or removed, no temp file left");
        before.forEach((p, bytes) -> assertArrayEquals(bytes, after.get(p), p.toString()));
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static Map<Path, byte[]> snapshot(Path dir) throws IOException {
        Map<Path, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p), Files.readAllBytes(p));
            }
        }
        assertTrue(files.size() > 5, "report has its files: " + files.keySet());
        return files;
    }
}
