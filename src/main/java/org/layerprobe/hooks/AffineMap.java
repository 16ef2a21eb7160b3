package org.layerprobe.hooks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The exact affine map {@code x = z A + c} that a chain of affine steps (convolutions, dense
 * layers, average pooling, batch norm in inference mode, the identity activation) applies between
 * two probe points (flattened states, one sample per row), read off the block itself:
 * {@code c} is the chain's output for the zero state and row {@code i} of {@code A} its output for
 * basis vector {@code i}, minus {@code c}.
 *
 * <p>Why: a probe on a pre-activation point wider than its input (conv1.pre: 25,088 features fed
 * by 784 pixels) can be fitted through the input. Its logits {@code x W} equal {@code z (A W)},
 * and its gradient {@code x^T R} equals {@code A^T (z^T R)}: the same objective and iterates, but
 * every pass over the data touches the narrow state, and the wide one never has to be stored.
 */
public final class AffineMap implements AutoCloseable {

    /** Output values per basis chunk: bounds the memory of reading off a wide convolution. */
    private static final long CHUNK_VALUES = 1L << 25;

    private final String source;
    private final NDManager manager;
    private final NDArray weight;
    private final NDArray offset;

    private AffineMap(String source, NDManager manager, NDArray weight, NDArray offset) {
        this.source = source;
        this.manager = manager;
        this.weight = weight;
        this.offset = offset;
    }

    /**
     * Reads the map from {@code source} into {@code point}, which must be one of {@link
     * HookedForward#affineSources}'s answers for it, and checks it on real states: {@code
     * sourceStates} and {@code pointStates} are the two points' states (B, ...) for the same
     * samples. Empty when the check fails (a block that is not affine after all, for example).
     */
    public static Optional<AffineMap> read(
            HookedForward hooked,
            String source,
            String point,
            NDArray sourceStates,
            NDArray pointStates,
            NDManager parent) {
        if (!hooked.affineSources(point).contains(source)) {
            return Optional.empty();
        }
        NDManager manager = parent.newSubManager();
        try (NDManager scratch = manager.newSubManager()) {
            Shape sampleShape = sourceStates.getShape().slice(1);
            long dIn = sampleShape.size();
            ParameterStore ps = new ParameterStore(scratch, false);
            NDArray zero = scratch.zeros(new Shape(1).addAll(sampleShape));
            NDArray c =
                    flat(hooked.runBetween(source, point, ps, new NDList(zero)).singletonOrThrow());
            long dOut = c.getShape().get(1);
            long chunk = Math.max(1, Math.min(dIn, CHUNK_VALUES / dOut));
            List<NDArray> rows = new ArrayList<>();
            for (long start = 0; start < dIn; start += chunk) {
                long n = Math.min(chunk, dIn - start);
                float[] ones = new float[Math.toIntExact(n * dIn)];
                for (int r = 0; r < n; r++) {
                    ones[(int) (r * dIn + start + r)] = 1f;
                }
                NDArray basis = scratch.create(ones, new Shape(n).addAll(sampleShape));
                rows.add(flat(hooked.runBetween(source, point, ps, new NDList(basis))
                                .singletonOrThrow())
                        .sub(c));
            }
            NDArray a = rows.size() == 1 ? rows.get(0) : NDArrays.concat(new NDList(rows), 0);
            NDArray offset = c.squeeze(0);
            a.attach(manager);
            offset.attach(manager);
            AffineMap map = new AffineMap(source, manager, a, offset);
            if (!map.reproduces(sourceStates, pointStates)) {
                manager.close();
                return Optional.empty();
            }
            return Optional.of(map);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static NDArray flat(NDArray x) {
        return x.reshape(x.getShape().get(0), -1);
    }

    /** Whether {@code z A + c} equals the recorded states up to float32 rounding. */
    private boolean reproduces(NDArray sourceStates, NDArray pointStates) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = flat(sourceStates).duplicate();
            z.attach(m);
            NDArray x = flat(pointStates).duplicate();
            x.attach(m);
            weight.tempAttach(m);
            offset.tempAttach(m);
            NDArray diff = z.matMul(weight).add(offset).sub(x).abs().max();
            float scale = x.abs().max().getFloat();
            return diff.getFloat() <= 1e-3f * (1f + scale);
        }
    }

    /** The probe point whose state is mapped. */
    public String source() {
        return source;
    }

    /** {@code A}, (source width, point width). */
    public NDArray weight() {
        return weight;
    }

    /** {@code c}, (point width). */
    public NDArray offset() {
        return offset;
    }

    @Override
    public void close() {
        manager.close();
    }
}
