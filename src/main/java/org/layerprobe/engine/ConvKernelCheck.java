package org.layerprobe.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs small 3x3 convolutions forward and backward through the engine, on its default threads,
 * and compares the output, the input gradient and the weight gradient with a float64 reference
 * computed here in Java. The shapes are the ones layerprobe's CNNs train with, channel counts
 * below 16 among them: on some CPUs (AMD Zen 5 seen) PyTorch 2.7.1's oneDNN returns a wrong or
 * NaN input gradient for them, sometimes, and only when multithreaded.
 */
public final class ConvKernelCheck {

    /** Float32 sums of at most 144 products stay far inside this; a faulty kernel is off by 0.1-1. */
    static final double TOLERANCE = 1e-3;

    /** A convolution to check: batch, input and output channels, square side; 3x3, padding 1. */
    record Case(int batch, int in, int out, int side) {
        String describe() {
            return in + "->" + out + " ch " + side + "x" + side;
        }
    }

    static final List<Case> CASES = List.of(
            new Case(32, 1, 4, 28),
            new Case(32, 2, 4, 14),
            new Case(32, 3, 8, 16),
            new Case(32, 4, 8, 14),
            new Case(32, 8, 8, 14),
            new Case(32, 8, 16, 14),
            new Case(32, 16, 32, 7));

    private ConvKernelCheck() {}

    /** Checks every case {@code repeats} times; the fault is intermittent, so thorough means repeated. */
    public static KernelCheckResult run(int repeats) {
        CheckTally tally = new CheckTally(TOLERANCE);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Case c : CASES) {
                Reference ref = Reference.of(c, 17L + c.in() * 31L + c.out());
                for (int r = 0; r < repeats; r++) {
                    try (NDManager scope = manager.newSubManager()) {
                        tally.run(c.describe(), errors(scope, c, ref), "output", "input gradient", "weight gradient");
                    }
                }
            }
        }
        return tally.result();
    }

    private static double[] errors(NDManager scope, Case c, Reference ref) {
        NDArray x = scope.create(ref.x, new Shape(c.batch(), c.in(), c.side(), c.side()));
        NDArray w = scope.create(ref.w, new Shape(c.out(), c.in(), 3, 3));
        NDArray b = scope.zeros(new Shape(c.out()));
        NDArray g = scope.create(ref.g, new Shape(c.batch(), c.out(), c.side(), c.side()));
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        float[] y;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out = Conv2d.conv2d(x, w, b, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                    .singletonOrThrow();
            y = out.toFloatArray();
            collector.backward(out.mul(g).sum());
        }
        return new double[] {
            relativeError(y, ref.y),
            relativeError(x.getGradient().toFloatArray(), ref.gx),
            relativeError(w.getGradient().toFloatArray(), ref.gw)
        };
    }

    static double relativeError(float[] got, double[] want) {
        double err = 0;
        double scale = 1e-30;
        for (int i = 0; i < got.length; i++) {
            if (!Float.isFinite(got[i])) {
                return Double.NaN;
            }
            err = Math.max(err, Math.abs(got[i] - want[i]));
            scale = Math.max(scale, Math.abs(want[i]));
        }
        return err / scale;
    }

    /** Seeded inputs and their exact (float64) convolution, input gradient and weight gradient. */
    private static final class Reference {
        final float[] x;
        final float[] w;
        final float[] g;
        final double[] y;
        final double[] gx;
        final double[] gw;

        private Reference(float[] x, float[] w, float[] g) {
            this.x = x;
            this.w = w;
            this.g = g;
            this.y = new double[g.length];
            this.gx = new double[x.length];
            this.gw = new double[w.length];
        }

        static Reference of(Case c, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            int s = c.side();
            Reference r = new Reference(
                    gaussian(random, c.batch() * c.in() * s * s, 1),
                    gaussian(random, c.out() * c.in() * 9, 0.3),
                    gaussian(random, c.batch() * c.out() * s * s, 1));
            for (int n = 0; n < c.batch(); n++) {
                for (int o = 0; o < c.out(); o++) {
                    for (int i = 0; i < s; i++) {
                        for (int j = 0; j < s; j++) {
                            int yi = ((n * c.out() + o) * s + i) * s + j;
                            double sum = 0;
                            for (int ci = 0; ci < c.in(); ci++) {
                                for (int p = 0; p < 3; p++) {
                                    int ii = i + p - 1;
                                    for (int q = 0; q < 3; q++) {
                                        int jj = j + q - 1;
                                        if (ii < 0 || jj < 0 || ii >= s || jj >= s) {
                                            continue;
                                        }
                                        int xi = ((n * c.in() + ci) * s + ii) * s + jj;
                                        int wi = ((o * c.in() + ci) * 3 + p) * 3 + q;
                                        sum += (double) r.x[xi] * r.w[wi];
                                        r.gx[xi] += (double) r.g[yi] * r.w[wi];
                                        r.gw[wi] += (double) r.g[yi] * r.x[xi];
                                    }
                                }
                            }
                            r.y[yi] = sum;
                        }
                    }
                }
            }
            return r;
        }

        private static float[] gaussian(SplittableRandom random, int n, double scale) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                // Box-Muller keeps this independent of java.util.Random's implementation.
                double u = 1 - random.nextDouble();
                double v = random.nextDouble();
                a[i] = (float) (scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
            }
            return a;
        }
    }
}
