package org.layerprobe.nets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerprobe.LayerprobeException;

/** Layer lists are named, shaped and counted before anything is built, and misfits are refused. */
class NetworkPlanTest {

    static ArchitectureSpec everyLayer() {
        return EveryLayer.spec();
    }

    @Test
    void pointsAreNamedFromTheListAndShapedByIt() {
        NetworkPlan plan = NetworkPlan.of(everyLayer(), new Shape(3, 12, 12), 5);
        Map<String, Long> widths = plan.pointWidths();
        assertEquals(
                List.of(
                        "input",
                        "conv1.pre",
                        "bn1",
                        "conv1.act",
                        "conv1.pool",
                        "res1.conv1.pre",
                        "res1.conv1.act",
                        "res1.conv2.pre",
                        "res1.out",
                        "res1.act",
                        "res1.pool",
                        "act1",
                        "gap1",
                        "fc1.pre",
                        "fc1.act",
                        "logits"),
                List.copyOf(widths.keySet()));
        assertEquals(3 * 12 * 12, widths.get("input"));
        assertEquals(4 * 12 * 12, widths.get("conv1.pre"));
        assertEquals(4 * 6 * 6, widths.get("conv1.pool"));
        assertEquals(6 * 3 * 3, widths.get("res1.conv2.pre"), "stride 2 halves the map, rounding up");
        assertEquals(6 * 3 * 3, widths.get("res1.out"));
        assertEquals(6 * 2 * 2, widths.get("res1.pool"), "a 2x2 window at stride 1 takes one off each side");
        assertEquals(6, widths.get("gap1"));
        assertEquals(5, widths.get("logits"));
    }

    @Test
    void theParameterCountIsWhatTheBuiltNetworkAllocates() {
        ArchitectureSpec arch = everyLayer();
        Shape input = new Shape(3, 12, 12);
        Network net = NetworkBuilder.build(arch, Activations.get("relu"), input, 5);
        try (NDManager m = NDManager.newBaseManager()) {
            net.block().setInitializer(new NormalInitializer(), Parameter.Type.WEIGHT);
            net.block().initialize(m, DataType.FLOAT32, new Shape(2).addAll(input));
            long trained = 0;
            for (var p : net.block().getParameters()) {
                if (p.getValue().requiresGradient()) {
                    trained += p.getValue().getArray().size();
                }
            }
            assertEquals(trained, NetworkPlan.of(arch, input, 5).parameters());
        }
    }

    @Test
    void depthIsNotCapped() {
        Integer[] widths = new Integer[40];
        java.util.Arrays.fill(widths, 16);
        NetworkPlan plan = NetworkPlan.of(ArchitectureSpec.mlp(widths), new Shape(20), 3);
        assertEquals(1 + 80 + 1, plan.pointWidths().size());
        assertEquals("mlp-16x40", ArchitectureSpec.mlp(widths).id(), "ids go into file names: repeats are counted");
        Integer[] mixed = new Integer[40];
        for (int i = 0; i < mixed.length; i++) {
            mixed[i] = 100 + i;
        }
        String id = ArchitectureSpec.mlp(mixed).id();
        assertTrue(id.length() <= 64 && id.startsWith("mlp-100-101-") && id.matches(".*-[0-9a-f]{8}"), id);
        assertEquals(
                "mlp-64-64-64-64-64-64",
                ArchitectureSpec.mlp(64, 64, 64, 64, 64, 64).id(),
                "short ids as before");
    }

    @Test
    void listsWhoseShapesDoNotFitAreRefusedNamingTheLayerAndTheFix() {
        Shape mnist = new Shape(1, 28, 28);
        refused(List.of(new Layer.Conv(4, 3, 1, 1), new Layer.Dense(10)), mnist, "layers[1] (dense 10)", "flatten");
        refused(
                List.of(new Layer.Flatten(), new Layer.Pool("max", 2, 2)),
                mnist,
                "layers[1] (max-pool 2x2)",
                "before the flatten");
        refused(
                List.of(new Layer.Pool("avg", 28, 28), new Layer.Pool("max", 2, 2), new Layer.Flatten()),
                mnist,
                "pool2 (layers[1], max-pool 2x2)",
                "would get a 1x1 input");
        refused(
                List.of(new Layer.Residual(List.of(new Layer.Conv(8, 3, 1, 1)), false), new Layer.Flatten()),
                mnist,
                "res1.out (layers[0])",
                "projection: true");
        refused(List.of(new Layer.Conv(4, 3, 1, 1)), mnist, "the logits layer", "end the list with flatten");
        refused(
                List.of(new Layer.Conv(4, 5, 1, 0), new Layer.Pool("avg", 12, 12), new Layer.Conv(4, 5, 1, 1)),
                mnist,
                "layers[2] (conv 5x5 pad 1, 4 ch)",
                "kernel does not fit");
        refused(
                List.of(new Layer.Flatten(), new Layer.GlobalAvgPool()),
                mnist,
                "layers[1] (global avg-pool)",
                "image states");
    }

    @Test
    void aResidualProjectionMapsImagesToSmallerImages() {
        ArchitectureSpec arch = ArchitectureSpec.of(
                null, List.of(new Layer.Residual(List.of(new Layer.Conv(8, 3, 2, 1)), true), new Layer.Flatten()));
        NetworkPlan plan = NetworkPlan.of(arch, new Shape(1, 28, 28), 10);
        assertTrue(plan.layers().get(0).projected());
        assertEquals(8 * 14 * 14, plan.pointWidths().get("res1.out"));
        assertTrue(arch.id().matches("layers-[0-9a-f]{8}"), arch.id());
    }

    private static void refused(List<Layer> layers, Shape input, String where, String fix) {
        LayerprobeException e = assertThrows(
                LayerprobeException.class, () -> NetworkPlan.of(ArchitectureSpec.of("t", layers), input, 10));
        assertTrue(e.getMessage().contains(where) && e.getMessage().contains(fix), e.getMessage());
        assertTrue(e.getMessage().contains("fix:"), e.getMessage());
    }
}
