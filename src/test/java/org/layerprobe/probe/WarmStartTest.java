package org.layerprobe.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerprobe.TestData;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.LabeledData;
import org.layerprobe.hooks.HookedForward;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.nets.Network;
import org.layerprobe.nets.NetworkBuilder;
import org.layerprobe.probe.solver.ProbeSolver;
import org.layerprobe.probe.solver.ProbeWeights;
import org.layerprobe.probe.solver.StopWhen;
import org.layerprobe.probe.solver.StoppingRule;
import org.layerprobe.probe.states.FeatureReduction;

/** A probe started from another fit's solution reaches the same optimum as one started from zero. */
class WarmStartTest {

    private static final ProbeSettings SMALL = new ProbeSettings(
            List.of(1e-3, 1e-2),
            new StopWhen(StoppingRule.CERTIFIED, 1e-5, ProbeSettings.DEFAULT_GAP_TOLERANCE, 1000),
            new ProbeSettings.Solver(ProbeSolver.AUTO, 64),
            new ProbeSettings.WarmUp(0, 0.01),
            new ProbeSettings.States(128, 1L << 30, FeatureReduction.none()),
            1);

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    @Test
    void aWarmStartReachesTheColdOptimumInFewerPasses() {
        LabeledData all = TestData.blobs(1600, 8, 4, 2.5, 21);
        LabeledData val = TestData.blobs(300, 8, 4, 2.5, 22);
        DataSplits small = TestData.splits(all.select(range(0, 400)), val, val);
        DataSplits large = TestData.splits(all.select(range(0, 1600)), val, val);
        try (NDManager m = NDManager.newBaseManager()) {
            // Seeded: the engine's random generator is shared by the whole test run, so unseeded
            // weights (and the passes this test compares) would depend on which tests ran before.
            Engine.getInstance().setRandomSeed(21);
            Network net = NetworkBuilder.build(ArchitectureSpec.mlp(6), Activations.get("tanh"), new Shape(8), 4);
            net.block().setInitializer(new NormalInitializer(), Parameter.Type.WEIGHT);
            net.block().initialize(m, DataType.FLOAT32, new Shape(1, 8));
            HookedForward hooked = HookedForward.of(net);
            List<String> points = List.of("input", "fc1.act");
            LayerProber prober = new LayerProber(SMALL, ProbeMonitor.NONE);
            Map<String, ProbeWeights> start =
                    prober.probe(hooked, small, points, Map.of(), true).weights();
            ProbeRun cold = prober.probe(hooked, large, points);
            ProbeRun warm = prober.probe(hooked, large, points, start, false);
            for (int i = 0; i < points.size(); i++) {
                ProbeResult c = cold.results().get(i);
                ProbeResult w = warm.results().get(i);
                assertTrue(c.converged() && w.converged(), points.get(i));
                assertEquals(c.l2(), w.l2(), points.get(i));
                // Both are certified to lie within their bounds above the same optimum.
                assertEquals(c.objective(), w.objective(), Math.max(c.gapBound(), w.gapBound()) + 1e-7, points.get(i));
                assertEquals(c.testAccuracy(), w.testAccuracy(), 1.0 / 300 + 1e-12, points.get(i));
                assertTrue(w.passes() <= c.passes(), points.get(i) + ": warm " + w.passes() + " vs cold " + c.passes());
            }
            // Restarting from a fit's own solution on the same data leaves nothing to do.
            Map<String, ProbeWeights> own =
                    prober.probe(hooked, large, points, Map.of(), true).weights();
            ProbeRun again = prober.probe(hooked, large, points, own, false);
            for (ProbeResult r : again.results()) {
                assertTrue(r.converged() && r.passes() <= 3, r.point() + " took " + r.passes() + " passes");
            }
        }
    }
}
