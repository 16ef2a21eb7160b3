package org.layerprobe.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.LabeledData;
import org.layerprobe.data.Splits;

/**
 * A control task after Hewitt &amp; Liang, "Designing and Interpreting Probes with Control Tasks"
 * (2019), adapted to images. The images are grouped into {@code types} by a seeded k-means on
 * their pixels (the training images fit the centroids; every image takes its nearest centroid's
 * type), and each type gets one label drawn from the training labels' class distribution. A probe
 * that does as well on these labels as on the real ones is reading "which input is this", which
 * says little about the layer; the gap between the two accuracies is the selectivity.
 *
 * <p>K-means starts from {@code types} distinct training images chosen by the seed and runs Lloyd
 * iterations until no image changes type or {@link #MAX_ITERATIONS} is reached; a type that loses
 * all its images keeps its centroid. The same data and seed give the same types and labels.
 *
 * @param types k, the number of types
 * @param seed seeds the starting centroids and the labels drawn for the types
 */
public record ControlTask(int types, long seed) {

    /** Lloyd iterations at most; a handful moves most images to their final type. */
    public static final int MAX_ITERATIONS = 20;
    /** Images per distance product, so that one product stays a few hundred MB at most. */
    private static final int CHUNK = 4096;

    public ControlTask {
        if (types < 2) {
            throw new IllegalArgumentException("a control task needs at least 2 types, got " + types);
        }
    }

    /** The types of the images of each split and the label of each type. */
    public record Assignment(int[] train, int[] validation, int[] test, int[] typeLabels) {

        /** The control label of each image of {@code data}, split by split. */
        public DataSplits relabel(DataSplits data) {
            return new DataSplits(
                    data.name(),
                    with(data.train(), train),
                    with(data.validation(), validation),
                    with(data.test(), test),
                    data.identity());
        }

        private LabeledData with(LabeledData d, int[] types) {
            int[] y = new int[types.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = typeLabels[types[i]];
            }
            return new LabeledData(d.features(), y, d.sampleShape(), d.numClasses());
        }
    }

    /** Groups {@code data}'s images into types and draws the types' labels. */
    public Assignment assign(DataSplits data) {
        LabeledData train = data.train();
        if (train.size() < types) {
            throw new IllegalArgumentException("a control task with " + types + " types needs at least that many"
                    + " training images, got " + train.size() + "; lower control_types");
        }
        int d = train.sampleSize();
        try (NDManager m = NDManager.newBaseManager()) {
            float[] centroids = start(train, d);
            int[] trainTypes = new int[train.size()];
            Arrays.fill(trainTypes, -1);
            for (int it = 0; it < MAX_ITERATIONS; it++) {
                int[] next = nearest(m, train, centroids, d);
                boolean moved = !Arrays.equals(next, trainTypes);
                trainTypes = next;
                if (!moved) {
                    break;
                }
                centroids = means(train, trainTypes, centroids, d);
            }
            int[] typeLabels = drawLabels(train);
            return new Assignment(
                    trainTypes,
                    nearest(m, data.validation(), centroids, d),
                    nearest(m, data.test(), centroids, d),
                    typeLabels);
        }
    }

    /** {@code types} distinct training images, chosen by the seed. */
    private float[] start(LabeledData train, int d) {
        int[] perm = Splits.permutation(train.size(), seed);
        float[] c = new float[types * d];
        for (int t = 0; t < types; t++) {
            System.arraycopy(train.features(), perm[t] * d, c, t * d, d);
        }
        return c;
    }

    /** Index of the nearest centroid of every image: argmin of |c|^2 - 2 x.c. */
    private int[] nearest(NDManager root, LabeledData data, float[] centroids, int d) {
        int[] out = new int[data.size()];
        try (NDManager m = root.newSubManager()) {
            NDArray c = m.create(centroids, new Shape(types, d));
            NDArray cc = c.square().sum(new int[] {1});
            NDArray ct = c.transpose();
            for (int from = 0; from < data.size(); from += CHUNK) {
                int rows = Math.min(CHUNK, data.size() - from);
                try (NDManager b = m.newSubManager()) {
                    float[] x = Arrays.copyOfRange(data.features(), from * d, (from + rows) * d);
                    NDArray dist =
                            b.create(x, new Shape(rows, d)).matMul(ct).mul(-2).add(cc);
                    long[] idx = dist.argMin(1).toLongArray();
                    for (int i = 0; i < rows; i++) {
                        out[from + i] = (int) idx[i];
                    }
                }
            }
        }
        return out;
    }

    private float[] means(LabeledData data, int[] assigned, float[] previous, int d) {
        double[] sum = new double[types * d];
        int[] count = new int[types];
        float[] x = data.features();
        for (int i = 0; i < assigned.length; i++) {
            int t = assigned[i];
            count[t]++;
            for (int j = 0; j < d; j++) {
                sum[t * d + j] += x[i * d + j];
            }
        }
        float[] c = previous.clone();
        for (int t = 0; t < types; t++) {
            if (count[t] > 0) {
                for (int j = 0; j < d; j++) {
                    c[t * d + j] = (float) (sum[t * d + j] / count[t]);
                }
            }
        }
        return c;
    }

    /** One label per type, drawn from the training labels' class frequencies. */
    private int[] drawLabels(LabeledData train) {
        int[] labels = train.labels();
        Random r = new Random(seed * 1_000_003L + 1);
        int[] out = new int[types];
        for (int t = 0; t < types; t++) {
            // A uniformly drawn training label follows the empirical class distribution exactly.
            out[t] = labels[r.nextInt(labels.length)];
        }
        return out;
    }
}
