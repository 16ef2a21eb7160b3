package org.layerprobe.hooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.nets.EveryLayer;
import org.layerprobe.nets.Network;
import org.layerprobe.nets.NetworkBuilder;

/**
 * The hook layer on layer lists: every layer type's point is recorded with its shape, the walk into
 * a residual block gives the plain forward's output bit for bit, states are captured in inference
 * mode, and the affine chains are exactly the affine steps.
 */
class LayerListHookTest {

    static final Shape INPUT = new Shape(3, 12, 12);

    static ArchitectureSpec everyLayer() {
        return EveryLayer.spec();
    }

    static Network initialised(ArchitectureSpec arch, String act, NDManager m) {
        Engine.getInstance().setRandomSeed(3);
        Network net = NetworkBuilder.build(arch, Activations.get(act), INPUT, 5);
        net.block().setInitializer(new NormalInitializer(0.3f), Parameter.Type.WEIGHT);
        net.block().initialize(m, DataType.FLOAT32, new Shape(2).addAll(INPUT));
        return net;
    }

    @Test
    void everyLayerTypesPointIsRecordedAndTheWalkGivesThePlainForward() {
        try (NDManager m = NDManager.newBaseManager()) {
            Network net = initialised(everyLayer(), "relu", m);
            HookedForward hooked = HookedForward.of(net);
            NDArray x = m.randomUniform(-1, 1, new Shape(4).addAll(INPUT));
            Map<String, NDArray> states = hooked.run(m, x, new HashSet<>(hooked.points()));
            assertEquals(hooked.points(), List.copyOf(states.keySet()), "every point, in forward order");
            assertEquals(new Shape(4, 4, 12, 12), states.get("bn1").getShape());
            assertEquals(new Shape(4, 4, 6, 6), states.get("conv1.pool").getShape());
            assertEquals(new Shape(4, 4, 6, 6), states.get("res1.conv1.act").getShape());
            assertEquals(new Shape(4, 6, 3, 3), states.get("res1.out").getShape());
            assertEquals(new Shape(4, 6, 2, 2), states.get("res1.pool").getShape());
            assertEquals(new Shape(4, 6), states.get("gap1").getShape());
            NDArray plain = net.block()
                    .forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow();
            assertArrayEquals(plain.toFloatArray(), states.get("logits").toFloatArray());

            // The state after the addition is the body's last state plus the projected input.
            NDArray projected = net.steps()
                    .get(4)
                    .shortcut()
                    .forward(new ParameterStore(m, false), new NDList(states.get("conv1.pool")), false)
                    .singletonOrThrow();
            assertArrayEquals(
                    states.get("res1.conv2.pre").add(projected).toFloatArray(),
                    states.get("res1.out").toFloatArray());
            // A fixed activation stays whatever the configuration's activation is.
            assertArrayEquals(
                    states.get("res1.pool").tanh().toFloatArray(),
                    states.get("act1").toFloatArray(),
                    1e-6f);
        }
    }

    @Test
    void pointsInsideAResidualBodyAreProbedOnlyWhenAsked() {
        try (NDManager m = NDManager.newBaseManager()) {
            HookedForward hooked = HookedForward.of(initialised(everyLayer(), "relu", m));
            assertTrue(hooked.points().contains("res1.conv1.pre"));
            assertFalse(hooked.defaultPoints().contains("res1.conv1.pre"));
            assertTrue(hooked.defaultPoints().contains("res1.out"));
            assertEquals(Set.of("res1.conv1.act"), hooked.select(List.of("res1.conv1.act")));
        }
    }

    @Test
    void statesAreCapturedInInferenceMode() {
        try (NDManager m = NDManager.newBaseManager()) {
            Network net = initialised(everyLayer(), "relu", m);
            HookedForward hooked = HookedForward.of(net);
            // Train-mode passes move batch norm's running statistics away from their initial values.
            for (int i = 0; i < 3; i++) {
                net.block()
                        .forward(
                                new ParameterStore(m, false),
                                new NDList(m.randomUniform(0, 2, new Shape(8).addAll(INPUT))),
                                true);
            }
            NDArray x = m.randomUniform(-1, 1, new Shape(6).addAll(INPUT));
            Map<String, NDArray> first = hooked.run(m, x, new HashSet<>(hooked.points()));
            Map<String, NDArray> second = hooked.run(m, x, new HashSet<>(hooked.points()));
            for (String p : hooked.points()) {
                assertArrayEquals(first.get(p).toFloatArray(), second.get(p).toFloatArray(), "dropout off at " + p);
            }
            // Batch norm on running statistics: one sample's state does not depend on its batch.
            Map<String, NDArray> alone = hooked.run(m, x.get("0:1"), Set.of("bn1", "fc1.act"));
            assertArrayEquals(
                    first.get("bn1").get("0:1").toFloatArray(), alone.get("bn1").toFloatArray(), 1e-5f);
            assertArrayEquals(
                    first.get("fc1.act").get("0:1").toFloatArray(),
                    alone.get("fc1.act").toFloatArray(),
                    1e-5f);
        }
    }

    @Test
    void affineChainsAreFoundThroughAffineStepsAndNeverThroughNonlinearOnes() {
        try (NDManager m = NDManager.newBaseManager()) {
            HookedForward relu = HookedForward.of(initialised(everyLayer(), "relu", m));
            assertEquals(List.of("input"), relu.affineSources("conv1.pre"));
            assertEquals(List.of("conv1.pre", "input"), relu.affineSources("bn1"), "batch norm is affine");
            assertEquals(List.of(), relu.affineSources("conv1.act"), "relu is not");
            assertEquals(List.of("conv1.act"), relu.affineSources("conv1.pool"), "average pooling is affine");
            assertEquals(List.of(), relu.affineSources("res1.out"), "a residual block with a relu inside is not");
            assertEquals(List.of(), relu.affineSources("res1.pool"), "max-pooling is not");
            assertEquals(List.of(), relu.affineSources("act1"), "a fixed tanh is not");
            assertEquals(List.of("act1"), relu.affineSources("gap1"), "global average pooling is affine");
            assertEquals(List.of("gap1", "act1"), relu.affineSources("fc1.pre"), "through flatten");
            assertEquals(List.of("fc1.act"), relu.affineSources("logits"), "through dropout");
            assertEquals(List.of(), relu.affineSources("res1.conv1.act"));
            assertEquals(List.of(), relu.affineSources("res1.conv1.pre"), "a chain stays inside its body");

            HookedForward identity = HookedForward.of(initialised(everyLayer(), "identity", m));
            assertEquals(
                    List.of("res1.out", "conv1.pool", "conv1.act", "bn1", "conv1.pre", "input"),
                    identity.affineSources("res1.act"),
                    "the identity activation and an all-affine residual block are affine");
            assertEquals(List.of(), identity.affineSources("res1.pool"), "max-pooling never is");
        }
    }

    @Test
    void aMapReadThroughAChainReproducesTheStates() {
        try (NDManager m = NDManager.newBaseManager()) {
            HookedForward identity = HookedForward.of(initialised(everyLayer(), "identity", m));
            NDArray x = m.randomUniform(-1, 1, new Shape(5).addAll(INPUT));
            Map<String, NDArray> s = identity.run(m, x, Set.of("input", "res1.act"));
            try (AffineMap map = AffineMap.read(identity, "input", "res1.act", s.get("input"), s.get("res1.act"), m)
                    .orElseThrow()) {
                assertEquals(new Shape(3 * 12 * 12, 6 * 3 * 3), map.weight().getShape());
            }
        }
    }
}
