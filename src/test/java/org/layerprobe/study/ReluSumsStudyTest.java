package org.layerprobe.study;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReluSumsStudyTest {

    @Test
    void pageIsWrittenWithImagesAndErrorFallsWithK(@TempDir Path dir) throws Exception {
        ReluSumsStudy.run(new StudySpec.ReluSums("relu-sums", List.of(1, 2, 4, 8, 16, 32, 100)), dir, s -> {});
        String html = Files.readString(dir.resolve("index.html"));
        assertTrue(html.split("data:image/png;base64,").length - 1 >= 2, "both charts embedded");
        for (String f : List.of("relu-sums-fits.png", "relu-sums-fits.svg", "relu-sums-error.png",
                "relu-sums-error.svg", "relu-sums-errors.csv", "relu-sums-errors.md")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        List<String> rows = Files.readAllLines(dir.resolve("relu-sums-errors.csv"));
        double previous = Double.POSITIVE_INFINITY;
        for (String row : rows.subList(1, rows.size())) {
            double max = Double.parseDouble(row.split(",")[1]);
            assertTrue(max < previous, "max error falls with k: " + rows);
            previous = max;
        }
        assertTrue(previous < 1e-3, "k = 100 fits x^2 closely");
    }
}
