package org.layerprobe.hooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.layerprobe.LayerprobeException;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.nets.Network;
import org.layerprobe.nets.NetworkBuilder;

class HookedForwardTest {

    private static Network initialised(NDManager m) {
        Engine.getInstance().setRandomSeed(3);
        Network net =
                NetworkBuilder.build(ArchitectureSpec.alainBengio(), Activations.get("relu"), new Shape(1, 28, 28), 10);
        net.block().setInitializer(new NormalInitializer(0.05f), Parameter.Type.WEIGHT);
        net.block().initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
        return net;
    }

    @Test
    void hookedForwardMatchesPlainForwardExactly() {
        try (NDManager m = NDManager.newBaseManager()) {
            Network net = initialised(m);
            NDArray x = m.randomUniform(0, 1, new Shape(4, 1, 28, 28));
            NDArray plain = net.block()
                    .forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow();
            Map<String, NDArray> states = HookedForward.of(net).run(m, x, Set.copyOf(net.points()));
            assertEquals(net.points(), List.copyOf(states.keySet()));
            assertArrayEquals(plain.toFloatArray(), states.get("logits").toFloatArray());
        }
    }

    @Test
    void capturedStatesAreCopiesNotAliases() {
        try (NDManager m = NDManager.newBaseManager()) {
            Network net = initialised(m);
            NDArray x = m.randomUniform(0, 1, new Shape(2, 1, 28, 28));
            Map<String, NDArray> states = HookedForward.of(net).run(m, x, Set.of("input", "conv1.pre"));
            float[] before = states.get("input").toFloatArray();
            float[] preBefore = states.get("conv1.pre").toFloatArray();
            x.muli(0);
            assertArrayEquals(before, states.get("input").toFloatArray());
            HookedForward.of(net).run(m, x, Set.of("conv1.pre"));
            assertArrayEquals(preBefore, states.get("conv1.pre").toFloatArray());
        }
    }

    @Test
    void runsInInferenceModeSoDropoutIsOff() {
        try (NDManager m = NDManager.newBaseManager()) {
            Network net = initialised(m);
            NDArray x = m.randomUniform(0, 1, new Shape(2, 1, 28, 28));
            HookedForward hooked = HookedForward.of(net);
            assertArrayEquals(
                    hooked.logits(m, x).toFloatArray(), hooked.logits(m, x).toFloatArray());
            NDArray act = hooked.run(m, x, Set.of("fc1.act")).get("fc1.act");
            assertTrue(!act.hasGradient());
        }
    }

    @Test
    void foreignNestedBlockGetsReadableFallbackNames() {
        SequentialBlock inner =
                new SequentialBlock().add(Linear.builder().setUnits(4).build()).add(Activation.reluBlock());
        SequentialBlock outer = new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(inner)
                .add(Linear.builder().setUnits(3).build());
        HookedForward hooked = HookedForward.of(outer);
        assertEquals(List.of("input", "1.batchflatten", "2.1.linear", "2.2.relu", "logits"), hooked.points());
        try (NDManager m = NDManager.newBaseManager()) {
            outer.setInitializer(new NormalInitializer(), Parameter.Type.WEIGHT);
            outer.initialize(m, DataType.FLOAT32, new Shape(2, 5));
            NDArray x = m.randomUniform(0, 1, new Shape(2, 5));
            NDArray plain = outer.forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow();
            assertArrayEquals(plain.toFloatArray(), hooked.logits(m, x).toFloatArray());
        }
    }

    /**
     * The walk stops after the last wanted point: a layer beyond it never runs (here it would
     * throw), and the states before it are the full walk's.
     */
    @Test
    void stepsAfterTheLastWantedPointDoNotRun() {
        SequentialBlock block = new SequentialBlock()
                .add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().mul(2)), "Double"))
                .add(new LambdaBlock(
                        x -> {
                            throw new IllegalStateException("ran past the last wanted point");
                        },
                        "Fail"));
        HookedForward hooked = HookedForward.of(block);
        assertEquals(List.of("input", "1.double", "logits"), hooked.points());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3}, new Shape(1, 3));
            assertArrayEquals(
                    new float[] {1, 2, 3},
                    hooked.run(m, x, Set.of("input")).get("input").toFloatArray());
            Map<String, NDArray> states = hooked.run(m, x, Set.of("input", "1.double"));
            assertArrayEquals(new float[] {2, 4, 6}, states.get("1.double").toFloatArray());
            assertThrows(IllegalStateException.class, () -> hooked.run(m, x, Set.of("logits")));
        }
    }

    @Test
    void unknownPointIsRejectedWithTheValidNames() {
        Network net = NetworkBuilder.build(ArchitectureSpec.mlp(4), Activations.get("relu"), new Shape(2), 2);
        LayerprobeException e = assertThrows(
                LayerprobeException.class, () -> HookedForward.of(net).select(List.of("conv9.act")));
        assertTrue(e.getMessage().contains("conv9.act") && e.getMessage().contains("fc1.act"), e.getMessage());
    }

    @Test
    void affineMapsReproduceConvolutionStatesAndOnlyConvolutionsHaveThem() {
        try (NDManager m = NDManager.newBaseManager()) {
            Network net = initialised(m);
            HookedForward hooked = HookedForward.of(net);
            assertEquals(List.of("input"), hooked.affineSources("conv1.pre"));
            assertEquals(List.of("conv1.pool"), hooked.affineSources("conv2.pre"));
            assertTrue(hooked.affineSources("conv1.act").isEmpty());
            assertTrue(hooked.affineSources("conv1.pool").isEmpty());
            NDArray x = m.randomUniform(0, 1, new Shape(5, 1, 28, 28));
            Map<String, NDArray> s = hooked.run(m, x, Set.copyOf(hooked.points()));
            try (AffineMap map = AffineMap.read(
                            hooked, "conv1.pool", "conv2.pre", s.get("conv1.pool"), s.get("conv2.pre"), m)
                    .orElseThrow()) {
                assertEquals("conv1.pool", map.source());
                assertEquals(new Shape(32 * 14 * 14, 64 * 14 * 14), map.weight().getShape());
                NDArray fresh = hooked.run(
                                m, m.randomUniform(-1, 1, new Shape(3, 1, 28, 28)), Set.of("conv1.pool", "conv2.pre"))
                        .get("conv1.pool");
                NDArray direct = net.child(net.childPoints().indexOf("conv2.pre"))
                        .forward(new ParameterStore(m, false), new NDList(fresh), false)
                        .singletonOrThrow();
                NDArray viaMap = fresh.reshape(3, -1).matMul(map.weight()).add(map.offset());
                float err = viaMap.sub(direct.reshape(3, -1)).abs().max().getFloat();
                assertTrue(err < 1e-4f * (1 + direct.abs().max().getFloat()), "max error " + err);
            }
            assertTrue(AffineMap.read(hooked, "conv1.pre", "conv1.act", s.get("conv1.pre"), s.get("conv1.act"), m)
                    .isEmpty());
        }
    }
}
