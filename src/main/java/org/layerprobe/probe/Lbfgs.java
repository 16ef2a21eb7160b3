package org.layerprobe.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Full-batch L-BFGS with a backtracking (Armijo) line search for one {@link SoftmaxProbe}, one
 * independent solve per L2 strength sharing every pass over the data. The problem is smooth and
 * strongly convex, so this converges where mini-batch methods stall on badly conditioned wide
 * states. It is driven from outside: {@link #trial()} names the parameters to evaluate next, the
 * caller runs a pass over the training states and hands the result to {@link #receive}.
 *
 * <p>Each strength accepts or backtracks on its own: a pass in which one strength's step fails
 * the Armijo test still moves every strength whose step passed (the earlier lock-step version
 * spent up to half its passes re-evaluating strengths that had already succeeded). An optional
 * {@link NystromPreconditioner} is the initial inverse Hessian of the two-loop recursion, which
 * is L-BFGS in preconditioned variables written in the original weights: the iterates differ,
 * the optimum and the convergence rule (on the original gradient) do not.
 */
final class Lbfgs {

    /** Pairs kept. On Fashion-MNIST pixels at L2 1e-2, 6 / 10 / 20 pairs took 498 / 401 / 367 passes. */
    private static final int HISTORY = 20;
    private static final double ARMIJO = 1e-4;
    private static final int MAX_BACKTRACKS = 30;
    /**
     * Relative size of an objective change that float32 passes cannot resolve. Measured on a
     * random-init sigmoid CNN (3,136 features, 10k samples): steps of length 1e-6 along a descent
     * direction changed the objective by up to 3e-6 of its value, in both directions.
     */
    private static final double OBJECTIVE_NOISE = 1e-5;
    /** Hager &amp; Zhang's delta: the approximate Wolfe test is Armijo with this constant on a quadratic. */
    private static final double WOLFE_DELTA = 0.1;

    private final SoftmaxProbe probe;
    private final double tolerance;
    private final int k;
    private final Deque<NDArray[]> pairs = new ArrayDeque<>();
    private final Deque<float[]> rhos = new ArrayDeque<>();
    private final boolean[] converged;
    /** Strengths the caller no longer needs (see {@link #drop}); they stop moving. */
    private final boolean[] dropped;
    private final double[] relativeGradient;
    private final int[] backtracks;
    /** Strengths whose line search failed twice in a row: they stop, not converged. */
    private final boolean[] stalled;
    private final boolean[] restarted;
    /** The preconditioner this solver may switch to, or null. */
    private final NystromPreconditioner available;
    /** The initial inverse Hessian of the two-loop recursion in use, or null for a scaled identity. */
    private NystromPreconditioner preconditioner;
    private final int switchAfter;
    private int passes;
    private SoftmaxProbe.Evaluation current;
    private NDArray direction;
    private NDArray trial;
    private float[] alpha;
    private float[] slope;
    private int iterations;

    /** Plain L-BFGS. */
    Lbfgs(SoftmaxProbe probe, double tolerance) {
        this(probe, tolerance, null, 0);
    }

    /**
     * @param preconditioner H0 of the two-loop recursion, per strength, or null for plain L-BFGS
     * @param switchAfter passes of plain L-BFGS before the preconditioner takes over (0: from the
     *     start); the curvature pairs are dropped at the switch, since they belong to another H0
     */
    Lbfgs(SoftmaxProbe probe, double tolerance, NystromPreconditioner preconditioner, int switchAfter) {
        this.switchAfter = switchAfter;
        this.probe = probe;
        this.tolerance = tolerance;
        this.available = preconditioner;
        this.preconditioner = switchAfter <= 0 ? preconditioner : null;
        this.k = probe.strengths();
        this.converged = new boolean[k];
        this.dropped = new boolean[k];
        this.backtracks = new int[k];
        this.stalled = new boolean[k];
        this.restarted = new boolean[k];
        this.relativeGradient = new double[k];
        Arrays.fill(relativeGradient, Double.NaN);
    }

    /** Parameters to evaluate in the next pass. */
    NDArray trial() {
        return current == null ? probe.params() : trial;
    }

    /**
     * The strengths the next pass must evaluate: all at the start, then those still being solved
     * (a settled strength's block no longer moves, so its sums are not needed).
     */
    int[] active() {
        if (current == null) {
            return IntStream.range(0, k).toArray();
        }
        return IntStream.range(0, k).filter(j -> !settled(j)).toArray();
    }

    boolean done() {
        for (int j = 0; j < k; j++) {
            if (!settled(j)) {
                return false;
            }
        }
        return current != null;
    }

    /** Stops solving strength j: from the next direction on, its block no longer moves. */
    void drop(int j) {
        dropped[j] = true;
    }

    boolean dropped(int j) {
        return dropped[j];
    }

    /** Evaluations received: passes over the training states, line-search trials included. */
    int passes() {
        return passes;
    }

    /** Passes in which at least one strength accepted its step. */
    int iterations() {
        return iterations;
    }

    boolean converged(int j) {
        return converged[j];
    }

    /** The objective at the accepted point (NaN before the first pass). */
    double objective(int j) {
        return current == null ? Double.NaN : current.objective()[j];
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

    /**
     * Takes the objective and gradient at {@link #trial()} (NaN objectives for strengths the
     * pass left out). Strengths whose step meets the Armijo condition accept it; the others
     * halve their step and are evaluated again in the next pass.
     */
    void receive(SoftmaxProbe.Evaluation e) {
        passes++;
        if (current == null) {
            current = e;
            updateConvergence(allOnes());
            if (!done()) {
                newDirection(allOnes());
            }
            return;
        }
        float[] trialSlope = probe.blockDot(e.gradient(), direction);
        float[] take = new float[k];
        float[] restart = new float[k];
        boolean any = false;
        boolean anyRestart = false;
        for (int j = 0; j < k; j++) {
            if (settled(j)) {
                continue;
            }
            double f0 = current.objective()[j];
            boolean ok = e.objective()[j] <= f0 + ARMIJO * alpha[j] * slope[j] + 1e-9 * (1 + Math.abs(f0))
                    || approximateWolfe(f0, e.objective()[j], slope[j], trialSlope[j]);
            if (ok) {
                take[j] = 1f;
                any = true;
                backtracks[j] = 0;
                restarted[j] = false;
            } else {
                alpha[j] *= 0.5f;
                if (++backtracks[j] > MAX_BACKTRACKS) {
                    // A failed line search restarts from the (preconditioned) gradient without the
                    // curvature pairs; a second failure in a row leaves this strength stalled,
                    // not converged, while the others go on.
                    backtracks[j] = 0;
                    if (restarted[j]) {
                        stalled[j] = true;
                    } else {
                        restarted[j] = true;
                        restart[j] = 1f;
                        anyRestart = true;
                    }
                }
            }
        }
        if (anyRestart) {
            clearHistory();
        }
        if (!any) {
            e.gradient().close();
            if (anyRestart && !done()) {
                newDirection(restart);
            } else if (!done()) {
                moveTrial();
            }
            return;
        }
        NDArray params;
        NDArray gradient;
        try (NDManager m = probe.scratch(extras(e.gradient(), trial))) {
            NDArray step = probe.blockScale(trial.sub(probe.params()), take);
            NDArray change = probe.blockScale(e.gradient().sub(current.gradient()), take);
            params = probe.params().add(step);
            gradient = current.gradient().add(change);
            probe.keep(params);
            probe.keep(gradient);
            remember(step, change, take);
        }
        probe.setParams(params);
        double[] f = current.objective().clone();
        double[] norm = current.gradientNorm().clone();
        for (int j = 0; j < k; j++) {
            if (take[j] > 0) {
                f[j] = e.objective()[j];
                norm[j] = e.gradientNorm()[j];
            }
        }
        current.gradient().close();
        e.gradient().close();
        current = new SoftmaxProbe.Evaluation(f, gradient, norm);
        iterations++;
        updateConvergence(take);
        if (preconditioner == null && available != null && passes >= switchAfter) {
            // Every strength still being solved restarts from here with the preconditioner.
            preconditioner = available;
            clearHistory();
            take = allOnes();
        }
        if (!done()) {
            float[] renew = take.clone();
            for (int j = 0; j < k; j++) {
                renew[j] = Math.max(renew[j], restart[j]);
            }
            newDirection(renew);
        }
    }

    /**
     * Hager &amp; Zhang's approximate Wolfe condition (SIAM J. Optim. 16, 2005): near the optimum
     * a float32 pass cannot resolve the decrease that Armijo asks for, and line searches failed on
     * rounding noise (the random-init sigmoid CNN's probes backtracked for hundreds of passes).
     * The slope at the trial is resolved where the objective is not, so a step is also accepted
     * when the objective rose by no more than its noise and the slope there is at most
     * {@code (1 - 2 delta)} of the initial slope's size, which on a quadratic is the Armijo
     * test with constant delta.
     */
    private static boolean approximateWolfe(double f0, double f, double slope0, double slopeAtTrial) {
        return f <= f0 + OBJECTIVE_NOISE * Math.abs(f0)
                && slope0 < 0
                && slopeAtTrial <= (2 * WOLFE_DELTA - 1) * slope0;
    }

    /** Whether the preconditioner is in use (from the start, or since the switch). */
    boolean preconditioned() {
        return preconditioner != null;
    }

    private float[] allOnes() {
        float[] ones = new float[k];
        Arrays.fill(ones, 1f);
        return ones;
    }

    private void updateConvergence(float[] changed) {
        for (int j = 0; j < k; j++) {
            if (changed[j] > 0) {
                relativeGradient[j] = current.gradientNorm()[j] / Math.max(1e-30, probe.zeroGradientNorm(j));
                converged[j] = relativeGradient[j] <= tolerance;
            }
        }
    }

    /** Stores an (s, y) pair whose blocks are zero where a strength did not move (its rho is 0 there). */
    private void remember(NDArray s, NDArray y, float[] take) {
        float[] sy = probe.blockDot(s, y);
        float[] rho = new float[k];
        for (int j = 0; j < k; j++) {
            // A pair without positive curvature would break the update: it counts as absent.
            rho[j] = take[j] > 0 && sy[j] > 1e-12f ? 1f / sy[j] : 0f;
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

    /**
     * A new direction for the strengths in {@code renew} that are still being solved; the others
     * keep theirs (and their halved step), and settled strengths stop moving.
     */
    private void newDirection(float[] renew) {
        float[] mask = new float[k];
        float[] keepOld = new float[k];
        for (int j = 0; j < k; j++) {
            mask[j] = !settled(j) && renew[j] > 0 ? 1f : 0f;
            keepOld[j] = !settled(j) && renew[j] == 0 && direction != null ? 1f : 0f;
        }
        if (alpha == null) {
            alpha = new float[k];
            slope = new float[k];
        }
        NDArray previous = direction;
        try (NDManager m = probe.scratch(extras(current.gradient(), direction))) {
            NDArray g = current.gradient();
            NDArray fresh = probe.blockScale(twoLoop(g).neg(), mask);
            float[] s = probe.blockDot(g, fresh);
            boolean descent = true;
            for (int j = 0; j < k; j++) {
                if (mask[j] > 0 && !(s[j] < 0)) {
                    descent = false;
                }
            }
            if (!descent) {
                clearHistory();
                fresh = firstStep(g, mask).neg();
                s = probe.blockDot(g, fresh);
            }
            NDArray dir = direction == null ? fresh : fresh.add(probe.blockScale(direction, keepOld));
            for (int j = 0; j < k; j++) {
                if (mask[j] > 0) {
                    slope[j] = s[j];
                    alpha[j] = 1f;
                }
            }
            probe.keep(dir);
            direction = dir;
        }
        if (previous != null) {
            previous.close();
        }
        moveTrial();
    }

    private boolean settled(int j) {
        return converged[j] || dropped[j] || stalled[j];
    }

    /** A unit-length step along the (preconditioned) gradient, per strength. */
    private NDArray firstStep(NDArray g, float[] mask) {
        NDArray pg = preconditioner == null ? g : preconditioner.apply(g);
        float[] sq = probe.blockDot(pg, pg);
        float[] f = new float[k];
        for (int j = 0; j < k; j++) {
            f[j] = (float) (mask[j] / Math.max(1e-12, Math.sqrt(sq[j])));
        }
        return probe.blockScale(pg, f);
    }

    private NDArray twoLoop(NDArray g) {
        if (pairs.isEmpty()) {
            return firstStep(g, allOnes());
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
        // The scaling gamma = s'y / y'H0y from each strength's latest pair with curvature; with a
        // preconditioner P, H0 = gamma P (Nocedal & Wright's scaling in the preconditioned variables).
        float[] gamma = new float[k];
        Arrays.fill(gamma, Float.NaN);
        for (int i = ps.size() - 1; i >= 0 && anyNaN(gamma, rs, i); i--) {
            NDArray y = ps.get(i)[1];
            float[] sy = probe.blockDot(ps.get(i)[0], y);
            float[] yy = probe.blockDot(y, preconditioner == null ? y : preconditioner.apply(y));
            for (int j = 0; j < k; j++) {
                if (Float.isNaN(gamma[j]) && rs.get(i)[j] > 0 && yy[j] > 0) {
                    gamma[j] = sy[j] / yy[j];
                }
            }
        }
        NDArray pq = preconditioner == null ? q : preconditioner.apply(q);
        boolean[] none = new boolean[k];
        for (int j = 0; j < k; j++) {
            none[j] = Float.isNaN(gamma[j]);
            if (none[j]) {
                gamma[j] = 1f;
            }
        }
        NDArray r = probe.blockScale(pq, gamma);
        for (int i = 0; i < ps.size(); i++) {
            float[] yr = probe.blockDot(ps.get(i)[1], r);
            float[] c = new float[k];
            for (int j = 0; j < k; j++) {
                c[j] = a[i][j] - rs.get(i)[j] * yr[j];
            }
            r = r.add(probe.blockScale(ps.get(i)[0], c));
        }
        // A strength with no usable pair yet starts like the first step: unit length.
        for (boolean n : none) {
            if (n) {
                float[] unit = new float[k];
                float[] keep = new float[k];
                for (int j = 0; j < k; j++) {
                    unit[j] = none[j] ? 1f : 0f;
                    keep[j] = none[j] ? 0f : 1f;
                }
                return probe.blockScale(r, keep).add(firstStep(g, unit));
            }
        }
        return r;
    }

    /** Whether some strength still lacks its scaling and could find it in pairs up to {@code i}. */
    private static boolean anyNaN(float[] gamma, List<float[]> rhos, int i) {
        for (int j = 0; j < gamma.length; j++) {
            if (Float.isNaN(gamma[j])) {
                for (int p = i; p >= 0; p--) {
                    if (rhos.get(p)[j] > 0) {
                        return true;
                    }
                }
            }
        }
        return false;
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
        if (direction != null && direction != b) {
            list.add(direction);
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
