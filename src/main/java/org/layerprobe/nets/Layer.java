package org.layerprobe.nets;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Locale;
import org.layerprobe.LayerprobeException;

/**
 * One entry of a layer list: what a spec's {@code layers:} states and what the presets expand to.
 * A list is a plain value (records all the way down), so it serialises into run keys, model-cache
 * keys, manifests and saved models as it was written; {@link NetworkPlan} names its points and
 * checks its shapes, {@link NetworkBuilder} turns it into DJL blocks.
 *
 * <p>The values checked here are those that are wrong whatever the input (a kernel of 0, a dropout
 * rate of 1); whether a layer fits the state it gets is {@link NetworkPlan}'s to decide.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Layer.Conv.class, name = "conv"),
    @JsonSubTypes.Type(value = Layer.Pool.class, name = "pool"),
    @JsonSubTypes.Type(value = Layer.GlobalAvgPool.class, name = "global_avg_pool"),
    @JsonSubTypes.Type(value = Layer.BatchNorm.class, name = "batch_norm"),
    @JsonSubTypes.Type(value = Layer.Dropout.class, name = "dropout"),
    @JsonSubTypes.Type(value = Layer.Flatten.class, name = "flatten"),
    @JsonSubTypes.Type(value = Layer.Dense.class, name = "dense"),
    @JsonSubTypes.Type(value = Layer.Act.class, name = "act"),
    @JsonSubTypes.Type(value = Layer.Residual.class, name = "residual")
})
public sealed interface Layer {

    /** The widest layer accepted: 65,536 units or channels (an MLP layer on MNIST then has 51 M weights). */
    int MAX_WIDTH = 65_536;

    /** A short readable form for ids, setup tables and messages, e.g. {@code conv 3x3/1 p1 16}. */
    String describe();

    /**
     * A 2-d convolution.
     *
     * @param channels output channels (filters)
     * @param kernel square kernel side
     * @param stride step in both directions
     * @param padding zeros added on every side
     */
    record Conv(int channels, int kernel, int stride, int padding) implements Layer {
        public Conv {
            width("conv channels", channels);
            atLeast("conv kernel", kernel, 1);
            atLeast("conv stride", stride, 1);
            atLeast("conv padding", padding, 0);
            if (padding >= kernel) {
                throw new LayerprobeException("conv padding " + padding + " is not smaller than its kernel " + kernel
                        + "; the outer outputs would see zeros only (use at most " + (kernel - 1) + ")");
            }
        }

        @Override
        public String describe() {
            return "conv " + kernel + "x" + kernel + (stride == 1 ? "" : " stride " + stride)
                    + (padding == 0 ? "" : " pad " + padding) + ", " + channels + " ch";
        }
    }

    /**
     * Max or average pooling over square windows.
     *
     * @param mode {@code max} (a nonlinearity) or {@code avg} (affine)
     * @param size window side
     * @param stride step; the window side when written as 0
     */
    record Pool(String mode, int size, int stride) implements Layer {
        public static final List<String> MODES = List.of("max", "avg");

        public Pool {
            mode = mode == null ? null : mode.trim().toLowerCase(Locale.ROOT);
            if (!MODES.contains(mode)) {
                throw new LayerprobeException(
                        "pool mode '" + mode + "' is unknown; valid choices: " + String.join(", ", MODES));
            }
            atLeast("pool size", size, 1);
            stride = stride == 0 ? size : stride;
            atLeast("pool stride", stride, 1);
        }

        @JsonIgnore
        public boolean isMax() {
            return mode.equals("max");
        }

        @Override
        public String describe() {
            return mode + "-pool " + size + "x" + size + (stride == size ? "" : " stride " + stride);
        }
    }

    /** Average over each channel's whole map: (C, H, W) to (C). */
    record GlobalAvgPool() implements Layer {
        @Override
        public String describe() {
            return "global avg-pool";
        }
    }

    /** Batch normalisation over the channel (or feature) axis; probed on its running statistics. */
    record BatchNorm() implements Layer {
        @Override
        public String describe() {
            return "batch norm";
        }
    }

    /**
     * Dropout while training; the identity in inference mode, where states are captured.
     *
     * @param rate the fraction of units dropped, in [0, 1)
     */
    record Dropout(double rate) implements Layer {
        public Dropout {
            if (!(rate >= 0 && rate < 1)) {
                throw new LayerprobeException("dropout rate " + rate + " is outside [0, 1); 0.5 drops half the units");
            }
        }

        @Override
        public String describe() {
            return "dropout " + rate;
        }
    }

    /** Reshapes each sample to one vector. */
    record Flatten() implements Layer {
        @Override
        public String describe() {
            return "flatten";
        }
    }

    /**
     * A fully connected layer.
     *
     * @param units output width
     */
    record Dense(int units) implements Layer {
        public Dense {
            width("dense units", units);
        }

        @Override
        public String describe() {
            return "dense " + units;
        }
    }

    /**
     * An activation.
     *
     * @param fixed a registry name that stays whatever the spec's {@code activations:} say, or null
     *     for the slot the configuration's activation fills
     */
    record Act(String fixed) implements Layer {
        public Act {
            fixed = fixed == null ? null : Activations.get(fixed).name();
        }

        /** The slot that the configuration's activation fills. */
        public static Act slot() {
            return new Act(null);
        }

        /** The activation this layer applies in a network built with {@code configured}. */
        public ActivationFunction resolve(ActivationFunction configured) {
            return fixed == null ? configured : Activations.get(fixed);
        }

        @Override
        public String describe() {
            return fixed == null ? "act" : "act " + fixed;
        }
    }

    /**
     * A residual block: output = input + f(input), f being {@code layers}.
     *
     * @param layers the body f
     * @param projection whether a 1x1 convolution (or a dense layer, for vectors) maps the input to
     *     f's shape when the two differ; without it a shape change is refused
     */
    record Residual(List<Layer> layers, boolean projection) implements Layer {
        public Residual {
            layers = layers == null ? List.of() : List.copyOf(layers);
            if (layers.isEmpty()) {
                throw new LayerprobeException("a residual block needs at least one layer in its body");
            }
        }

        @Override
        public String describe() {
            StringBuilder b = new StringBuilder("residual [");
            for (int i = 0; i < layers.size(); i++) {
                b.append(i == 0 ? "" : "; ").append(layers.get(i).describe());
            }
            return b.append(projection ? "] + projection" : "]").toString();
        }
    }

    private static void atLeast(String what, int value, int min) {
        if (value < min) {
            throw new LayerprobeException(what + " must be >= " + min + ", got " + value);
        }
    }

    private static void width(String what, int value) {
        atLeast(what, value, 1);
        if (value > MAX_WIDTH) {
            throw new LayerprobeException(what + " of " + value + " is more than " + MAX_WIDTH
                    + " (a layer that wide needs gigabytes of parameters and states; probing studies use widths of"
                    + " 8 to 4,096)");
        }
    }
}
