package org.layerprobe.report.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.metrics.ReluSums;

class ReluSumFilesTest {

    private static final ReluSums STUDY = ReluSums.square();

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void writesChartsAndCsv(@TempDir Path dir) throws Exception {
        List<Path> files = ReluSumFiles.write(STUDY, STUDY.fit(ReluSums.DEFAULT_KS), dir);
        assertEquals(
                List.of(
                        "relu-sums-fits.png",
                        "relu-sums-fits.svg",
                        "relu-sums-error.png",
                        "relu-sums-error.svg",
                        ReluSumFiles.CSV),
                files.stream().map(f -> f.getFileName().toString()).toList());
        for (Path f : files) {
            assertTrue(Files.size(f) > 100, f + " is too small");
        }
        assertTrue(Files.readString(dir.resolve("relu-sums-fits.svg")).contains("<svg"));
        List<String> csv = Files.readAllLines(dir.resolve(ReluSumFiles.CSV));
        assertEquals(1 + ReluSums.DEFAULT_KS.size(), csv.size());
        try (var listing = Files.list(dir)) {
            assertEquals(files.size(), listing.count(), "no temporary file left");
        }
        byte[] png = Files.readAllBytes(dir.resolve("relu-sums-error.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }
}
