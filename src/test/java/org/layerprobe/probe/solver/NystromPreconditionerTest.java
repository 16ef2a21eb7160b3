package org.layerprobe.probe.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.layerprobe.probe.states.FeatureStats;
import org.layerprobe.probe.states.StateBatch;

public class NystromPreconditionerTest {

    public static final int N = 600;
    public static final int D = 12;
    private static final int C = 3;
    private static final List<Double> L2 = List.of(1e-2, 1e-1);

    /** Correlated features: a random mixing of a few strong and many weak directions. */
    static float[] states(long seed) {
        return states(seed, 1);
    }

    /** As {@link #states(long)}, with the weak directions scaled by {@code weak} (strong ones by 3). */
    static float[] states(long seed, double weak) {
        Random r = new Random(seed);
        double[][] mix = new double[D][D];
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                mix[i][j] = r.nextGaussian() * (j < 3 ? 3 : weak);
            }
        }
        float[] x = new float[N * D];
        for (int n = 0; n < N; n++) {
            double[] z = new double[D];
            for (int j = 0; j < D; j++) {
                z[j] = r.nextGaussian();
            }
            for (int i = 0; i < D; i++) {
                double v = 5;
                for (int j = 0; j < D; j++) {
                    v += mix[i][j] * z[j];
                }
                x[n * D + i] = (float) v;
            }
        }
        return x;
    }

    /** The covariance of the standardised states, computed directly. */
    private static double[][] covariance(float[] x) {
        double[] mean = new double[D];
        double[] sd = new double[D];
        for (int n = 0; n < N; n++) {
            for (int i = 0; i < D; i++) {
                mean[i] += x[n * D + i] / (double) N;
            }
        }
        for (int n = 0; n < N; n++) {
            for (int i = 0; i < D; i++) {
                sd[i] += Math.pow(x[n * D + i] - mean[i], 2) / N;
            }
        }
        double[][] s = new double[D][D];
        for (int n = 0; n < N; n++) {
            for (int i = 0; i < D; i++) {
                for (int j = 0; j < D; j++) {
                    s[i][j] += (x[n * D + i] - mean[i])
                            / Math.sqrt(sd[i])
                            * (x[n * D + j] - mean[j])
                            / Math.sqrt(sd[j])
                            / N;
                }
            }
        }
        return s;
    }

    private static NystromPreconditioner sketched(
            NDManager m, SoftmaxProbe probe, NDArray x, int[] y, int rank, boolean forceSketch) {
        NDArray omega = NystromPreconditioner.testMatrix(m, D, rank, 5);
        if (forceSketch && rank >= D) {
            // The randomized path with a square test matrix: orthonormal, so still exact.
            omega = NystromPreconditioner.testMatrix(m, D + 1, rank, 5)
                    .get(new NDIndex("0:" + D + ", :"))
                    .concat(m.zeros(new Shape(1, rank)), 0);
        }
        SharedPass.Term term = probe.sketch(omega, "x");
        try (SharedPass pass = new SharedPass(m, List.of(term))) {
            pass.accumulate(new StateBatch(Map.of("x", x), y));
            NDArray[] sums = pass.sums(term);
            NDArray sketch = probe.sketchOf(sums[0], sums[1], pass.samples());
            double[] lambda = L2.stream().mapToDouble(Double::doubleValue).toArray();
            return NystromPreconditioner.build(
                    m, C, omega.get(new NDIndex("0:" + D)), sketch, rank >= D && !forceSketch, lambda, new boolean[] {
                        true, true
                    });
        }
    }

    @Test
    void preconditionerIsTheInverseOfTheShiftedCovarianceWhenTheRankReachesTheWidth() {
        float[] data = states(1);
        int[] y = new Random(2).ints(N, 0, C).toArray();
        double[][] sigma = covariance(data);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(data, new Shape(N, D));
            FeatureStats stats = new FeatureStats(D);
            stats.add(x, y, C);
            try (SoftmaxProbe probe = new SoftmaxProbe(m, stats, L2, C, null)) {
                for (boolean forceSketch : new boolean[] {false, true}) {
                    NystromPreconditioner p = sketched(m, probe, x, y, D, forceSketch);
                    float[] g = new float[(D + 1) * L2.size() * C];
                    Random r = new Random(3);
                    for (int i = 0; i < g.length; i++) {
                        g[i] = (float) r.nextGaussian();
                    }
                    float[] pg = p.apply(m.create(g, new Shape(D + 1, L2.size() * C)))
                            .toFloatArray();
                    for (int j = 0; j < L2.size(); j++) {
                        RealMatrix a = new Array2DRowRealMatrix(sigma);
                        for (int i = 0; i < D; i++) {
                            a.addToEntry(i, i, NystromPreconditioner.shift(L2.get(j)));
                        }
                        RealMatrix inv = new LUDecomposition(a).getSolver().getInverse();
                        for (int c = 0; c < C; c++) {
                            int col = j * C + c;
                            for (int i = 0; i < D; i++) {
                                double want = 0;
                                for (int q = 0; q < D; q++) {
                                    want += inv.getEntry(i, q) * g[q * L2.size() * C + col];
                                }
                                double got = pg[i * L2.size() * C + col];
                                assertEquals(
                                        want,
                                        got,
                                        1e-3 * (1 + Math.abs(want)),
                                        "sketch=" + forceSketch + " strength " + j + " row " + i);
                            }
                        }
                    }
                    p.close();
                }
            }
        }
    }

    @Test
    void theExactPathAppliesOnlyTheStrengthsAskedForAndEachAsAmongAll() {
        List<Double> grid = List.of(1e-3, 1e-2, 1e-1);
        int width = grid.size() * C;
        float[] data = states(6);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(data, new Shape(N, D));
            NDArray sigma = x.sub(x.mean(new int[] {0}))
                    .transpose()
                    .matMul(x.sub(x.mean(new int[] {0})))
                    .div(N);
            double[] lambda = grid.stream().mapToDouble(Double::doubleValue).toArray();
            NystromPreconditioner p = NystromPreconditioner.build(
                    m, C, m.eye(D, D, 0, ai.djl.ndarray.types.DataType.FLOAT32), sigma, true, lambda, new boolean[] {
                        true, true, false
                    });
            float[] g = new float[(D + 1) * width];
            Random r = new Random(7);
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) r.nextGaussian();
            }
            float[] all = p.apply(g);
            for (int[] span : new int[][] {{0, 3}, {1, 3}, {0, 1}, {2, 3}}) {
                float[] part = p.apply(g, span[0], span[1]);
                for (int i = 0; i < g.length; i++) {
                    int j = (i % width) / C;
                    boolean applied = j >= span[0] && j < span[1];
                    // Strength 2 is left alone (the identity), so its columns are g's either way.
                    assertEquals(
                            applied ? all[i] : g[i], part[i], 0f, "span " + span[0] + "-" + span[1] + " index " + i);
                }
            }
            for (int i = 0; i < g.length; i++) {
                if ((i % width) / C == 2) {
                    assertEquals(g[i], all[i], 0f);
                }
            }
            p.close();
        }
    }

    @Test
    void sketchedEigenvaluesAreTheLeadingOnesOfTheCovariance() {
        float[] data = states(4, 0.2);
        int[] y = new Random(5).ints(N, 0, C).toArray();
        double[] exact = new org.apache.commons.math3.linear.EigenDecomposition(
                        new Array2DRowRealMatrix(covariance(data)))
                .getRealEigenvalues();
        java.util.Arrays.sort(exact);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(data, new Shape(N, D));
            FeatureStats stats = new FeatureStats(D);
            stats.add(x, y, C);
            try (SoftmaxProbe probe = new SoftmaxProbe(m, stats, L2, C, null)) {
                NystromPreconditioner p = sketched(m, probe, x, y, 6, false);
                double[] got = p.eigenvalues();
                // Three strong directions dominate: a rank-6 sketch finds them to within a few percent.
                for (int i = 0; i < 3; i++) {
                    double want = exact[D - 1 - i];
                    assertEquals(want, got[i], 0.05 * want, "eigenvalue " + i);
                }
                assertTrue(got[5] <= got[0]);
                p.close();
            }
        }
    }

    @Test
    void aPointWhoseFeaturesAreAllConstantGetsAFinitePreconditioner() {
        float[] data = new float[N * D];
        java.util.Arrays.fill(data, 2f);
        int[] y = new Random(6).ints(N, 0, C).toArray();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(data, new Shape(N, D));
            FeatureStats stats = new FeatureStats(D);
            stats.add(x, y, C);
            try (SoftmaxProbe probe = new SoftmaxProbe(m, stats, L2, C, null)) {
                NystromPreconditioner p = sketched(m, probe, x, y, 4, false);
                float[] out = p.apply(m.ones(new Shape(D + 1, L2.size() * C))).toFloatArray();
                for (float v : out) {
                    assertTrue(Float.isFinite(v));
                }
                p.close();
            }
        }
    }
}
