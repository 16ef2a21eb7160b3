package org.layerprobe.probe;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerprobe.LayerprobeException;
import org.layerprobe.TestData;
import org.layerprobe.data.DataSplits;
import org.layerprobe.hooks.HookedForward;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.nets.Network;
import org.layerprobe.nets.NetworkBuilder;
import org.layerprobe.probe.solver.ProbeSolver;
import org.layerprobe.probe.solver.StopWhen;
import org.layerprobe.probe.solver.StoppingRule;
import org.layerprobe.probe.states.FeatureReduction;

/** max_passes bounds every pass a probe reports: the sketch, the solver's and the certificate's. */
class PassCapTest {

    /** At the smallest cap accepted every probe reports exactly the cap; smaller caps are refused. */
    @Test
    void theSmallestCapIsHeldAndSmallerOnesAreRefused() {
        for (ProbeResult r : probes(ProbeSettings.defaults().withMaxPasses(ProbeSettings.MIN_PASSES))) {
            assertTrue(r.passes() <= ProbeSettings.MIN_PASSES, r.point() + ": " + r.passes() + " passes");
        }
        for (int cap = 1; cap < ProbeSettings.MIN_PASSES; cap++) {
            int c = cap;
            assertThrows(
                    LayerprobeException.class, () -> ProbeSettings.defaults().withMaxPasses(c));
        }
    }

    @Test
    void aProbeStoppedByTheCapReportsAtMostTheCapAndIsNotConverged() {
        for (ProbeSolver solver : List.of(ProbeSolver.LBFGS, ProbeSolver.PRECONDITIONED)) {
            ProbeSettings s = new ProbeSettings(
                    List.of(1e-6, 1e-4),
                    new StopWhen(StoppingRule.CERTIFIED, 1e-4, 1e-9, 12),
                    new ProbeSettings.Solver(solver, 128),
                    new ProbeSettings.WarmUp(0, 0.01),
                    new ProbeSettings.States(64, 1L << 30, FeatureReduction.none()),
                    1);
            for (ProbeResult r : probes(s)) {
                assertTrue(r.passes() <= 12, solver + " " + r.point() + ": " + r.passes() + " passes at a cap of 12");
                assertFalse(r.converged(), "a 1e-9 gap in 12 passes is not expected: " + r.relativeGap());
            }
        }
    }

    /** The input's and a hidden layer's probes of a small untrained MLP on separable blobs. */
    private static List<ProbeResult> probes(ProbeSettings s) {
        DataSplits data = TestData.splits(
                TestData.blobs(400, 12, 5, 3.0, 1),
                TestData.blobs(100, 12, 5, 3.0, 2),
                TestData.blobs(100, 12, 5, 3.0, 3));
        try (NDManager m = NDManager.newBaseManager()) {
            Network net = NetworkBuilder.build(ArchitectureSpec.mlp(3), Activations.get("relu"), new Shape(12), 5);
            net.block().initialize(m, DataType.FLOAT32, new Shape(1, 12));
            return new LayerProber(s, ProbeMonitor.NONE)
                    .probe(HookedForward.of(net), data, List.of("input", "fc1.act"))
                    .results();
        }
    }
}
