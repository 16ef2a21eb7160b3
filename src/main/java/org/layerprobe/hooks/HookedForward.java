package org.layerprobe.hooks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.layerprobe.LayerprobeException;
import org.layerprobe.nets.Network;

/**
 * Runs a block step by step and records the hidden state at every named probe point.
 *
 * <p>Guarantees: the logits equal a plain forward's exactly (the same children run on the same
 * arrays in the same order, as {@link SequentialBlock} itself does); recorded states are copies,
 * so later in-place work cannot change them; everything runs in inference mode (dropout off)
 * outside any gradient collector, so nothing recorded can carry a gradient back to the model.
 *
 * <p>Works on any DJL block: a {@link Network} built by the toolkit uses its own names
 * ({@code conv1.pre}, ...); any other block gets readable fallback names from its structure
 * ({@code 1.conv2d}, {@code 2.relu}, {@code 4.2.linear} for nested sequential blocks), and a
 * block that is not sequential is a single step whose output is {@code logits}.
 */
public final class HookedForward {

    private final Block root;
    private final List<HookStep> steps;
    private final List<String> points;

    private HookedForward(Block root, List<HookStep> steps) {
        this.root = root;
        this.steps = List.copyOf(steps);
        List<String> p = new ArrayList<>();
        p.add(Network.INPUT);
        for (HookStep s : steps) {
            if (s.point() != null) {
                p.add(s.point());
            }
        }
        Set<String> unique = new HashSet<>(p);
        if (unique.size() != p.size()) {
            throw new IllegalArgumentException("probe point names are not unique: " + p);
        }
        this.points = Collections.unmodifiableList(p);
    }

    /** Hooks a network built by the toolkit, with its own probe-point names. */
    public static HookedForward of(Network network) {
        List<HookStep> steps = new ArrayList<>();
        for (int i = 0; i < network.childPoints().size(); i++) {
            steps.add(new HookStep(network.child(i), network.pointOfChild(i)));
        }
        return new HookedForward(network.block(), steps);
    }

    /** Hooks any DJL block, naming points from its structure; the last step is {@code logits}. */
    public static HookedForward of(Block block) {
        List<HookStep> steps = new ArrayList<>();
        flatten(block, "", steps);
        HookStep last = steps.get(steps.size() - 1);
        steps.set(steps.size() - 1, new HookStep(last.block(), Network.LOGITS));
        return new HookedForward(block, steps);
    }

    private static void flatten(Block block, String prefix, List<HookStep> out) {
        if (block instanceof SequentialBlock seq && !seq.getChildren().isEmpty()) {
            int i = 1;
            for (var child : seq.getChildren()) {
                flatten(child.getValue(), prefix + i + ".", out);
                i++;
            }
        } else {
            out.add(new HookStep(block, prefix + kind(block)));
        }
    }

    /** A short readable kind for fallback names: conv2d, linear, relu (named lambdas), ... */
    private static String kind(Block block) {
        if (block instanceof LambdaBlock lambda && !LambdaBlock.DEFAULT_NAME.equals(lambda.getName())) {
            return lambda.getName().toLowerCase(Locale.ROOT);
        }
        return block.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    /** All probe points in forward order, starting with {@code input}. */
    public List<String> points() {
        return points;
    }

    public Block block() {
        return root;
    }

    /** The steps that will run, in order; for inspection and tests. */
    public List<HookStep> steps() {
        return steps;
    }

    /**
     * Checks that every requested point exists.
     *
     * @throws LayerprobeException naming the unknown point and the valid ones
     */
    public Set<String> select(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return new HashSet<>(points);
        }
        for (String r : requested) {
            if (!points.contains(r)) {
                throw new LayerprobeException(
                        "unknown probe point '" + r + "'; this network has: " + String.join(", ", points));
            }
        }
        return new HashSet<>(requested);
    }

    /**
     * Runs the block on {@code input} and returns a copy of the state at each wanted point, in
     * forward order, owned by {@code manager}. The map always ends with {@code logits} when it is
     * wanted.
     */
    public Map<String, NDArray> run(NDManager manager, NDArray input, Set<String> wanted) {
        Map<String, NDArray> states = new LinkedHashMap<>();
        try (NDManager scratch = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(scratch, false);
            NDList current = new NDList(input);
            if (wanted.contains(Network.INPUT)) {
                states.put(Network.INPUT, keep(input, manager));
            }
            for (HookStep step : steps) {
                current = step.block().forward(ps, current, false);
                if (step.point() != null && wanted.contains(step.point())) {
                    states.put(step.point(), keep(current.singletonOrThrow(), manager));
                }
            }
        }
        return states;
    }

    /**
     * The probe point whose state alone feeds {@code point} through a single convolution or dense
     * layer, so that {@code point}'s state is an exact affine map of it; empty otherwise. The
     * probe engine uses this to fit such a probe through the narrower state (see
     * {@link AffineMap}).
     */
    public Optional<String> affineSource(String point) {
        int i = stepOf(point);
        if (i < 0
                || !(steps.get(i).block() instanceof Convolution || steps.get(i).block() instanceof Linear)) {
            return Optional.empty();
        }
        return Optional.ofNullable(i == 0 ? Network.INPUT : steps.get(i - 1).point());
    }

    /** The block that produces {@code point} from the state before it. */
    Block producer(String point) {
        int i = stepOf(point);
        if (i < 0) {
            throw new IllegalArgumentException("no step produces probe point '" + point + "'");
        }
        return steps.get(i).block();
    }

    /** Index of the step whose output is {@code point}, or -1 (for {@code input} too). */
    private int stepOf(String point) {
        for (int i = 0; i < steps.size(); i++) {
            if (point.equals(steps.get(i).point())) {
                return i;
            }
        }
        return -1;
    }

    /** The final output of the hooked walk (for checking it against a plain forward). */
    public NDArray logits(NDManager manager, NDArray input) {
        return run(manager, input, Set.of(Network.LOGITS)).get(Network.LOGITS);
    }

    /** A detached copy in {@code manager}: survives the scratch manager and later in-place ops. */
    private static NDArray keep(NDArray a, NDManager manager) {
        NDArray copy = a.duplicate();
        copy.attach(manager);
        return copy;
    }
}
