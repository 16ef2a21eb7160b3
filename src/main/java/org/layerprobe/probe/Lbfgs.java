package org.layerprobe.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Full-batch L-BFGS with a backtracking (Armijo) line search for one {@link SoftmaxProbe}, one
 * independent solve per L2 strength sharing every pass over the data. The problem is smooth and
 * strongly convex, so this converges where mini-batch methods stall on badly conditioned wide
 * states. It is driven from outside: {@link #trial()} names the parameters to evaluate next, the
 * caller runs a pass over the training states and hands the result to {@link #receive}.
 */
final class Lbfgs {

    private static final int HISTORY = 6;
    private static final double ARMIJO = 1e-4;
    private static final int MAX_BACKTRACKS = 30;

    private final SoftmaxProbe probe;
    private final double tolerance;
    private final int k;
    private final Deque<NDArray[]> pairs = new ArrayDeque<>();
    private final Deque<float[]> rhos = new ArrayDeque<>();
    private final boolean[] converged;
    /** Strengths the caller no longer needs (see {@link #drop}); they stop moving. */
    private final boolean[] dropped;
    private final double[] relativeGradient;
    private SoftmaxProbe.Evaluation current;
    private NDArray direction;
    private NDArray trial;
    private float[] alpha;
    private float[] slope;
    private int iterations;
    private int backtracks;
    private boolean failed;
    /** The initial inverse Hessian of the two-loop recursion, or null for a scaled identity. */
    private final NystromPreconditioner preconditioner;

    Lbfgs(SoftmaxProbe probe, double tolerance) {
        this(probe, tolerance, null);
    }

    /**
     * @param preconditioner H0 of the two-loop recursion, per strength (L-BFGS in the variables
     *     {@code V = P^-1/2 W}, written in W), or null for plain L-BFGS
     */
    Lbfgs(SoftmaxProbe probe, double tolerance, NystromPreconditioner preconditioner) {
        this.preconditioner = preconditioner;
        this.probe = probe;
        this.tolerance = tolerance;
        this.k = probe.strengths();
        this.converged = new boolean[k];
        this.dropped = new boolean[k];
        this.relativeGradient = new double[k];
        java.util.Arrays.fill(relativeGradient, Double.NaN);
    }

    /** Parameters to evaluate in the next pass. */
    NDArray trial() {
        return current == null ? probe.params() : trial;
    }

    boolean done() {
        if (failed) {
            return true;
        }
        for (int j = 0; j < k; j++) {
            if (!settled(j)) {
                return false;
            }
        }
        return current != null;
    }

    /**
     * The strengths the next pass must evaluate: all at the start, then those still being solved
     * (a settled strength's block no longer moves, so its sums are not needed).
     */
    int[] active() {
        if (current == null) {
            return java.util.stream.IntStream.range(0, k).toArray();
        }
        return java.util.stream.IntStream.range(0, k).filter(j -> !settled(j)).toArray();
    }

    /** Stops solving strength j: from the next direction on, its block no longer moves. */
    void drop(int j) {
        dropped[j] = true;
    }

    boolean dropped(int j) {
        return dropped[j];
    }

    int iterations() {
        return iterations;
    }

    boolean converged(int j) {
        return converged[j];
    }

    /** Gradient norm at the accepted point relative to its norm at zero weights. */
    double relativeGradient(int j) {
        return relativeGradient[j];
    }

    /** The largest relative gradient among the strengths still being solved (NaN before the first pass). */
    double worstRelativeGradient() {
        double w = current == null ? Double.NaN : 0;
        for (int j = 0; j < k; j++) {
            if (!settled(j)) {
                w = Math.max(w, relativeGradient[j]);
            }
        }
        return w;
    }

    /** Takes the objective and gradient at {@link #trial()}. */
    void receive(SoftmaxProbe.Evaluation e) {
        if (current == null) {
            accept(e);
            return;
        }
        e = withSettled(e);
        boolean all = true;
        for (int j = 0; j < k; j++) {
            if (settled(j)) {
                continue;
            }
            double f0 = current.objective()[j];
            boolean ok = e.objective()[j] <= f0 + ARMIJO * alpha[j] * slope[j] + 1e-9 * (1 + Math.abs(f0));
            if (!ok) {
                all = false;
                alpha[j] *= 0.5f;
            }
        }
        if (all) {
            remember(e);
            NDArray accepted = trial;
            trial = null;
            probe.setParams(accepted);
            accept(e);
            iterations++;
        } else {
            e.gradient().close();
            if (++backtracks > MAX_BACKTRACKS) {
                failed = true;
                return;
            }
            moveTrial();
        }
    }

    /** Fills the strengths a pass left out (settled ones) with their values at the current point. */
    private SoftmaxProbe.Evaluation withSettled(SoftmaxProbe.Evaluation e) {
        float[] keep = new float[k];
        double[] f = e.objective().clone();
        double[] norm = e.gradientNorm().clone();
        boolean any = false;
        for (int j = 0; j < k; j++) {
            if (Double.isNaN(f[j])) {
                keep[j] = 1f;
                f[j] = current.objective()[j];
                norm[j] = current.gradientNorm()[j];
                any = true;
            }
        }
        if (!any) {
            return e;
        }
        NDArray g;
        try (NDManager m = probe.scratch(e.gradient(), current.gradient())) {
            g = e.gradient().add(probe.blockScale(current.gradient(), keep));
            probe.keep(g);
        }
        e.gradient().close();
        return new SoftmaxProbe.Evaluation(f, g, norm);
    }

    private void accept(SoftmaxProbe.Evaluation e) {
        if (current != null) {
            current.gradient().close();
        }
        current = e;
        backtracks = 0;
        for (int j = 0; j < k; j++) {
            relativeGradient[j] = e.gradientNorm()[j] / Math.max(1e-30, probe.zeroGradientNorm(j));
            converged[j] = relativeGradient[j] <= tolerance;
        }
        if (!done()) {
            newDirection();
        }
    }

    private void remember(SoftmaxProbe.Evaluation e) {
        try (NDManager m = probe.scratch(extras(e.gradient(), trial))) {
            NDArray s = trial.sub(probe.params());
            NDArray y = e.gradient().sub(current.gradient());
            float[] sy = probe.blockDot(s, y);
            float[] rho = new float[k];
            for (int j = 0; j < k; j++) {
                // A pair without positive curvature would break the update: it counts as absent.
                rho[j] = sy[j] > 1e-12f ? 1f / sy[j] : 0f;
            }
            probe.keep(s);
            probe.keep(y);
            pairs.addLast(new NDArray[] {s, y});
            rhos.addLast(rho);
            if (pairs.size() > HISTORY) {
                NDArray[] old = pairs.removeFirst();
                rhos.removeFirst();
                old[0].close();
                old[1].close();
            }
        }
    }

    private void newDirection() {
        if (direction != null) {
            direction.close();
        }
        try (NDManager m = probe.scratch(extras(current.gradient(), null))) {
            NDArray g = current.gradient();
            NDArray dir = twoLoop(g).neg();
            float[] mask = new float[k];
            for (int j = 0; j < k; j++) {
                mask[j] = settled(j) ? 0f : 1f;
            }
            dir = probe.blockScale(dir, mask);
            slope = probe.blockDot(g, dir);
            boolean descent = true;
            for (int j = 0; j < k; j++) {
                if (!settled(j) && !(slope[j] < 0)) {
                    descent = false;
                }
            }
            if (!descent) {
                clearHistory();
                dir = firstStep(g, mask).neg();
                slope = probe.blockDot(g, dir);
            }
            probe.keep(dir);
            direction = dir;
        }
        alpha = new float[k];
        java.util.Arrays.fill(alpha, 1f);
        moveTrial();
    }

    private boolean settled(int j) {
        return converged[j] || dropped[j];
    }

    private float[] steepestScale(float[] mask) {
        float[] f = new float[k];
        for (int j = 0; j < k; j++) {
            f[j] = (float) (mask[j] / Math.max(1e-12, current.gradientNorm()[j]));
        }
        return f;
    }

    /** A unit-length step along the (preconditioned) gradient, per strength. */
    private NDArray firstStep(NDArray g, float[] mask) {
        if (preconditioner == null) {
            return probe.blockScale(g, steepestScale(mask));
        }
        NDArray pg = preconditioner.apply(g);
        float[] sq = probe.blockDot(pg, pg);
        float[] f = new float[k];
        for (int j = 0; j < k; j++) {
            f[j] = (float) (mask[j] / Math.max(1e-12, Math.sqrt(sq[j])));
        }
        return probe.blockScale(pg, f);
    }

    private NDArray twoLoop(NDArray g) {
        if (pairs.isEmpty()) {
            float[] mask = new float[k];
            java.util.Arrays.fill(mask, 1f);
            return firstStep(g, mask);
        }
        List<NDArray[]> ps = new ArrayList<>(pairs);
        List<float[]> rs = new ArrayList<>(rhos);
        float[][] a = new float[ps.size()][];
        NDArray q = g.duplicate();
        for (int i = ps.size() - 1; i >= 0; i--) {
            float[] sq = probe.blockDot(ps.get(i)[0], q);
            a[i] = new float[k];
            for (int j = 0; j < k; j++) {
                a[i][j] = rs.get(i)[j] * sq[j];
            }
            q = q.sub(probe.blockScale(ps.get(i)[1], a[i]));
        }
        NDArray[] last = ps.get(ps.size() - 1);
        float[] sy = probe.blockDot(last[0], last[1]);
        // With a preconditioner P, H0 = gamma P and gamma = s'y / y'Py (Nocedal & Wright's scaling
        // in the preconditioned variables).
        float[] yy = preconditioner == null ? probe.blockDot(last[1], last[1])
                : probe.blockDot(last[1], preconditioner.apply(last[1]));
        float[] gamma = new float[k];
        for (int j = 0; j < k; j++) {
            gamma[j] = sy[j] > 0 && yy[j] > 0 ? sy[j] / yy[j] : 1f;
        }
        NDArray r = probe.blockScale(preconditioner == null ? q : preconditioner.apply(q), gamma);
        for (int i = 0; i < ps.size(); i++) {
            float[] yr = probe.blockDot(ps.get(i)[1], r);
            float[] c = new float[k];
            for (int j = 0; j < k; j++) {
                c[j] = a[i][j] - rs.get(i)[j] * yr[j];
            }
            r = r.add(probe.blockScale(ps.get(i)[0], c));
        }
        return r;
    }

    private void moveTrial() {
        if (trial != null) {
            trial.close();
        }
        try (NDManager m = probe.scratch(direction)) {
            NDArray t = probe.params().add(probe.blockScale(direction, alpha));
            probe.keep(t);
            trial = t;
        }
    }

    private NDArray[] extras(NDArray a, NDArray b) {
        List<NDArray> list = new ArrayList<>();
        list.add(a);
        if (b != null) {
            list.add(b);
        }
        if (current != null && current.gradient() != a) {
            list.add(current.gradient());
        }
        for (NDArray[] p : pairs) {
            list.add(p[0]);
            list.add(p[1]);
        }
        return list.toArray(new NDArray[0]);
    }

    private void clearHistory() {
        for (NDArray[] p : pairs) {
            p[0].close();
            p[1].close();
        }
        pairs.clear();
        rhos.clear();
    }
}
