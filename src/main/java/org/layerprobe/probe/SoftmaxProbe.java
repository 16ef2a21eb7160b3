package org.layerprobe.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Multinomial logistic regression on one point's states, fitted for several L2 strengths at once:
 * K strengths share every read of the states as one (d, K*C) weight matrix.
 *
 * <p>Features are standardised with training-set statistics, folded into the weights so the wide
 * state matrix is never rewritten: {@code z = ((x - mu) * s) W + b = x (s W) + (b - (mu s) W)}.
 * Gradients are computed in closed form ({@code X^T (P - Y) / B + lambda W}); no autograd is
 * involved, so nothing can flow back into the model that produced the states.
 */
final class SoftmaxProbe implements AutoCloseable {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;

    private final NDManager manager;
    private final int classes;
    private final int k;
    private final long d;
    private final NDArray mu;
    private final NDArray scale;
    private final NDArray lambda;
    private NDArray w;
    private NDArray b;
    private NDArray mw;
    private NDArray vw;
    private NDArray mb;
    private NDArray vb;
    private int t;
    private double learningRate;

    SoftmaxProbe(NDManager parent, FeatureStats stats, List<Double> l2, int classes, double learningRate) {
        this.manager = parent.newSubManager();
        this.classes = classes;
        this.k = l2.size();
        this.d = stats.width();
        this.mu = stats.mean(manager);
        this.scale = stats.inverseStd(manager);
        float[] lam = new float[k * classes];
        for (int i = 0; i < k; i++) {
            for (int c = 0; c < classes; c++) {
                lam[i * classes + c] = l2.get(i).floatValue();
            }
        }
        this.lambda = manager.create(lam);
        this.w = manager.zeros(new Shape(d, (long) k * classes));
        this.b = manager.zeros(new Shape((long) k * classes));
        this.mw = w.zerosLike();
        this.vw = w.zerosLike();
        this.mb = b.zerosLike();
        this.vb = b.zerosLike();
        this.learningRate = learningRate;
    }

    double learningRate() {
        return learningRate;
    }

    void halveLearningRate() {
        learningRate /= 2;
    }

    /**
     * Opens a scratch manager that owns, for its lifetime, every persistent array and {@code x}:
     * DJL puts an op's result in its first operand's manager, so this keeps temporaries out of
     * the probe's own manager.
     */
    private NDManager scratch(NDArray x) {
        NDManager m = manager.newSubManager();
        for (NDArray a : new NDArray[] {mu, scale, lambda, w, b, mw, vw, mb, vb}) {
            a.tempAttach(m);
        }
        if (x != null) {
            x.tempAttach(m);
        }
        return m;
    }

    /** Logits (B, K*C) for raw states x (B, d). */
    private NDArray logits(NDArray x) {
        NDArray ws = w.mul(scale.expandDims(1));
        NDArray c = b.sub(mu.expandDims(0).matMul(ws).squeeze(0));
        return x.matMul(ws).add(c);
    }

    /** Cross-entropy gradient of the logits, (P - Y) / B, and the per-strength losses. */
    private NDArray[] residual(NDArray z, int[] y) {
        long n = z.getShape().get(0);
        NDArray z3 = z.reshape(n, k, classes);
        NDArray logp = z3.logSoftmax(2);
        NDArray onehot = oneHot(z.getManager(), y).expandDims(1);
        NDArray nll = logp.mul(onehot).sum(new int[] {2}).neg(); // (B, K)
        NDArray g = logp.exp().sub(onehot).reshape(n, (long) k * classes).div(n);
        return new NDArray[] {g, nll};
    }

    private NDArray oneHot(NDManager m, int[] y) {
        float[] o = new float[y.length * classes];
        for (int i = 0; i < y.length; i++) {
            o[i * classes + y[i]] = 1f;
        }
        return m.create(o, new Shape(y.length, classes));
    }

    /** Full gradient pieces of the data term for a batch: (X^T G - mu colsum(G)) * s and colsum(G). */
    private NDArray[] dataGradient(NDArray x, NDArray g) {
        NDArray colsum = g.sum(new int[] {0});
        NDArray gw = x.transpose().matMul(g).sub(mu.expandDims(1).matMul(colsum.expandDims(0)))
                .mul(scale.expandDims(1));
        return new NDArray[] {gw, colsum};
    }

    /** One Adam step on a batch; returns the batch's mean objective per strength (K values). */
    double[] step(NDArray x, int[] y) {
        NDArray[] old = {w, b, mw, vw, mb, vb};
        double[] objective;
        try (NDManager m = scratch(x)) {
            NDArray z = logits(x);
            NDArray[] r = residual(z, y);
            NDArray[] g = dataGradient(x, r[0]);
            NDArray gw = g[0].add(w.mul(lambda.expandDims(0)));
            NDArray gb = g[1];
            t++;
            float lr = (float) (learningRate * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t)));
            NDArray nmw = mw.mul(BETA1).add(gw.mul(1 - BETA1));
            NDArray nvw = vw.mul(BETA2).add(gw.square().mul(1 - BETA2));
            NDArray nmb = mb.mul(BETA1).add(gb.mul(1 - BETA1));
            NDArray nvb = vb.mul(BETA2).add(gb.square().mul(1 - BETA2));
            NDArray nw = w.sub(nmw.div(nvw.sqrt().add(EPS)).mul(lr));
            NDArray nb = b.sub(nmb.div(nvb.sqrt().add(EPS)).mul(lr));
            objective = objective(r[1]);
            NDArray[] fresh = {nw, nb, nmw, nvw, nmb, nvb};
            for (NDArray a : fresh) {
                a.attach(manager);
            }
            w = nw;
            b = nb;
            mw = nmw;
            vw = nvw;
            mb = nmb;
            vb = nvb;
        }
        // Closed only now: the scratch manager handed them back to the probe's manager first.
        for (NDArray a : old) {
            a.close();
        }
        return objective;
    }

    private double[] objective(NDArray nll) {
        float[] mean = nll.mean(new int[] {0}).toFloatArray();
        float[] sq = w.square().reshape(d, k, classes).sum(new int[] {0, 2}).toFloatArray();
        float[] lam = lambda.toFloatArray();
        double[] out = new double[k];
        for (int i = 0; i < k; i++) {
            out[i] = mean[i] + 0.5 * lam[i * classes] * sq[i];
        }
        return out;
    }


    /** Accumulates per-strength correct counts and summed cross-entropy for a batch. */
    void evaluate(NDArray x, int[] y, double[] correct, double[] xent) {
        try (NDManager m = scratch(x)) {
            NDArray z = logits(x);
            long n = y.length;
            NDArray z3 = z.reshape(n, k, classes);
            NDArray logp = z3.logSoftmax(2);
            long[] pred = z3.argMax(2).toLongArray(); // (B, K)
            NDArray onehot = oneHot(m, y).expandDims(1);
            float[] nll = logp.mul(onehot).sum(new int[] {0, 2}).neg().toFloatArray();
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

    /**
     * Adds this batch's contribution to the full data gradient at the current weights and at
     * zero weights, for the strength {@code j} (accumulators are (d+1, C) arrays owned by caller).
     */
    void accumulateGradient(NDArray x, int[] y, int j, NDArray accNow, NDArray accZero) {
        try (NDManager m = scratch(x)) {
            NDArray z = logits(x);
            long n = y.length;
            // Summed, not averaged, per batch: the caller divides by the total sample count.
            NDArray g = residual(z, y)[0].get(":, " + (j * classes) + ":" + ((j + 1) * classes)).mul(n);
            NDArray[] gn = dataGradient(x, g);
            accNow.addi(gn[0].concat(gn[1].expandDims(0), 0));
            NDArray g0 = m.full(new Shape(n, classes), 1f / classes).sub(oneHot(m, y));
            NDArray[] gz = dataGradient(x, g0);
            accZero.addi(gz[0].concat(gz[1].expandDims(0), 0));
        }
    }

    /** The regularised full gradient's norm relative to its norm at zero, from accumulated pieces. */
    double relativeGradientNorm(NDArray accNow, NDArray accZero, int j, double samples) {
        try (NDManager m = scratch(null)) {
            accNow.tempAttach(m);
            accZero.tempAttach(m);
            NDArray wj = w.get(":, " + (j * classes) + ":" + ((j + 1) * classes));
            float lam = lambda.getFloat(j * classes);
            NDArray reg = wj.mul(lam).concat(m.zeros(new Shape(1, classes)), 0);
            double now = accNow.div(samples).add(reg).norm().getFloat();
            double zero = accZero.div(samples).norm().getFloat();
            return zero > 0 ? now / zero : now;
        }
    }

    long width() {
        return d;
    }

    int classes() {
        return classes;
    }

    int strengths() {
        return k;
    }

    @Override
    public void close() {
        manager.close();
    }

    static NDArray zerosAccumulator(NDManager m, long d, int classes) {
        return m.zeros(new Shape(d + 1, classes), DataType.FLOAT32);
    }
}
