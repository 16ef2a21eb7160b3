package org.layerprobe.metrics;

import java.util.Arrays;

/**
 * The n x n matrix of inner products {@code X X^T} of one representation of n examples (rows of
 * X), stored row-major. It is all that linear CKA needs of a representation, and for a state wider
 * than n it is also smaller than the state.
 */
public record GramMatrix(int size, double[] values) {

    public GramMatrix {
        if ((long) size * size != values.length) {
            throw new IllegalArgumentException(
                    values.length + " values do not form a " + size + " x " + size + " matrix");
        }
    }

    /** The Gram matrix of {@code rows} (n rows of equal width). */
    public static GramMatrix of(double[][] rows) {
        int n = rows.length;
        double[] g = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                double[] a = rows[i];
                double[] b = rows[j];
                for (int t = 0; t < a.length; t++) {
                    s += a[t] * b[t];
                }
                g[i * n + j] = s;
                g[j * n + i] = s;
            }
        }
        return new GramMatrix(n, g);
    }

    public double get(int i, int j) {
        return values[i * size + j];
    }

    double[] rowMeans() {
        double[] m = new double[size];
        for (int i = 0; i < size; i++) {
            double s = 0;
            for (int j = 0; j < size; j++) {
                s += values[i * size + j];
            }
            m[i] = s / size;
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GramMatrix g && g.size == size && Arrays.equals(g.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * size + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "GramMatrix[" + size + " x " + size + "]";
    }
}
