package org.layerprobe.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerprobe.data.BatchIterator;
import org.layerprobe.data.LabeledData;
import org.layerprobe.data.Splits;
import org.layerprobe.hooks.HiddenStates;

/**
 * The Gram matrix of every point's state on a fixed set of images: what linear CKA compares,
 * within a network and across networks shown the same images.
 */
public final class RepresentationGrams {

    /** Images per forward pass. */
    private static final int BATCH = 256;

    private RepresentationGrams() {}

    /**
     * The CKA images: the first {@code n} test images in the order of a permutation seeded by
     * {@code seed}, so every network of a spec sees the same ones.
     */
    public static LabeledData images(LabeledData test, int n, long seed) {
        int[] perm = Splits.permutation(test.size(), seed);
        return test.select(Arrays.copyOf(perm, Math.min(n, test.size())));
    }

    /** Gram matrices of the column-centred states at {@code points} (all when empty), in forward order. */
    public static Map<String, GramMatrix> of(HiddenStates hooked, LabeledData images, List<String> points) {
        Set<String> wanted = hooked.select(points);
        Map<String, List<NDArray>> parts = new LinkedHashMap<>();
        Map<String, GramMatrix> out = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager()) {
            BatchIterator batches = BatchIterator.sequential(images, BATCH);
            for (int b = 0; b < batches.batches(); b++) {
                NDArray x = batches.features(m, b);
                long rows = x.getShape().get(0);
                hooked.run(m, x, wanted)
                        .forEach((p, s) ->
                                parts.computeIfAbsent(p, k -> new ArrayList<>()).add(s.reshape(rows, -1)));
            }
            for (String p : hooked.points()) {
                if (!parts.containsKey(p)) {
                    continue;
                }
                try (NDManager s = m.newSubManager()) {
                    NDArray all = NDArrays.concat(new NDList(parts.get(p)), 0).toType(DataType.FLOAT64, false);
                    all.attach(s);
                    NDArray centred = all.sub(all.mean(new int[] {0}, true));
                    double[] g = centred.matMul(centred.transpose()).toDoubleArray();
                    out.put(p, new GramMatrix(images.size(), g));
                }
                parts.get(p).forEach(NDArray::close);
            }
        }
        return out;
    }
}
