package org.layerprobe.hooks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.layerprobe.nets.Network;
import org.layerprobe.nets.NetworkStep;
import org.layerprobe.nets.ResidualSum;

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
 *
 * <p>A residual block is walked into: its body's steps run one by one (their points, such as
 * {@code res1.conv1.pre}, are recorded where asked), then its shortcut, then the same addition
 * the block applies ({@link ResidualSum}), whose result is the block's point ({@code res1.out}).
 * Points inside a residual body are probed only when a spec's {@code points:} names them.
 */
public final class HookedForward implements HiddenStates {

    private final Block root;
    private final List<NetworkStep> steps;
    private final List<String> points;
    private final Set<String> inner = new HashSet<>();
    /** Where each point's step is: the list that holds it and its index there. */
    private final Map<String, Position> positions = new LinkedHashMap<>();

    private record Position(List<NetworkStep> list, int index, boolean topLevel) {}

    private HookedForward(Block root, List<NetworkStep> steps) {
        this.root = root;
        this.steps = List.copyOf(steps);
        List<String> p = new ArrayList<>();
        p.add(Network.INPUT);
        index(this.steps, true, p);
        Set<String> unique = new HashSet<>(p);
        if (unique.size() != p.size()) {
            throw new IllegalArgumentException("probe point names are not unique: " + p);
        }
        this.points = Collections.unmodifiableList(p);
    }

    private void index(List<NetworkStep> list, boolean topLevel, List<String> out) {
        for (int i = 0; i < list.size(); i++) {
            NetworkStep s = list.get(i);
            if (s.isResidual()) {
                List<String> body = new ArrayList<>();
                index(s.body(), false, body);
                inner.addAll(body);
                out.addAll(body);
            }
            if (s.point() != null) {
                out.add(s.point());
                positions.put(s.point(), new Position(list, i, topLevel));
            }
        }
    }

    /** Hooks a network built by the toolkit, with its own probe-point names. */
    public static HookedForward of(Network network) {
        return new HookedForward(network.block(), network.steps());
    }

    /** Hooks any DJL block, naming points from its structure; the last step is {@code logits}. */
    public static HookedForward of(Block block) {
        List<NetworkStep> steps = new ArrayList<>();
        flatten(block, "", steps);
        NetworkStep last = steps.get(steps.size() - 1);
        steps.set(steps.size() - 1, NetworkStep.leaf(last.block(), Network.LOGITS, last.affine()));
        return new HookedForward(block, steps);
    }

    private static void flatten(Block block, String prefix, List<NetworkStep> out) {
        if (block instanceof SequentialBlock seq && !seq.getChildren().isEmpty()) {
            int i = 1;
            for (var child : seq.getChildren()) {
                flatten(child.getValue(), prefix + i + ".", out);
                i++;
            }
        } else {
            // Only blocks known to be affine in inference mode; a lambda may be anything.
            boolean affine = block instanceof Convolution
                    || block instanceof Linear
                    || block instanceof BatchNorm
                    || block instanceof Dropout;
            out.add(NetworkStep.leaf(block, prefix + kind(block), affine));
        }
    }

    /** A short readable kind for fallback names: conv2d, linear, relu (named lambdas), ... */
    private static String kind(Block block) {
        if (block instanceof LambdaBlock lambda && !LambdaBlock.DEFAULT_NAME.equals(lambda.getName())) {
            return lambda.getName().toLowerCase(Locale.ROOT);
        }
        return block.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    /** All probe points in forward order, starting with {@code input}, residual bodies included. */
    @Override
    public List<String> points() {
        return points;
    }

    /** The points probed when none are named: all but those inside residual bodies. */
    @Override
    public List<String> defaultPoints() {
        return points.stream().filter(p -> !inner.contains(p)).toList();
    }

    public Block block() {
        return root;
    }

    /** The top-level steps that will run, in order; for inspection and tests. */
    public List<NetworkStep> steps() {
        return steps;
    }

    /**
     * Runs the block on {@code input} and returns a copy of the state at each wanted point, in
     * forward order, owned by {@code manager}. The map always ends with {@code logits} when it is
     * wanted.
     */
    @Override
    public Map<String, NDArray> run(NDManager manager, NDArray input, Set<String> wanted) {
        Map<String, NDArray> states = new LinkedHashMap<>();
        try (NDManager scratch = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(scratch, false);
            if (wanted.contains(Network.INPUT)) {
                states.put(Network.INPUT, keep(input, manager));
            }
            NDList current = new NDList(input);
            for (NetworkStep step : steps) {
                if (states.keySet().containsAll(wanted)) {
                    // Later steps change no wanted state: probing the input alone runs no layer.
                    break;
                }
                current = runStep(step, ps, current, wanted, states, manager);
            }
        }
        return states;
    }

    private NDList runSteps(
            List<NetworkStep> list,
            ParameterStore ps,
            NDList current,
            Set<String> wanted,
            Map<String, NDArray> states,
            NDManager manager) {
        for (NetworkStep step : list) {
            current = runStep(step, ps, current, wanted, states, manager);
        }
        return current;
    }

    /** One step (a residual block walked into), recording its point's state where wanted. */
    private NDList runStep(
            NetworkStep step,
            ParameterStore ps,
            NDList current,
            Set<String> wanted,
            Map<String, NDArray> states,
            NDManager manager) {
        NDList out;
        if (step.isResidual()) {
            NDList body = runSteps(step.body(), ps, current, wanted, states, manager);
            NDList shortcut = step.shortcut().forward(ps, current, false);
            out = ResidualSum.apply(List.of(body, shortcut));
        } else {
            out = step.block().forward(ps, current, false);
        }
        if (step.point() != null && wanted.contains(step.point())) {
            states.put(step.point(), keep(out.singletonOrThrow(), manager));
        }
        return out;
    }

    /**
     * The points whose state feeds {@code point} through affine steps alone, so that {@code
     * point}'s state is an exact affine map of each of theirs; nearest first, {@code input} last
     * when the chain reaches it. A chain never crosses a nonlinear step (an activation other than
     * the identity, max-pooling) and stays within one residual body. The probe engine fits a probe
     * through the narrowest of them that it keeps (see {@link AffineMap}).
     */
    @Override
    public List<String> affineSources(String point) {
        Position pos = positions.get(point);
        List<String> sources = new ArrayList<>();
        if (pos == null) {
            return sources;
        }
        for (int j = pos.index(); j >= 0 && pos.list().get(j).affine(); j--) {
            if (j == 0) {
                if (pos.topLevel()) {
                    sources.add(Network.INPUT);
                }
            } else if (pos.list().get(j - 1).point() != null) {
                sources.add(pos.list().get(j - 1).point());
            }
        }
        return sources;
    }

    /**
     * Runs the steps from {@code source}'s state to {@code point}'s, which {@link #affineSources}
     * lists as one of its sources, in inference mode.
     */
    NDList runBetween(String source, String point, ParameterStore ps, NDList sourceState) {
        if (!affineSources(point).contains(source)) {
            throw new IllegalArgumentException(source + " is not an affine source of " + point);
        }
        // Sources are earlier points of the same step list (or the input), as affineSources finds them.
        Position to = positions.get(point);
        int from = source.equals(Network.INPUT) ? -1 : positions.get(source).index();
        NDList current = sourceState;
        for (int i = from + 1; i <= to.index(); i++) {
            NetworkStep step = to.list().get(i);
            if (step.isResidual()) {
                NDList body = runSteps(step.body(), ps, current, Set.of(), new LinkedHashMap<>(), null);
                current = ResidualSum.apply(List.of(body, step.shortcut().forward(ps, current, false)));
            } else {
                current = step.block().forward(ps, current, false);
            }
        }
        return current;
    }

    /** A detached copy in {@code manager}: survives the scratch manager and later in-place ops. */
    private static NDArray keep(NDArray a, NDManager manager) {
        NDArray copy = a.duplicate();
        copy.attach(manager);
        return copy;
    }
}
