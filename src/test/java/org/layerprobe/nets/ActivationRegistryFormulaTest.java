package org.layerprobe.nets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The activation registry matches its formula: each DJL implementation against the textbook. */
class ActivationRegistryFormulaTest {

    private static final double[] POINTS = {-3, -1, -0.5, 0, 0.5, 1, 2, 4};
    private static final double SELU_LAMBDA = 1.0507009873554805;
    private static final double SELU_ALPHA = 1.6732632423543772;

    private static double apply(String name, double x) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray out = Activations.get(name).apply(m.create(new float[] {(float) x}));
            return out.toFloatArray()[0];
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double softplus(double x) {
        return Math.log1p(Math.exp(x));
    }

    /** Standard normal CDF via erf (Abramowitz and Stegun 7.1.26, error < 1.5e-7). */
    private static double phi(double x) {
        double z = Math.abs(x) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * z);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double erf = 1 - poly * Math.exp(-z * z);
        return 0.5 * (1 + Math.copySign(erf, x));
    }

    private static void assertFormula(String name, DoubleUnaryOperator formula) {
        for (double x : POINTS) {
            assertEquals(formula.applyAsDouble(x), apply(name, x), 1e-5, name + "(" + x + ")");
        }
    }

    @Test
    void knownValuesAtLandmarks() {
        assertEquals(0.5, apply("sigmoid", 0), 1e-7);
        assertEquals(-0.02, apply("leaky_relu", -2), 1e-7);
        assertEquals(Math.exp(-1) - 1, apply("elu", -1), 1e-6);
        assertEquals(0.0, apply("relu", -2));
        assertEquals(Math.log(2), apply("softplus", 0), 1e-6);
        assertEquals(0.5, apply("softsign", 1), 1e-7);
    }

    @Test
    void geluIsTheExactErfFormNotTheTanhApproximation() {
        // x * Phi(1) = 0.841345; the tanh approximation gives 0.841192, 1.5e-4 away.
        assertEquals(0.8413447460685429, apply("gelu", 1), 1e-5);
        double tanhApprox = 0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (1 + 0.044715)));
        assertEquals(true, Math.abs(apply("gelu", 1) - tanhApprox) > 1e-4);
    }

    @Test
    void everyActivationMatchesItsFormula() {
        assertFormula("identity", x -> x);
        assertFormula("relu", x -> Math.max(0, x));
        assertFormula("leaky_relu", x -> x > 0 ? x : Activations.LEAKY_RELU_ALPHA * x);
        assertFormula("elu", x -> x > 0 ? x : Activations.ELU_ALPHA * (Math.exp(x) - 1));
        assertFormula("selu", x -> SELU_LAMBDA * (x > 0 ? x : SELU_ALPHA * (Math.exp(x) - 1)));
        assertFormula("gelu", x -> x * phi(x));
        assertFormula("swish", x -> x * sigmoid(x));
        assertFormula("softplus", ActivationRegistryFormulaTest::softplus);
        assertFormula("softsign", x -> x / (1 + Math.abs(x)));
        assertFormula("sigmoid", ActivationRegistryFormulaTest::sigmoid);
        assertFormula("tanh", Math::tanh);
    }

    @Test
    void mishMatchesItsFormula() {
        // DJL 0.35.1's NDArrayEx.mish() computes x * tanh(log2(1 + e^x)): base-2 log instead of
        // the natural log of softplus, e.g. -0.2099 instead of -0.1456 at x = -3. The registry
        // must compose mish itself: x.mul(Activation.softPlus(x).tanh()).
        for (double x : POINTS) {
            assertEquals(
                    x * Math.tanh(softplus(x)),
                    apply("mish", x),
                    1e-5,
                    "mish(" + x + "); if this equals x*tanh(log2(1+e^x)) the registry still uses"
                            + " DJL's Activation.mish, which has the log2 bug");
        }
    }

    @Test
    void djlMishStillUsesBase2Log() {
        // Guards the workaround above: when DJL fixes its mish this fails, and the registry can
        // go back to Activation::mish.
        try (NDManager m = NDManager.newBaseManager()) {
            float got = ai.djl.nn.Activation.mish(m.create(new float[] {-3f})).toFloatArray()[0];
            double log2Softplus = Math.log1p(Math.exp(-3)) / Math.log(2);
            assertEquals(-3 * Math.tanh(log2Softplus), got, 1e-5);
        }
    }

    @Test
    void everyRegisteredActivationIsCovered() {
        assertEquals(
                java.util.List.of(
                        "identity",
                        "relu",
                        "leaky_relu",
                        "elu",
                        "selu",
                        "gelu",
                        "swish",
                        "mish",
                        "softplus",
                        "softsign",
                        "sigmoid",
                        "tanh"),
                Activations.names());
    }
}
