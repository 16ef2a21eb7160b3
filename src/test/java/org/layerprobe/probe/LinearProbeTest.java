package org.layerprobe.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.layerprobe.TestData;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.LabeledData;
import org.layerprobe.hooks.HookedForward;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.nets.Layer;
import org.layerprobe.nets.Network;
import org.layerprobe.nets.NetworkBuilder;
import org.layerprobe.probe.solver.ProbeSolver;
import org.layerprobe.probe.solver.StopWhen;
import org.layerprobe.probe.solver.StoppingRule;
import org.layerprobe.probe.states.FeatureReduction;
import org.layerprobe.train.ModelTrainer;
import org.layerprobe.train.TrainSettings;
import org.layerprobe.train.TrainedModel;
import org.layerprobe.train.TrainingMonitor;

class LinearProbeTest {

    /** Small problems: small batches, the default solver and tolerance. */
    private static final ProbeSettings SMALL = new ProbeSettings(
            List.of(1e-4, 1e-3),
            new StopWhen(StoppingRule.CERTIFIED, 1e-3, ProbeSettings.DEFAULT_GAP_TOLERANCE, 500),
            new ProbeSettings.Solver(ProbeSolver.AUTO, 128),
            new ProbeSettings.WarmUp(3, 0.01),
            new ProbeSettings.States(64, 1L << 30, FeatureReduction.none()),
            1);

    private static Map<String, ProbeResult> byPoint(ProbeRun run) {
        Map<String, ProbeResult> m = new java.util.LinkedHashMap<>();
        run.results().forEach(r -> m.put(r.point(), r));
        return m;
    }

    /** An XOR set: the four corners, each repeated with a little noise. */
    private static LabeledData xor(int perCorner, double noise, long seed) {
        Random rnd = new Random(seed);
        int n = 4 * perCorner;
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int a = i % 2;
            int b = (i / 2) % 2;
            x[2 * i] = (float) (a + noise * rnd.nextGaussian());
            x[2 * i + 1] = (float) (b + noise * rnd.nextGaussian());
            y[i] = a ^ b;
        }
        return new LabeledData(x, y, new long[] {2}, 2);
    }

    /** A 2-2 relu layer with hand-set weights: h1 = relu(x1 + x2), h2 = relu(x1 + x2 - 1). */
    private static Network xorNet(NDManager m) {
        Network net = NetworkBuilder.build(ArchitectureSpec.mlp(2), Activations.get("relu"), new Shape(2), 2);
        net.block().setInitializer(new NormalInitializer(), Parameter.Type.WEIGHT);
        net.block().initialize(m, DataType.FLOAT32, new Shape(1, 2));
        var params = net.child(1).getParameters();
        params.get("weight").getArray().set(new float[] {1, 1, 1, 1});
        params.get("bias").getArray().set(new float[] {0, -1});
        return net;
    }

    @Test
    void separableBlobsGiveAPerfectProbe() {
        DataSplits data = TestData.splits(
                TestData.blobs(600, 5, 3, 0.3, 1),
                TestData.blobs(150, 5, 3, 0.3, 1),
                TestData.blobs(300, 5, 3, 0.3, 1));
        try (NDManager m = NDManager.newBaseManager()) {
            Network net = NetworkBuilder.build(ArchitectureSpec.mlp(8), Activations.get("relu"), new Shape(5), 3);
            net.block().setInitializer(new NormalInitializer(), Parameter.Type.WEIGHT);
            net.block().initialize(m, DataType.FLOAT32, new Shape(1, 5));
            ProbeRun run =
                    new LayerProber(SMALL, ProbeMonitor.NONE).probe(HookedForward.of(net), data, List.of("input"));
            ProbeResult input = byPoint(run).get("input");
            assertEquals(1.0, input.testAccuracy(), 1e-12);
            assertTrue(input.converged(), "converged: grad " + input.relativeGradient());
            // The time breakdown partitions the wall time: no part is negative or double-counted.
            for (double part : new double[] {
                run.forwardSeconds(),
                run.cachingSeconds(),
                run.probeSeconds(),
                run.evaluationSeconds(),
                run.otherSeconds()
            }) {
                assertTrue(part >= 0, "time breakdown " + run);
            }
        }
    }

    @Test
    void xorIsSeparableAfterReluButNotAtTheInput() {
        DataSplits data = TestData.splits(xor(50, 0.05, 1), xor(25, 0.05, 2), xor(50, 0.05, 3));
        try (NDManager m = NDManager.newBaseManager()) {
            Network net = xorNet(m);
            ProbeRun run = new LayerProber(SMALL, ProbeMonitor.NONE)
                    .probe(HookedForward.of(net), data, List.of("input", "fc1.act"));
            Map<String, ProbeResult> r = byPoint(run);
            assertTrue(
                    r.get("input").testAccuracy() <= 0.75,
                    "input " + r.get("input").testAccuracy());
            assertEquals(1.0, r.get("fc1.act").testAccuracy(), 1e-12);
        }
    }

    @Test
    void exactXorPointsAreSeparableOnlyInTheHiddenState() {
        LabeledData four = xor(1, 0, 0);
        DataSplits data = TestData.splits(four, four, four);
        try (NDManager m = NDManager.newBaseManager()) {
            ProbeRun run = new LayerProber(SMALL.withMaxPasses(2000), ProbeMonitor.NONE)
                    .probe(HookedForward.of(xorNet(m)), data, List.of("input", "fc1.act"));
            Map<String, ProbeResult> r = byPoint(run);
            assertTrue(
                    r.get("input").trainAccuracy() <= 0.75,
                    "input " + r.get("input").trainAccuracy());
            assertEquals(1.0, r.get("fc1.act").trainAccuracy(), 1e-12);
        }
    }

    /**
     * A network's probes do not depend on what this process probed before it: the same numbers
     * after another network's probes as in a fresh fit (which points a pass serves together
     * decides its products' rounding, so no fit is carried over from one network to the next).
     */
    @Test
    void aNetworksProbesDoNotDependOnWhatWasProbedBefore() {
        DataSplits data = TestData.splits(
                TestData.tinyImages(600, 11), TestData.tinyImages(200, 12), TestData.tinyImages(300, 13));
        Network relu = NetworkBuilder.build(ArchitectureSpec.mlp(16), Activations.get("relu"), new Shape(1, 8, 8), 4);
        Network tanh = NetworkBuilder.build(ArchitectureSpec.mlp(24), Activations.get("tanh"), new Shape(1, 8, 8), 4);
        try (NDManager m = NDManager.newBaseManager()) {
            for (Network net : List.of(relu, tanh)) {
                net.block().initialize(m, DataType.FLOAT32, new Shape(1, 1, 8, 8));
            }
            ProbeRun alone = new LayerProber(SMALL, ProbeMonitor.NONE).probe(HookedForward.of(tanh), data, List.of());
            new LayerProber(SMALL, ProbeMonitor.NONE).probe(HookedForward.of(relu), data, List.of());
            ProbeRun after = new LayerProber(SMALL, ProbeMonitor.NONE).probe(HookedForward.of(tanh), data, List.of());
            for (int i = 0; i < alone.results().size(); i++) {
                ProbeResult a = alone.results().get(i);
                ProbeResult b = after.results().get(i);
                assertEquals(a.objective(), b.objective(), a.point());
                assertEquals(a.passes(), b.passes(), a.point());
                assertEquals(a.testPredictions(), b.testPredictions(), a.point());
            }
        }
    }

    @Test
    void injectivePreActivationIsNoLessSeparableThanInputAndLogitsMatchTheModel() {
        DataSplits data =
                TestData.splits(TestData.tinyImages(800, 1), TestData.tinyImages(200, 2), TestData.tinyImages(400, 3));
        TrainSettings quick = new TrainSettings("adam", 3e-3, 0.9, 2, 32, 0, 0);
        Network net =
                NetworkBuilder.build(ArchitectureSpec.mlp(96, 32), Activations.get("tanh"), new Shape(1, 8, 8), 4);
        try (TrainedModel model = new ModelTrainer(quick, TrainingMonitor.NONE).train(net, data, 5, "k")) {
            List<float[]> before = weights(net);
            ProbeRun run = new LayerProber(SMALL, ProbeMonitor.NONE).probe(HookedForward.of(net), data, List.of());
            Map<String, ProbeResult> r = byPoint(run);
            // fc1.pre = W x + b with W 96x64 of full column rank: an injective linear map of the input.
            assertTrue(
                    r.get("fc1.pre").testAccuracy() >= r.get("input").testAccuracy() - 0.003,
                    r.get("fc1.pre") + " vs " + r.get("input"));
            assertTrue(
                    r.get("logits").testAccuracy() >= model.result().testAccuracy() - 0.002,
                    r.get("logits").testAccuracy() + " vs model "
                            + model.result().testAccuracy());
            List<float[]> after = weights(net);
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), "probing changed parameter " + i);
            }
        }
    }

    @Test
    void probesFittedThroughAConvolutionMatchProbesOnTheMaterialisedStates() {
        assertFactoredProbeMatchesDirect(ArchitectureSpec.cnn(0, 4), "input", "conv1.pre");
    }

    @Test
    void probesFittedThroughADenseLayerMatchProbesOnTheMaterialisedStates() {
        assertFactoredProbeMatchesDirect(ArchitectureSpec.mlp(16, 64), "fc1.act", "fc2.pre");
    }

    /**
     * A linear control with batch norm and average pooling: every point of the identity network is
     * an affine map of the input, so each wider point is fitted through the input (the same fits as
     * on its own states), while in the relu network no activation point is.
     */
    @Test
    void anAllAffineNetworksWidePointsAreFittedThroughTheInput() {
        ArchitectureSpec arch = ArchitectureSpec.of(
                "affine",
                List.of(
                        new Layer.Conv(4, 3, 1, 1),
                        new Layer.BatchNorm(),
                        Layer.Act.slot(),
                        new Layer.Pool("avg", 2, 2),
                        new Layer.Flatten(),
                        new Layer.Dense(16),
                        Layer.Act.slot()));
        DataSplits data =
                TestData.splits(TestData.tinyImages(600, 4), TestData.tinyImages(200, 5), TestData.tinyImages(300, 6));
        TrainSettings quick = new TrainSettings("adam", 3e-3, 0.9, 1, 32, 0, 0);
        for (String act : List.of("identity", "relu")) {
            Network net = NetworkBuilder.build(arch, Activations.get(act), new Shape(1, 8, 8), 4);
            try (TrainedModel model = new ModelTrainer(quick, TrainingMonitor.NONE).train(net, data, 7, "k")) {
                ProbeRun factored =
                        new LayerProber(SMALL, ProbeMonitor.NONE).probe(HookedForward.of(net), data, List.of(), true);
                String mode = factored.stateMode();
                if (act.equals("relu")) {
                    assertTrue(mode.contains("conv1.pre, bn1 fitted through") && !mode.contains("conv1.act"), mode);
                    continue;
                }
                assertTrue(mode.contains("conv1.pre, bn1, conv1.act fitted through"), mode);
                ProbeRun direct =
                        new LayerProber(SMALL, ProbeMonitor.NONE).probe(HookedForward.of(net), data, List.of(), false);
                for (String p : List.of("bn1", "conv1.act")) {
                    ProbeResult f = byPoint(factored).get(p);
                    ProbeResult d = byPoint(direct).get(p);
                    assertTrue(f.converged() && d.converged(), f + " / " + d);
                    assertEquals(d.testCrossEntropy(), f.testCrossEntropy(), 0.02 * d.testCrossEntropy() + 1e-3, p);
                    assertEquals(d.testAccuracy(), f.testAccuracy(), 2.0 / 300, p);
                }
            }
        }
    }

    /** Probes {@code source} and the wider {@code point} fed by it, with and without the affine map. */
    private static void assertFactoredProbeMatchesDirect(ArchitectureSpec arch, String source, String point) {
        DataSplits data =
                TestData.splits(TestData.tinyImages(600, 4), TestData.tinyImages(200, 5), TestData.tinyImages(300, 6));
        TrainSettings quick = new TrainSettings("adam", 3e-3, 0.9, 1, 32, 0, 0);
        Network net = NetworkBuilder.build(arch, Activations.get("relu"), new Shape(1, 8, 8), 4);
        try (TrainedModel model = new ModelTrainer(quick, TrainingMonitor.NONE).train(net, data, 7, "k")) {
            List<String> points = List.of(source, point);
            ProbeRun factored =
                    new LayerProber(SMALL, ProbeMonitor.NONE).probe(HookedForward.of(net), data, points, true);
            ProbeRun direct =
                    new LayerProber(SMALL, ProbeMonitor.NONE).probe(HookedForward.of(net), data, points, false);
            assertTrue(factored.stateMode().contains(point + " fitted through"), factored.stateMode());
            assertTrue(!direct.stateMode().contains("fitted through"), direct.stateMode());
            ProbeResult f = byPoint(factored).get(point);
            ProbeResult d = byPoint(direct).get(point);
            assertEquals(d.dimension(), f.dimension());
            assertTrue(f.converged() && d.converged(), f + " / " + d);
            // The same objective from the same start: the fits agree up to float32 rounding.
            assertEquals(d.testCrossEntropy(), f.testCrossEntropy(), 0.02 * d.testCrossEntropy() + 1e-3, f + " / " + d);
            assertEquals(d.testAccuracy(), f.testAccuracy(), 2.0 / 300, f + " / " + d);
        }
    }

    @Test
    void cachedAsFloat32CachedAsFloat16AndStreamedStatesGiveTheSameProbesAndKeptValidationStatesChangeNothing() {
        int train = 2600; // more than one cached block of 2048 samples, the last one partial
        DataSplits data = TestData.splits(
                TestData.tinyImages(train, 8), TestData.tinyImages(200, 9), TestData.tinyImages(300, 10));
        TrainSettings quick = new TrainSettings("adam", 3e-3, 0.9, 1, 32, 0, 0);
        Network net = NetworkBuilder.build(ArchitectureSpec.cnn(0, 4), Activations.get("relu"), new Shape(1, 8, 8), 4);
        try (TrainedModel model = new ModelTrainer(quick, TrainingMonitor.NONE).train(net, data, 3, "k")) {
            List<String> points = List.of("input", "conv1.pre", "conv1.act");
            // Stored: input (64) and conv1.act (4 x 8 x 8); conv1.pre is read through the input.
            long float32Bytes = (long) train * (64 + 256) * Float.BYTES;
            ProbeRun f32Run = probeWithBudget(net, data, points, float32Bytes, "cached (float32");
            assertFalse(f32Run.stateMode().contains("validation"), f32Run.stateMode());
            Map<String, ProbeResult> f32 = byPoint(f32Run);
            Map<String, ProbeResult> f16 =
                    byPoint(probeWithBudget(net, data, points, float32Bytes * 3 / 4, "cached (float16"));
            Map<String, ProbeResult> streamed = byPoint(probeWithBudget(net, data, points, 0, "streamed"));
            // Room for the 200 validation states beside the training ones: they are kept after
            // their first read, and every number is the same as when they are streamed each time.
            long validationBytes = 200L * (64 + 256) * Float.BYTES;
            ProbeRun keptRun = probeWithBudget(net, data, points, float32Bytes + validationBytes, "cached (float32");
            assertTrue(keptRun.stateMode().contains("validation states kept"), keptRun.stateMode());
            Map<String, ProbeResult> kept = byPoint(keptRun);
            for (String p : points) {
                ProbeResult a = f32.get(p);
                ProbeResult b = kept.get(p);
                assertEquals(
                        List.of(a.l2(), a.validationAccuracy(), a.testAccuracy(), a.testCrossEntropy(), a.objective()),
                        List.of(b.l2(), b.validationAccuracy(), b.testAccuracy(), b.testCrossEntropy(), b.objective()),
                        p);
                assertEquals(a.passes(), b.passes(), p);
                assertEquals(a.gapBound(), b.gapBound(), p);
            }
            for (String p : points) {
                // Blocks of 2048 and batches of 64 sum in different orders, so the solver may stop
                // at a slightly different point inside the tolerance: the same predictions, and
                // cross-entropies that agree in absolute terms (they are near zero on this set).
                assertEquals(f32.get(p).testAccuracy(), streamed.get(p).testAccuracy(), 1.0 / 300, p);
                assertEquals(f32.get(p).testCrossEntropy(), streamed.get(p).testCrossEntropy(), 0.01, p);
                // Half precision rounds the stored states, so its fit may differ by a sample or two.
                assertEquals(f32.get(p).testAccuracy(), f16.get(p).testAccuracy(), 2.0 / 300, p);
                assertTrue(
                        f32.get(p).converged()
                                && f16.get(p).converged()
                                && streamed.get(p).converged(),
                        p);
            }
        }
    }

    private static ProbeRun probeWithBudget(
            Network net, DataSplits data, List<String> points, long budget, String expectedMode) {
        ProbeRun run =
                new LayerProber(SMALL.withMemory(budget), ProbeMonitor.NONE).probe(HookedForward.of(net), data, points);
        assertTrue(run.stateMode().startsWith(expectedMode), run.stateMode());
        return run;
    }

    private static List<float[]> weights(Network net) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : net.block().getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }
}
