package org.layerprobe.data;

import java.util.Arrays;
import org.layerprobe.LayerprobeException;

/**
 * A labelled sample set held in plain Java arrays, so it outlives any NDManager. Features are
 * stored row-major: sample {@code i} occupies {@code features[i * sampleSize() ... ]} and has the
 * shape {@code sampleShape} (for example {@code [1, 28, 28]} for an MNIST image, {@code [2]} for XOR).
 */
public record LabeledData(float[] features, int[] labels, long[] sampleShape, int numClasses) {

    public LabeledData {
        long size = 1;
        for (long s : sampleShape) {
            size *= s;
        }
        if (size * labels.length != features.length) {
            throw new LayerprobeException("features hold " + features.length + " values but " + labels.length
                    + " samples of shape " + Arrays.toString(sampleShape) + " need "
                    + size * labels.length);
        }
        for (int y : labels) {
            if (y < 0 || y >= numClasses) {
                throw new LayerprobeException("label " + y + " outside [0, " + numClasses + ")");
            }
        }
    }

    public int size() {
        return labels.length;
    }

    public int sampleSize() {
        long size = 1;
        for (long s : sampleShape) {
            size *= s;
        }
        return (int) size;
    }

    /** The samples at the given indices, in that order (a copy). */
    public LabeledData select(int[] indices) {
        int d = sampleSize();
        float[] x = new float[indices.length * d];
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features, indices[i] * d, x, i * d, d);
            y[i] = labels[indices[i]];
        }
        return new LabeledData(x, y, sampleShape.clone(), numClasses);
    }

    /** The first {@code n} samples (a copy), or all of them when there are fewer. */
    public LabeledData head(int n) {
        int m = Math.min(n, size());
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) {
            idx[i] = i;
        }
        return select(idx);
    }
}
