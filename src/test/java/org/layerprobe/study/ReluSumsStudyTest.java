package org.layerprobe.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerprobe.metrics.ReluSums;
import org.layerprobe.report.chart.ReluSumCharts;

class ReluSumsStudyTest {

    @Test
    void pageHoldsItsImagesAndErrorFallsWithK() {
        Map<String, byte[]> files = ReluSumsStudy.run(
                        new StudySpec.ReluSums("relu-sums", List.of(1, 2, 4, 8, 16, 32, 100)), s -> {})
                .render();
        assertEquals(
                List.of(
                        "relu-sums-errors.csv",
                        "relu-sums-errors.md",
                        "relu-sums-fits.png",
                        "relu-sums-fits.svg",
                        "relu-sums-error.png",
                        "relu-sums-error.svg",
                        "relu-sums.csv",
                        "index.html"),
                List.copyOf(files.keySet()));
        String html = new String(files.get("index.html"), StandardCharsets.UTF_8);
        assertTrue(html.split("data:image/png;base64,").length - 1 >= 2, "both charts embedded");
        // The page's charts are the ones `layerprobe atlas --relu-sums` writes, byte for byte.
        ReluSums sums = ReluSums.square();
        var fits = sums.fit(List.of(1, 2, 4, 8, 16, 32, 100));
        assertArrayEquals(ReluSumCharts.errors(sums, fits).png(), files.get("relu-sums-error.png"));
        List<String> rows = new String(files.get("relu-sums-errors.csv"), StandardCharsets.UTF_8)
                .lines()
                .toList();
        double previous = Double.POSITIVE_INFINITY;
        for (String row : rows.subList(1, rows.size())) {
            double max = Double.parseDouble(row.split(",")[1]);
            assertTrue(max < previous, "max error falls with k: " + rows);
            previous = max;
        }
        assertTrue(previous < 1e-3, "k = 100 fits x^2 closely");
    }
}
