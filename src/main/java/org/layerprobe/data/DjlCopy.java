package org.layerprobe.data;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import org.layerprobe.LayerprobeException;

/** Copies a prepared DJL dataset, batch by batch, out of the engine into Java arrays. */
final class DjlCopy {

    private DjlCopy() {}

    /**
     * Every sample of {@code dataset} (already prepared, its pipeline producing {@code shape}), with
     * labels checked against {@code classes}; {@code what} names the source in messages.
     */
    static LabeledData copy(ArrayDataset dataset, NDManager manager, long[] shape, int classes, String what)
            throws IOException, TranslateException {
        int n = Math.toIntExact(dataset.size());
        long sampleSize = 1;
        for (long s : shape) {
            sampleSize *= s;
        }
        float[] features = new float[Math.toIntExact(n * sampleSize)];
        int[] labels = new int[n];
        int filled = 0;
        for (Batch batch : dataset.getData(manager)) {
            try (batch) {
                float[] x = batch.getData().head().toFloatArray();
                float[] y = batch.getLabels().head().toFloatArray();
                System.arraycopy(x, 0, features, Math.toIntExact(filled * sampleSize), x.length);
                for (int i = 0; i < y.length; i++) {
                    labels[filled + i] = Math.round(y[i]);
                }
                filled += y.length;
            }
        }
        if (filled != n) {
            throw new LayerprobeException(what + ": DJL gave " + filled + " samples, expected " + n);
        }
        return new LabeledData(features, labels, shape.clone(), classes);
    }
}
