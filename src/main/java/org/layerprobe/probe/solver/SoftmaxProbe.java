package org.layerprobe.probe.solver;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.layerprobe.hooks.AffineMap;
import org.layerprobe.probe.states.FeatureStats;

/**
 * Multinomial logistic regression on one point's states, fitted for K L2 strengths at once: the
 * parameters are one (d + 1, K * C) matrix whose last row holds the biases, so every read of the
 * states serves all strengths.
 *
 * <p>Features are standardised with training-set statistics folded into the weights, so the wide
 * state matrix is never rewritten: {@code z = ((x - mu) * s) W + b = x (s W) + (b - mu (s W))}.
 * The states should arrive roughly centred ({@link org.layerprobe.probe.states.StateSource#offsets()}): on raw states the
 * folded bias cancels terms of size {@code sum |mu s W|}, measured at 3e6 |W| on a random-init
 * sigmoid CNN's conv1.act (means near 0.5, scales up to 9e5), which in float32 put noise of about
 * 1e-3 of the objective into every pass and stalled line searches.
 * A point that is an exact affine map {@code x = z A + c} of a narrower one is read through it
 * (see {@link #fold}).
 * Gradients are computed in closed form ({@code X^T (P - Y) / n + lambda W}); no autograd is
 * involved, so nothing can flow back into the model that produced the states.
 */
public final class SoftmaxProbe implements AutoCloseable {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;

    private final NDManager manager;
    private final int classes;
    private final int k;
    private final long d;
    private final NDArray scale;
    /** The training mean of the point's states, for {@link #weights()} and {@link #startFrom}. */
    private final NDArray mean;
    /** A of the affine map the probe reads through, or null; (source width, d). */
    private final NDArray mapWeight;
    /** c - mu (or -mu without a map): where the point's standardised states are centred. */
    private final NDArray centre;
    /** L2 strength per output column (d + 1 rows: the bias row is not regularised). */
    private final NDArray lambdaRows;

    private final float[] lambda;
    private final double[] zeroGradNorm;
    private NDArray params;
    private NDArray adamM;
    private NDArray adamV;
    private int adamT;

    /**
     * @param through the exact affine map from the states this probe reads to its point's states,
     *     or null when it reads its point's states directly
     */
    public SoftmaxProbe(NDManager parent, FeatureStats stats, List<Double> l2, int classes, AffineMap through) {
        this(parent, stats, l2, classes, through, null);
    }

    /**
     * @param through the exact affine map from the states this probe reads to its point's states,
     *     or null when it reads its point's states directly
     * @param readOffset what the source has already subtracted from the states this probe reads
     *     (see {@link org.layerprobe.probe.states.StateSource#offsets()}), or null
     */
    public SoftmaxProbe(
            NDManager parent, FeatureStats stats, List<Double> l2, int classes, AffineMap through, float[] readOffset) {
        this.manager = parent.newSubManager();
        this.classes = classes;
        this.k = l2.size();
        this.d = stats.width();
        NDArray mu = stats.mean(manager);
        this.mean = mu;
        this.scale = stats.inverseStd(manager);
        this.mapWeight = through == null ? null : through.weight();
        if (through == null) {
            this.centre = readOffset == null ? mu.neg() : manager.create(stats.centreOf(readOffset));
        } else {
            NDArray shifted = readOffset == null
                    ? through.offset()
                    : manager.create(readOffset)
                            .expandDims(0)
                            .matMul(through.weight())
                            .squeeze(0)
                            .add(through.offset());
            this.centre = shifted.sub(mu);
        }
        centre.attach(manager);
        this.lambda = new float[k];
        float[] cols = new float[k * classes];
        for (int j = 0; j < k; j++) {
            lambda[j] = l2.get(j).floatValue();
            for (int c = 0; c < classes; c++) {
                cols[j * classes + c] = lambda[j];
            }
        }
        NDArray mask = manager.ones(new Shape(d + 1, 1));
        mask.set(new NDIndex(d), 0f);
        this.lambdaRows = mask.mul(manager.create(cols).expandDims(0));
        this.params = manager.zeros(new Shape(d + 1, (long) k * classes));
        this.zeroGradNorm = stats.zeroGradientNorms(classes, k);
    }

    public long width() {
        return d;
    }

    public int classes() {
        return classes;
    }

    public int strengths() {
        return k;
    }

    public NDArray params() {
        return params;
    }

    public float lambda(int j) {
        return lambda[j];
    }

    /** Norm of the objective's gradient at zero weights, per strength (the same for all). */
    public double zeroGradientNorm(int j) {
        return zeroGradNorm[j];
    }

    /**
     * Opens a scratch manager that owns, for its lifetime, the persistent arrays and the given
     * ones: DJL puts an op's result in its first operand's manager, so this keeps temporaries out
     * of the probe's own manager.
     */
    NDManager scratch(NDArray... extra) {
        List<NDArray> all = new ArrayList<>(List.of(scale, centre, lambdaRows, params));
        if (mapWeight != null) {
            all.add(mapWeight);
        }
        if (adamM != null) {
            all.add(adamM);
            all.add(adamV);
        }
        all.addAll(Arrays.asList(extra));
        return ScratchManagers.holding(manager, all);
    }

    /** Moves an array into the probe's manager, for state that must outlive a scratch manager. */
    void keep(NDArray a) {
        a.attach(manager);
    }

    /**
     * Parameters q folded onto the states the probe reads, once per pass rather than per batch:
     * standardisation {@code ((x - mu) * s) W + b = x (s W) + (b - mu (s W))}, and for a factored
     * point {@code x = z A + c} as well, giving {@code z (A s W) + (b + (c - mu) (s W))}. Works for
     * any column count, so it also folds a Nystrom sketch's test matrix.
     */
    public FoldedProbe fold(NDArray q) {
        try (NDManager m = scratch(q)) {
            NDArray ws = q.get(new NDIndex("0:" + d)).mul(scale.expandDims(1));
            NDArray bias =
                    q.get(new NDIndex(d)).add(centre.expandDims(0).matMul(ws).squeeze(0));
            NDArray w = mapWeight == null ? ws : mapWeight.matMul(ws);
            w.attach(manager);
            bias.attach(manager);
            return new FoldedProbe(w, bias);
        }
    }

    /** {@link #fold} of the columns of the given strengths only: a pass then costs what they need. */
    public FoldedProbe fold(NDArray q, int[] strengths) {
        if (strengths.length == k) {
            return fold(q);
        }
        try (NDManager m = scratch(q)) {
            NDArray sub = columns(q, strengths);
            sub.attach(manager);
            try {
                return fold(sub);
            } finally {
                sub.close();
            }
        }
    }

    /** The (rows, |strengths| * C) columns of a (rows, K*C) array that belong to the given strengths. */
    NDArray columns(NDArray a, int[] strengths) {
        NDList parts = new NDList();
        for (int j : strengths) {
            parts.add(a.get(new NDIndex(":, " + (long) j * classes + ":" + (long) (j + 1) * classes)));
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 1);
    }

    private NDArray oneHot(NDManager m, int[] y) {
        float[] o = new float[y.length * classes];
        for (int i = 0; i < y.length; i++) {
            o[i * classes + y[i]] = 1f;
        }
        return m.create(o, new Shape(y.length, 1, classes));
    }

    /**
     * The data term of a batch z (B, read width) under folded parameters: {@code z^T R} (read
     * width, K*C) and the column sums of {@code R = P - Y}, and the summed negative
     * log-likelihood per strength; all summed, not averaged.
     */
    private NDArray[] batchGradient(NDManager m, NDArray z, int[] y, FoldedProbe f) {
        NDArray g = softmaxResidual(z.matMul(f.weight()).add(f.bias()), y, k, null);
        return new NDArray[] {z.transpose().matMul(g), g.sum(new int[] {0})};
    }

    /**
     * The residual {@code P - Y} (B, s*C) of a batch's logits (B, s*C) for s strengths, adding each
     * strength's summed negative log-likelihood to {@code nll} when it is not null.
     */
    private NDArray softmaxResidual(NDArray logits, int[] y, int s, double[] nll) {
        long n = y.length;
        // Written out instead of logSoftmax: PyTorch's log-softmax over a last axis of 10 classes
        // runs scalar exponentials, and was a tenth of a quickstart probe's time.
        NDArray z = logits.reshape(n, s, classes);
        NDArray shifted = z.sub(z.max(new int[] {2}, true));
        NDArray e = shifted.exp();
        NDArray total = e.sum(new int[] {2}, true);
        NDArray onehot = oneHot(logits.getManager(), y);
        if (nll != null) {
            // Summed over samples in float64: near the optimum the line search compares objectives
            // that differ by less than a float32 sum over thousands of samples can resolve.
            NDArray perSample = total.log().squeeze(2).sub(shifted.mul(onehot).sum(new int[] {2}));
            double[] v =
                    perSample.toType(DataType.FLOAT64, false).sum(new int[] {0}).toDoubleArray();
            for (int i = 0; i < s; i++) {
                nll[i] += v[i];
            }
        }
        return e.div(total).sub(onehot).reshape(n, (long) s * classes);
    }

    /**
     * The averaged data gradient (d + 1, K*C) with respect to the parameters, from summed
     * {@code z^T R} and column sums: {@code s * (A^T (z^T R) + (c - mu)^T colsum)} for the weights
     * and the column sums for the biases.
     */
    private NDArray dataGradient(NDArray zr, NDArray colsum, long n) {
        NDArray back = mapWeight == null ? zr : mapWeight.transpose().matMul(zr);
        NDArray gw = back.add(centre.expandDims(1).matMul(colsum.expandDims(0))).mul(scale.expandDims(1));
        return gw.concat(colsum.expandDims(0), 0).div(n);
    }

    /** One mini-batch Adam step on the averaged, regularised objective. */
    public void adamStep(NDArray x, int[] y, double learningRate) {
        NDArray[] old = {params, adamM, adamV};
        FoldedProbe f = fold(params);
        try (NDManager m = scratch(x, f.weight(), f.bias())) {
            if (adamM == null) {
                adamM = params.zerosLike();
                adamV = params.zerosLike();
                old = new NDArray[] {params};
            }
            NDArray[] r = batchGradient(m, x, y, f);
            NDArray g = dataGradient(r[0], r[1], y.length).add(params.mul(lambdaRows));
            adamT++;
            float lr = (float) (learningRate * Math.sqrt(1 - Math.pow(BETA2, adamT)) / (1 - Math.pow(BETA1, adamT)));
            NDArray nm = adamM.mul(BETA1).add(g.mul(1 - BETA1));
            NDArray nv = adamV.mul(BETA2).add(g.square().mul(1 - BETA2));
            NDArray np = params.sub(nm.div(nv.sqrt().add(EPS)).mul(lr));
            for (NDArray a : new NDArray[] {nm, nv, np}) {
                a.attach(manager);
            }
            adamM = nm;
            adamV = nv;
            params = np;
        }
        f.close();
        // Closed only now: the scratch manager handed them back to the probe's manager first.
        for (NDArray a : old) {
            if (a != null) {
                a.close();
            }
        }
    }

    /** Frees the warm-up optimiser's state, which the full-batch solver does not need. */
    public void dropAdamState() {
        if (adamM != null) {
            adamM.close();
            adamV.close();
            adamM = null;
            adamV = null;
        }
    }

    /** Replaces the parameters (the full-batch solver's accepted point). */
    /**
     * The fitted function on the point's raw states: {@code ((x - mu) s) W + b = x (s W) + (b - mu (s W))}.
     */
    public ProbeWeights weights() {
        try (NDManager m = scratch(mean)) {
            NDArray ws = params.get(new NDIndex("0:" + d)).mul(scale.expandDims(1));
            NDArray b =
                    params.get(new NDIndex(d)).sub(mean.expandDims(0).matMul(ws).squeeze(0));
            return new ProbeWeights(d, k * classes, ws.toFloatArray(), b.toFloatArray());
        }
    }

    /**
     * Starts the fit from {@code w}, mapped into this probe's standardisation: {@code W = W_raw / s}
     * and {@code b = b_raw + mu W_raw}. A feature this probe's data holds constant (s = 0) gets no
     * weight; its part of the function is a constant, which the bias absorbs.
     */
    public void startFrom(ProbeWeights w) {
        if (w.width() != d || w.columns() != k * classes) {
            throw new IllegalArgumentException("a start of " + w.width() + " x " + w.columns()
                    + " does not fit a probe of " + d + " x " + (k * classes));
        }
        try (NDManager m = scratch(mean)) {
            NDArray raw = m.create(w.weight(), new Shape(d, w.columns()));
            NDArray s = scale.expandDims(1);
            NDArray live = s.gt(0).toType(DataType.FLOAT32, false);
            NDArray weight = raw.mul(live).div(s.add(live.neg().add(1)));
            // Features constant here sit at their mean, so their part joins the bias.
            NDArray bias = m.create(w.bias()).add(mean.expandDims(0).matMul(raw).squeeze(0));
            NDArray q = weight.concat(bias.expandDims(0), 0);
            setParams(q);
        }
    }

    void setParams(NDArray q) {
        NDArray old = params;
        q.attach(manager);
        params = q;
        if (old != q) {
            old.close();
        }
    }

    /**
     * This probe's term of a {@link SharedPass} at parameters q, for the given strengths only
     * (those still being solved): it sums the negative log-likelihood per strength and hands the
     * pass its residual {@code P - Y}.
     */
    public Fit fit(float[] q, int[] strengths, String reads) {
        NDArray a = manager.create(blocks().columns(q, strengths), new Shape(d + 1, (long) strengths.length * classes));
        try {
            return new Fit(fold(a), strengths.clone(), reads);
        } finally {
            a.close();
        }
    }

    /** The layout of this probe's parameters, for the solver's vector arithmetic. */
    StrengthColumns blocks() {
        return new StrengthColumns(d + 1, k, classes);
    }

    /** Replaces the parameters by a (d + 1, K*C) array laid out like {@link #params()}. */
    void setParams(float[] q) {
        setParams(manager.create(q, new Shape(d + 1, (long) k * classes)));
    }

    /**
     * One probe's share of a pass: its folded weights and summed log-likelihoods. In a profiled
     * pass ({@link SharedPass.ProfiledTerm}) it keeps its products, profiles each strength's
     * biases on them, and sums the log-likelihoods at the profiled biases: the pass then evaluates
     * {@code G(W) = min_b F(W, b)} and its gradient, which the certificate bounds in every pass.
     */
    public final class Fit implements SharedPass.ProfiledTerm, AutoCloseable {
        private final FoldedProbe folded;
        private final int[] strengths;
        private final String reads;
        private final double[] nll;
        private final List<float[]> observed = new ArrayList<>();
        private BiasProfile.Result[] profiles;
        /** Per observed column, the profiled shift of its strength's bias (float32, as the products). */
        private float[] shift;

        private Fit(FoldedProbe folded, int[] strengths, String reads) {
            this.folded = folded;
            this.strengths = strengths;
            this.reads = reads;
            this.nll = new double[strengths.length];
        }

        @Override
        public String reads() {
            return reads;
        }

        @Override
        public FoldedProbe folded() {
            return folded;
        }

        @Override
        public NDArray residual(NDArray products, int[] y) {
            return softmaxResidual(products, y, strengths.length, nll);
        }

        @Override
        public void observe(NDArray products) {
            observed.add(products.toFloatArray());
        }

        @Override
        public void profile(int[] labels) {
            int width = strengths.length * classes;
            float[] all = new float[labels.length * width];
            int o = 0;
            for (float[] chunk : observed) {
                System.arraycopy(chunk, 0, all, o, chunk.length);
                o += chunk.length;
            }
            if (o != all.length) {
                throw new IllegalStateException(o / width + " observed rows for " + labels.length + " labels");
            }
            profiles = new BiasProfile.Result[strengths.length];
            shift = new float[width];
            for (int t = 0; t < strengths.length; t++) {
                profiles[t] = BiasProfile.solve(all, width, t * classes, labels, classes);
                for (int c = 0; c < classes; c++) {
                    shift[t * classes + c] = (float) profiles[t].shift()[c];
                }
            }
        }

        @Override
        public NDArray profiledProducts(NDManager m, int index) {
            float[] chunk = observed.get(index).clone();
            int width = shift.length;
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] += shift[i % width];
            }
            return m.create(chunk, new Shape(chunk.length / width, width));
        }

        /** The parameters the profiled pass evaluated: {@code q} with each strength's profiled biases. */
        public float[] profiledParams(float[] q) {
            float[] out = q;
            for (int t = 0; t < strengths.length; t++) {
                out = shiftBiases(out, strengths[t], profiles[t].shift());
            }
            return out;
        }

        /** The bias profile of strength j (one of those this fit evaluated), from its profiled pass. */
        public BiasProfile.Result profileOf(int j) {
            for (int t = 0; t < strengths.length; t++) {
                if (strengths[t] == j) {
                    return profiles[t];
                }
            }
            throw new IllegalArgumentException("strength " + j + " was not evaluated");
        }

        /** The strengths this fit evaluates. */
        public int[] strengths() {
            return strengths.clone();
        }

        @Override
        public void close() {
            folded.close();
            observed.clear();
        }
    }

    /**
     * The regularised objective per strength and its gradient at q, from a pass's sums for
     * {@code fit}. Strengths the fit left out get NaN objectives and norms and zero gradient
     * blocks. The returned gradient belongs to the probe's manager.
     */
    public Evaluation finish(Fit fit, NDArray zr, NDArray colsum, long samples, float[] q) {
        int[] on = fit.strengths;
        int s = on.length;
        float[] data;
        try (NDManager m = scratch(zr, colsum)) {
            data = dataGradient(zr, colsum, samples).toFloatArray();
        }
        // The penalty, the norms and the layout back to all K strengths, on the Java heap: as
        // engine calls these were a dozen dispatches per probe and pass.
        int width = k * classes;
        float[] grad = new float[(int) (d + 1) * width];
        double[] sq = new double[s];
        double[] gg = new double[s];
        for (long r = 0; r <= d; r++) {
            boolean penalised = r < d;
            for (int t = 0; t < s; t++) {
                int j = on[t];
                int from = (int) (r * s + t) * classes;
                int to = (int) r * width + j * classes;
                for (int c = 0; c < classes; c++) {
                    float w = q[to + c];
                    float g = data[from + c] + (penalised ? lambda[j] * w : 0f);
                    grad[to + c] = g;
                    gg[t] += (double) g * g;
                    if (penalised) {
                        sq[t] += (double) w * w;
                    }
                }
            }
        }
        double[] f = new double[k];
        double[] norm = new double[k];
        Arrays.fill(f, Double.NaN);
        Arrays.fill(norm, Double.NaN);
        for (int t = 0; t < s; t++) {
            int j = on[t];
            f[j] = fit.nll[t] / samples + 0.5 * lambda[j] * sq[t];
            norm[j] = Math.sqrt(gg[t]);
        }
        return new Evaluation(f, grad, norm);
    }

    /**
     * A pass term that sketches the covariance of the point's standardised features: with
     * {@code omega} (d + 1, r), a pass sums {@code z^T (x~ Omega)} and {@link #sketchOf} turns
     * that into {@code Sigma Omega}, reusing the fold that standardises and reads through an
     * affine map.
     */
    public SharedPass.Term sketch(NDArray omega, String reads) {
        FoldedProbe f = fold(omega);
        return new SharedPass.Term() {
            @Override
            public String reads() {
                return reads;
            }

            @Override
            public FoldedProbe folded() {
                return f;
            }

            @Override
            public NDArray residual(NDArray products, int[] labels) {
                return products;
            }
        };
    }

    /**
     * {@code Sigma Omega} (d, r) from a sketch pass's sums: {@code (1/n) sum_i x~_i^T (x~_i Omega)}
     * is the data gradient's formula with the products in place of the residual (the standardised
     * states are centred, so their column sums vanish).
     */
    public NDArray sketchOf(NDArray zr, NDArray colsum, long samples) {
        try (NDManager m = scratch(zr, colsum)) {
            NDArray y = dataGradient(zr, colsum, samples).get(new NDIndex("0:" + d));
            y.attach(manager);
            return y;
        }
    }

    /** Objective value, gradient and gradient norm per strength at one point. */
    public record Evaluation(double[] objective, float[] gradient, double[] gradientNorm) {}

    /** A batch's logits (B rows of K*C: strength-major, as the parameters' columns) under folded parameters. */
    public float[] logits(NDArray z, FoldedProbe f) {
        try (NDManager m = scratch(z, f.weight(), f.bias())) {
            return z.matMul(f.weight()).add(f.bias()).toFloatArray();
        }
    }

    /**
     * The squared norm of the weight rows of strength j's block of a gradient laid out like the
     * parameters (the bias row left out: at profiled biases it is zero to rounding).
     */
    double weightGradientSquared(float[] gradient, int j) {
        int width = k * classes;
        double sum = 0;
        for (long r = 0; r < d; r++) {
            int o = (int) r * width + j * classes;
            for (int c = 0; c < classes; c++) {
                sum += (double) gradient[o + c] * gradient[o + c];
            }
        }
        return sum;
    }

    /** The norm of strength j's bias gradient in a gradient laid out like the parameters. */
    double biasGradientNorm(float[] gradient, int j) {
        int o = (int) d * k * classes + j * classes;
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += (double) gradient[o + c] * gradient[o + c];
        }
        return Math.sqrt(sum);
    }

    /** {@code q} with strength j's biases moved by {@code shift} (a copy). */
    public float[] shiftBiases(float[] q, int j, double[] shift) {
        float[] out = q.clone();
        int o = (int) d * k * classes + j * classes;
        for (int c = 0; c < classes; c++) {
            out[o + c] = (float) (out[o + c] + shift[c]);
        }
        return out;
    }

    /** Accumulates per-strength correct counts and summed cross-entropy for a batch under folded parameters. */
    public void evaluate(NDArray z, int[] y, FoldedProbe f, double[] correct, double[] xent) {
        try (NDManager m = scratch(z, f.weight(), f.bias())) {
            long n = y.length;
            NDArray z3 = z.matMul(f.weight()).add(f.bias()).reshape(n, k, classes);
            long[] pred = z3.argMax(2).toLongArray();
            float[] nll = z3.logSoftmax(2)
                    .mul(oneHot(m, y))
                    .sum(new int[] {0, 2})
                    .neg()
                    .toFloatArray();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < k; j++) {
                    if (pred[i * k + j] == y[i]) {
                        correct[j]++;
                    }
                }
            }
            for (int j = 0; j < k; j++) {
                xent[j] += nll[j];
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
