package org.layerprobe.nets;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A DJL {@link SequentialBlock} together with the probe-point name of each of its children.
 *
 * <p>DJL keys children by class name ("01Conv2d", "02LambdaBlock"), which cannot tell a relu from
 * a flatten; our names are stable and printable ({@code conv1.pre}, {@code conv1.act}, ...). A
 * child whose name is {@code null} (flatten, dropout) is run but not a probe point. The input is
 * always the point {@code input}.
 *
 * @param block the network, children in execution order
 * @param childPoints one entry per top-level child: its probe point name or null
 * @param inputShape shape of one sample, without the batch axis (e.g. [1, 28, 28])
 * @param architecture what was built
 * @param activation the nonlinearity used between layers
 */
public record Network(
        SequentialBlock block,
        List<String> childPoints,
        Shape inputShape,
        ArchitectureSpec architecture,
        ActivationFunction activation) {

    public static final String INPUT = "input";
    public static final String LOGITS = "logits";

    public Network {
        childPoints = Collections.unmodifiableList(new ArrayList<>(childPoints));
        if (childPoints.size() != block.getChildren().size()) {
            throw new IllegalArgumentException(
                    childPoints.size() + " names for " + block.getChildren().size() + " children");
        }
    }

    /** Every probe point in forward order, starting with {@code input}, ending with {@code logits}. */
    public List<String> points() {
        List<String> p = new ArrayList<>();
        p.add(INPUT);
        for (String s : childPoints) {
            if (s != null) {
                p.add(s);
            }
        }
        return p;
    }

    /** Name of the top-level child at {@code index}, or null when it is not a probe point. */
    public String pointOfChild(int index) {
        return childPoints.get(index);
    }

    public Block child(int index) {
        return block.getChildren().get(index).getValue();
    }

    /** A readable id such as {@code cnn-16-32-d64/relu}. */
    public String id() {
        return architecture.id() + "/" + activation.name();
    }
}
