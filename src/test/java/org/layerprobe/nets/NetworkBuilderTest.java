package org.layerprobe.nets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerprobe.LayerprobeException;

class NetworkBuilderTest {

    private static final Shape MNIST = new Shape(1, 28, 28);

    @Test
    void alainBengioHasThePapersTenProbePoints() {
        Network net = NetworkBuilder.build(ArchitectureSpec.alainBengio(), Activations.get("relu"), MNIST, 10);
        assertEquals(
                List.of(
                        "input",
                        "conv1.pre",
                        "conv1.act",
                        "conv1.pool",
                        "conv2.pre",
                        "conv2.act",
                        "conv2.pool",
                        "fc1.pre",
                        "fc1.act",
                        "logits"),
                net.points());
    }

    @Test
    void alainBengioLayerShapesFollowThePaper() {
        Network net = NetworkBuilder.build(ArchitectureSpec.alainBengio(), Activations.get("relu"), MNIST, 10);
        Shape[] out = {new Shape(2, 1, 28, 28)};
        var children = net.block().getChildren();
        try (NDManager m = NDManager.newBaseManager()) {
            net.block().setInitializer(new NormalInitializer(), Parameter.Type.WEIGHT);
            net.block().initialize(m, DataType.FLOAT32, out[0]);
        }
        List<Shape> expected = List.of(
                new Shape(2, 32, 28, 28),
                new Shape(2, 32, 28, 28),
                new Shape(2, 32, 14, 14),
                new Shape(2, 64, 14, 14),
                new Shape(2, 64, 14, 14),
                new Shape(2, 64, 7, 7),
                new Shape(2, 3136),
                new Shape(2, 512),
                new Shape(2, 512),
                new Shape(2, 512),
                new Shape(2, 10));
        for (int i = 0; i < children.size(); i++) {
            out = children.get(i).getValue().getOutputShapes(out);
            assertEquals(expected.get(i), out[0], "child " + i + " (" + net.pointOfChild(i) + ")");
        }
    }

    @Test
    void mlpNamesEveryDenseLayerAndActivation() {
        Network net = NetworkBuilder.build(ArchitectureSpec.mlp(64, 32), Activations.get("tanh"), MNIST, 10);
        assertEquals(List.of("input", "fc1.pre", "fc1.act", "fc2.pre", "fc2.act", "logits"), net.points());
        try (NDManager m = NDManager.newBaseManager()) {
            net.block().setInitializer(new NormalInitializer(), Parameter.Type.WEIGHT);
            net.block().initialize(m, DataType.FLOAT32, new Shape(3, 1, 28, 28));
            NDList out = net.block()
                    .forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(3, 1, 28, 28))), false);
            assertEquals(new Shape(3, 10), out.singletonOrThrow().getShape());
        }
    }

    @Test
    void cnnHasConvActPoolPerStageAndOptionalDense() {
        Network net = NetworkBuilder.build(ArchitectureSpec.cnn(64, 8, 16), Activations.get("relu"), MNIST, 10);
        assertEquals(
                List.of(
                        "input",
                        "conv1.pre",
                        "conv1.act",
                        "conv1.pool",
                        "conv2.pre",
                        "conv2.act",
                        "conv2.pool",
                        "fc1.pre",
                        "fc1.act",
                        "logits"),
                net.points());
        Network noDense = NetworkBuilder.build(ArchitectureSpec.cnn(0, 8), Activations.get("relu"), MNIST, 10);
        assertEquals(List.of("input", "conv1.pre", "conv1.act", "conv1.pool", "logits"), noDense.points());
    }

    @Test
    void unknownActivationListsTheValidChoices() {
        LayerprobeException e = assertThrows(LayerprobeException.class, () -> Activations.get("relu7"));
        assertTrue(e.getMessage().contains("relu7"));
        for (String name : Activations.names()) {
            assertTrue(e.getMessage().contains(name), name);
        }
    }

    @Test
    void unknownArchitectureListsTheValidChoices() {
        LayerprobeException e =
                assertThrows(LayerprobeException.class, () -> new ArchitectureSpec("resnet", List.of(1), 0));
        assertTrue(e.getMessage().contains("resnet") && e.getMessage().contains("alain-bengio"));
    }

    @Test
    void cnnRejectsVectorInput() {
        assertThrows(
                LayerprobeException.class,
                () -> NetworkBuilder.build(ArchitectureSpec.cnn(0, 8), Activations.get("relu"), new Shape(2), 2));
    }

    /** The parameters DJL allocates when it initialises {@code net} for one sample of its input shape. */
    private static long allocated(Network net, NDManager m) {
        net.block().initialize(m, DataType.FLOAT32, new Shape(1).addAll(net.inputShape()));
        return net.block().getParameters().values().stream()
                .mapToLong(p -> p.getArray().size())
                .sum();
    }

    /** The count a spec is checked against before training equals what DJL allocates. */
    @Test
    void theParameterCountMatchesTheInitialisedNetwork() {
        for (ArchitectureSpec arch : List.of(
                ArchitectureSpec.mlp(128, 64),
                ArchitectureSpec.cnn(32, 4, 8),
                ArchitectureSpec.cnn(0, 16, 32, 8),
                ArchitectureSpec.alainBengio())) {
            Network net = NetworkBuilder.build(arch, Activations.get("relu"), new Shape(1, 28, 28), 10);
            try (NDManager m = NDManager.newBaseManager()) {
                assertEquals(
                        allocated(net, m),
                        NetworkPlan.of(arch, new Shape(1, 28, 28), 10).parameters(),
                        arch.id());
            }
        }
    }

    /** Colour images of any size the pools allow: three input channels, sizes walked through the blocks. */
    @Test
    void colourImagesBuildAndTooSmallOnesAreRefusedAtTheFailingLayer() {
        ArchitectureSpec arch = ArchitectureSpec.cnn(16, 4, 8);
        Network net = NetworkBuilder.build(arch, Activations.get("relu"), new Shape(3, 20, 12), 5);
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(
                    allocated(net, m),
                    NetworkPlan.of(arch, new Shape(3, 20, 12), 5).parameters());
            var out = net.block()
                    .forward(
                            new ai.djl.training.ParameterStore(m, false),
                            new ai.djl.ndarray.NDList(m.ones(new Shape(2, 3, 20, 12))),
                            false);
            assertEquals(new Shape(2, 5), out.singletonOrThrow().getShape());
        }
        LayerprobeException deep = assertThrows(
                LayerprobeException.class,
                () -> NetworkBuilder.build(
                        ArchitectureSpec.cnn(0, 4, 4, 4, 4), Activations.get("relu"), new Shape(3, 8, 8), 2));
        assertTrue(deep.getMessage().contains("conv4.pool would get a 1x1 input"), deep.getMessage());
        LayerprobeException ab = assertThrows(
                LayerprobeException.class,
                () -> NetworkBuilder.build(
                        ArchitectureSpec.alainBengio(), Activations.get("relu"), new Shape(1, 3, 3), 2));
        assertTrue(ab.getMessage().contains("conv2.pool would get a 1x1 input"), ab.getMessage());
    }
}
