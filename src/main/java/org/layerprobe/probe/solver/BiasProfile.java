package org.layerprobe.probe.solver;

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

    private static final int MAX_NEWTON = 100;
    /**
     * Largest move of one bias in one Newton step, in nats. A class whose logits sit far below the
     * others (a warm start from a prefix that lacked it) has almost no curvature, so its Newton step
     * is enormous and no halving of it is accepted; capped steps walk there instead.
     */
    private static final double MAX_STEP = 20;
    /**
     * Shift, in nats, beyond which the rows' exponentials are taken again around the current
     * biases: exp(z - m) of a class far below its row's maximum underflows, and its probability
     * would read as zero however far the shift has moved it up.
     */
    private static final double REBASE = 40;
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
        return solve(z, classes, 0, labels, classes);
    }

    /**
     * Profiles the biases of the logits {@code z[i * stride + offset + c]} (row i, class c) against
     * {@code labels}: one strength's columns of a pass's products, read in place.
     *
     * <p>The rows' exponentials are taken once: {@code exp(z_ic + delta_c) = exp(z_ic - m_i)
     * exp(delta_c) e^m_i}, so a Newton iteration costs products and one logarithm per row, not an
     * exponential per logit. This runs in every solver pass under the certified rule, so its cost
     * is set beside the pass's products (docs/solver.md).
     */
    public static Result solve(float[] z, int stride, int offset, int[] labels, int classes) {
        Logits l = new Logits(z, stride, offset, labels, classes);
        double[] delta = new double[classes];
        double[] g = new double[classes];
        double[][] h = new double[classes][classes];
        double f = l.derivatives(delta, g, h);
        for (int it = 0; it < MAX_NEWTON; it++) {
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
            double largest = step.getLInfNorm();
            if (largest > MAX_STEP) {
                step = step.mapMultiply(MAX_STEP / largest);
            }
            double slope = -step.dotProduct(new ArrayRealVector(g, false));
            if (-slope / 2 <= RESOLUTION * Math.max(1, Math.abs(f))) {
                // The Newton decrement says the step lowers f by less than float64 resolves, so no
                // line search can verify it; this close to the minimum the quadratic model is
                // exact to far below that, and the full step is the most accurate bias there is.
                for (int c = 0; c < classes; c++) {
                    delta[c] -= step.getEntry(c);
                }
                break;
            }
            double t = 1;
            double[] trial = new double[classes];
            double ft = f;
            for (int ls = 0; ls < 40; ls++) {
                for (int c = 0; c < classes; c++) {
                    trial[c] = delta[c] - t * step.getEntry(c);
                }
                l.rebaseIfFar(trial);
                ft = l.crossEntropy(trial);
                if (ft <= f + 1e-4 * t * slope) {
                    break;
                }
                t *= 0.5;
            }
            if (!(ft <= f)) {
                break; // no decrease is resolvable in float64: this is the minimum
            }
            System.arraycopy(trial, 0, delta, 0, classes);
            f = l.derivatives(delta, g, h);
        }
        double mean = 0;
        for (double v : delta) {
            mean += v / classes;
        }
        for (int c = 0; c < classes; c++) {
            delta[c] -= mean;
        }
        f = l.derivatives(delta, g, h);
        return new Result(delta, f, norm(g), l.correct(delta));
    }

    /**
     * One strength's logits with each row's exponentials taken once around a base shift {@code
     * delta0}, and again only when the shift moves more than {@value #REBASE} nats from it.
     */
    private static final class Logits {
        final int n;
        final int classes;
        final int[] labels;
        final double[] share;
        final float[] z;
        final int stride;
        final int offset;
        /** The shift the exponentials are taken around. */
        final double[] delta0;
        /** exp(z_ic + delta0_c - m_i), m_i the row's largest shifted logit, row-major. */
        final double[] e;
        /** Mean over rows of m_i - (z_{i, y_i} + delta0_{y_i}): the cross-entropy's part no further shift changes. */
        double base;

        Logits(float[] z, int stride, int offset, int[] labels, int classes) {
            this.n = labels.length;
            this.classes = classes;
            this.labels = labels;
            this.z = z;
            this.stride = stride;
            this.offset = offset;
            this.e = new double[n * classes];
            this.share = new double[classes];
            this.delta0 = new double[classes];
            for (int y : labels) {
                share[y] += 1.0 / n;
            }
            rebase(new double[classes]);
        }

        private void rebase(double[] delta) {
            System.arraycopy(delta, 0, delta0, 0, classes);
            double b = 0;
            for (int i = 0; i < n; i++) {
                int o = i * stride + offset;
                double m = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    m = Math.max(m, z[o + c] + delta0[c]);
                }
                for (int c = 0; c < classes; c++) {
                    e[i * classes + c] = Math.exp(z[o + c] + delta0[c] - m);
                }
                b += m - (z[o + labels[i]] + delta0[labels[i]]);
            }
            base = n == 0 ? 0 : b / n;
        }

        /** Takes the exponentials again around {@code delta} when it has moved far from the base. */
        void rebaseIfFar(double[] delta) {
            for (int c = 0; c < classes; c++) {
                if (Math.abs(delta[c] - delta0[c]) > REBASE) {
                    rebase(delta);
                    return;
                }
            }
        }

        /** exp(d_c - max d) into u, d = delta - delta0; returns max d. */
        private double scales(double[] delta, double[] u) {
            double dmax = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                dmax = Math.max(dmax, delta[c] - delta0[c]);
            }
            for (int c = 0; c < classes; c++) {
                u[c] = Math.exp(delta[c] - delta0[c] - dmax);
            }
            return dmax;
        }

        /** Mean cross-entropy at shift delta (+infinity where a row's probabilities underflow). */
        double crossEntropy(double[] delta) {
            double[] u = new double[classes];
            double dmax = scales(delta, u);
            double logs = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int c = 0; c < classes; c++) {
                    s += e[i * classes + c] * u[c];
                }
                logs += Math.log(s);
            }
            return finish(logs, dmax, delta);
        }

        private double finish(double logs, double dmax, double[] delta) {
            if (n == 0) {
                return Double.NaN;
            }
            double shifted = 0;
            for (int c = 0; c < classes; c++) {
                shifted += share[c] * (delta[c] - delta0[c]);
            }
            double f = base + logs / n + dmax - shifted;
            return Double.isNaN(f) || f == Double.NEGATIVE_INFINITY ? Double.POSITIVE_INFINITY : f;
        }

        /**
         * The mean cross-entropy at delta; its gradient (mean softmax probabilities minus the label
         * shares) into g and its Hessian (mean of diag(p) - p p^T) into h.
         */
        double derivatives(double[] delta, double[] g, double[][] h) {
            rebaseIfFar(delta);
            double[] u = new double[classes];
            double dmax = scales(delta, u);
            double[] p = new double[classes];
            double[] mean = new double[classes];
            double[][] outer = new double[classes][classes];
            double logs = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int c = 0; c < classes; c++) {
                    p[c] = e[i * classes + c] * u[c];
                    s += p[c];
                }
                logs += Math.log(s);
                for (int a = 0; a < classes; a++) {
                    p[a] /= s;
                    mean[a] += p[a];
                    double pa = p[a];
                    double[] row = outer[a];
                    for (int b = 0; b <= a; b++) {
                        row[b] += pa * p[b];
                    }
                }
            }
            for (int a = 0; a < classes; a++) {
                g[a] = mean[a] / n - share[a];
                for (int b = 0; b <= a; b++) {
                    double v = -outer[a][b] / n + (a == b ? mean[a] / n : 0);
                    h[a][b] = v;
                    h[b][a] = v;
                }
            }
            return finish(logs, dmax, delta);
        }

        /** Rows whose shifted logits pick their label. */
        int correct(double[] delta) {
            int ok = 0;
            for (int i = 0; i < n; i++) {
                int o = i * stride + offset;
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (z[o + c] + delta[c] > z[o + best] + delta[best]) {
                        best = c;
                    }
                }
                ok += best == labels[i] ? 1 : 0;
            }
            return ok;
        }
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
