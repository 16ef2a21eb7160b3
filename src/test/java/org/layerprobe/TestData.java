package org.layerprobe;

import java.util.Map;
import java.util.Random;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.LabeledData;

/** Small seeded fixtures with known structure, shared by the unit tests. */
public final class TestData {

    private TestData() {}

    /** {@code k} well separated Gaussian blobs in {@code d} dimensions (linearly separable). */
    /** An n x d matrix of standard normal values, seeded. */
    public static double[][] gaussian(int n, int d, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return x;
    }

    public static LabeledData blobs(int n, int d, int k, double spread, long seed) {
        Random rnd = new Random(seed);
        double[][] centres = new double[k][d];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                centres[c][j] = rnd.nextGaussian() * 4;
            }
        }
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % k;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) (centres[y[i]][j] + spread * rnd.nextGaussian());
            }
        }
        return new LabeledData(x, y, new long[] {d}, k);
    }

    /** Random images of shape (1, 8, 8) whose class is set by the brightness of one quadrant. */
    public static LabeledData tinyImages(int n, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[n * 64];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 4;
            int qr = (y[i] / 2) * 4;
            int qc = (y[i] % 2) * 4;
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 8; c++) {
                    boolean inQuadrant = r >= qr && r < qr + 4 && c >= qc && c < qc + 4;
                    x[i * 64 + r * 8 + c] = (float) ((inQuadrant ? 0.7 : 0.2) + 0.1 * rnd.nextGaussian());
                }
            }
        }
        return new LabeledData(x, y, new long[] {1, 8, 8}, 4);
    }

    public static DataSplits splits(LabeledData train, LabeledData val, LabeledData test) {
        return new DataSplits("synthetic", train, val, test, Map.of());
    }
}
