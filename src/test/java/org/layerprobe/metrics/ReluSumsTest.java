package org.layerprobe.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReluSumsTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void reluSumErrorFallsWithK() {
        List<ReluSumFit> fits = ReluSums.square().fit(ReluSums.DEFAULT_KS);
        for (int i = 1; i < fits.size(); i++) {
            ReluSumFit prev = fits.get(i - 1);
            ReluSumFit cur = fits.get(i);
            assertTrue(cur.maxAbsError() < prev.maxAbsError(),
                    "max error k=" + cur.k() + " " + cur.maxAbsError() + " vs k=" + prev.k() + " "
                            + prev.maxAbsError());
            assertTrue(cur.meanAbsError() < prev.meanAbsError(), "mean error at k=" + cur.k());
        }
        fits.forEach(f -> System.out.printf("k=%3d max %.3e mean %.3e%n", f.k(), f.maxAbsError(),
                f.meanAbsError()));
    }

    @Test
    void hundredReluSumsApproximateTheSquareWithinOneThousandth() {
        assertTrue(ReluSums.square().fit(100).maxAbsError() < 1e-3);
    }

    @Test
    void singleReluIsAPoorApproximation() {
        assertTrue(ReluSums.square().fit(1).maxAbsError() > 0.1);
    }

    @Test
    void targetInTheSpanIsFittedExactly() {
        // |x - 1| on [0, 2] = 1 - x + 2 relu(x - 1): exactly representable with knots {0, 1}.
        ReluSumFit fit = new ReluSums("|x-1|", x -> Math.abs(x - 1), 0, 2, 101).fit(2);
        assertEquals(0, fit.maxAbsError(), 1e-12);
        assertEquals(1, fit.bias(), 1e-12);
        assertEquals(-1, fit.weights()[0], 1e-12);
        assertEquals(2, fit.weights()[1], 1e-12);
        assertEquals(0.25, fit.valueAt(0.75), 1e-12);
    }

    @Test
    void knotsAreEvenlySpacedFromTheLeftEnd() {
        double[] knots = ReluSums.square().fit(4).knots();
        assertEquals(4, knots.length);
        assertEquals(0.0, knots[0]);
        assertEquals(1.5, knots[3], 1e-15);
    }

    @Test
    void writesChartsAndCsv(@TempDir Path dir) throws Exception {
        ReluSums study = ReluSums.square();
        List<Path> files = study.write(study.fit(ReluSums.DEFAULT_KS), dir);
        assertEquals(5, files.size());
        for (Path f : files) {
            assertTrue(Files.size(f) > 100, f + " is too small");
        }
        assertTrue(Files.readString(dir.resolve("relu-sums-fits.svg")).contains("<svg"));
        List<String> csv = Files.readAllLines(dir.resolve("relu-sums.csv"));
        assertEquals(1 + ReluSums.DEFAULT_KS.size(), csv.size());
        try (var listing = Files.list(dir)) {
            assertTrue(listing.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
        byte[] png = Files.readAllBytes(dir.resolve("relu-sums-error.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }
}
