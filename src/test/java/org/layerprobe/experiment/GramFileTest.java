package org.layerprobe.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerprobe.metrics.GramMatrix;

class GramFileTest {

    @Test
    void roundTripsAtFloatPrecisionAndRefusesATruncatedFile() throws IOException {
        Map<String, GramMatrix> grams = new LinkedHashMap<>();
        grams.put("input", GramMatrix.of(new double[][] {{1, 2}, {3, 4}, {0.5, -1}}));
        grams.put("fc1.act", GramMatrix.of(new double[][] {{1}, {1e-3}, {7}}));
        byte[] bytes = GramFile.encode(grams);
        Map<String, GramMatrix> back = GramFile.decode(bytes);
        assertEquals(grams.keySet(), back.keySet());
        grams.forEach((p, g) -> {
            for (int i = 0; i < g.size(); i++) {
                for (int j = 0; j < g.size(); j++) {
                    assertEquals(g.get(i, j), back.get(p).get(i, j), 1e-6 * Math.abs(g.get(i, j)), p);
                }
            }
        });
        assertThrows(IOException.class, () -> GramFile.decode(java.util.Arrays.copyOf(bytes, bytes.length - 3)));
        assertThrows(IOException.class, () -> GramFile.decode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
    }
}
