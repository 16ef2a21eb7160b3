package org.layerprobe.probe.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.layerprobe.probe.states.FeatureStats;
import org.layerprobe.probe.states.StateBatch;

/** The solvers and the shared pass on small synthetic problems with correlated features. */
class ProbeSolverTest {

    private static final int N = NystromPreconditionerTest.N;
    private static final int D = NystromPreconditionerTest.D;
    private static final int C = 3;
    private static final List<Double> L2 = List.of(1e-3, 1e-1);

    /** Labels that depend on a few correlated features, with noise: a probe gets most right. */
    private static int[] labels(float[] x, long seed) {
        Random r = new Random(seed);
        int[] y = new int[N];
        for (int n = 0; n < N; n++) {
            double a = x[n * D] - x[n * D + 1] + 0.5 * r.nextGaussian();
            double b = x[n * D + 2] + x[n * D + 3] - 10 + 0.5 * r.nextGaussian();
            y[n] = a > 0 ? 0 : b > 0 ? 1 : 2;
        }
        return y;
    }

    /** Runs one solver to its rule on in-memory states; returns it (its probe keeps the solution). */
    private static Lbfgs solve(NDManager m, SoftmaxProbe probe, NystromPreconditioner p, NDArray x, int[] y) {
        return solve(m, probe, p, 0, x, y);
    }

    private static Lbfgs solve(
            NDManager m, SoftmaxProbe probe, NystromPreconditioner p, int switchAfter, NDArray x, int[] y) {
        Lbfgs solver = new Lbfgs(probe, StopWhen.gradient(1e-5), p, switchAfter);
        for (int pass = 0; pass < 1000 && !solver.done(); pass++) {
            try (SoftmaxProbe.Fit fit = probe.fit(solver.trial(), solver.active(), "x");
                    SharedPass shared = new SharedPass(m, List.of(fit))) {
                shared.accumulate(new StateBatch(Map.of("x", x), y));
                NDArray[] sums = shared.sums(fit);
                solver.receive(probe.finish(fit, sums[0], sums[1], shared.samples(), solver.trial()));
            }
        }
        return solver;
    }

    private static long[] predictions(SoftmaxProbe probe, NDArray x, int j) {
        try (FoldedProbe f = probe.fold(probe.params(), new int[] {j})) {
            return x.matMul(f.weight()).add(f.bias()).argMax(1).toLongArray();
        }
    }

    /** The identity test matrix without its bias row, (D, D). */
    private static NDArray identity(NDManager m) {
        return NystromPreconditioner.testMatrix(m, D, D, 1).get(new ai.djl.ndarray.index.NDIndex("0:" + D));
    }

    /** Sigma itself: the sketch pass with the identity as test matrix. */
    private static NDArray covariance(NDManager m, SoftmaxProbe probe, NDArray x, int[] y) {
        NDArray omega = NystromPreconditioner.testMatrix(m, D, D, 1);
        SharedPass.Term term = probe.sketch(omega, "x");
        try (SharedPass pass = new SharedPass(m, List.of(term))) {
            pass.accumulate(new StateBatch(Map.of("x", x), y));
            NDArray[] sums = pass.sums(term);
            NDArray sigma = probe.sketchOf(sums[0], sums[1], N);
            sigma.attach(m);
            return sigma;
        }
    }

    private static NystromPreconditioner exact(NDManager m, SoftmaxProbe probe, NDArray x, int[] y) {
        return NystromPreconditioner.build(
                m, C, identity(m), covariance(m, probe, x, y), true, new double[] {1e-3, 1e-1}, new boolean[] {
                    true, true
                });
    }

    @Test
    void preconditionedAndPlainLbfgsReachTheSameOptimum() {
        float[] train = NystromPreconditionerTest.states(11);
        float[] test = NystromPreconditionerTest.states(12);
        int[] y = labels(train, 13);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(train, new Shape(N, D));
            NDArray xt = m.create(test, new Shape(N, D));
            FeatureStats stats = new FeatureStats(D);
            stats.add(x, y, C);
            try (SoftmaxProbe plain = new SoftmaxProbe(m, stats, L2, C, null);
                    SoftmaxProbe pre = new SoftmaxProbe(m, stats, L2, C, null)) {
                Lbfgs a = solve(m, plain, null, x, y);
                Lbfgs b = solve(m, pre, exact(m, pre, x, y), x, y);
                for (int j = 0; j < L2.size(); j++) {
                    assertTrue(a.converged(j) && b.converged(j), "both solvers meet the rule for strength " + j);
                    assertEquals(a.objective(j), b.objective(j), 1e-6 * Math.abs(a.objective(j)), "objective " + j);
                    assertArrayEquals(predictions(plain, xt, j), predictions(pre, xt, j), "test argmax " + j);
                }
            }
        }
    }

    @Test
    void switchingToThePreconditionerMidwayReachesTheSameOptimum() {
        float[] train = NystromPreconditionerTest.states(31);
        int[] y = labels(train, 32);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(train, new Shape(N, D));
            FeatureStats stats = new FeatureStats(D);
            stats.add(x, y, C);
            try (SoftmaxProbe plain = new SoftmaxProbe(m, stats, L2, C, null);
                    SoftmaxProbe switched = new SoftmaxProbe(m, stats, L2, C, null)) {
                Lbfgs a = solve(m, plain, null, x, y);
                Lbfgs b = solve(m, switched, exact(m, switched, x, y), 5, x, y);
                assertTrue(b.preconditioned(), "the solver switched after 5 passes");
                for (int j = 0; j < L2.size(); j++) {
                    assertTrue(a.converged(j) && b.converged(j));
                    assertEquals(a.objective(j), b.objective(j), 1e-6 * Math.abs(a.objective(j)), "objective " + j);
                }
            }
        }
    }

    @Test
    void aPendingPreconditionerIsDecomposedOnceOnFirstUseAndOnlyForTheStrengthsChosen() {
        float[] states = NystromPreconditionerTest.states(31);
        int[] y = labels(states, 32);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(states, new Shape(N, D));
            FeatureStats stats = new FeatureStats(D);
            stats.add(x, y, C);
            try (SoftmaxProbe probe = new SoftmaxProbe(m, stats, L2, C, null)) {
                NDArray sketch = covariance(m, probe, x, y);
                NDArray again = sketch.duplicate();
                int[] asked = new int[1];
                double[] lambda = {1e-3, 1e-1};
                try (PendingPreconditioner pending =
                        new PendingPreconditioner(m, C, identity(m), sketch, true, lambda, values -> {
                            asked[0]++;
                            return new boolean[] {true, false};
                        })) {
                    NystromPreconditioner p = pending.get();
                    assertTrue(p != null && p.enabled(0) && !p.enabled(1));
                    assertTrue(pending.get() == p, "built once");
                    assertEquals(1, asked[0]);
                    Lbfgs solver = solve(m, probe, p, x, y);
                    assertTrue(solver.converged(0) && solver.converged(1));
                }
                try (PendingPreconditioner none = new PendingPreconditioner(
                        m, C, identity(m), again, true, lambda, values -> new boolean[] {false, false})) {
                    assertTrue(none.get() == null, "no strength chosen: plain L-BFGS");
                }
            }
        }
    }

    @Test
    void aSharedPassGivesTheSameSumsAsSeparatePasses() {
        float[] states = NystromPreconditionerTest.states(21);
        int[] y = labels(states, 22);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(states, new Shape(N, D));
            FeatureStats stats = new FeatureStats(D);
            stats.add(x, y, C);
            try (SoftmaxProbe one = new SoftmaxProbe(m, stats, L2, C, null);
                    SoftmaxProbe two = new SoftmaxProbe(m, stats, List.of(1e-2), C, null)) {
                float[] q1 = m.randomNormal(new Shape(D + 1, (long) L2.size() * C))
                        .mul(0.1f)
                        .toFloatArray();
                float[] q2 = m.randomNormal(new Shape(D + 1, C)).mul(0.1f).toFloatArray();
                SoftmaxProbe.Fit f1 = one.fit(q1, new int[] {0, 1}, "x");
                SoftmaxProbe.Fit f2 = two.fit(q2, new int[] {0}, "x");
                SoftmaxProbe.Evaluation shared1;
                SoftmaxProbe.Evaluation shared2;
                try (SharedPass both = new SharedPass(m, List.of(f1, f2))) {
                    both.accumulate(new StateBatch(Map.of("x", x), y));
                    NDArray[] s1 = both.sums(f1);
                    NDArray[] s2 = both.sums(f2);
                    shared1 = one.finish(f1, s1[0], s1[1], N, q1);
                    shared2 = two.finish(f2, s2[0], s2[1], N, q2);
                }
                SoftmaxProbe.Fit g1 = one.fit(q1, new int[] {0, 1}, "x");
                SoftmaxProbe.Fit g2 = two.fit(q2, new int[] {0}, "x");
                SoftmaxProbe.Evaluation alone1 = alone(m, one, g1, q1, x, y);
                SoftmaxProbe.Evaluation alone2 = alone(m, two, g2, q2, x, y);
                assertClose(shared1, alone1);
                assertClose(shared2, alone2);
            }
        }
    }

    private static SoftmaxProbe.Evaluation alone(
            NDManager m, SoftmaxProbe probe, SoftmaxProbe.Fit fit, float[] q, NDArray x, int[] y) {
        try (SharedPass pass = new SharedPass(m, List.of(fit))) {
            pass.accumulate(new StateBatch(Map.of("x", x), y));
            NDArray[] s = pass.sums(fit);
            return probe.finish(fit, s[0], s[1], N, q);
        }
    }

    /**
     * Equal to float32 rounding: a shared pass's products have more columns than a separate pass's
     * (here 9 padded to 16 against 6 and 3 padded to 8), and the BLAS may round products of
     * different widths differently (objectives of about 1.2 differed by 1.1e-9).
     */
    private static void assertClose(SoftmaxProbe.Evaluation a, SoftmaxProbe.Evaluation b) {
        assertArrayEquals(a.objective(), b.objective(), 1e-7);
        float[] ga = a.gradient();
        float[] gb = b.gradient();
        assertArrayEquals(ga, gb, 1e-6f);
    }

    /**
     * States with a large mean and a small spread (a saturating activation at init) standardise to
     * the same features as the spread alone; read centred on an offset, as the cache hands them
     * out, the probe must reach the optimum of the well-scaled problem.
     */
    @Test
    void centredStatesWithALargeMeanReachTheOptimumOfTheWellScaledProblem() {
        float[] u = NystromPreconditionerTest.states(41);
        int[] y = labels(u, 42);
        float[] shifted = new float[u.length];
        for (int i = 0; i < u.length; i++) {
            shifted[i] = 0.5f + 1e-2f * u[i];
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xu = m.create(u, new Shape(N, D));
            NDArray xs = m.create(shifted, new Shape(N, D));
            FeatureStats su = new FeatureStats(D);
            su.add(xu, y, C);
            FeatureStats ss = new FeatureStats(D);
            ss.add(xs, y, C);
            NDArray offset = xs.mean(new int[] {0});
            NDArray centred = xs.sub(offset);
            try (SoftmaxProbe wellScaled = new SoftmaxProbe(m, su, L2, C, null);
                    SoftmaxProbe onCentred = new SoftmaxProbe(m, ss, L2, C, null, offset.toFloatArray())) {
                Lbfgs a = solve(m, wellScaled, null, xu, y);
                Lbfgs b = solve(m, onCentred, null, centred, y);
                for (int j = 0; j < L2.size(); j++) {
                    assertTrue(a.converged(j) && b.converged(j), "both meet the rule for strength " + j);
                    assertEquals(a.objective(j), b.objective(j), 1e-5 * Math.abs(a.objective(j)), "objective " + j);
                }
            }
        }
    }
}
