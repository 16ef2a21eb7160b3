package org.layerprobe.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerprobe.LayerprobeException;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.nets.Layer;

/** The {@code layers:} grammar of specs: every short and long form, and every refusal by its key path. */
class LayerListParserTest {

    private static ArchitectureSpec architecture(String entry) {
        String yaml = """
                name: t
                dataset: mnist
                architectures:
                  - %s
                activations: [relu]
                """.formatted(entry);
        return SpecParser.parse(yaml, "t.yaml").architectures().get(0);
    }

    private static String refusal(String entry) {
        return assertThrows(LayerprobeException.class, () -> architecture(entry))
                .getMessage();
    }

    @Test
    void everyLayerIsReadInItsShortAndLongForms() {
        ArchitectureSpec arch = architecture("""
                name: all
                    layers:
                      - {conv: {channels: 8, kernel: 5, padding: same}}
                      - {conv: {channels: 8, kernel: 3, stride: 2, padding: 1}}
                      - batch_norm
                      - act
                      - {act: tanh}
                      - {pool: avg}
                      - {pool: {mode: max, size: 3, stride: 1}}
                      - {residual: {layers: [{conv: {channels: 8, padding: same}}, act], projection: true}}
                      - gap
                      - flatten
                      - {dense: 16}
                      - {dense: {units: 8}}
                      - dropout
                      - {dropout: 0.25}
                """);
        assertEquals("all", arch.id());
        assertEquals(
                List.of(
                        new Layer.Conv(8, 5, 1, 2),
                        new Layer.Conv(8, 3, 2, 1),
                        new Layer.BatchNorm(),
                        Layer.Act.slot(),
                        new Layer.Act("tanh"),
                        new Layer.Pool("avg", 2, 2),
                        new Layer.Pool("max", 3, 1),
                        new Layer.Residual(List.of(new Layer.Conv(8, 3, 1, 1), Layer.Act.slot()), true),
                        new Layer.GlobalAvgPool(),
                        new Layer.Flatten(),
                        new Layer.Dense(16),
                        new Layer.Dense(8),
                        new Layer.Dropout(0.5),
                        new Layer.Dropout(0.25)),
                arch.layers());
    }

    @Test
    void aRepeatStandsForItsLayersThatManyTimes() {
        ArchitectureSpec arch =
                architecture("{layers: [flatten, {repeat: {times: 3, layers: [{dense: 8}, act]}}, {dense: 4}]}");
        assertEquals(8, arch.layers().size());
        assertEquals(new Layer.Dense(8), arch.layers().get(5));
        String bad = refusal("{layers: [flatten, {repeat: {times: 0, layers: [{dense: 8}]}}]}");
        assertTrue(bad.contains("architectures[0].layers[1].repeat.times = 0"), bad);
        String bare = refusal("{layers: [flatten, repeat]}");
        assertTrue(bare.contains("needs its count and layers"), bare);
    }

    @Test
    void badEntriesAreRefusedWithTheirKeyPathAndTheChoices() {
        String typo = refusal("{layers: [{conv: {channels: 4}}, act, {pool: avg}, flaten]}");
        assertTrue(typo.contains("architectures[0].layers[3]") && typo.contains("did you mean 'flatten'"), typo);
        String key = refusal("{layers: [{conv: {channels: 4, kernal: 3}}, flatten]}");
        assertTrue(key.contains("kernal") && key.contains("did you mean 'kernel'"), key);
        String mode = refusal("{layers: [{pool: {mode: median}}, flatten]}");
        assertTrue(mode.contains("median") && mode.contains("max, avg"), mode);
        String act = refusal("{layers: [{act: relu7}, flatten]}");
        assertTrue(act.contains("architectures[0].layers[0].act") && act.contains("relu7"), act);
        String rate = refusal("{layers: [flatten, {dropout: 1.5}]}");
        assertTrue(rate.contains("dropout rate 1.5"), rate);
        String same = refusal("{layers: [{conv: {channels: 4, kernel: 4, padding: same}}, flatten]}");
        assertTrue(same.contains("odd kernel"), same);
        String channels = refusal("{layers: [{conv: {kernel: 3}}, flatten]}");
        assertTrue(channels.contains("channels is missing"), channels);
        String preset = refusal("{kind: cnn, sizes: [4], layers: [flatten]}");
        assertTrue(preset.contains("preset"), preset);
        String name = refusal("{name: 'My Net', layers: [flatten]}");
        assertTrue(name.contains("file names"), name);
        String empty = refusal("{layers: []}");
        assertTrue(empty.contains("non-empty list"), empty);
    }
}
