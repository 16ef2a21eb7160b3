package org.layerprobe.probe.states;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.layerprobe.data.BatchIterator;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.LabeledData;
import org.layerprobe.hooks.AffineMap;
import org.layerprobe.hooks.HiddenStates;
import org.layerprobe.hooks.HookedForward;

/**
 * States recomputed by a hooked forward pass for every batch asked for: memory stays bounded by
 * one batch, whatever the dataset size.
 */
public final class StreamingStates implements StateSource {

    /** Samples on which an affine map must reproduce the recorded states before it is used. */
    private static final int AFFINE_CHECK_SAMPLES = 16;
    /** Largest affine map kept (conv2.pre of alain-bengio needs 315 MB). */
    private static final long MAX_MAP_BYTES = 1L << 30;

    private final HiddenStates hooked;
    private final Set<String> wanted;
    private final List<String> points;
    private final FeatureReduction reduction;
    private final Map<Split, BatchIterator> batches = new LinkedHashMap<>();
    private final Map<Split, LabeledData> data = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final NDManager maps = NDManager.newBaseManager();
    private final Map<String, AffineMap> factored = new LinkedHashMap<>();
    private long forwardNanos;

    /**
     * @param trainOrderSeed the training set is shuffled once with this seed so that batches mix
     *     classes even when probe updates visit them in a fixed order
     */
    public StreamingStates(
            HiddenStates hooked,
            List<String> requested,
            DataSplits splits,
            int batchSize,
            FeatureReduction reduction,
            long trainOrderSeed) {
        this(hooked, requested, splits, batchSize, reduction, trainOrderSeed, true);
    }

    /**
     * @param factorAffine whether points that are an exact affine map of a narrower probed point
     *     are fitted through it (see {@link AffineMap}); off only to check that it changes nothing
     */
    public StreamingStates(
            HiddenStates hooked,
            List<String> requested,
            DataSplits splits,
            int batchSize,
            FeatureReduction reduction,
            long trainOrderSeed,
            boolean factorAffine) {
        this.hooked = hooked;
        this.wanted = hooked.select(requested);
        List<String> p = new ArrayList<>();
        for (String s : hooked.points()) {
            if (wanted.contains(s)) {
                p.add(s);
            }
        }
        this.points = List.copyOf(p);
        this.reduction = reduction;
        LabeledData train = splits.train();
        BatchIterator shuffledOnce = BatchIterator.shuffled(train, train.size(), trainOrderSeed);
        int[] perm = shuffledOnce.order();
        data.put(Split.TRAIN, train.select(perm));
        data.put(Split.VALIDATION, splits.validation());
        data.put(Split.TEST, splits.test());
        data.forEach((k, v) -> batches.put(k, BatchIterator.sequential(v, batchSize)));
        probeShapes(splits.train(), factorAffine);
    }

    /** Records every point's shape and, where wanted, reads affine maps checked on a few samples. */
    private void probeShapes(LabeledData sample, boolean factorAffine) {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = Math.min(AFFINE_CHECK_SAMPLES, sample.size());
            NDArray x = BatchIterator.sequential(sample.head(n), n).features(m, 0);
            Map<String, NDArray> states = hooked.run(m, x, wanted);
            for (Map.Entry<String, NDArray> e : states.entrySet()) {
                long[] s = e.getValue().getShape().getShape();
                shapes.put(e.getKey(), Arrays.copyOfRange(s, 1, s.length));
            }
            if (!factorAffine || !reduction.kind().equals("none")) {
                return;
            }
            for (String p : points) {
                narrowestSource(p)
                        .flatMap(source -> hooked instanceof HookedForward walked
                                ? AffineMap.read(walked, source, p, states.get(source), states.get(p), maps)
                                : Optional.empty())
                        .ifPresent(map -> factored.put(p, map));
            }
        }
    }

    /**
     * Of the kept points that {@code point} is an affine map of, the narrowest through which a fit
     * pays (the nearest among equals).
     */
    private Optional<String> narrowestSource(String point) {
        String best = null;
        for (String source : hooked.affineSources(point)) {
            if (wanted.contains(source)
                    && pays(dimension(source), dimension(point))
                    && (best == null || dimension(source) < dimension(best))) {
                best = source;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Whether fitting through an affine map from {@code in} to {@code out} features pays: a pass
     * then costs about {@code in / out} of a direct one, and the map ({@code in x out}) replaces a
     * cached state of {@code samples x out}, so it must be narrower on both counts and of bounded size.
     */
    private boolean pays(long in, long out) {
        return in < out && 2 * in <= data.get(Split.TRAIN).size() && in * out * Float.BYTES <= MAX_MAP_BYTES;
    }

    @Override
    public Map<String, AffineMap> factored() {
        return Collections.unmodifiableMap(factored);
    }

    @Override
    public List<String> points() {
        return points;
    }

    @Override
    public long dimension(String point) {
        long d = 1;
        for (long s : shapes.get(point)) {
            d *= s;
        }
        return d;
    }

    @Override
    public long features(String point) {
        return reduction.reducedWidth(shapes.get(point));
    }

    @Override
    public int batches(Split split) {
        return data.get(split).size() == 0 ? 0 : batches.get(split).batches();
    }

    /** Samples in a split. */
    public int size(Split split) {
        return data.get(split).size();
    }

    @Override
    public StateBatch batch(NDManager manager, Split split, int b, Set<String> only) {
        BatchIterator it = batches.get(split);
        long t = System.nanoTime();
        NDArray x = it.features(manager, b);
        Map<String, NDArray> raw = hooked.run(manager, x, wanted);
        forwardNanos += System.nanoTime() - t;
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (String p : points) {
            if (only.contains(p)) {
                out.put(p, reduction.apply(raw.get(p), manager));
            }
        }
        return new StateBatch(out, it.labelInts(b));
    }

    /** Time spent in forward passes so far. */
    public double forwardSeconds() {
        return forwardNanos / 1e9;
    }

    @Override
    public String storage() {
        return "streamed";
    }

    @Override
    public String mode() {
        return "streamed" + factoredNote(factored.keySet());
    }

    /** "; conv1.pre fitted through its affine input" for the state-mode line, or "" when nothing is. */
    static String factoredNote(Collection<String> points) {
        if (points.isEmpty()) {
            return "";
        }
        return "; " + String.join(", ", points)
                + (points.size() == 1 ? " fitted through its affine input" : " fitted through their affine inputs");
    }

    @Override
    public void close() {
        maps.close();
    }
}
