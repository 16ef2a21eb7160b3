package org.layerprobe.probe.solver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
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
 *
 * <p>Its vectors (parameters, gradients, curvature pairs) are Java arrays ({@link StrengthColumns}); only
 * the passes over the states and the preconditioner run in the engine.
 */
public final class Lbfgs {

    /** Curvature pairs kept: more pairs took fewer passes up to 20 on Fashion-MNIST pixels. */
    private static final int HISTORY = 20;

    /**
     * Under the certified rule a strength first stops at this many times the gap tolerance: close
     * enough to choose the strength on validation (and for {@link L2Path} to drop the weaker
     * ones); only the chosen strength is then solved on to the tolerance and certified ({@link
     * #resume}). 10 and 100 chose the same strengths on the quickstart CNN and the Alain &amp;
     * Bengio network, 100 in the fewest passes (docs/solver.md).
     */
    static final double SELECTION_LOOSENESS = 100;

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
    private final StrengthColumns blocks;
    private final StopWhen stop;
    /** Per strength, a factor on the tolerance: tightened when a stop failed its certificate. */
    private final double[] toleranceScale;

    private final int k;
    private final Deque<float[][]> pairs = new ArrayDeque<>();
    private final Deque<double[]> rhos = new ArrayDeque<>();
    /** Per pair, {@code y' H0 y} per strength (H0 without gamma), computed once when it is stored. */
    private final Deque<double[]> curvatures = new ArrayDeque<>();

    private final boolean[] converged;
    /** Strengths the caller no longer needs (see {@link #drop}); they stop moving. */
    private final boolean[] dropped;

    private final double[] relativeGradient;
    private final int[] backtracks;
    /**
     * Strengths that have met the selection stop once: they count as solved for choosing a
     * strength ({@link L2Path}), also while {@link #tighten} solves them on.
     */
    private final boolean[] selectable;

    /** Strengths whose line search failed twice in a row: they stop, not converged. */
    private final boolean[] stalled;

    private final boolean[] restarted;
    /** Strengths whose last evaluation was accepted. */
    private final boolean[] lastTaken;
    /** The preconditioner this solver may switch to (built when first asked for), or null. */
    private final Supplier<NystromPreconditioner> available;
    /** The initial inverse Hessian of the two-loop recursion in use, or null for a scaled identity. */
    private NystromPreconditioner preconditioner;

    private final int switchAfter;
    /** Whether the switch has been made (or tried: the preconditioner may be null). */
    private boolean switched;

    private int passes;
    /** The accepted point (null until the first trial is asked for: the probe's start). */
    private float[] x;

    private SoftmaxProbe.Evaluation current;
    private float[] direction;
    private float[] trial;
    private double[] alpha;
    private double[] slope;
    private int iterations;

    /** Plain L-BFGS. */
    public Lbfgs(SoftmaxProbe probe, StopWhen stop) {
        this(probe, stop, (NystromPreconditioner) null, 0);
    }

    /**
     * @param preconditioner H0 of the two-loop recursion, per strength, or null for plain L-BFGS
     * @param switchAfter passes of plain L-BFGS before the preconditioner takes over (0: from the
     *     start); the curvature pairs are dropped at the switch, since they belong to another H0
     */
    public Lbfgs(SoftmaxProbe probe, StopWhen stop, NystromPreconditioner preconditioner, int switchAfter) {
        this(probe, stop, preconditioner == null ? null : () -> preconditioner, switchAfter);
    }

    /**
     * @param stop when a strength stops: under {@link StoppingRule#CERTIFIED}, when {@code
     *     ||grad||^2 / (2 lambda)} is at most the gap tolerance of the objective (the certificate's
     *     bound where passes are profiled, {@link #receive(SoftmaxProbe.Evaluation, float[])}: the
     *     bias gradient is then zero to rounding); strengths without an L2 penalty, which no bound
     *     covers, fall back to the gradient rule
     * @param preconditioner the preconditioner to switch to, asked for only at the switch (it may
     *     then turn out null: plain L-BFGS goes on), or null
     * @param switchAfter passes of plain L-BFGS before the preconditioner takes over (0: from the
     *     start); the curvature pairs are dropped at the switch, since they belong to another H0
     */
    public Lbfgs(SoftmaxProbe probe, StopWhen stop, Supplier<NystromPreconditioner> preconditioner, int switchAfter) {
        this.switchAfter = switchAfter;
        this.probe = probe;
        this.stop = stop;
        this.available = preconditioner;
        this.preconditioner = switchAfter <= 0 && preconditioner != null ? preconditioner.get() : null;
        this.switched = switchAfter <= 0;
        this.k = probe.strengths();
        this.blocks = probe.blocks();
        this.converged = new boolean[k];
        this.selectable = new boolean[k];
        this.dropped = new boolean[k];
        this.backtracks = new int[k];
        this.stalled = new boolean[k];
        this.restarted = new boolean[k];
        this.lastTaken = new boolean[k];
        this.relativeGradient = new double[k];
        Arrays.fill(relativeGradient, Double.NaN);
        this.toleranceScale = new double[k];
        for (int j = 0; j < k; j++) {
            toleranceScale[j] = stop.certifies(probe.lambda(j)) ? SELECTION_LOOSENESS : 1;
        }
    }

    /** Parameters to evaluate in the next pass, laid out like the probe's (d + 1, K*C). */
    public float[] trial() {
        if (x == null) {
            x = probe.params().toFloatArray();
        }
        return current == null ? x : trial;
    }

    /**
     * The strengths the next pass must evaluate: all at the start, then those still being solved
     * (a settled strength's block no longer moves, so its sums are not needed).
     */
    public int[] active() {
        if (current == null) {
            return IntStream.range(0, k).toArray();
        }
        return IntStream.range(0, k).filter(j -> !settled(j)).toArray();
    }

    public boolean done() {
        for (int j = 0; j < k; j++) {
            if (!settled(j)) {
                return false;
            }
        }
        return current != null;
    }

    /** Stops solving strength j: from the next direction on, its block no longer moves. */
    public void drop(int j) {
        dropped[j] = true;
    }

    public boolean dropped(int j) {
        return dropped[j];
    }

    /** Evaluations received: passes over the training states, line-search trials included. */
    public int passes() {
        return passes;
    }

    /** Passes in which at least one strength accepted its step. */
    public int iterations() {
        return iterations;
    }

    public boolean converged(int j) {
        return converged[j];
    }

    /** Whether strength j has met its stop at some pass (the selection stop or the tolerance). */
    public boolean selectable(int j) {
        return selectable[j];
    }

    /** The objective at the accepted point (NaN before the first pass). */
    public double objective(int j) {
        return current == null ? Double.NaN : current.objective()[j];
    }

    /** Gradient norm at the accepted point relative to its norm at zero weights. */
    double relativeGradient(int j) {
        return relativeGradient[j];
    }

    /**
     * The largest estimated relative gap ({@code ||grad||^2 / (2 lambda)} over the objective) among
     * the strengths still being solved under the certified rule (NaN before the first pass).
     */
    public double worstRelativeGap() {
        if (current == null) {
            return Double.NaN;
        }
        double w = 0;
        for (int j = 0; j < k; j++) {
            if (!settled(j) && probe.lambda(j) > 0) {
                double g = current.gradientNorm()[j];
                w = Math.max(w, g * g / (2 * probe.lambda(j)) / Math.abs(current.objective()[j]) / toleranceScale[j]);
            }
        }
        return w;
    }

    /** The largest relative gradient among the strengths still being solved (NaN before the first pass). */
    public double worstRelativeGradient() {
        double w = current == null ? Double.NaN : 0;
        for (int j = 0; j < k; j++) {
            if (!settled(j)) {
                w = Math.max(w, relativeGradient[j]);
            }
        }
        return w;
    }

    /**
     * Takes a profiled pass's objective and gradient, evaluated at {@code evaluatedAt}: the trial
     * with each evaluated strength's biases profiled ({@link SoftmaxProbe.Fit#profiledParams}).
     * The biases move there whether or not the weights' step is accepted: the objective is then
     * {@code G(W) = min_b F(W, b)}, whose gradient the pass returns.
     */
    public void receive(SoftmaxProbe.Evaluation e, float[] evaluatedAt) {
        if (current == null) {
            x = evaluatedAt;
            probe.setParams(evaluatedAt);
        } else {
            trial = evaluatedAt;
        }
        receive(e);
    }

    /** Whether the last evaluation of strength j was accepted (the first always is). */
    public boolean accepted(int j) {
        return lastTaken[j];
    }

    /** The objective, gradient and norms at the accepted point (null before the first pass). */
    public SoftmaxProbe.Evaluation evaluation() {
        return current;
    }

    /**
     * Takes the objective and gradient at {@link #trial()} (NaN objectives for strengths the
     * pass left out). Strengths whose step meets the Armijo condition accept it; the others
     * halve their step and are evaluated again in the next pass.
     */
    public void receive(SoftmaxProbe.Evaluation e) {
        passes++;
        Arrays.fill(lastTaken, false);
        if (current == null) {
            Arrays.fill(lastTaken, true);
            current = e;
            updateConvergence(allTrue());
            if (!done()) {
                newDirection(allTrue());
            }
            return;
        }
        double[] trialSlope = live().dot(e.gradient(), direction);
        boolean[] take = new boolean[k];
        boolean[] restart = new boolean[k];
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
                take[j] = true;
                lastTaken[j] = true;
                any = true;
                backtracks[j] = 0;
                restarted[j] = false;
            } else {
                alpha[j] *= 0.5;
                if (++backtracks[j] > MAX_BACKTRACKS) {
                    // A failed line search restarts from the (preconditioned) gradient without the
                    // curvature pairs; a second failure in a row leaves this strength stalled,
                    // not converged, while the others go on.
                    backtracks[j] = 0;
                    if (restarted[j]) {
                        stalled[j] = true;
                    } else {
                        restarted[j] = true;
                        restart[j] = true;
                        anyRestart = true;
                    }
                }
            }
        }
        if (anyRestart) {
            clearHistory();
        }
        if (!any) {
            if (anyRestart && !done()) {
                newDirection(restart);
            } else if (!done()) {
                moveTrial();
            }
            return;
        }
        float[] params = x.clone();
        blocks.copyBlocks(params, trial, take);
        float[] gradient = current.gradient().clone();
        blocks.copyBlocks(gradient, e.gradient(), take);
        // Exactly zero where a strength did not move (its blocks were copied unchanged), so that
        // its rho is 0 in this pair.
        float[] step = StrengthColumns.minus(params, x);
        float[] change = StrengthColumns.minus(gradient, current.gradient());
        remember(step, change, take);
        x = params;
        probe.setParams(params);
        double[] f = current.objective().clone();
        double[] norm = current.gradientNorm().clone();
        for (int j = 0; j < k; j++) {
            if (take[j]) {
                f[j] = e.objective()[j];
                norm[j] = e.gradientNorm()[j];
            }
        }
        current = new SoftmaxProbe.Evaluation(f, gradient, norm);
        iterations++;
        updateConvergence(take);
        if (!switched && available != null && passes >= switchAfter) {
            switched = true;
            preconditioner = available.get();
            if (preconditioner != null) {
                // Every strength still being solved restarts from here with the preconditioner.
                clearHistory();
                take = allTrue();
            }
        }
        if (!done()) {
            boolean[] renew = take.clone();
            for (int j = 0; j < k; j++) {
                renew[j] |= restart[j];
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
        return f <= f0 + OBJECTIVE_NOISE * Math.abs(f0) && slope0 < 0 && slopeAtTrial <= (2 * WOLFE_DELTA - 1) * slope0;
    }

    /** Whether the preconditioner is in use (from the start, or since the switch). */
    public boolean preconditioned() {
        return preconditioner != null;
    }

    /** The preconditioner in use, or null. */
    public NystromPreconditioner preconditioner() {
        return preconditioner;
    }

    private boolean[] allTrue() {
        boolean[] all = new boolean[k];
        Arrays.fill(all, true);
        return all;
    }

    private void updateConvergence(boolean[] changed) {
        for (int j = 0; j < k; j++) {
            if (changed[j]) {
                double g = current.gradientNorm()[j];
                relativeGradient[j] = StopWhen.relative(g, probe.zeroGradientNorm(j));
                converged[j] = stop.holds(
                        probe.lambda(j), g, probe.zeroGradientNorm(j), current.objective()[j], toleranceScale[j]);
                selectable[j] |= converged[j];
            }
        }
    }

    /** Stores an (s, y) pair whose blocks are zero where a strength did not move (its rho is 0 there). */
    private void remember(float[] s, float[] y, boolean[] take) {
        StrengthColumns taken = blocks.span(take);
        double[] sy = taken.dot(s, y);
        double[] rho = new double[k];
        for (int j = 0; j < k; j++) {
            // A pair without positive curvature would break the update: it counts as absent.
            rho[j] = take[j] && sy[j] > 1e-12 ? 1 / sy[j] : 0;
        }
        pairs.addLast(new float[][] {s, y});
        rhos.addLast(rho);
        curvatures.addLast(taken.dot(y, precondition(y, taken)));
        if (pairs.size() > HISTORY) {
            pairs.removeFirst();
            rhos.removeFirst();
            curvatures.removeFirst();
        }
    }

    /**
     * A new direction for the strengths in {@code renew} that are still being solved; the others
     * keep theirs (and their halved step), and settled strengths stop moving.
     */
    private void newDirection(boolean[] renew) {
        double[] mask = new double[k];
        double[] keepOld = new double[k];
        for (int j = 0; j < k; j++) {
            mask[j] = !settled(j) && renew[j] ? 1 : 0;
            keepOld[j] = !settled(j) && !renew[j] && direction != null ? 1 : 0;
        }
        if (alpha == null) {
            alpha = new double[k];
            slope = new double[k];
        }
        float[] g = current.gradient();
        double[] negMask = new double[k];
        for (int j = 0; j < k; j++) {
            negMask[j] = -mask[j];
        }
        StrengthColumns live = live();
        float[] fresh = live.scaled(twoLoop(g, live), negMask);
        double[] s = live.dot(g, fresh);
        boolean descent = true;
        for (int j = 0; j < k; j++) {
            if (mask[j] > 0 && !(s[j] < 0)) {
                descent = false;
            }
        }
        if (!descent) {
            clearHistory();
            fresh = live.scaled(firstStep(g, mask, live), negMask);
            s = live.dot(g, fresh);
        }
        if (direction != null) {
            live.addScaled(fresh, keepOld, direction);
        }
        for (int j = 0; j < k; j++) {
            if (mask[j] > 0) {
                slope[j] = s[j];
                alpha[j] = 1;
            }
        }
        direction = fresh;
        moveTrial();
    }

    private boolean settled(int j) {
        return converged[j] || dropped[j] || stalled[j];
    }

    /** The arithmetic over the strengths still being solved: settled blocks no longer move. */
    private StrengthColumns live() {
        boolean[] open = new boolean[k];
        for (int j = 0; j < k; j++) {
            open[j] = !settled(j);
        }
        return blocks.span(open);
    }

    /** {@code v} with the preconditioner applied over the span's strengths, or {@code v} itself without one. */
    private float[] precondition(float[] v, StrengthColumns span) {
        return preconditioner == null ? v : preconditioner.apply(v, span.firstStrength(), span.endStrength());
    }

    /** A unit-length step along the (preconditioned) gradient, for the strengths in {@code mask}. */
    private float[] firstStep(float[] g, double[] mask, StrengthColumns live) {
        float[] pg = precondition(g, live);
        double[] sq = live.dot(pg, pg);
        double[] f = new double[k];
        for (int j = 0; j < k; j++) {
            f[j] = mask[j] / Math.max(1e-12, Math.sqrt(sq[j]));
        }
        return live.scaled(pg, f);
    }

    private float[] twoLoop(float[] g, StrengthColumns live) {
        double[] ones = new double[k];
        Arrays.fill(ones, 1);
        if (pairs.isEmpty()) {
            return firstStep(g, ones, live);
        }
        List<float[][]> ps = new ArrayList<>(pairs);
        List<double[]> rs = new ArrayList<>(rhos);
        List<double[]> ys = new ArrayList<>(curvatures);
        double[][] a = new double[ps.size()][];
        float[] q = g.clone();
        for (int i = ps.size() - 1; i >= 0; i--) {
            double[] sq = live.dot(ps.get(i)[0], q);
            a[i] = new double[k];
            double[] neg = new double[k];
            for (int j = 0; j < k; j++) {
                a[i][j] = rs.get(i)[j] * sq[j];
                neg[j] = -a[i][j];
            }
            live.addScaled(q, neg, ps.get(i)[1]);
        }
        // The scaling gamma = s'y / y'H0y from each strength's latest pair with curvature; with a
        // preconditioner P, H0 = gamma P (Nocedal & Wright's scaling in the preconditioned variables).
        double[] gamma = new double[k];
        Arrays.fill(gamma, Double.NaN);
        for (int i = ps.size() - 1; i >= 0 && anyNaN(gamma, rs, i); i--) {
            double[] yy = ys.get(i);
            for (int j = 0; j < k; j++) {
                if (Double.isNaN(gamma[j]) && rs.get(i)[j] > 0 && yy[j] > 0) {
                    // s'y is 1 / rho.
                    gamma[j] = 1 / (rs.get(i)[j] * yy[j]);
                }
            }
        }
        float[] pq = precondition(q, live);
        boolean[] none = new boolean[k];
        boolean anyNone = false;
        for (int j = 0; j < k; j++) {
            none[j] = Double.isNaN(gamma[j]);
            anyNone |= none[j];
            if (none[j]) {
                gamma[j] = 1;
            }
        }
        float[] r = live.scaled(pq, gamma);
        for (int i = 0; i < ps.size(); i++) {
            double[] yr = live.dot(ps.get(i)[1], r);
            double[] c = new double[k];
            for (int j = 0; j < k; j++) {
                c[j] = a[i][j] - rs.get(i)[j] * yr[j];
            }
            live.addScaled(r, c, ps.get(i)[0]);
        }
        if (!anyNone) {
            return r;
        }
        // A strength with no usable pair yet starts like the first step: unit length.
        double[] unit = new double[k];
        double[] keep = new double[k];
        for (int j = 0; j < k; j++) {
            unit[j] = none[j] ? 1 : 0;
            keep[j] = none[j] ? 0 : 1;
        }
        float[] out = live.scaled(r, keep);
        float[] first = firstStep(g, unit, live);
        for (int i = 0; i < out.length; i++) {
            out[i] += first[i];
        }
        return out;
    }

    /** Whether some strength still lacks its scaling and could find it in pairs up to {@code i}. */
    private static boolean anyNaN(double[] gamma, List<double[]> rhos, int i) {
        for (int j = 0; j < gamma.length; j++) {
            if (Double.isNaN(gamma[j])) {
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
        float[] t = x.clone();
        live().addScaled(t, alpha, direction);
        trial = t;
    }

    /** The accepted parameters, laid out like the probe's. */
    public float[] params() {
        if (x == null) {
            x = probe.params().toFloatArray();
        }
        return x;
    }

    /**
     * Moves the accepted point to {@code params} (the same weights with profiled biases, see
     * {@link BiasProfile}) without a pass; the evaluation held for it is refreshed by
     * {@link #resume} where the solve goes on, and no longer used elsewhere.
     */
    public void moveTo(float[] params) {
        x = params;
        probe.setParams(params);
    }

    /**
     * Solves strength j on to the tolerance itself, from where its selection stop left it: it is
     * the best on validation so far while weaker strengths are still being solved, so the passes
     * they need anyway carry it (profiled passes only: the accepted evaluation is then already at
     * the profiled biases). Does nothing to a strength already held to the tolerance.
     */
    public void tighten(int j) {
        if (!converged[j] || dropped[j] || toleranceScale[j] <= 1) {
            return;
        }
        toleranceScale[j] = 1;
        reopen(j);
    }

    /**
     * Solves strength j further from the accepted point, whose objective and gradient {@code fresh}
     * holds for j (its profiled evaluation, or a certificate pass): it was chosen after a looser
     * stop, or its stop did not certify, so its tolerance tightens tenfold.
     */
    public void resume(int j, SoftmaxProbe.Evaluation fresh) {
        float[] gradient = current.gradient().clone();
        boolean[] only = new boolean[k];
        only[j] = true;
        blocks.copyBlocks(gradient, fresh.gradient(), only);
        double[] f = current.objective().clone();
        double[] norm = current.gradientNorm().clone();
        f[j] = fresh.objective()[j];
        norm[j] = fresh.gradientNorm()[j];
        current = new SoftmaxProbe.Evaluation(f, gradient, norm);
        // The curvature pairs stay: they sample the same objective's curvature, wherever the
        // biases have moved since.
        toleranceScale[j] *= 0.1;
        stalled[j] = false;
        reopen(j);
    }

    /** Strength j is solved on from its accepted point at its (new) tolerance scale. */
    private void reopen(int j) {
        boolean[] only = new boolean[k];
        only[j] = true;
        converged[j] = false;
        backtracks[j] = 0;
        restarted[j] = false;
        updateConvergence(only);
        if (!settled(j)) {
            newDirection(only);
        }
    }

    private void clearHistory() {
        pairs.clear();
        rhos.clear();
        curvatures.clear();
    }
}
