package org.layerprobe.probe.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.layerprobe.probe.states.FeatureStats;
import org.layerprobe.probe.states.StateBatch;

/**
 * A profiled pass evaluates {@code G(W) = min_b F(W, b)}: its objective and gradient are a plain
 * pass's at the same weights with the profiled biases, the bias gradient vanishes there, and it
 * reads the kept products instead of computing them again.
 */
class ProfiledPassTest {

    private static final int D = 12;
    private static final int C = 4;
    private static final int BATCH = 100;
    private static final int BATCHES = 5;

    @Test
    void aProfiledPassIsAPlainPassAtTheProfiledBiases() {
        Random random = new Random(11);
        try (NDManager m = NDManager.newBaseManager()) {
            List<StateBatch> batches = new ArrayList<>();
            FeatureStats stats = new FeatureStats(D);
            for (int b = 0; b < BATCHES; b++) {
                float[] x = new float[BATCH * D];
                int[] y = new int[BATCH];
                for (int i = 0; i < BATCH; i++) {
                    y[i] = random.nextInt(C);
                    for (int j = 0; j < D; j++) {
                        x[i * D + j] = (float) (random.nextGaussian() + (j % C == y[i] ? 1.5 : 0) + 0.3 * j);
                    }
                }
                NDArray z = m.create(x, new Shape(BATCH, D));
                stats.add(z, y, C);
                batches.add(new StateBatch(Map.of("p", z), y));
            }
            SoftmaxProbe probe = new SoftmaxProbe(m, stats, List.of(1e-3, 1e-1), C, null);
            float[] q = new float[(D + 1) * 2 * C];
            for (int i = 0; i < q.length; i++) {
                q[i] = (float) (0.3 * random.nextGaussian() + (i >= D * 2 * C ? 2 : 0));
            }
            int[] both = {0, 1};

            SoftmaxProbe.Fit profiled = probe.fit(q, both, "p");
            SoftmaxProbe.Evaluation a;
            float[] at;
            try (SharedPass pass = new SharedPass(m, List.of(profiled))) {
                batches.forEach(pass::observe);
                int[] labels = batches.stream()
                        .flatMapToInt(s -> Arrays.stream(s.labels()))
                        .toArray();
                profiled.profile(labels);
                for (int b = 0; b < BATCHES; b++) {
                    pass.accumulateProfiled(batches.get(b), b);
                }
                at = profiled.profiledParams(q);
                NDArray[] sums = pass.sums(profiled);
                a = probe.finish(profiled, sums[0], sums[1], pass.samples(), at);
            }
            SoftmaxProbe.Evaluation b = plainPass(m, probe, at, both, batches);
            SoftmaxProbe.Evaluation before = plainPass(m, probe, q, both, batches);
            for (int j : both) {
                assertEquals(b.objective()[j], a.objective()[j], 1e-6 * b.objective()[j], "objective " + j);
                assertTrue(a.objective()[j] < before.objective()[j], "profiling lowers the objective " + j);
                assertTrue(probe.biasGradientNorm(a.gradient(), j) < 1e-5, "bias gradient " + j);
                assertTrue(probe.biasGradientNorm(before.gradient(), j) > 1e-2, "unprofiled bias gradient " + j);
                assertEquals(
                        probe.weightGradientSquared(b.gradient(), j),
                        probe.weightGradientSquared(a.gradient(), j),
                        1e-4 * probe.weightGradientSquared(b.gradient(), j),
                        "weight gradient " + j);
            }
            for (int i = 0; i < a.gradient().length; i++) {
                assertEquals(b.gradient()[i], a.gradient()[i], 2e-6, "gradient entry " + i);
            }
            probe.close();
        }
    }

    /** A plain pass's evaluation at parameters q: the biases as they are. */
    private static SoftmaxProbe.Evaluation plainPass(
            NDManager m, SoftmaxProbe probe, float[] q, int[] strengths, List<StateBatch> batches) {
        SoftmaxProbe.Fit fit = probe.fit(q, strengths, "p");
        try (SharedPass pass = new SharedPass(m, List.of(fit))) {
            batches.forEach(pass::accumulate);
            NDArray[] sums = pass.sums(fit);
            return probe.finish(fit, sums[0], sums[1], pass.samples(), q);
        }
    }
}
