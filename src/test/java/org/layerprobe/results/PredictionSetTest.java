package org.layerprobe.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerprobe.LayerprobeException;

/** Stored test predictions read back exactly; a damaged or truncated file is refused, never half-read. */
class PredictionSetTest {

    private static PredictionSet sample() {
        Map<String, Map<String, Predictions>> fits = new LinkedHashMap<>();
        fits.put("trained", new LinkedHashMap<>(Map.of("input", Predictions.of(new int[] {0, 1, 2, 9}))));
        fits.get("trained").put("conv1.act", Predictions.of(new int[] {0, 1, 1, 9}));
        fits.put("init", Map.of("input", Predictions.of(new int[] {3, 3, 3, 3})));
        return new PredictionSet(new int[] {0, 1, 2, 9}, fits);
    }

    @Test
    void encodedPredictionsDecodeToTheSame() {
        PredictionSet p = sample();
        PredictionSet back = PredictionSet.decode(p.encode(), "test");
        assertEquals(p, back);
        assertEquals(3, back.get("trained", "conv1.act").orElseThrow().get(2) * 3);
        assertTrue(Arrays.equals(
                new boolean[] {true, true, false, true},
                back.get("trained", "conv1.act").orElseThrow().correct(back.labels())));
    }

    @Test
    void aTruncatedOrAlteredFileIsRefused() {
        byte[] bytes = sample().encode();
        for (int cut : new int[] {0, 5, bytes.length - 1}) {
            LayerprobeException e = assertThrows(
                    LayerprobeException.class,
                    () -> PredictionSet.decode(Arrays.copyOf(bytes, cut), "runs/x.predictions"));
            assertTrue(
                    e.getMessage().contains("runs/x.predictions")
                            && e.getMessage().contains("fix:"),
                    e.getMessage());
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(LayerprobeException.class, () -> PredictionSet.decode(longer, "x"));
    }
}
