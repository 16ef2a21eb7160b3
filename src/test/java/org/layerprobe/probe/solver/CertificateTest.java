package org.layerprobe.probe.solver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
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
import org.layerprobe.probe.ProbeResult;
import org.layerprobe.probe.ProbeSettings;
import org.layerprobe.probe.states.FeatureReduction;

/**
 * The certificate against the truth: on small problems whose optimum is found here to float64
 * precision by Newton's method, the certified bound is never below the true gap of a fit stopped
 * after a few passes, and it is tight at a solved fit.
 */
class CertificateTest {

    private static final int D = 4;
    private static final int C = 3;

    /** The probe's objective on standardised features, minimised in float64 by damped Newton. */
    private static double optimum(LabeledData train, double lambda) {
        int n = train.size();
        float[] raw = train.features();
        double[][] x = new double[n][D + 1];
        for (int j = 0; j < D; j++) {
            double mean = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                mean += raw[i * D + j] / (double) n;
            }
            for (int i = 0; i < n; i++) {
                sq += Math.pow(raw[i * D + j] - mean, 2) / n;
            }
            for (int i = 0; i < n; i++) {
                x[i][j] = (raw[i * D + j] - mean) / Math.sqrt(sq);
            }
        }
        for (int i = 0; i < n; i++) {
            x[i][D] = 1; // the bias, unpenalised
        }
        int m = (D + 1) * C;
        double[] w = new double[m];
        double f = objective(x, train.labels(), w, lambda);
        for (int it = 0; it < 100; it++) {
            double[] g = new double[m];
            double[][] h = new double[m][m];
            for (int i = 0; i < n; i++) {
                double[] p = softmax(x[i], w);
                for (int a = 0; a < C; a++) {
                    double r = p[a] - (train.labels()[i] == a ? 1 : 0);
                    for (int u = 0; u <= D; u++) {
                        g[u * C + a] += r * x[i][u] / n;
                        for (int b = 0; b < C; b++) {
                            double hab = (a == b ? p[a] : 0) - p[a] * p[b];
                            for (int v = 0; v <= D; v++) {
                                h[u * C + a][v * C + b] += hab * x[i][u] * x[i][v] / n;
                            }
                        }
                    }
                }
            }
            for (int q = 0; q < m; q++) {
                boolean bias = q / C == D;
                g[q] += bias ? 0 : lambda * w[q];
                h[q][q] += bias ? 0 : lambda;
            }
            // The biases' common shift is free (the Hessian is singular along it, and the gradient
            // orthogonal to it): adding the projector onto it fixes the shift without changing the step.
            for (int a = 0; a < C; a++) {
                for (int b = 0; b < C; b++) {
                    h[D * C + a][D * C + b] += 1.0 / C;
                }
            }
            double[] step = new org.apache.commons.math3.linear.LUDecomposition(
                            new org.apache.commons.math3.linear.Array2DRowRealMatrix(h))
                    .getSolver()
                    .solve(new org.apache.commons.math3.linear.ArrayRealVector(g))
                    .toArray();
            double t = 1;
            double[] trial = new double[m];
            double ft;
            do {
                for (int q = 0; q < m; q++) {
                    trial[q] = w[q] - t * step[q];
                }
                ft = objective(x, train.labels(), trial, lambda);
                t /= 2;
            } while (ft > f && t > 1e-12);
            if (!(ft < f)) {
                break;
            }
            w = trial;
            f = ft;
        }
        return f;
    }

    private static double[] softmax(double[] xi, double[] w) {
        double[] z = new double[C];
        double max = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < C; a++) {
            for (int u = 0; u <= D; u++) {
                z[a] += xi[u] * w[u * C + a];
            }
            max = Math.max(max, z[a]);
        }
        double s = 0;
        for (int a = 0; a < C; a++) {
            z[a] = Math.exp(z[a] - max);
            s += z[a];
        }
        for (int a = 0; a < C; a++) {
            z[a] /= s;
        }
        return z;
    }

    private static double objective(double[][] x, int[] y, double[] w, double lambda) {
        double f = 0;
        for (int i = 0; i < x.length; i++) {
            f -= Math.log(softmax(x[i], w)[y[i]]) / x.length;
        }
        for (int q = 0; q < D * C; q++) {
            f += 0.5 * lambda * w[q] * w[q];
        }
        return f;
    }

    private static ProbeResult fit(DataSplits data, double lambda, int passes, double gapTolerance) {
        ProbeSettings s = new ProbeSettings(
                List.of(lambda),
                new StopWhen(StoppingRule.CERTIFIED, 1e-4, gapTolerance, passes),
                new ProbeSettings.Solver(ProbeSolver.LBFGS, 128),
                new ProbeSettings.WarmUp(0, 0.01),
                new ProbeSettings.States(64, 1L << 30, FeatureReduction.none()),
                1);
        try (NDManager m = NDManager.newBaseManager()) {
            Network net = NetworkBuilder.build(ArchitectureSpec.mlp(3), Activations.get("relu"), new Shape(D), C);
            net.block().initialize(m, DataType.FLOAT32, new Shape(1, D));
            return new LayerProber(s, ProbeMonitor.NONE)
                    .probe(HookedForward.of(net), data, List.of("input"))
                    .results()
                    .get(0);
        }
    }

    @Test
    void theBoundIsNeverBelowTheTrueGapAndTightAtTheOptimum() {
        for (long seed : new long[] {3, 4}) {
            for (double lambda : new double[] {1e-3, 1e-1}) {
                // Overlapping blobs: the optimum is interior, so a few passes leave a real gap.
                LabeledData train = TestData.blobs(300, D, C, 3.0, seed);
                LabeledData val = TestData.blobs(90, D, C, 3.0, seed + 100);
                DataSplits data = TestData.splits(train, val, val);
                double best = optimum(train, lambda);
                for (int passes : new int[] {3, 4, 8}) {
                    ProbeResult r = fit(data, lambda, passes, 1e-9);
                    double gap = r.objective() - best;
                    String where = "seed " + seed + ", lambda " + lambda + ", " + passes + " passes: true gap " + gap
                            + ", bound " + r.gapBound();
                    // float32 passes resolve the objective to about 1e-6 of its value
                    assertTrue(r.gapBound() >= gap - 1e-6 * best, where);
                    assertTrue(gap > -1e-6 * best, "no fit beats the float64 optimum: " + where);
                }
                ProbeResult solved = fit(data, lambda, 1000, 1e-7);
                assertTrue(solved.converged(), "solved to the certified tolerance");
                assertTrue(solved.gapBound() <= 1e-6 * best, "tight at the optimum: " + solved.gapBound());
                assertTrue(
                        Math.abs(solved.objective() - best) <= 2e-6 * best,
                        "objective " + solved.objective() + " against the float64 optimum " + best);
            }
        }
    }
}
