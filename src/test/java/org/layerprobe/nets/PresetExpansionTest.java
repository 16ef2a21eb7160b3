package org.layerprobe.nets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Presets are layer lists: each preset expands to a list that builds the network the preset
 * builder built before lists existed ({@link LegacyPresetBuilder}), the same children of the same
 * classes with the same point names, the same parameters from the same seed, and the same output,
 * bit for bit; and a preset's JSON (what run keys and model-cache keys hash) is what it was.
 */
class PresetExpansionTest {

    static final List<ArchitectureSpec> PRESETS = List.of(
            ArchitectureSpec.cnn(32, 4, 8),
            ArchitectureSpec.cnn(64, 16, 32),
            ArchitectureSpec.cnn(0, 8),
            ArchitectureSpec.mlp(128, 64),
            ArchitectureSpec.mlp(64, 64, 64, 64, 64, 64),
            ArchitectureSpec.alainBengio());

    @Test
    void presetsBuildTheNetworksThePresetBuilderBuiltBitForBit() {
        for (ArchitectureSpec arch : PRESETS) {
            for (String act : List.of("relu", "identity")) {
                Network legacy = LegacyPresetBuilder.build(arch, Activations.get(act), new Shape(1, 28, 28), 10);
                Network listed = NetworkBuilder.build(arch, Activations.get(act), new Shape(1, 28, 28), 10);
                String id = arch.id() + "/" + act;
                assertEquals(legacy.points(), listed.points(), id);
                assertEquals(legacy.childPoints(), listed.childPoints(), id);
                assertEquals(classes(legacy), classes(listed), id);
                try (NDManager m = NDManager.newBaseManager()) {
                    NDArray x = m.randomUniform(0, 1, new Shape(3, 1, 28, 28));
                    float[] a = initialiseAndRun(legacy, m, x);
                    float[] b = initialiseAndRun(listed, m, x);
                    assertArrayEquals(parameters(legacy), parameters(listed), id + ": parameters");
                    assertArrayEquals(a, b, id + ": logits");
                }
            }
        }
    }

    @Test
    void aPresetsJsonIsUnchangedSoItsKeysStayValid() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals(
                "{\"kind\":\"cnn\",\"sizes\":[4,8],\"dense\":32}",
                json.writeValueAsString(ArchitectureSpec.cnn(32, 4, 8)));
        assertEquals(
                "{\"kind\":\"alain-bengio\",\"sizes\":[],\"dense\":0}",
                json.writeValueAsString(ArchitectureSpec.alainBengio()));
        ArchitectureSpec listed = ArchitectureSpec.of(
                "avg",
                List.of(
                        new Layer.Conv(4, 3, 1, 1),
                        Layer.Act.slot(),
                        new Layer.Pool("avg", 2, 2),
                        new Layer.Flatten()));
        String text = json.writeValueAsString(listed);
        assertEquals(listed, json.readValue(text, ArchitectureSpec.class), "a list survives saving: " + text);
    }

    private static List<String> classes(Network n) {
        List<String> c = new ArrayList<>();
        for (Pair<String, Block> child : n.block().getChildren()) {
            c.add(child.getKey() + ":" + child.getValue().getClass().getName());
        }
        return c;
    }

    private static float[] initialiseAndRun(Network n, NDManager m, NDArray x) {
        Engine.getInstance().setRandomSeed(7);
        n.block()
                .setInitializer(
                        new XavierInitializer(
                                XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2),
                        Parameter.Type.WEIGHT);
        n.block().initialize(m, DataType.FLOAT32, new Shape(3, 1, 28, 28));
        return n.block()
                .forward(new ParameterStore(m, false), new NDList(x), false)
                .singletonOrThrow()
                .toFloatArray();
    }

    private static float[] parameters(Network n) {
        List<Float> all = new ArrayList<>();
        for (Pair<String, Parameter> p : n.block().getParameters()) {
            for (float v : p.getValue().getArray().toFloatArray()) {
                all.add(v);
            }
        }
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }
}
