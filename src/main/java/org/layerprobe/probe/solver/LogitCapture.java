package org.layerprobe.probe.solver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The logits of every probe on every sample of one split, with the labels, in split order: what
 * profiling the biases ({@link BiasProfile}) and per-image test predictions are computed from.
 * Rows hold all K strengths (K * C floats), as a pass produces them.
 */
public final class LogitCapture {

    private final int strengths;
    private final int classes;
    private final Map<String, List<float[]>> logits = new LinkedHashMap<>();
    private final List<int[]> labels = new ArrayList<>();
    private int samples;

    public LogitCapture(int strengths, int classes) {
        this.strengths = strengths;
        this.classes = classes;
    }

    public void addLabels(int[] batch) {
        labels.add(batch.clone());
        samples += batch.length;
    }

    public void add(String point, float[] batchLogits) {
        logits.computeIfAbsent(point, p -> new ArrayList<>()).add(batchLogits);
    }

    public int samples() {
        return samples;
    }

    public int[] labels() {
        int[] all = new int[samples];
        int o = 0;
        for (int[] b : labels) {
            System.arraycopy(b, 0, all, o, b.length);
            o += b.length;
        }
        return all;
    }

    /** Strength j's logits of {@code point}: {@code samples} rows of C. */
    public float[] strength(String point, int j) {
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

    /** The predicted class of each row of C logits shifted by {@code shift} (one value per class). */
    public static int[] argMax(float[] z, int classes, double[] shift) {
        int[] out = new int[z.length / classes];
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (z[i * classes + c] + shift[c] > z[i * classes + best] + shift[best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Mean cross-entropy (nats) of rows of C logits shifted by {@code shift} against labels, in float64. */
    public static double crossEntropy(float[] z, int[] labels, int classes, double[] shift) {
        double[] p = new double[classes];
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            sum += softmax(z, i, classes, shift, p) - (z[i * classes + labels[i]] + shift[labels[i]]);
        }
        return labels.length == 0 ? Double.NaN : sum / labels.length;
    }

    /** Row i's softmax of {@code z + shift} into p; returns the row's log-sum-exp. */
    static double softmax(float[] z, int i, int classes, double[] shift, double[] p) {
        int o = i * classes;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, z[o + c] + shift[c]);
        }
        double s = 0;
        for (int c = 0; c < classes; c++) {
            p[c] = Math.exp(z[o + c] + shift[c] - max);
            s += p[c];
        }
        for (int c = 0; c < classes; c++) {
            p[c] /= s;
        }
        return max + Math.log(s);
    }
}
