package org.layerprobe.data;

import java.util.Random;
import org.layerprobe.LayerprobeException;

/**
 * Small seeded toy sets whose right answers are known in advance, for unit tests and for
 * sanity-checking probes: XOR (not linearly separable in the input), Gaussian blobs (linearly
 * separable when well apart) and concentric circles (separable only after a non-linear map).
 */
public final class SyntheticData {

    private SyntheticData() {}

    /** The four XOR points (0,0)->0, (0,1)->1, (1,0)->1, (1,1)->0; shape [2], 2 classes. */
    public static LabeledData xor() {
        return new LabeledData(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, new int[] {0, 1, 1, 0}, new long[] {2}, 2);
    }

    /**
     * {@code n} points around the four XOR corners (cycling through them, so every prefix is
     * balanced) with Gaussian noise of standard deviation {@code sigma}; labelled as their corner.
     */
    public static LabeledData noisyXor(int n, double sigma, long seed) {
        requirePositive("n", n);
        requireNonNegative("sigma", sigma);
        Random random = new Random(seed);
        float[] x = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int a = i % 4 / 2;
            int b = i % 2;
            x[2 * i] = (float) (a + sigma * random.nextGaussian());
            x[2 * i + 1] = (float) (b + sigma * random.nextGaussian());
            y[i] = a ^ b;
        }
        return new LabeledData(x, y, new long[] {2}, 2);
    }

    /**
     * {@code n} points in {@code dims} dimensions from {@code classes} isotropic Gaussian blobs of
     * standard deviation {@code sigma}, cycling through the classes. Blob {@code c} is centred at
     * {@code +separation * e_c} for {@code c < dims} and at {@code -separation * e_(c - dims)}
     * after that (the vertices of a cross-polytope), so the classes are linearly separable, with
     * the center directions as weights, when {@code sigma} is small next to {@code separation}.
     */
    public static LabeledData blobs(int n, int classes, int dims, double separation, double sigma, long seed) {
        requirePositive("n", n);
        requirePositive("dims", dims);
        requireNonNegative("sigma", sigma);
        if (classes < 2 || classes > 2 * dims) {
            throw LayerprobeException.withFix(
                    "blobs: classes = " + classes + " must be in [2, 2 * dims = " + 2 * dims + "]",
                    "use fewer classes or more dimensions");
        }
        if (!(separation > 0)) {
            throw new LayerprobeException("blobs: separation = " + separation + " must be > 0");
        }
        Random random = new Random(seed);
        float[] x = new float[n * dims];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            float[] center = blobCenter(c, dims, separation);
            for (int d = 0; d < dims; d++) {
                x[i * dims + d] = (float) (center[d] + sigma * random.nextGaussian());
            }
            y[i] = c;
        }
        return new LabeledData(x, y, new long[] {dims}, classes);
    }

    /** The center of blob {@code c} as {@link #blobs} places it. */
    public static float[] blobCenter(int c, int dims, double separation) {
        float[] center = new float[dims];
        center[c % dims] = (float) (c < dims ? separation : -separation);
        return center;
    }

    /**
     * {@code n} points on two concentric circles, alternating: even samples on the outer circle
     * (radius 1, class 0), odd ones on the inner circle (radius {@code factor}, class 1), at
     * uniform random angles, with Gaussian noise of standard deviation {@code noise} per axis.
     */
    public static LabeledData circles(int n, double factor, double noise, long seed) {
        requirePositive("n", n);
        requireNonNegative("noise", noise);
        if (!(factor > 0 && factor < 1)) {
            throw new LayerprobeException("circles: factor = " + factor + " must be in (0, 1) (inner radius / outer)");
        }
        Random random = new Random(seed);
        float[] x = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            double radius = label == 0 ? 1.0 : factor;
            double angle = 2 * Math.PI * random.nextDouble();
            x[2 * i] = (float) (radius * Math.cos(angle) + noise * random.nextGaussian());
            x[2 * i + 1] = (float) (radius * Math.sin(angle) + noise * random.nextGaussian());
            y[i] = label;
        }
        return new LabeledData(x, y, new long[] {2}, 2);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new LayerprobeException(name + " = " + value + " must be > 0");
        }
    }

    private static void requireNonNegative(String name, double value) {
        if (!(value >= 0)) {
            throw new LayerprobeException(name + " = " + value + " must be >= 0");
        }
    }
}
