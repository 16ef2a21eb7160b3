package org.layerprobe.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.layerprobe.LayerprobeException;
import org.layerprobe.experiment.RunConfig;
import org.layerprobe.experiment.RunCost;
import org.layerprobe.nets.ArchitectureSpec;

class ShardTest {

    /** The configurations of activations-mnist: 2 architectures x 9 activations x 3 seeds. */
    private static List<RunConfig> sweep() {
        List<RunConfig> out = new ArrayList<>();
        for (ArchitectureSpec a : List.of(
                new ArchitectureSpec("cnn", List.of(16, 32), 64), new ArchitectureSpec("mlp", List.of(256, 128), 0))) {
            for (String act :
                    List.of("relu", "sigmoid", "tanh", "identity", "leaky_relu", "elu", "gelu", "swish", "softplus")) {
                for (long s = 1; s <= 3; s++) {
                    out.add(new RunConfig(a, act, s));
                }
            }
        }
        return out;
    }

    @Test
    void shardsPartitionTheConfigurationsForOneToSevenShards() {
        List<RunConfig> all = sweep();
        for (int n = 1; n <= 7; n++) {
            Set<RunConfig> seen = new HashSet<>();
            int total = 0;
            for (int i = 0; i < n; i++) {
                List<RunConfig> part = new Shard(i, n).select(all, RunCost::of);
                total += part.size();
                seen.addAll(part);
            }
            assertEquals(all.size(), total, "no configuration in two shards, N = " + n);
            assertEquals(new HashSet<>(all), seen, "every configuration in some shard, N = " + n);
        }
    }

    @Test
    void theAssignmentIsStableAndBalanced() {
        List<RunConfig> all = sweep();
        for (int n = 1; n <= 7; n++) {
            int[] first = Shard.assignment(all, RunCost::of, n);
            int[] again = Shard.assignment(new ArrayList<>(all), RunCost::of, n);
            assertTrue(java.util.Arrays.equals(first, again), "same input, same assignment, N = " + n);
            double[] load = new double[n];
            int[] cnns = new int[n];
            for (int i = 0; i < all.size(); i++) {
                load[first[i]] += RunCost.of(all.get(i));
                cnns[first[i]] += all.get(i).architecture().kind().equals("cnn") ? 1 : 0;
            }
            double max = java.util.Arrays.stream(load).max().orElseThrow();
            double min = java.util.Arrays.stream(load).min().orElseThrow();
            double cnn = RunCost.of(all.get(0));
            assertTrue(
                    max - min <= cnn,
                    "loads within one CNN of each other, N = " + n + ": " + java.util.Arrays.toString(load));
            int maxCnn = java.util.Arrays.stream(cnns).max().orElseThrow();
            int minCnn = java.util.Arrays.stream(cnns).min().orElseThrow();
            assertTrue(maxCnn - minCnn <= 1, "CNNs spread evenly, N = " + n + ": " + java.util.Arrays.toString(cnns));
        }
    }

    @Test
    void parsesAndRejectsShardSpellings() {
        assertEquals(new Shard(2, 8), Shard.parse("2/8"));
        for (String bad : List.of("8/8", "-1/4", "1/0", "1", "a/b", "1/2/3", "")) {
            assertThrows(LayerprobeException.class, () -> Shard.parse(bad), bad);
        }
    }
}
