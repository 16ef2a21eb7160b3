package org.layerprobe.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Cuts a {@link LabeledData} into NDArray batches, in a seeded shuffled order or in order.
 * Shuffling here, with an explicit seed, keeps epochs reproducible independent of DJL samplers.
 */
public final class BatchIterator {

    private final LabeledData data;
    private final int batchSize;
    private final int[] order;

    private BatchIterator(LabeledData data, int batchSize, int[] order) {
        this.data = data;
        this.batchSize = batchSize;
        this.order = order;
    }

    /** Batches in the data's own order. */
    public static BatchIterator sequential(LabeledData data, int batchSize) {
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return new BatchIterator(data, batchSize, order);
    }

    /** Batches in an order shuffled by {@code seed} (Fisher-Yates). */
    public static BatchIterator shuffled(LabeledData data, int batchSize, long seed) {
        BatchIterator it = sequential(data, batchSize);
        Random rnd = new Random(seed);
        int[] o = it.order;
        for (int i = o.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return it;
    }

    /** The sample order, a copy. */
    public int[] order() {
        return order.clone();
    }

    public int batches() {
        return count(order.length, batchSize);
    }

    /** Batches of {@code batchSize} that {@code samples} samples make (the last may be short). */
    public static int count(int samples, int batchSize) {
        return (samples + batchSize - 1) / batchSize;
    }

    /** Features of batch {@code b} as an NDArray of shape (batch, sampleShape...). */
    public NDArray features(NDManager manager, int b) {
        int from = b * batchSize;
        int to = Math.min(order.length, from + batchSize);
        int d = data.sampleSize();
        float[] x = new float[(to - from) * d];
        float[] src = data.features();
        for (int i = from; i < to; i++) {
            System.arraycopy(src, order[i] * d, x, (i - from) * d, d);
        }
        long[] shape = new long[data.sampleShape().length + 1];
        shape[0] = to - from;
        System.arraycopy(data.sampleShape(), 0, shape, 1, data.sampleShape().length);
        return manager.create(x, new Shape(shape));
    }

    /** Labels of batch {@code b} as a float NDArray of shape (batch). */
    public NDArray labels(NDManager manager, int b) {
        int from = b * batchSize;
        int to = Math.min(order.length, from + batchSize);
        float[] y = new float[to - from];
        for (int i = from; i < to; i++) {
            y[i - from] = data.labels()[order[i]];
        }
        return manager.create(y);
    }

    /** Integer labels of batch {@code b}. */
    public int[] labelInts(int b) {
        int from = b * batchSize;
        int to = Math.min(order.length, from + batchSize);
        int[] y = new int[to - from];
        for (int i = from; i < to; i++) {
            y[i - from] = data.labels()[order[i]];
        }
        return y;
    }

    public NDList batch(NDManager manager, int b) {
        return new NDList(features(manager, b), labels(manager, b));
    }
}
