package org.layerprobe.probe.states;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;
import org.layerprobe.hooks.AffineMap;

/**
 * Training states computed once, by one forward pass per batch, and kept in memory (float32 when
 * that fits the budget, else float16), so later solver passes skip the forward pass.
 * Standardisation statistics are gathered in the same pass, from the float32 states, so factored
 * points (which are not stored) get theirs too. Validation states are kept too, as float32 and
 * batch by batch as they were streamed, when they fit the budget beside the training states: the
 * L2 path and every certification round read them again, and on the Alain &amp; Bengio net each
 * read was a forward pass of 5,000 images through the capped convolutions (together about 54 of
 * the bench's 120 s of forward passes). Test states are streamed: they are read once, at the end.
 */
public final class CachedStates implements StateSource {

    /**
     * Samples per stored block (rounded up to whole forward batches): as many as keep the widest
     * stored point's block near {@value #CHUNK_BYTES} bytes in float32, between
     * {@value #MIN_CHUNK_ROWS} and {@value #MAX_CHUNK_ROWS}. Each block costs a pass a fixed number
     * of small engine calls per probe (the softmax residual, slicing, accumulation), about 60 us
     * each on 2 cores; on the quickstart CNN (10k samples, widest point 3,136) 2,048-row blocks
     * made them a third of the probe time.
     */
    private static final long CHUNK_BYTES = 256L << 20;

    private static final int MIN_CHUNK_ROWS = 2048;
    private static final int MAX_CHUNK_ROWS = 16384;

    private final StreamingStates stream;
    private final NDManager store = NDManager.newBaseManager();
    private final DataType dtype;
    private final long bytes;
    /** Training blocks in order: each point's states, and the blocks' labels. */
    private final List<Map<String, NDArray>> blocks = new ArrayList<>();

    private final List<int[]> blockLabels = new ArrayList<>();
    private final Map<String, FeatureStats> stats = new LinkedHashMap<>();
    /** Per stored point, the first batch's mean, subtracted from every state handed out. */
    private final Map<String, float[]> offsets = new LinkedHashMap<>();

    private final Map<String, NDArray> offsetArrays = new LinkedHashMap<>();
    /** The points whose states are stored (the factored ones are read through their source). */
    private final Set<String> stored = new LinkedHashSet<>();
    /** Whether validation states are kept once read (they fit the budget), and those kept so far. */
    private final boolean keepValidation;

    private final List<StateBatch> validation = new ArrayList<>();

    private CachedStates(
            StreamingStates stream,
            DataType dtype,
            long bytes,
            boolean keepValidation,
            int classes,
            IntConsumer progress) {
        this.stream = stream;
        this.dtype = dtype;
        this.bytes = bytes;
        this.keepValidation = keepValidation;
        stored.addAll(stream.points());
        stored.removeAll(stream.factored().keySet());
        for (String p : stream.points()) {
            stats.put(p, new FeatureStats(stream.features(p)));
        }
        Set<String> all = Set.copyOf(stream.points());
        long widest = 1;
        for (String p : stream.points()) {
            if (!stream.factored().containsKey(p)) {
                widest = Math.max(widest, stream.features(p));
            }
        }
        int chunkRows = (int) Math.max(MIN_CHUNK_ROWS, Math.min(MAX_CHUNK_ROWS, CHUNK_BYTES / (4 * widest)));
        Chunk chunk = null;
        int offset = 0;
        for (int b = 0; b < stream.batches(Split.TRAIN); b++) {
            try (NDManager m = store.newSubManager()) {
                StateBatch batch = stream.batch(m, Split.TRAIN, b, all);
                if (chunk == null) {
                    // Every forward batch but the last is full, so the first one sizes the block.
                    int perChunk = (chunkRows + batch.labels().length - 1) / batch.labels().length;
                    chunk = new Chunk(Math.min(perChunk * batch.labels().length, stream.size(Split.TRAIN) - offset));
                }
                for (Map.Entry<String, NDArray> e : batch.states().entrySet()) {
                    stats.get(e.getKey()).add(e.getValue(), batch.labels(), classes);
                    if (!stream.factored().containsKey(e.getKey())) {
                        chunk.add(e.getKey(), centred(e.getKey(), e.getValue()));
                    }
                }
                chunk.labels(batch.labels());
                offset += batch.labels().length;
            }
            if (chunk.full()) {
                blocks.add(chunk.blocks);
                blockLabels.add(chunk.labels);
                chunk = null;
            }
            progress.accept(b + 1);
        }
        if (chunk != null) {
            throw new IllegalStateException("forward batches did not fill the last cached block");
        }
    }

    /** The state minus the point's offset, which the first batch sets. */
    private NDArray centred(String point, NDArray state) {
        NDArray offset = offsetArrays.computeIfAbsent(point, p -> {
            NDArray mean = state.mean(new int[] {0});
            mean.attach(store);
            offsets.put(p, mean.toFloatArray());
            return mean;
        });
        return state.sub(offset);
    }

    /**
     * Consecutive forward batches gathered into one stored block per point: a probe pass then
     * makes a few large matrix products instead of many small ones, whose per-call overhead
     * dominated passes over narrow points. Blocks are allocated whole and filled in place, so
     * caching leaves no trail of freed batch-sized copies behind (they fragmented the native
     * heap and added gigabytes to the peak resident size).
     */
    private final class Chunk {
        final Map<String, NDArray> blocks = new LinkedHashMap<>();
        final int rows;
        int[] labels = new int[0];

        Chunk(int rows) {
            this.rows = rows;
        }

        void add(String point, NDArray state) {
            NDArray block = blocks.computeIfAbsent(point, p -> {
                NDArray a = store.zeros(new Shape(rows, state.getShape().get(1)), dtype);
                a.attach(store);
                return a;
            });
            long n = state.getShape().get(0);
            NDArray value = state.getDataType() == dtype ? state : state.toType(dtype, false);
            block.set(new NDIndex(labels.length + ":" + (labels.length + n)), value);
        }

        void labels(int[] y) {
            int[] all = Arrays.copyOf(labels, labels.length + y.length);
            System.arraycopy(y, 0, all, labels.length, y.length);
            labels = all;
        }

        boolean full() {
            return labels.length >= rows;
        }
    }

    /**
     * Bytes needed to cache the training states of {@code stream} at {@code
     * bytesPerValue}; factored points are not stored.
     */
    public static long estimateBytes(StreamingStates stream, int bytesPerValue) {
        return estimateBytes(stream, Split.TRAIN, bytesPerValue);
    }

    private static long estimateBytes(StreamingStates stream, Split split, int bytesPerValue) {
        long width = 0;
        for (String p : stream.points()) {
            if (!stream.factored().containsKey(p)) {
                width += stream.features(p);
            }
        }
        return width * stream.size(split) * bytesPerValue;
    }

    /**
     * Caches the states when they fit {@code budget} (float32 first, else float16); returns the
     * streaming source itself otherwise. The size is estimated before anything is allocated.
     */
    public static StateSource cacheIfFits(StreamingStates stream, long budget, int classes, IntConsumer progress) {
        long f32 = estimateBytes(stream, 4);
        if (f32 <= budget) {
            long validation = estimateBytes(stream, Split.VALIDATION, 4);
            return new CachedStates(stream, DataType.FLOAT32, f32, f32 + validation <= budget, classes, progress);
        }
        long f16 = estimateBytes(stream, 2);
        if (f16 <= budget) {
            return new CachedStates(stream, DataType.FLOAT16, f16, false, classes, progress);
        }
        return stream;
    }

    @Override
    public List<String> points() {
        return stream.points();
    }

    @Override
    public long dimension(String point) {
        return stream.dimension(point);
    }

    @Override
    public long features(String point) {
        return stream.features(point);
    }

    @Override
    public int batches(Split split) {
        return split == Split.TRAIN ? blocks.size() : stream.batches(split);
    }

    @Override
    public StateBatch batch(NDManager manager, Split split, int b, Set<String> only) {
        if (split == Split.VALIDATION && keepValidation && stored.containsAll(only)) {
            return keptValidation(b, only);
        }
        if (split != Split.TRAIN) {
            return streamed(manager, split, b, only);
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (String p : only) {
            if (stream.factored().containsKey(p)) {
                throw new IllegalArgumentException(p + " is not cached: it is read through "
                        + stream.factored().get(p).source());
            }
        }
        for (Map.Entry<String, NDArray> e : blocks.get(b).entrySet()) {
            if (!only.contains(e.getKey())) {
                continue;
            }
            NDArray a = e.getValue();
            if (dtype == DataType.FLOAT32) {
                // A view of the cached array; probes only read it.
                out.put(e.getKey(), a);
            } else {
                NDArray f = a.toType(DataType.FLOAT32, true);
                f.attach(manager);
                out.put(e.getKey(), f);
            }
        }
        return new StateBatch(out, blockLabels.get(b));
    }

    /** Batch b of a streamed split, minus the offsets the training states were centred by. */
    private StateBatch streamed(NDManager manager, Split split, int b, Set<String> only) {
        StateBatch raw = stream.batch(manager, split, b, only);
        Map<String, NDArray> out = new LinkedHashMap<>();
        raw.states().forEach((p, x) -> {
            NDArray offset = offsetArrays.get(p);
            if (offset == null) {
                out.put(p, x);
            } else {
                NDArray c = x.sub(offset);
                c.attach(manager);
                out.put(p, c);
            }
        });
        return new StateBatch(out, raw.labels());
    }

    /**
     * Validation batch b at {@code only}: the very arrays {@link #streamed} gives, read at every
     * stored point the first time and kept, so a probe reads the same values whether or not they
     * were kept.
     */
    private StateBatch keptValidation(int b, Set<String> only) {
        while (validation.size() <= b) {
            try (NDManager m = store.newSubManager()) {
                StateBatch read = streamed(m, Split.VALIDATION, validation.size(), stored);
                read.states().values().forEach(x -> x.attach(store));
                validation.add(read);
            }
        }
        StateBatch all = validation.get(b);
        Map<String, NDArray> out = new LinkedHashMap<>();
        all.states().forEach((p, x) -> {
            if (only.contains(p)) {
                // A view of the kept array; probes only read it.
                out.put(p, x);
            }
        });
        return new StateBatch(out, all.labels());
    }

    @Override
    public String storage() {
        return dtype.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String mode() {
        return "cached (" + dtype.name().toLowerCase(Locale.ROOT) + ", " + MemoryBudget.format(bytes)
                + (keepValidation ? "; validation states kept" : "") + ")"
                + StreamingStates.factoredNote(stream.factored().keySet());
    }

    @Override
    public Map<String, AffineMap> factored() {
        return stream.factored();
    }

    @Override
    public Map<String, float[]> offsets() {
        return Collections.unmodifiableMap(offsets);
    }

    @Override
    public Optional<Map<String, FeatureStats>> trainingStatistics() {
        return Optional.of(stats);
    }

    @Override
    public void close() {
        store.close();
        stream.close();
    }
}
