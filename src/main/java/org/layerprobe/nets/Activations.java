package org.layerprobe.nets;

import ai.djl.nn.Activation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.layerprobe.LayerprobeException;
import org.layerprobe.nets.ActivationFunction.Family;

/** The registry of activations by name, each backed by DJL's own implementation. */
public final class Activations {

    /** Slope of leaky relu for negative inputs (PyTorch's default). */
    public static final float LEAKY_RELU_ALPHA = 0.01f;
    /** Scale of elu for negative inputs. */
    public static final float ELU_ALPHA = 1.0f;

    private static final Map<String, ActivationFunction> REGISTRY = build();

    private Activations() {}

    private static Map<String, ActivationFunction> build() {
        Map<String, ActivationFunction> m = new LinkedHashMap<>();
        put(m, new ActivationFunction("identity", "x", Family.LINEAR, x -> x));
        put(m, new ActivationFunction("relu", "max(0, x)", Family.RECTIFIER, Activation::relu));
        put(
                m,
                new ActivationFunction(
                        "leaky_relu",
                        "max(0.01x, x)",
                        Family.RECTIFIER,
                        x -> Activation.leakyRelu(x, LEAKY_RELU_ALPHA)));
        put(
                m,
                new ActivationFunction(
                        "elu", "x if x>0 else exp(x)-1", Family.RECTIFIER, x -> Activation.elu(x, ELU_ALPHA)));
        put(
                m,
                new ActivationFunction(
                        "selu", "1.0507 * (x if x>0 else 1.6733(exp(x)-1))", Family.RECTIFIER, Activation::selu));
        put(m, new ActivationFunction("gelu", "x * Phi(x)", Family.RECTIFIER, Activation::gelu));
        put(
                m,
                new ActivationFunction(
                        "swish", "x * sigmoid(x)  (silu)", Family.RECTIFIER, x -> Activation.swish(x, 1f)));
        // DJL 0.35.1's Activation.mish uses a base-2 log inside softplus; this is the real mish.
        put(
                m,
                new ActivationFunction(
                        "mish",
                        "x * tanh(softplus(x))",
                        Family.RECTIFIER,
                        x -> x.mul(Activation.softPlus(x).tanh())));
        put(m, new ActivationFunction("softplus", "log(1 + exp(x))", Family.RECTIFIER, Activation::softPlus));
        put(m, new ActivationFunction("softsign", "x / (1 + |x|)", Family.SATURATING, Activation::softSign));
        put(m, new ActivationFunction("sigmoid", "1 / (1 + exp(-x))", Family.SATURATING, Activation::sigmoid));
        put(m, new ActivationFunction("tanh", "tanh(x)", Family.SATURATING, Activation::tanh));
        return Collections.unmodifiableMap(m);
    }

    private static void put(Map<String, ActivationFunction> m, ActivationFunction f) {
        m.put(f.name(), f);
    }

    /** Aliases users commonly type. */
    private static String canonical(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (n) {
            case "silu" -> "swish";
            case "linear", "none" -> "identity";
            case "leakyrelu" -> "leaky_relu";
            default -> n;
        };
    }

    /**
     * The activation registered under {@code name} (aliases: silu, linear, leakyrelu).
     *
     * @throws LayerprobeException naming the valid choices when the name is unknown
     */
    public static ActivationFunction get(String name) {
        ActivationFunction f = name == null ? null : REGISTRY.get(canonical(name));
        if (f == null) {
            throw new LayerprobeException(
                    "unknown activation '" + name + "'; valid choices: " + String.join(", ", names()));
        }
        return f;
    }

    /** All registered names, in a stable order (identity first, as the control). */
    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    /** All registered activations, in the order of {@link #names()}. */
    public static List<ActivationFunction> all() {
        return List.copyOf(REGISTRY.values());
    }
}
