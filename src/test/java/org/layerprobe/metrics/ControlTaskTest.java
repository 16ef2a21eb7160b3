package org.layerprobe.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.layerprobe.TestData;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.LabeledData;
import org.layerprobe.hooks.HookedForward;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.nets.Network;
import org.layerprobe.nets.NetworkBuilder;
import org.layerprobe.probe.LayerProber;
import org.layerprobe.probe.ProbeMonitor;
import org.layerprobe.probe.ProbeSettings;
import org.layerprobe.probe.solver.ProbeSolver;
import org.layerprobe.probe.solver.StopWhen;
import org.layerprobe.probe.solver.StoppingRule;
import org.layerprobe.probe.states.FeatureReduction;

class ControlTaskTest {

    private static final ProbeSettings SMALL = new ProbeSettings(
            List.of(1e-3, 1e-2),
            new StopWhen(StoppingRule.CERTIFIED, 1e-4, ProbeSettings.DEFAULT_GAP_TOLERANCE, 1000),
            new ProbeSettings.Solver(ProbeSolver.AUTO, 64),
            new ProbeSettings.WarmUp(0, 0.01),
            new ProbeSettings.States(256, 1L << 30, FeatureReduction.none()),
            1);

    private static DataSplits blobs(long seed) {
        return TestData.splits(
                TestData.blobs(900, 6, 4, 1.0, seed),
                TestData.blobs(300, 6, 4, 1.0, seed + 1),
                TestData.blobs(600, 6, 4, 1.0, seed + 2));
    }

    @Test
    void theSameDataAndSeedGiveTheSameTypesAndLabels() {
        DataSplits data = blobs(1);
        ControlTask.Assignment a = new ControlTask(20, 5).assign(data);
        ControlTask.Assignment b = new ControlTask(20, 5).assign(data);
        assertArrayEquals(a.train(), b.train());
        assertArrayEquals(a.validation(), b.validation());
        assertArrayEquals(a.test(), b.test());
        assertArrayEquals(a.typeLabels(), b.typeLabels());
        ControlTask.Assignment c = new ControlTask(20, 6).assign(data);
        assertFalse(
                Arrays.equals(a.train(), c.train()) && Arrays.equals(a.typeLabels(), c.typeLabels()),
                "another seed gives other types or labels");
        assertTrue(Arrays.stream(a.train()).allMatch(t -> t >= 0 && t < 20));
        assertTrue(Arrays.stream(a.typeLabels()).allMatch(y -> y >= 0 && y < 4));
    }

    @Test
    void everyImageOfATypeCarriesItsTypesLabel() {
        DataSplits data = blobs(2);
        ControlTask.Assignment a = new ControlTask(30, 1).assign(data);
        DataSplits control = a.relabel(data);
        for (int i = 0; i < a.test().length; i++) {
            assertTrue(control.test().labels()[i] == a.typeLabels()[a.test()[i]]);
        }
        // The features are untouched: only the labels change.
        assertArrayEquals(data.train().features(), control.train().features());
    }

    private static Network mlp(NDManager m, int inputs) {
        Network net = NetworkBuilder.build(ArchitectureSpec.mlp(3), Activations.get("relu"), new Shape(inputs), 4);
        net.block().setInitializer(new NormalInitializer(), Parameter.Type.WEIGHT);
        net.block().initialize(m, DataType.FLOAT32, new Shape(1, inputs));
        return net;
    }

    private static LabeledData noise(LabeledData like, long seed) {
        Random r = new Random(seed);
        float[] x = new float[like.features().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return new LabeledData(x, like.labels(), like.sampleShape(), like.numClasses());
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    /** Chance on the control task: always answering its most frequent test label. */
    private static double chance(int[] labels) {
        int[] count = new int[4];
        for (int y : labels) {
            count[y]++;
        }
        return (double) Arrays.stream(count).max().getAsInt() / labels.length;
    }

    /** Images from 40 tight clusters in 60 dimensions, labelled by cluster modulo 4. */
    private static LabeledData clustered(int n, long seed) {
        LabeledData c = TestData.blobs(n, 60, 40, 0.1, seed);
        int[] y = Arrays.stream(c.labels()).map(l -> l % 4).toArray();
        return new LabeledData(c.features(), y, c.sampleShape(), 4);
    }

    @Test
    void aProbeOnStatesWithoutTypeInformationIsNearChanceOnTheControlTask() {
        LabeledData all = clustered(2100, 3);
        DataSplits data = TestData.splits(
                all.select(range(0, 1200)), all.select(range(1200, 1500)), all.select(range(1500, 2100)));
        ControlTask.Assignment a = new ControlTask(40, 2).assign(data);
        DataSplits readable = a.relabel(data);
        // Fresh noise in place of the images: the same control labels, nothing that tells the types apart.
        DataSplits blind = a.relabel(new DataSplits(
                data.name(),
                noise(data.train(), 7),
                noise(data.validation(), 8),
                noise(data.test(), 9),
                data.identity()));
        try (NDManager m = NDManager.newBaseManager()) {
            HookedForward hooked = HookedForward.of(mlp(m, 60));
            double onNoise = new LayerProber(SMALL, ProbeMonitor.NONE)
                    .probe(hooked, blind, List.of("input"))
                    .results()
                    .get(0)
                    .testAccuracy();
            double onImages = new LayerProber(SMALL, ProbeMonitor.NONE)
                    .probe(hooked, readable, List.of("input"))
                    .results()
                    .get(0)
                    .testAccuracy();
            double chance = chance(readable.test().labels());
            assertTrue(onNoise < chance + 0.05, "control accuracy on noise " + onNoise + ", chance " + chance);
            assertTrue(onImages > onNoise + 0.1, "control accuracy on the images " + onImages + " vs noise " + onNoise);
        }
    }
}
