package org.layerprobe.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.layerprobe.TestData;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.LabeledData;
import org.layerprobe.data.Splits;
import org.layerprobe.hooks.HookedForward;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.nets.Network;
import org.layerprobe.nets.NetworkBuilder;
import org.layerprobe.probe.ProbeMonitor;
import org.layerprobe.probe.ProbeSettings;
import org.layerprobe.probe.solver.ProbeSolver;
import org.layerprobe.probe.solver.StopWhen;
import org.layerprobe.probe.solver.StoppingRule;
import org.layerprobe.probe.states.FeatureReduction;

class OnlineCodeTest {

    private static final ProbeSettings SMALL = new ProbeSettings(
            List.of(1e-3, 1e-2),
            new StopWhen(StoppingRule.CERTIFIED, 1e-4, ProbeSettings.DEFAULT_GAP_TOLERANCE, 1000),
            new ProbeSettings.Solver(ProbeSolver.AUTO, 64),
            new ProbeSettings.WarmUp(0, 0.01),
            new ProbeSettings.States(256, 1L << 30, FeatureReduction.none()),
            3);

    @Test
    void scheduleFollowsVoitaAndTitovsPercentages() {
        assertArrayEquals(
                new int[] {50, 100, 200, 400, 800, 1600, 3125, 6250, 12500, 25000, 50000}, OnlineCode.schedule(50_000));
        // On a small set the first ends coincide and merge.
        assertArrayEquals(new int[] {1, 2, 3, 6, 13, 25, 50}, OnlineCode.schedule(50));
    }

    @Test
    void codelengthSumsTheUniformFirstBlockAndTheLaterBlocks() {
        OnlineCode code = new OnlineCode(4, new int[] {2, 4, 8}, new double[] {3.0, 5.5});
        assertEquals(2 * 2 + 3.0 + 5.5, code.onlineBits(), 1e-12);
        assertEquals(8 * 2, code.uniformBits(), 1e-12);
        assertEquals(16 / 12.5, code.compression(), 1e-12);
        assertEquals(2.0, OnlineCode.bits(Math.log(2), 2), 1e-12);
    }

    private static Network mlp(NDManager m, int inputs, int classes) {
        Network net =
                NetworkBuilder.build(ArchitectureSpec.mlp(3), Activations.get("relu"), new Shape(inputs), classes);
        net.block().setInitializer(new NormalInitializer(), Parameter.Type.WEIGHT);
        net.block().initialize(m, DataType.FLOAT32, new Shape(1, inputs));
        return net;
    }

    /**
     * States that carry nothing (every input is zero) leave the probe its bias alone, whose optimum
     * predicts the prefix's class frequencies: each block then costs -log2 of those frequencies,
     * which this test sums by hand in the order the prober uses.
     */
    @Test
    void onConstantStatesTheCodeIsTheSumOfThePrefixFrequencyCosts() {
        int n = 300;
        int[] perm = Splits.permutation(n, SMALL.seed());
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[perm[i]] = i % 3 == 2 ? 1 : 0; // in the prober's order: 0, 0, 1, 0, 0, 1, ...
        }
        LabeledData train = new LabeledData(new float[n * 4], labels, new long[] {4}, 2);
        LabeledData other = new LabeledData(new float[30 * 4], new int[30], new long[] {4}, 2);
        other.labels()[0] = 1;
        DataSplits data = TestData.splits(train, other, other);

        int[] ends = OnlineCode.schedule(n);
        double expected = ends[0] * 1.0;
        for (int b = 0; b + 1 < ends.length; b++) {
            int ones = 0;
            for (int i = 0; i < ends[b]; i++) {
                ones += i % 3 == 2 ? 1 : 0;
            }
            double p1 = (double) ones / ends[b];
            for (int i = ends[b]; i < ends[b + 1]; i++) {
                expected -= Math.log(i % 3 == 2 ? p1 : 1 - p1) / Math.log(2);
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            List<OnlineCodeProber.PointCode> codes = new OnlineCodeProber(SMALL, ProbeMonitor.NONE)
                    .measure(HookedForward.of(mlp(m, 4, 2)), data, List.of("input"));
            OnlineCodeProber.PointCode input = codes.get(0);
            assertTrue(input.converged());
            assertEquals(expected, input.code().onlineBits(), 1e-3 * expected);
        }
    }

    @Test
    void separableBlobsCompressAndRandomLabelsDoNot() {
        LabeledData blobs = TestData.blobs(1200, 5, 3, 0.3, 11);
        int[] shuffled = blobs.labels().clone();
        Random r = new Random(12);
        for (int i = 0; i < shuffled.length; i++) {
            shuffled[i] = r.nextInt(3);
        }
        LabeledData noise = new LabeledData(blobs.features(), shuffled, blobs.sampleShape(), 3);
        LabeledData val = TestData.blobs(200, 5, 3, 0.3, 13);
        try (NDManager m = NDManager.newBaseManager()) {
            HookedForward hooked = HookedForward.of(mlp(m, 5, 3));
            double separable = new OnlineCodeProber(SMALL, ProbeMonitor.NONE)
                    .measure(hooked, TestData.splits(blobs, val, val), List.of("input"))
                    .get(0)
                    .code()
                    .compression();
            double random = new OnlineCodeProber(SMALL, ProbeMonitor.NONE)
                    .measure(hooked, TestData.splits(noise, val, val), List.of("input"))
                    .get(0)
                    .code()
                    .compression();
            assertTrue(separable > 3, "compression on separable blobs " + separable);
            assertTrue(random > 0.8 && random < 1.05, "compression on random labels " + random);
        }
    }
}
