package org.layerprobe.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.layerprobe.LayerprobeException;
import org.layerprobe.nets.Activations;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.ResultRow;
import org.layerprobe.results.RowIdentity;

class UnitHealthTest {

    private static final int N = 200;
    private static final int D = 5;
    private static final int M = 10;
    private static final int DEAD = 3;

    /**
     * Pre-activations z = x W^T + b of a linear layer on positive inputs, where the first
     * {@link #DEAD} units have all-negative weights and a negative bias (never active) and the rest
     * all-positive weights and a positive bias (always active).
     */
    private static NDArray linearLayerWithDeadUnits(NDManager m) {
        Random rnd = new Random(7);
        float[] x = new float[N * D];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.1f + 0.9f * rnd.nextFloat();
        }
        float[] w = new float[M * D];
        float[] b = new float[M];
        for (int u = 0; u < M; u++) {
            float sign = u < DEAD ? -1 : 1;
            for (int j = 0; j < D; j++) {
                w[u * D + j] = sign * (0.1f + rnd.nextFloat());
            }
            b[u] = sign * 0.1f;
        }
        NDArray xs = m.create(x, new Shape(N, D));
        NDArray ws = m.create(w, new Shape(M, D));
        return xs.matMul(ws.transpose()).add(m.create(b));
    }

    @Test
    void deadFractionCountsUnitsNeverActive() {
        try (NDManager m = NDManager.newBaseManager()) {
            UnitHealth h = UnitHealth.measure(Activations.get("relu"), linearLayerWithDeadUnits(m));
            assertEquals((double) DEAD / M, h.deadFraction());
            assertEquals(M, h.units());
            assertEquals(N, h.samples());
            // live units are always active, slope 1; dead ones slope 0
            assertEquals((double) (M - DEAD) / M, h.meanAbsDerivative(), 1e-9);
            assertFalse(h.hasSaturatedFraction());
        }
    }

    @Test
    void unitActiveOnASingleSampleIsNotDead() {
        float[] z = {-1, -1, -2, 0, -3, 0.001f}; // 3 samples x 2 units; unit 0 has z <= 0 only
        UnitHealth h = UnitHealth.measure(Activations.get("relu"), z, 3);
        assertEquals(0.5, h.deadFraction());
    }

    @Test
    void deadFractionAppliesToEveryRectifier() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = linearLayerWithDeadUnits(m);
            for (String name : List.of("leaky_relu", "elu", "gelu", "softplus")) {
                assertEquals(
                        (double) DEAD / M,
                        UnitHealth.measure(Activations.get(name), z).deadFraction(),
                        name);
            }
        }
    }

    @Test
    void sigmoidWithHugePreActivationsIsFullySaturated() {
        float[] z = new float[40 * 8];
        for (int i = 0; i < z.length; i++) {
            z[i] = (i % 3 == 0) ? -50f : 50f;
        }
        UnitHealth h = UnitHealth.measure(Activations.get("sigmoid"), z, 40);
        assertEquals(1.0, h.saturatedFraction());
        assertTrue(h.meanAbsDerivative() < 1e-9);
        assertFalse(h.hasDeadFraction());
    }

    @Test
    void saturationNeedsMoreThanHalfOfTheInputs() {
        // 4 samples x 2 units: unit 0 saturated on 2 of 4 inputs, unit 1 on 3 of 4
        float[] z = {20, 20, -20, -20, 0, 20, 0, 0};
        UnitHealth h = UnitHealth.measure(Activations.get("tanh"), z, 4);
        assertEquals(0.5, h.saturatedFraction());
    }

    @Test
    void identityHasMeanAbsDerivativeOne() {
        float[] z = new float[50 * 4];
        Random rnd = new Random(1);
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (10 * rnd.nextGaussian());
        }
        UnitHealth h = UnitHealth.measure(Activations.get("identity"), z, 50);
        assertEquals(1.0, h.meanAbsDerivative(), 1e-12);
        assertFalse(h.hasDeadFraction());
        assertFalse(h.hasSaturatedFraction());
    }

    @Test
    void channelUnitsPoolPositionsOfAConvState() {
        // (N=4, C=3, H=2, W=2): channel 0 always negative; channel 1 positive at one position of
        // one sample; channel 2 always positive.
        int n = 4;
        float[] z = new float[n * 3 * 4];
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 4; p++) {
                    z[((s * 3) + c) * 4 + p] = c == 2 ? 1f : -1f;
                }
            }
        }
        z[((2 * 3) + 1) * 4 + 3] = 0.5f;
        long[] shape = {n, 3, 2, 2};
        var relu = Activations.get("relu");
        UnitHealth channels = UnitHealth.measure(relu, z, shape, UnitGranularity.CHANNEL);
        assertEquals(3, channels.units());
        assertEquals(1.0 / 3, channels.deadFraction(), 1e-12);
        UnitHealth elements = UnitHealth.measure(relu, z, shape, UnitGranularity.ELEMENT);
        assertEquals(12, elements.units());
        assertEquals(7.0 / 12, elements.deadFraction(), 1e-12);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray arr = m.create(z, new Shape(shape));
            assertEquals(channels, UnitHealth.measure(relu, arr, UnitGranularity.CHANNEL));
            assertEquals(elements, UnitHealth.measure(relu, arr));
        }
    }

    @Test
    void largeStateMeasuredInChunksMatchesKnownAnswer() {
        int n = 2500;
        int units = 1000; // 2.5M values: several chunks of whole samples
        float[] z = new float[n * units];
        for (int s = 0; s < n; s++) {
            for (int u = 0; u < units; u++) {
                z[s * units + u] = u < 10 ? -1f : ((s + u) % 2 == 0 ? 1f : -1f);
            }
        }
        UnitHealth h = UnitHealth.measure(Activations.get("relu"), z, n);
        assertEquals(10.0 / units, h.deadFraction());
        assertEquals(n, h.samples());
        assertEquals(0.5 * (units - 10) / units, h.meanAbsDerivative(), 1e-9);
    }

    @Test
    void rowsCarryOnlyTheMetricsThatApply() {
        RowIdentity id = new RowIdentity("r", "xor", "mlp-8", "relu", 1, ResultRow.TRAINED, "fc1.pre", 1);
        List<ResultRow> relu = UnitHealth.measure(Activations.get("relu"), new float[] {-1, 1, -1, 2}, 2)
                .rows(id);
        assertEquals(
                List.of(MetricNames.DEAD_FRACTION, MetricNames.MEAN_ABS_DERIVATIVE),
                relu.stream().map(ResultRow::metric).toList());
        assertEquals(0.5, relu.get(0).value());
        assertEquals("fc1.pre", relu.get(0).point());
        List<ResultRow> tanh = UnitHealth.measure(Activations.get("tanh"), new float[] {-1, 1, -1, 2}, 2)
                .rows(id.atPoint("fc2.pre", 3));
        assertEquals(
                List.of(MetricNames.SATURATED_FRACTION, MetricNames.MEAN_ABS_DERIVATIVE),
                tanh.stream().map(ResultRow::metric).toList());
        assertEquals(3, tanh.get(0).pointIndex());
    }

    @Test
    void mismatchedShapeIsRejectedWithTheSizes() {
        LayerprobeException e = assertThrows(
                LayerprobeException.class,
                () -> UnitHealth.measure(
                        Activations.get("relu"), new float[5], new long[] {2, 3}, UnitGranularity.ELEMENT));
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("6"), e.getMessage());
    }
}
