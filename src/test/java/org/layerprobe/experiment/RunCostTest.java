package org.layerprobe.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerprobe.cluster.Shard;
import org.layerprobe.hooks.HookedForward;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.nets.Network;
import org.layerprobe.nets.NetworkBuilder;

class RunCostTest {

    /**
     * The widths summed from the layer arithmetic are those of the built networks: every point's
     * features from a real forward pass, or its affine source's when that is narrower.
     */
    @Test
    void readWidthsAreTheBuiltNetworksPointWidths() {
        for (ArchitectureSpec arch : List.of(
                ArchitectureSpec.cnn(64, 16, 32),
                ArchitectureSpec.cnn(32, 4, 8),
                ArchitectureSpec.cnn(0, 8),
                ArchitectureSpec.mlp(256, 128),
                ArchitectureSpec.mlp(64, 64, 64, 64, 64, 64),
                ArchitectureSpec.mlp(128, 1024),
                ArchitectureSpec.alainBengio())) {
            assertEquals(builtReadWidth(arch), RunCost.readWidth(arch, 1, 28, 10), arch.id());
        }
    }

    private static long builtReadWidth(ArchitectureSpec arch) {
        Shape sample = new Shape(1, 28, 28);
        Network net = NetworkBuilder.build(arch, Activations.get("relu"), sample, 10);
        try (NDManager m = NDManager.newBaseManager()) {
            net.block().setInitializer(new NormalInitializer(), Parameter.Type.WEIGHT);
            net.block().initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            HookedForward hooked = HookedForward.of(net);
            Map<String, NDArray> states =
                    hooked.run(m, m.zeros(new Shape(1, 1, 28, 28)), new HashSet<>(hooked.points()));
            long total = 0;
            for (String p : hooked.points()) {
                long width = states.get(p).getShape().size();
                long source = hooked.affineSources(p).stream()
                        .mapToLong(s -> states.get(s).getShape().size())
                        .min()
                        .orElse(width);
                total += Math.min(width, source);
            }
            return total;
        }
    }

    /**
     * activations-mnist split by the longest-processing-time rule: with the measured seconds of
     * one CNN and one MLP configuration (docs/cluster.md) as their true costs, the slowest shard
     * summed over every shard count up to the CNN count finishes earlier with the arithmetic weights
     * than with the fixed 7 to 1 they replace, and the weights' ratio is nearer the measured one.
     */
    @Test
    void theShippedSweepSplitsNearerItsMeasuredCosts() {
        List<RunConfig> all =
                SpecParser.parse(Path.of("probes", "activations-mnist.yaml")).configs();
        ArchitectureSpec cnn = all.stream()
                .map(RunConfig::architecture)
                .filter(a -> a.kind().equals("cnn"))
                .findFirst()
                .orElseThrow();
        ArchitectureSpec mlp = all.stream()
                .map(RunConfig::architecture)
                .filter(a -> a.kind().equals("mlp"))
                .findFirst()
                .orElseThrow();
        double cnnSeconds = 581;
        double mlpSeconds = 38.5;
        double measured = cnnSeconds / mlpSeconds;
        double ratio = RunCost.readWidth(cnn, 1, 28, 10) / (double) RunCost.readWidth(mlp, 1, 28, 10);
        assertTrue(Math.abs(Math.log(ratio / measured)) < Math.abs(Math.log(7 / measured)), "ratio " + ratio);
        long cnns = all.stream().filter(c -> c.architecture().equals(cnn)).count();
        double before = 0;
        double after = 0;
        for (int n = 1; n <= cnns; n++) {
            before += slowest(all, n, c -> c.architecture().equals(cnn) ? 7 : 1, cnn, cnnSeconds, mlpSeconds);
            after += slowest(all, n, RunCost::of, cnn, cnnSeconds, mlpSeconds);
        }
        assertTrue(after < before, "summed slowest shards: " + after + " s against " + before + " s before");
    }

    private static double slowest(
            List<RunConfig> all,
            int n,
            java.util.function.ToDoubleFunction<RunConfig> weights,
            ArchitectureSpec cnn,
            double cnnSeconds,
            double mlpSeconds) {
        int[] shard = Shard.assignment(new ArrayList<>(all), weights, n);
        double[] load = new double[n];
        for (int i = 0; i < all.size(); i++) {
            load[shard[i]] += all.get(i).architecture().equals(cnn) ? cnnSeconds : mlpSeconds;
        }
        return java.util.Arrays.stream(load).max().orElseThrow();
    }
}
