package org.layerprobe.probe.states;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Per-feature mean and spread of one point's training states, for standardisation. Hidden states
 * are badly scaled (pre-activations especially); without it a probe's optimiser, not the layer,
 * would decide how separable a point looks.
 */
public final class FeatureStats {

    /** Features whose spread is below this are constant on the training set and get weight 0. */
    private static final double MIN_STD = 1e-6;

    private final long width;
    private double[] sum;
    private double[] sumSq;
    /** The first batch's mean, as float32: every batch is centred on it before summing. */
    private float[] shift;

    private double[][] classSum;
    private long[] classCount;
    private long count;

    public FeatureStats(long width) {
        this.width = width;
    }

    public long width() {
        return width;
    }

    /**
     * Adds a batch (B, d) with its labels. Sums are taken in float32 within the batch, around the
     * first batch's mean (so they stay small), and accumulated across batches in float64; per-class
     * sums give the objective's gradient at zero weights. Float32 within a batch keeps this pass,
     * which sees every state once, from costing more than the forward pass that made them.
     */
    public void add(NDArray x, int[] labels, int classes) {
        try (NDManager m = x.getManager().newSubManager()) {
            if (shift == null) {
                shift = x.mean(new int[] {0}).toFloatArray();
                sum = new double[(int) width];
                sumSq = new double[(int) width];
                classSum = new double[classes][(int) width];
                classCount = new long[classes];
            }
            NDArray centred = x.sub(m.create(shift));
            centred.attach(m);
            addTo(sum, centred.sum(new int[] {0}).toFloatArray());
            addTo(sumSq, centred.square().sum(new int[] {0}).toFloatArray());
            float[] onehot = new float[labels.length * classes];
            for (int i = 0; i < labels.length; i++) {
                onehot[i * classes + labels[i]] = 1;
                classCount[labels[i]]++;
            }
            float[] pc = m.create(onehot, new Shape(labels.length, classes))
                    .transpose()
                    .matMul(centred)
                    .toFloatArray();
            for (int c = 0; c < classes; c++) {
                for (int i = 0; i < width; i++) {
                    classSum[c][i] += pc[c * (int) width + i];
                }
            }
            count += x.getShape().get(0);
        }
    }

    private static void addTo(double[] acc, float[] v) {
        for (int i = 0; i < v.length; i++) {
            acc[i] += v[i];
        }
    }

    /**
     * Norm of the regularised objective's gradient at zero weights (the same for every L2
     * strength): {@code -s (S_c - n_c mu) / n} for the weights of class c, {@code 1/C - n_c/n} for
     * its bias, where S_c sums the states of class c.
     */
    public double[] zeroGradientNorms(int classes, int strengths) {
        double sq = 0;
        double[] meanShift = new double[(int) width];
        for (int i = 0; i < width; i++) {
            meanShift[i] = sum[i] / count;
        }
        float[] inv = inverseStdValues();
        for (int c = 0; c < classes; c++) {
            long nc = classCount == null ? 0 : classCount[c];
            for (int i = 0; i < width; i++) {
                double v = inv[i] * (classSum[c][i] - nc * meanShift[i]) / count;
                sq += v * v;
            }
            double b = 1.0 / classes - (double) nc / count;
            sq += b * b;
        }
        double[] out = new double[strengths];
        Arrays.fill(out, Math.sqrt(sq));
        return out;
    }

    public NDArray mean(NDManager m) {
        float[] mu = new float[(int) width];
        for (int i = 0; i < width; i++) {
            mu[i] = (float) ((double) shift[i] + sum[i] / count);
        }
        return m.create(mu);
    }

    /**
     * {@code offset - mu}, in float64 before rounding: where states centred on {@code offset}
     * sit relative to their training mean.
     */
    public float[] centreOf(float[] offset) {
        float[] c = new float[(int) width];
        for (int i = 0; i < width; i++) {
            c[i] = (float) (((double) offset[i] - shift[i]) - sum[i] / count);
        }
        return c;
    }

    public NDArray inverseStd(NDManager m) {
        return m.create(inverseStdValues());
    }

    private float[] inverseStdValues() {
        float[] inv = new float[(int) width];
        for (int i = 0; i < width; i++) {
            double mean = sum[i] / count;
            double var = Math.max(0, sumSq[i] / count - mean * mean);
            double sd = Math.sqrt(var);
            inv[i] = sd < MIN_STD ? 0f : (float) (1 / sd);
        }
        return inv;
    }
}
