package org.layerprobe.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs float32 matrix products through the engine, in the layouts the probes' passes and
 * preconditioners use, and compares them with a float64 reference computed here in Java. It
 * vouches for MKL's AVX-512 kernels before layerprobe lets MKL run them on a CPU that MKL's own
 * vendor check would have sent down its AVX2 path ({@link MklDispatch}).
 */
public final class GemmCheck {

    /** Float32 sums of at most a few thousand products agree to about 1e-6 of the largest value. */
    static final double TOLERANCE = 1e-4;

    /**
     * A product to check: {@code a (m x k)} by {@code b (k x n)}, with {@code a} stored transposed
     * when {@code transposedA} (the {@code z^T R} of a pass); {@code batch > 1} for a batched product
     * (the exact preconditioner's inverses).
     */
    record Case(int batch, int m, int k, int n, boolean transposedA) {
        String describe() {
            return (batch > 1 ? batch + " x " : "") + (transposedA ? "A^T B " : "A B ") + m + "x" + k + " by " + k + "x"
                    + n;
        }
    }

    static final List<Case> CASES = List.of(
            new Case(1, 512, 3136, 16, false),
            new Case(1, 3136, 512, 16, true),
            new Case(1, 384, 784, 48, false),
            new Case(1, 784, 384, 40, true),
            new Case(1, 256, 256, 256, false),
            new Case(4, 300, 300, 10, false));

    private GemmCheck() {}

    /** Checks every case {@code repeats} times on the engine's default threads. */
    public static KernelCheckResult run(int repeats) {
        CheckTally tally = new CheckTally(TOLERANCE);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Case c : CASES) {
                SplittableRandom random = new SplittableRandom(29L + c.m() * 7L + c.k() * 3L + c.n());
                float[] a = uniform(random, c.batch() * c.m() * c.k());
                float[] b = uniform(random, c.batch() * c.k() * c.n());
                double[] want = reference(c, a, b);
                for (int r = 0; r < repeats; r++) {
                    try (NDManager scope = manager.newSubManager()) {
                        tally.run(
                                c.describe(),
                                new double[] {ConvKernelCheck.relativeError(product(scope, c, a, b), want)});
                    }
                }
            }
        }
        return tally.result();
    }

    private static float[] product(NDManager scope, Case c, float[] a, float[] b) {
        NDArray bb = c.batch() > 1
                ? scope.create(b, new Shape(c.batch(), c.k(), c.n()))
                : scope.create(b, new Shape(c.k(), c.n()));
        NDArray aa;
        if (c.batch() > 1) {
            aa = scope.create(a, new Shape(c.batch(), c.m(), c.k()));
        } else if (c.transposedA()) {
            aa = scope.create(a, new Shape(c.k(), c.m())).transpose();
        } else {
            aa = scope.create(a, new Shape(c.m(), c.k()));
        }
        return aa.matMul(bb).toFloatArray();
    }

    /** The exact product; a transposed {@code a} is stored (k x m). */
    static double[] reference(Case c, float[] a, float[] b) {
        int m = c.m();
        int k = c.k();
        int n = c.n();
        double[] out = new double[c.batch() * m * n];
        for (int s = 0; s < c.batch(); s++) {
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    double x = c.transposedA() ? a[p * m + i] : a[(s * m + i) * k + p];
                    int row = (s * k + p) * n;
                    int to = (s * m + i) * n;
                    for (int j = 0; j < n; j++) {
                        out[to + j] += x * b[row + j];
                    }
                }
            }
        }
        return out;
    }

    private static float[] uniform(SplittableRandom random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (2 * random.nextDouble() - 1);
        }
        return x;
    }
}
