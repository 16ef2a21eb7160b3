package org.layerprobe.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.layerprobe.LayerprobeException;

/**
 * "Sums of shifted ReLUs": how well b + sum_j w_j relu(x - c_j), with k knots c_j evenly spaced
 * in [lo, hi) (c_0 = lo), approximates a target on [lo, hi] when the weights are fitted by least
 * squares on a dense grid. For a smooth target the error of this piecewise-linear fit falls like
 * k^-2.
 *
 * @param name the target's name for charts and tables, e.g. {@code x^2}
 * @param target the function to approximate
 * @param lo left end of the interval
 * @param hi right end of the interval
 * @param gridPoints number of evenly spaced fitting (and error) points, ends included
 */
public record ReluSums(String name, DoubleUnaryOperator target, double lo, double hi, int gridPoints) {

    /** The knot counts of the study. */
    public static final List<Integer> DEFAULT_KS = List.of(1, 2, 4, 8, 16, 32, 100);

    public ReluSums {
        if (!(lo < hi) || gridPoints < 2) {
            throw new LayerprobeException("relu sums need lo < hi and at least 2 grid points; got" + " [" + lo + ", "
                    + hi + "] with " + gridPoints + " points");
        }
    }

    /** The study of the issue: y = x^2 on [0, 2], fitted on 2001 points. */
    public static ReluSums square() {
        return new ReluSums("x^2", x -> x * x, 0, 2, 2001);
    }

    /** The fitting grid: {@code gridPoints} evenly spaced points from lo to hi inclusive. */
    public double[] grid() {
        return linspace(lo, hi, gridPoints);
    }

    /**
     * Fits k shifted ReLUs plus a bias.
     *
     * @throws LayerprobeException when k &lt; 1 or the grid cannot resolve k + 1 weights
     */
    public ReluSumFit fit(int k) {
        if (k < 1 || k + 1 > gridPoints) {
            throw new LayerprobeException("cannot fit " + k + " relus on " + gridPoints
                    + " grid points; k must be in 1.." + (gridPoints - 1));
        }
        double[] knots = new double[k];
        for (int j = 0; j < k; j++) {
            knots[j] = lo + (hi - lo) * j / k;
        }
        double[] xs = grid();
        double[][] design = new double[xs.length][k + 1];
        double[] ys = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            design[i][0] = 1;
            for (int j = 0; j < k; j++) {
                design[i][j + 1] = Math.max(0, xs[i] - knots[j]);
            }
            ys[i] = target.applyAsDouble(xs[i]);
        }
        double[] w = LeastSquares.solve(design, ys);
        double[] weights = new double[k];
        System.arraycopy(w, 1, weights, 0, k);
        ReluSumFit unscored = new ReluSumFit(k, knots, weights, w[0], Double.NaN, Double.NaN);
        double max = 0;
        double sum = 0;
        for (int i = 0; i < xs.length; i++) {
            double err = Math.abs(unscored.valueAt(xs[i]) - ys[i]);
            max = Math.max(max, err);
            sum += err;
        }
        return new ReluSumFit(k, knots, weights, w[0], max, sum / xs.length);
    }

    /** One fit per k, in the given order. */
    public List<ReluSumFit> fit(List<Integer> ks) {
        List<ReluSumFit> fits = new ArrayList<>(ks.size());
        for (int k : ks) {
            fits.add(fit(k));
        }
        return fits;
    }

    static double[] linspace(double lo, double hi, int n) {
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = lo + (hi - lo) * i / (n - 1);
        }
        return xs;
    }
}
