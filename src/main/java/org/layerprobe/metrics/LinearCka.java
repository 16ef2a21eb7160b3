package org.layerprobe.metrics;

/**
 * Linear centered kernel alignment (Kornblith et al., "Similarity of Neural Network
 * Representations Revisited", 2019) between two representations of the same n examples, computed
 * from their n x n Gram matrices {@code K = X X^T}, so that states of any width compare at the cost
 * of n^2.
 *
 * <p>The standard estimator is {@code HSIC(K, L) / sqrt(HSIC(K, K) HSIC(L, L))} with the biased
 * HSIC {@code tr(K H L H)}; it is 1 for identical representations and invariant to orthogonal
 * transforms and isotropic scaling of either, but on few examples even unrelated representations
 * score well above 0. The debiased variant uses Song et al.'s (2012) unbiased HSIC, whose
 * expectation for independent representations is 0; it needs n &gt; 3.
 */
public final class LinearCka {

    private LinearCka() {}

    /** CKA between the representations whose Gram matrices are {@code k} and {@code l}. */
    public static double of(GramMatrix k, GramMatrix l, boolean debiased) {
        if (k.size() != l.size()) {
            throw new IllegalArgumentException("Gram matrices over " + k.size() + " and " + l.size()
                    + " examples cannot be compared; CKA needs the same examples on both sides");
        }
        double kl = hsic(k, l, debiased);
        double kk = hsic(k, k, debiased);
        double ll = hsic(l, l, debiased);
        if (kk <= 0 || ll <= 0) {
            // A constant representation (or, debiased, a degenerate one) has no similarity to report.
            return Double.NaN;
        }
        return kl / Math.sqrt(kk * ll);
    }

    /** HSIC up to a factor common to all three terms of CKA (which cancels). */
    static double hsic(GramMatrix k, GramMatrix l, boolean debiased) {
        return debiased ? unbiasedHsic(k, l) : centredProduct(k, l);
    }

    /** {@code <HKH, HLH>_F}, through row and grand means so that H is never formed. */
    private static double centredProduct(GramMatrix k, GramMatrix l) {
        int n = k.size();
        double[] kr = k.rowMeans();
        double[] lr = l.rowMeans();
        double km = mean(kr);
        double lm = mean(lr);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double a = k.get(i, j) - kr[i] - kr[j] + km;
                double b = l.get(i, j) - lr[i] - lr[j] + lm;
                sum += a * b;
            }
        }
        return sum;
    }

    /** Song et al. (2012), eq. 5, times n (n - 3), which cancels in CKA. */
    private static double unbiasedHsic(GramMatrix k, GramMatrix l) {
        int n = k.size();
        if (n <= 3) {
            throw new IllegalArgumentException("the debiased CKA needs more than 3 examples, got " + n);
        }
        double trace = 0;
        double kSum = 0;
        double lSum = 0;
        double[] kRow = new double[n];
        double[] lRow = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                double a = k.get(i, j);
                double b = l.get(i, j);
                trace += a * b;
                kRow[i] += a;
                lRow[i] += b;
            }
            kSum += kRow[i];
            lSum += lRow[i];
        }
        double rowProduct = 0;
        for (int i = 0; i < n; i++) {
            rowProduct += kRow[i] * lRow[i];
        }
        return trace + kSum * lSum / ((n - 1.0) * (n - 2.0)) - 2.0 / (n - 2.0) * rowProduct;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
