package org.layerprobe.probe.solver;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * The optimal biases for fixed weights, from the training logits alone: the exact minimiser of
 * the mean cross-entropy over a shift {@code delta} of the logits, by Newton's method in float64.
 *
 * <p>This is what makes a probe's fit certifiable. With the unpenalised bias profiled out,
 * {@code G(W) = min_b F(W, b)} is lambda-strongly convex in W (F is jointly convex and
 * lambda-strongly convex in W), and {@code grad G(W) = grad_W F(W, b*(W))}. So at
 * {@code (W, b*(W))}: {@code F - F* = G(W) - G* <= ||grad_W F(W, b*)||^2 / (2 lambda)}, a bound
 * on the distance to the optimum that needs one pass for the gradient at b*.
 */
public final class BiasProfile {

    private static final int MAX_NEWTON = 60;
    /** Relative change of a mean cross-entropy that float64 sums over many samples resolve. */
    private static final double RESOLUTION = 1e-15;

    /**
     * @param shift the change of each class's bias (sums to zero: a common shift changes nothing)
     * @param crossEntropy mean training cross-entropy at the shifted biases
     * @param biasGradientNorm norm of the bias gradient there (float64 rounding, or a class the
     *     training labels never show, whose bias runs off)
     * @param correct training samples whose shifted logits pick their label
     */
    public record Result(double[] shift, double crossEntropy, double biasGradientNorm, int correct) {}

    private BiasProfile() {}

    /** Profiles the biases of logits {@code z} (n rows of {@code classes}) against {@code labels}. */
    public static Result solve(float[] z, int[] labels, int classes) {
        int n = labels.length;
        double[] pi = new double[classes];
        for (int y : labels) {
            pi[y] += 1.0 / n;
        }
        double[] delta = new double[classes];
        double f = LogitCapture.crossEntropy(z, labels, classes, delta);
        double[] g = new double[classes];
        double[][] h = new double[classes][classes];
        for (int it = 0; it < MAX_NEWTON; it++) {
            derivatives(z, classes, delta, g, h);
            for (int c = 0; c < classes; c++) {
                g[c] -= pi[c];
            }
            if (norm(g) < 1e-14) {
                break;
            }
            // H is singular along the all-ones vector, and g is orthogonal to it: adding the
            // projector onto it makes H invertible without changing the step.
            for (int a = 0; a < classes; a++) {
                for (int b = 0; b < classes; b++) {
                    h[a][b] += 1.0 / classes;
                }
            }
            RealVector step;
            try {
                step = new CholeskyDecomposition(new Array2DRowRealMatrix(h, false), 1e-14, 1e-300)
                        .getSolver()
                        .solve(new ArrayRealVector(g, false));
            } catch (RuntimeException singular) {
                step = new ArrayRealVector(g); // a class with no mass: fall back to a gradient step
            }
            double t = 1;
            double[] trial = new double[classes];
            double slope = -step.dotProduct(new ArrayRealVector(g, false));
            if (-slope / 2 <= RESOLUTION * Math.max(1, Math.abs(f))) {
                // The Newton decrement says the step lowers f by less than float64 resolves, so no
                // line search can verify it; this close to the minimum the quadratic model is
                // exact to far below that, and the full step is the most accurate bias there is.
                // Searching instead cost 40 cross-entropies an iteration, up to the iteration cap:
                // on 55,000 training logits that was most of a probe fit's time outside its passes.
                for (int c = 0; c < classes; c++) {
                    delta[c] -= step.getEntry(c);
                }
                break;
            }
            double ft = f;
            for (int ls = 0; ls < 40; ls++) {
                for (int c = 0; c < classes; c++) {
                    trial[c] = delta[c] - t * step.getEntry(c);
                }
                ft = LogitCapture.crossEntropy(z, labels, classes, trial);
                if (ft <= f + 1e-4 * t * slope) {
                    break;
                }
                t *= 0.5;
            }
            if (!(ft <= f)) {
                break; // no decrease is resolvable in float64: this is the minimum
            }
            System.arraycopy(trial, 0, delta, 0, classes);
            f = ft;
        }
        derivatives(z, classes, delta, g, h);
        for (int c = 0; c < classes; c++) {
            g[c] -= pi[c];
        }
        double mean = 0;
        for (double v : delta) {
            mean += v / classes;
        }
        for (int c = 0; c < classes; c++) {
            delta[c] -= mean;
        }
        return new Result(
                delta,
                LogitCapture.crossEntropy(z, labels, classes, delta),
                norm(g),
                correct(LogitCapture.argMax(z, classes, delta), labels));
    }

    /** Mean softmax probabilities into g and mean (diag(p) - p p^T) into h. */
    private static void derivatives(float[] z, int classes, double[] delta, double[] g, double[][] h) {
        Arrays.fill(g, 0);
        for (double[] row : h) {
            Arrays.fill(row, 0);
        }
        int n = z.length / classes;
        double[] p = new double[classes];
        for (int i = 0; i < n; i++) {
            LogitCapture.softmax(z, i, classes, delta, p);
            for (int a = 0; a < classes; a++) {
                g[a] += p[a] / n;
                h[a][a] += p[a] / n;
                for (int b = 0; b < classes; b++) {
                    h[a][b] -= p[a] * p[b] / n;
                }
            }
        }
    }

    private static int correct(int[] predicted, int[] labels) {
        int ok = 0;
        for (int i = 0; i < labels.length; i++) {
            ok += predicted[i] == labels[i] ? 1 : 0;
        }
        return ok;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
