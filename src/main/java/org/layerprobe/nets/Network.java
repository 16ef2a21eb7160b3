package org.layerprobe.nets;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;

/**
 * A DJL {@link SequentialBlock} together with the probe-point name of each of its children.
 *
 * <p>DJL keys children by class name ("01Conv2d", "02LambdaBlock"), which cannot tell a relu from
 * a flatten; our names are stable and printable ({@code conv1.pre}, {@code conv1.act}, ...). A
 * child whose point is {@code null} (flatten, dropout) is run but not a probe point. The input is
 * always the point {@code input}.
 *
 * @param block the network, children in execution order
 * @param steps one entry per top-level child, in order: its point, whether it is affine, and a
 *     residual block's body
 * @param inputShape shape of one sample, without the batch axis (e.g. [1, 28, 28])
 * @param architecture what was built
 * @param activation the nonlinearity that fills the list's activation slots
 */
public record Network(
        SequentialBlock block,
        List<NetworkStep> steps,
        Shape inputShape,
        ArchitectureSpec architecture,
        ActivationFunction activation) {

    public static final String INPUT = "input";
    public static final String LOGITS = "logits";

    public Network {
        steps = List.copyOf(steps);
        if (steps.size() != block.getChildren().size()) {
            throw new IllegalArgumentException(
                    steps.size() + " steps for " + block.getChildren().size() + " children");
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).block() != block.getChildren().get(i).getValue()) {
                throw new IllegalArgumentException("step " + i + " is not the block's child " + i);
            }
        }
    }

    /**
     * A network of plain children named in order ({@code null}: not a point); a convolution or dense
     * child counts as affine, anything else as not, and a child named {@code X.act} right after one
     * named {@code X.pre} applies {@code activation}.
     */
    public static Network named(
            SequentialBlock block,
            List<String> childPoints,
            Shape inputShape,
            ArchitectureSpec architecture,
            ActivationFunction activation) {
        if (childPoints.size() != block.getChildren().size()) {
            throw new IllegalArgumentException(
                    childPoints.size() + " names for " + block.getChildren().size() + " children");
        }
        List<NetworkStep> steps = new ArrayList<>();
        for (int i = 0; i < childPoints.size(); i++) {
            Block b = block.getChildren().get(i).getValue();
            String name = childPoints.get(i);
            String before = i == 0 ? null : childPoints.get(i - 1);
            if (name != null
                    && before != null
                    && before.endsWith(".pre")
                    && name.equals(before.replace(".pre", ".act"))) {
                steps.add(NetworkStep.activation(b, name, activation));
            } else {
                steps.add(NetworkStep.leaf(b, name, b instanceof Convolution || b instanceof Linear));
            }
        }
        return new Network(block, steps, inputShape, architecture, activation);
    }

    /** Every probe point in forward order, starting with {@code input}, ending with {@code logits}. */
    public List<String> points() {
        List<String> p = new ArrayList<>();
        p.add(INPUT);
        collect(steps, p);
        return p;
    }

    private static void collect(List<NetworkStep> steps, List<String> out) {
        for (NetworkStep s : steps) {
            collect(s.body(), out);
            if (s.point() != null) {
                out.add(s.point());
            }
        }
    }

    /** The point of each top-level child, null where a child is not a point. */
    public List<String> childPoints() {
        List<String> names = new ArrayList<>();
        for (NetworkStep s : steps) {
            names.add(s.point());
        }
        return names;
    }

    /** Name of the top-level child at {@code index}, or null when it is not a probe point. */
    public String pointOfChild(int index) {
        return steps.get(index).point();
    }

    public Block child(int index) {
        return block.getChildren().get(index).getValue();
    }

    /** A readable id such as {@code cnn-16-32-d64/relu}. */
    public String id() {
        return architecture.id() + "/" + activation.name();
    }
}
