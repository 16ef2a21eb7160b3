package org.layerprobe.nets;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerprobe.LayerprobeException;

/**
 * A layer list walked on a sample shape before anything is built: every layer's probe-point name
 * and shapes, the parameter count and the state size. A list whose shapes do not fit is refused
 * here, naming the layer, the shape it gets and the fix, so that nothing trains first.
 *
 * <p>Point names follow the list so that a reader recognises them. A convolution opens the stage
 * {@code convK} (its output is {@code convK.pre}), a dense layer {@code fcK}, a residual block
 * {@code resK} (its output, after the addition, is {@code resK.out}); the first activation and the
 * first pooling after a stage opens are {@code <stage>.act} and {@code <stage>.pool}. Any other
 * activation, pooling, batch norm or global average pooling is numbered on its own ({@code act2},
 * {@code pool1}, {@code bn1}, {@code gap1}). Inside a residual block the same rule runs afresh under
 * the block's prefix ({@code res1.conv1.pre}). Flatten and dropout are not points: in inference
 * mode their state is the point before. The logits layer is {@code logits}.
 */
public final class NetworkPlan {

    private final ArchitectureSpec architecture;
    private final Shape input;
    private final List<PlannedLayer> layers;

    private NetworkPlan(ArchitectureSpec architecture, Shape input, List<PlannedLayer> layers) {
        this.architecture = architecture;
        this.input = input;
        this.layers = List.copyOf(layers);
    }

    /**
     * Walks {@code arch}'s list, then the logits layer of {@code classes} units, on samples of
     * {@code input} (no batch axis).
     *
     * @throws LayerprobeException when a layer does not fit the state it gets
     */
    public static NetworkPlan of(ArchitectureSpec arch, Shape input, int classes) {
        Walk walk = new Walk(arch, "");
        Shape shape = input;
        List<PlannedLayer> planned = new ArrayList<>();
        List<Layer> list = arch.layerList();
        for (int i = 0; i < list.size(); i++) {
            PlannedLayer p = walk.layer(list.get(i), "layers[" + i + "]", shape);
            planned.add(p);
            shape = p.out();
        }
        if (shape.dimension() != 1) {
            throw walk.refusal(
                    "the logits layer",
                    shape,
                    "it needs one vector per sample",
                    "end the list with flatten (or a global average pooling)");
        }
        planned.add(new PlannedLayer(
                new Layer.Dense(classes), Network.LOGITS, "logits", shape, new Shape(classes), List.of(), false));
        NetworkPlan plan = new NetworkPlan(arch, input, planned);
        plan.requireUniquePoints();
        return plan;
    }

    public ArchitectureSpec architecture() {
        return architecture;
    }

    /** The sample shape the plan was walked on. */
    public Shape input() {
        return input;
    }

    /** The top-level layers in order, ending with the logits. */
    public List<PlannedLayer> layers() {
        return layers;
    }

    /** Weights and biases the network trains. */
    public long parameters() {
        long count = 0;
        for (PlannedLayer p : layers) {
            count = Math.addExact(count, p.parameters());
        }
        return count;
    }

    /** Values one sample's forward pass produces (every layer's output): the activations training keeps. */
    public long stateValues() {
        long values = input.size();
        for (PlannedLayer p : layers) {
            values = Math.addExact(values, p.stateValues());
        }
        return values;
    }

    /** Every point's width per sample in forward order, {@code input} first, residual bodies included. */
    public Map<String, Long> pointWidths() {
        Map<String, Long> widths = new LinkedHashMap<>();
        widths.put(Network.INPUT, input.size());
        collect(layers, widths);
        return widths;
    }

    private static void collect(List<PlannedLayer> layers, Map<String, Long> widths) {
        for (PlannedLayer p : layers) {
            collect(p.body(), widths);
            if (p.point() != null) {
                widths.put(p.point(), p.out().size());
            }
        }
    }

    private void requireUniquePoints() {
        Set<String> seen = new HashSet<>();
        for (String p : pointWidths().keySet()) {
            if (!seen.add(p)) {
                throw new IllegalStateException("two points are named " + p);
            }
        }
    }

    /** One naming context: the top level, or a residual block's body under its prefix. */
    private static final class Walk {
        private final ArchitectureSpec arch;
        private final String prefix;
        private final Map<String, Integer> counters = new LinkedHashMap<>();
        private String stage;
        private final Set<String> stageUsed = new HashSet<>();

        Walk(ArchitectureSpec arch, String prefix) {
            this.arch = arch;
            this.prefix = prefix;
        }

        PlannedLayer layer(Layer layer, String path, Shape in) {
            if (layer instanceof Layer.Conv c) {
                requireImage(path, layer, in);
                long h = convSide(in.get(1), c);
                long w = convSide(in.get(2), c);
                if (h < 1 || w < 1) {
                    throw refusal(
                            path + " (" + layer.describe() + ")",
                            in,
                            "its " + c.kernel() + "x" + c.kernel() + " kernel does not fit the padded map",
                            "pad it, use a smaller kernel, or fewer layers that shrink the map before it");
                }
                return leaf(layer, open("conv") + ".pre", path, in, new Shape(c.channels(), h, w));
            }
            if (layer instanceof Layer.Dense d) {
                if (in.dimension() != 1) {
                    throw refusal(
                            path + " (" + layer.describe() + ")",
                            in,
                            "a dense layer needs one vector per sample",
                            "put flatten (or a global average pooling) before it");
                }
                return leaf(layer, open("fc") + ".pre", path, in, new Shape(d.units()));
            }
            if (layer instanceof Layer.Pool p) {
                requireImage(path, layer, in);
                String point = inStage("pool");
                if (in.get(1) < p.size() || in.get(2) < p.size()) {
                    throw refusal(
                            point + " (" + path + ", " + layer.describe() + ")",
                            in,
                            point + " would get a " + in.get(1) + "x" + in.get(2) + " input, too small for its "
                                    + p.size() + "x" + p.size() + " window",
                            "remove it, use a smaller window, fewer layers that shrink the map before it, or larger"
                                    + " images");
                }
                long h = (in.get(1) - p.size()) / p.stride() + 1;
                long w = (in.get(2) - p.size()) / p.stride() + 1;
                return leaf(layer, point, path, in, new Shape(in.get(0), h, w));
            }
            if (layer instanceof Layer.GlobalAvgPool) {
                requireImage(path, layer, in);
                return leaf(layer, numbered("gap"), path, in, new Shape(in.get(0)));
            }
            if (layer instanceof Layer.BatchNorm) {
                return leaf(layer, numbered("bn"), path, in, in);
            }
            if (layer instanceof Layer.Act) {
                return leaf(layer, inStage("act"), path, in, in);
            }
            if (layer instanceof Layer.Dropout) {
                return leaf(layer, null, path, in, in);
            }
            if (layer instanceof Layer.Flatten) {
                return leaf(layer, null, path, in, new Shape(in.size()));
            }
            if (layer instanceof Layer.Residual r) {
                return residual(r, path, in);
            }
            throw new IllegalStateException(layer.toString());
        }

        private PlannedLayer residual(Layer.Residual r, String path, Shape in) {
            String name = open("res");
            Walk inner = new Walk(arch, name + ".");
            List<PlannedLayer> body = new ArrayList<>();
            Shape shape = in;
            for (int i = 0; i < r.layers().size(); i++) {
                PlannedLayer p = inner.layer(r.layers().get(i), path + ".residual.layers[" + i + "]", shape);
                body.add(p);
                shape = p.out();
            }
            boolean projected = !shape.equals(in);
            if (projected) {
                String what = name + ".out (" + path + ")";
                if (!r.projection()) {
                    throw refusal(
                            what,
                            in,
                            "its body gives " + shape + ", so input + body cannot be added",
                            "add projection: true (a 1x1 convolution or dense layer maps the input to the body's"
                                    + " shape), or make the body keep the shape");
                }
                if (in.dimension() != shape.dimension()) {
                    throw refusal(
                            what,
                            in,
                            "its body gives " + shape + "; a projection maps images to images or"
                                    + " vectors to vectors",
                            "flatten before the block or inside it at its end, not both");
                }
                if (in.dimension() == 3 && projectionStride(in, shape) < 1) {
                    throw refusal(
                            what,
                            in,
                            "its body gives " + shape + ", which no strided 1x1 convolution of the" + " input gives",
                            "shrink the map in the body by a whole factor (a stride or a pool)");
                }
            }
            return new PlannedLayer(r, name + ".out", path, in, shape, body, projected);
        }

        private PlannedLayer leaf(Layer layer, String point, String path, Shape in, Shape out) {
            return new PlannedLayer(layer, point == null ? null : prefix + point, path, in, out, List.of(), false);
        }

        /** Opens a new stage such as {@code conv2} and returns its name. */
        private String open(String kind) {
            stage = numbered(kind);
            stageUsed.clear();
            return stage;
        }

        /** {@code <stage>.<role>} the first time the current stage has that role, else a number of its own. */
        private String inStage(String role) {
            if (stage != null && stageUsed.add(role)) {
                return stage + "." + role;
            }
            return numbered(role);
        }

        private String numbered(String kind) {
            return kind + counters.merge(kind, 1, Integer::sum);
        }

        private void requireImage(String path, Layer layer, Shape in) {
            if (in.dimension() != 3) {
                throw refusal(
                        path + " (" + layer.describe() + ")",
                        in,
                        "it needs image states (channels, height, width)",
                        "move it before the flatten, or use dense layers for vector data");
            }
        }

        LayerprobeException refusal(String where, Shape in, String problem, String fix) {
            return LayerprobeException.withFix(
                    "architecture " + arch.id() + " does not fit: " + where + " gets a state of shape " + in
                            + " per sample; " + problem,
                    fix);
        }
    }

    static long convSide(long side, Layer.Conv c) {
        return (side + 2L * c.padding() - c.kernel()) / c.stride() + 1;
    }

    /** The stride of a 1x1 convolution taking {@code in}'s map to {@code out}'s, or 0 when none does. */
    static int projectionStride(Shape in, Shape out) {
        for (int s = 1; s <= in.get(1) && s <= in.get(2); s++) {
            if ((in.get(1) - 1) / s + 1 == out.get(1) && (in.get(2) - 1) / s + 1 == out.get(2)) {
                return s;
            }
        }
        return 0;
    }
}
