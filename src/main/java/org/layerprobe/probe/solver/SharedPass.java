package org.layerprobe.probe.solver;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerprobe.probe.states.StateBatch;

/**
 * One pass over training states that serves every linear term reading them: the folded weights of
 * all probes (and preconditioner sketches) that read the same states are concatenated, so each
 * batch of those states is read by one product {@code z W} and one product {@code z^T R}, however
 * many probes read it (conv1.pool is read by its own probe and, through its affine map, by
 * conv2.pre's).
 *
 * <p>Column counts are padded with zero columns to a multiple of {@value #COLUMN_MULTIPLE}: the
 * engine's products run much faster at such widths (one L2 strength of a 10-class probe cost more
 * than two unpadded), and multiples of 8 ran as fast as multiples of 16 with less padding
 * ({@code bench pass}, docs/benchmarks.md). On small blocks the BLAS may round products of
 * different widths differently, in the last bits of float32.
 */
public final class SharedPass implements AutoCloseable {

    public static final int COLUMN_MULTIPLE = 8;

    /** {@code columns} rounded up to the multiple the products pad them to. */
    public static long paddedColumns(long columns) {
        return (columns + COLUMN_MULTIPLE - 1) / COLUMN_MULTIPLE * COLUMN_MULTIPLE;
    }

    /** One linear term of a pass: its folded weights and how a batch's products become its residual. */
    public interface Term {
        /** The point whose states the term reads. */
        String reads();

        /** Weights (read width, columns) and biases (columns) on the states it reads. */
        FoldedProbe folded();

        /**
         * The residual R (batch, columns) whose {@code z^T R} the pass sums, from the batch's
         * products {@code z W + b}; it may keep sums of its own (a probe's log-likelihood).
         */
        NDArray residual(NDArray products, int[] labels);
    }

    /**
     * A term whose biases are profiled within the pass ({@link BiasProfile}): its pass reads the
     * states twice, first for the products {@code z W + b} of every batch ({@link #observe}), then,
     * with the biases profiled on all of them, for {@code z^T R} at those biases
     * ({@link #accumulateProfiled}). The products are kept between the two, never recomputed.
     */
    public interface ProfiledTerm extends Term {
        /** Phase one: a batch's products (batch, columns); the term keeps a copy. */
        void observe(NDArray products);

        /** Between the phases: profiles the biases on every observed batch, labels in pass order. */
        void profile(int[] labels);

        /** Phase two: batch {@code index}'s observed products at the profiled biases, owned by {@code m}. */
        NDArray profiledProducts(NDManager m, int index);
    }

    private final NDManager manager;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<Term, Group> groupOf = new IdentityHashMap<>();
    private long samples;

    public SharedPass(NDManager parent, Collection<? extends Term> terms) {
        this.manager = parent.newSubManager();
        Map<String, List<Term>> byReads = new LinkedHashMap<>();
        for (Term t : terms) {
            byReads.computeIfAbsent(t.reads(), r -> new ArrayList<>()).add(t);
        }
        byReads.forEach((reads, list) -> {
            Group g = new Group(list);
            groups.put(reads, g);
            list.forEach(t -> groupOf.put(t, g));
        });
    }

    /**
     * Nanoseconds of products attributed to a term: its group's time split in proportion to the
     * columns it adds (padding shared out likewise).
     */
    public long nanos(Term t) {
        return Math.round(groupOf.get(t).nanos * share(t));
    }

    /**
     * The products' work attributed to a term as {@link #nanos}: floating-point operations of both
     * products over the padded columns, and float32 bytes of the states they read (each read: a profiled
     * pass reads them twice).
     */
    public PassWork work(Term t) {
        Group g = groupOf.get(t);
        double f = share(t);
        double padded = g.offsets[g.terms.size()] + g.padding;
        return new PassWork(
                g.flops * f, g.flops * f * g.offsets[g.terms.size()] / padded, g.stateBytes * f, g.nanos * f / 1e9);
    }

    /** A term's share of its group: its columns over the group's unpadded columns. */
    private double share(Term t) {
        Group g = groupOf.get(t);
        int i = g.terms.indexOf(t);
        return (double) (g.offsets[i + 1] - g.offsets[i]) / g.offsets[g.terms.size()];
    }

    /** The points whose states this pass reads. */
    public Set<String> reads() {
        return groups.keySet();
    }

    /** Adds one batch: every group reads its states once. */
    public void accumulate(StateBatch batch) {
        for (Map.Entry<String, Group> e : groups.entrySet()) {
            e.getValue().add(states(batch, e.getKey()), batch.labels());
        }
        samples += batch.labels().length;
    }

    /** Phase one of a profiled pass: every group's products of one batch, handed to its terms. */
    public void observe(StateBatch batch) {
        for (Map.Entry<String, Group> e : groups.entrySet()) {
            e.getValue().observe(states(batch, e.getKey()));
        }
    }

    /**
     * Phase two of a profiled pass: batch {@code index} (in the order observed) read again for
     * {@code z^T R} at the profiled biases.
     */
    public void accumulateProfiled(StateBatch batch, int index) {
        for (Map.Entry<String, Group> e : groups.entrySet()) {
            e.getValue().addProfiled(states(batch, e.getKey()), batch.labels(), index);
        }
        samples += batch.labels().length;
    }

    private static NDArray states(StateBatch batch, String reads) {
        NDArray z = batch.states().get(reads);
        if (z == null) {
            throw new IllegalArgumentException("the batch lacks the states of " + reads);
        }
        return z;
    }

    public long samples() {
        return samples;
    }

    /**
     * A term's summed {@code z^T R} (read width, columns) and column sums of R, owned by the
     * pass (valid until it is closed).
     */
    public NDArray[] sums(Term t) {
        Group g = groupOf.get(t);
        int i = g.terms.indexOf(t);
        String cols = ":, " + g.offsets[i] + ":" + g.offsets[i + 1];
        NDArray zr = g.zr.get(new NDIndex(cols));
        NDArray cs = g.colsum.get(new NDIndex(g.offsets[i] + ":" + g.offsets[i + 1]));
        zr.attach(manager);
        cs.attach(manager);
        return new NDArray[] {zr, cs};
    }

    @Override
    public void close() {
        manager.close();
    }

    /** The terms that read one point's states, side by side in one padded weight matrix. */
    private final class Group {
        final List<Term> terms;
        final long[] offsets;
        final long padding;
        final NDArray weight;
        final NDArray bias;
        NDArray zr;
        NDArray colsum;
        long nanos;
        double flops;
        double stateBytes;

        Group(List<Term> terms) {
            this.terms = terms;
            this.offsets = new long[terms.size() + 1];
            NDList w = new NDList();
            NDList b = new NDList();
            for (int i = 0; i < terms.size(); i++) {
                FoldedProbe f = terms.get(i).folded();
                offsets[i + 1] = offsets[i] + f.weight().getShape().get(1);
                w.add(f.weight());
                b.add(f.bias());
            }
            long width = offsets[terms.size()];
            this.padding = paddedColumns(width) - width;
            try (NDManager m = manager.newSubManager()) {
                if (padding > 0) {
                    w.add(m.zeros(new Shape(w.get(0).getShape().get(0), padding)));
                    b.add(m.zeros(new Shape(padding)));
                }
                NDArray wc = w.size() == 1 ? w.get(0).duplicate() : NDArrays.concat(w, 1);
                NDArray bc = b.size() == 1 ? b.get(0).duplicate() : NDArrays.concat(b, 0);
                wc.attach(manager);
                bc.attach(manager);
                this.weight = wc;
                this.bias = bc;
            }
        }

        void add(NDArray z, int[] y) {
            long start = System.nanoTime();
            // Cached states belong to the cache and DJL puts an op's result in its first operand's
            // manager, so every temporary of the batch goes to one manager closed after it.
            try (NDManager m = scratch(z)) {
                NDArray products = z.matMul(weight).add(bias);
                NDList residuals = new NDList();
                for (int i = 0; i < terms.size(); i++) {
                    residuals.add(terms.get(i).residual(slice(products, i), y));
                }
                backward(m, z, residuals);
            }
            count(z, start, 2);
        }

        void observe(NDArray z) {
            long start = System.nanoTime();
            try (NDManager m = scratch(z)) {
                NDArray products = z.matMul(weight).add(bias);
                for (int i = 0; i < terms.size(); i++) {
                    ((ProfiledTerm) terms.get(i)).observe(slice(products, i));
                }
            }
            count(z, start, 1);
        }

        void addProfiled(NDArray z, int[] y, int index) {
            long start = System.nanoTime();
            try (NDManager m = scratch(z)) {
                NDList residuals = new NDList();
                for (Term t : terms) {
                    residuals.add(t.residual(((ProfiledTerm) t).profiledProducts(m, index), y));
                }
                backward(m, z, residuals);
            }
            count(z, start, 1);
        }

        private NDManager scratch(NDArray z) {
            return ScratchManagers.holding(manager, Arrays.asList(z, weight, bias, zr, colsum));
        }

        /** Term i's columns of a batch's padded products. */
        private NDArray slice(NDArray products, int i) {
            return terms.size() == 1 && padding == 0
                    ? products
                    : products.get(new NDIndex(":, " + offsets[i] + ":" + offsets[i + 1]));
        }

        /** Adds {@code z^T R} and the column sums of R, the terms' residuals side by side and padded. */
        private void backward(NDManager m, NDArray z, NDList residuals) {
            if (padding > 0) {
                residuals.add(m.zeros(new Shape(z.getShape().get(0), padding)));
            }
            NDArray r = residuals.size() == 1 ? residuals.get(0) : NDArrays.concat(residuals, 1);
            NDArray zt = z.transpose().matMul(r);
            NDArray cs = r.sum(new int[] {0});
            if (zr == null) {
                zt.attach(manager);
                cs.attach(manager);
                zr = zt;
                colsum = cs;
            } else {
                zr.addi(zt);
                colsum.addi(cs);
            }
        }

        /** Books a batch's time and work: {@code products} products over the padded columns, one read of z. */
        private void count(NDArray z, long start, int products) {
            nanos += System.nanoTime() - start;
            double values = (double) z.getShape().get(0) * z.getShape().get(1);
            flops += 2.0 * products * values * (offsets[terms.size()] + padding);
            stateBytes += 4 * values;
        }
    }
}
