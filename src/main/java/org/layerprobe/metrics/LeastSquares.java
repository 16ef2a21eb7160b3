package org.layerprobe.metrics;

import org.layerprobe.LayerprobeException;

/**
 * Dense linear least squares, min ||A w - y||, by Householder QR in double precision. QR works on
 * A itself rather than on A^T A, so it keeps the accuracy the normal equations would square away
 * on the nearly collinear bases used here (many overlapping ReLU ramps).
 */
public final class LeastSquares {

    private LeastSquares() {}

    /**
     * The least-squares solution w for an n x p design matrix {@code a} (rows = observations,
     * n &gt;= p) and targets {@code y}. Inputs are not modified.
     *
     * @throws LayerprobeException when the sizes disagree or the columns are linearly dependent
     */
    public static double[] solve(double[][] a, double[] y) {
        int n = a.length;
        int p = n == 0 ? 0 : a[0].length;
        if (n != y.length || p == 0 || n < p) {
            throw new LayerprobeException("least squares needs an n x p matrix with n >= p >= 1"
                    + " and n targets; got " + n + " x " + p + " and " + y.length + " targets");
        }
        double[][] r = new double[n][];
        for (int i = 0; i < n; i++) {
            if (a[i].length != p) {
                throw new LayerprobeException(
                        "row " + i + " of the design matrix has " + a[i].length + " columns, expected " + p);
            }
            r[i] = a[i].clone();
        }
        double[] b = y.clone();
        double scale = 0;
        for (double[] row : r) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int k = 0; k < p; k++) {
            double norm = 0;
            for (int i = k; i < n; i++) {
                norm = Math.hypot(norm, r[i][k]);
            }
            if (norm <= 1e-13 * scale * Math.sqrt(n)) {
                throw new LayerprobeException("least squares: column " + k
                        + " is linearly dependent on the earlier ones (rank deficient design)");
            }
            double alpha = r[k][k] > 0 ? -norm : norm;
            // Householder vector v = x - alpha e1, stored in column k from row k down
            r[k][k] -= alpha;
            double vtv = 0;
            for (int i = k; i < n; i++) {
                vtv += r[i][k] * r[i][k];
            }
            for (int j = k + 1; j < p; j++) {
                reflect(r, k, vtv, j, n);
            }
            double dot = 0;
            for (int i = k; i < n; i++) {
                dot += r[i][k] * b[i];
            }
            double f = 2 * dot / vtv;
            for (int i = k; i < n; i++) {
                b[i] -= f * r[i][k];
            }
            r[k][k] = alpha;
            for (int i = k + 1; i < n; i++) {
                r[i][k] = 0;
            }
        }
        double[] w = new double[p];
        for (int k = p - 1; k >= 0; k--) {
            double s = b[k];
            for (int j = k + 1; j < p; j++) {
                s -= r[k][j] * w[j];
            }
            w[k] = s / r[k][k];
        }
        return w;
    }

    /** Applies the reflection I - 2 v v^T / v^T v (v in column k) to column j. */
    private static void reflect(double[][] r, int k, double vtv, int j, int n) {
        double dot = 0;
        for (int i = k; i < n; i++) {
            dot += r[i][k] * r[i][j];
        }
        double f = 2 * dot / vtv;
        for (int i = k; i < n; i++) {
            r[i][j] -= f * r[i][k];
        }
    }
}
