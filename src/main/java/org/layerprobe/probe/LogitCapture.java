package org.layerprobe.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The logits of every probe on every sample of one split, with the labels, in split order: what
 * profiling the biases ({@link BiasProfile}) and per-image test predictions are computed from.
 * Rows hold all K strengths (K * C floats), as a pass produces them.
 */
final class LogitCapture {

    private final int strengths;
    private final int classes;
    private final Map<String, List<float[]>> logits = new LinkedHashMap<>();
    private final List<int[]> labels = new ArrayList<>();
    private int samples;

    LogitCapture(int strengths, int classes) {
        this.strengths = strengths;
        this.classes = classes;
    }

    void addLabels(int[] batch) {
        labels.add(batch.clone());
        samples += batch.length;
    }

    void add(String point, float[] batchLogits) {
        logits.computeIfAbsent(point, p -> new ArrayList<>()).add(batchLogits);
    }

    int samples() {
        return samples;
    }

    int[] labels() {
        int[] all = new int[samples];
        int o = 0;
        for (int[] b : labels) {
            System.arraycopy(b, 0, all, o, b.length);
            o += b.length;
        }
        return all;
    }

    /** Strength j's logits of {@code point}: {@code samples} rows of C. */
    float[] strength(String point, int j) {
        float[] out = new float[samples * classes];
        int row = 0;
        int width = strengths * classes;
        for (float[] chunk : logits.getOrDefault(point, List.of())) {
            int rows = chunk.length / width;
            for (int i = 0; i < rows; i++, row++) {
                System.arraycopy(chunk, i * width + j * classes, out, row * classes, classes);
            }
        }
        return out;
    }

    /** The predicted class of each row of C logits. */
    static int[] argMax(float[] z, int classes) {
        int[] out = new int[z.length / classes];
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (z[i * classes + c] > z[i * classes + best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Mean cross-entropy (nats) of rows of C logits against labels, in float64. */
    static double crossEntropy(float[] z, int[] labels, int classes) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, z[i * classes + c]);
            }
            double s = 0;
            for (int c = 0; c < classes; c++) {
                s += Math.exp(z[i * classes + c] - max);
            }
            sum += max + Math.log(s) - z[i * classes + labels[i]];
        }
        return labels.length == 0 ? Double.NaN : sum / labels.length;
    }
}
