package org.layerprobe.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.layerprobe.LayerprobeException;
import org.layerprobe.nets.Activations;

class ActivationDerivativeTest {

    /** Sample points that avoid the kink of relu at 0 (where any subgradient is defensible). */
    private static final float[] POINTS = {-4.5f, -2f, -1f, -0.3f, 0.25f, 0.7f, 1f, 2.5f, 4f};

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static void assertDerivative(String name, DoubleUnaryOperator expected) {
        float[] d = ActivationDerivative.of(Activations.get(name), POINTS);
        for (int i = 0; i < POINTS.length; i++) {
            assertEquals(expected.applyAsDouble(POINTS[i]), d[i], 1e-5, name + "'(" + POINTS[i] + ")");
        }
    }

    @Test
    void autogradDerivativeMatchesAnalyticDerivative() {
        assertDerivative("relu", x -> x > 0 ? 1 : 0);
        assertDerivative("identity", x -> 1);
        assertDerivative("sigmoid", x -> sigmoid(x) * (1 - sigmoid(x)));
        assertDerivative("tanh", x -> 1 - Math.tanh(x) * Math.tanh(x));
        assertDerivative("softplus", ActivationDerivativeTest::sigmoid);
        assertDerivative("leaky_relu", x -> x > 0 ? 1 : Activations.LEAKY_RELU_ALPHA);
        assertDerivative("softsign", x -> 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x))));
        assertDerivative("swish", x -> sigmoid(x) + x * sigmoid(x) * (1 - sigmoid(x)));
    }

    @Test
    void reluDerivativeAtZeroIsZero() {
        // PyTorch's relu backward uses (x > 0), so the kink gets slope 0: a unit sitting exactly
        // at 0 counts as inactive, consistent with the dead-unit definition (z <= 0).
        assertEquals(0.0, ActivationDerivative.at(Activations.get("relu"), 0.0));
    }

    @Test
    void derivativeOfLargeArrayCoversEveryChunk() {
        int n = ActivationDerivative.CHUNK * 2 + 17;
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = (i % 2 == 0) ? 1f : -1f;
        }
        float[] d = ActivationDerivative.of(Activations.get("relu"), z);
        for (int i = 0; i < n; i++) {
            if (d[i] != (i % 2 == 0 ? 1f : 0f)) {
                throw new AssertionError("wrong derivative at " + i + ": " + d[i]);
            }
        }
    }

    @Test
    void ndArrayDerivativeKeepsShapeAndLeavesInputAlone() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(new float[] {-1, 0.5f, 2, -3, 0.25f, 1}, new Shape(2, 3));
            NDArray d = ActivationDerivative.of(Activations.get("tanh"), z);
            assertEquals(new Shape(2, 3), d.getShape());
            assertEquals(1 - Math.tanh(2) * Math.tanh(2), d.getFloat(0, 2), 1e-6);
            assertEquals(false, z.hasGradient());
            assertArrayEquals(new float[] {-1, 0.5f, 2, -3, 0.25f, 1}, z.toFloatArray());
        }
    }

    @Test
    void derivativeInsideAnOpenCollectorFailsWithAFix() {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            LayerprobeException e = assertThrows(
                    LayerprobeException.class, () -> ActivationDerivative.at(Activations.get("relu"), 1.0));
            assertEquals(true, e.getMessage().contains("fix:"), e.getMessage());
        }
    }
}
