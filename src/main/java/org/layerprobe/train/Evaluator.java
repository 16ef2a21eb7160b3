package org.layerprobe.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.function.BiFunction;
import org.layerprobe.data.BatchIterator;
import org.layerprobe.data.LabeledData;
import org.layerprobe.hooks.HiddenStates;

/** Accuracy of a model on a labelled set, in inference mode (dropout off). */
public final class Evaluator {

    /** Samples per forward pass when an accuracy is measured. */
    public static final int BATCH = 500;

    private Evaluator() {}

    /** Fraction of samples whose arg-max logit equals the label; NaN for an empty set. */
    public static double accuracy(Block block, NDManager parent, LabeledData data, int batchSize) {
        return accuracy(
                (m, x) -> block.forward(new ParameterStore(m, false), new NDList(x), false)
                        .singletonOrThrow(),
                parent,
                data,
                batchSize);
    }

    /** As {@link #accuracy(Block, NDManager, LabeledData, int)}, for a model read at its points. */
    public static double accuracy(HiddenStates model, NDManager parent, LabeledData data, int batchSize) {
        return accuracy(model::logits, parent, data, batchSize);
    }

    private static double accuracy(
            BiFunction<NDManager, NDArray, NDArray> logitsOf, NDManager parent, LabeledData data, int batchSize) {
        if (data.size() == 0) {
            return Double.NaN;
        }
        BatchIterator it = BatchIterator.sequential(data, batchSize);
        long correct = 0;
        for (int b = 0; b < it.batches(); b++) {
            try (NDManager m = parent.newSubManager()) {
                NDArray x = it.features(m, b);
                long[] pred = logitsOf.apply(m, x).argMax(1).toLongArray();
                int[] y = it.labelInts(b);
                for (int i = 0; i < y.length; i++) {
                    if (pred[i] == y[i]) {
                        correct++;
                    }
                }
            }
        }
        return (double) correct / data.size();
    }
}
