package org.layerprobe.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import java.util.function.UnaryOperator;

/**
 * One registered activation: a stable name, DJL's implementation of it, and the facts a report
 * needs to compare activations (family and the weight initialisation that suits it).
 *
 * @param name the registry name, e.g. {@code leaky_relu}
 * @param formula a short human-readable definition for reports
 * @param family what kind of nonlinearity it is; decides dead/saturation statistics and init
 * @param fn DJL's implementation, applied element-wise
 */
public record ActivationFunction(String name, String formula, Family family, UnaryOperator<NDArray> fn) {

    /** Families that share a failure mode and an initialisation. */
    public enum Family {
        /** f(x) = x: the linear control. */
        LINEAR,
        /** Rectifier-like, unbounded above, can have dead units: relu, leaky relu, elu, ... */
        RECTIFIER,
        /** Bounded and saturating: sigmoid, tanh, softsign. */
        SATURATING
    }

    /** Applies the activation to an array. */
    public NDArray apply(NDArray x) {
        return fn.apply(x);
    }

    /**
     * A DJL block applying this activation, named {@code name} so that a model's printout and the
     * hook layer can tell activations apart (DJL keys every lambda child as "LambdaBlock").
     */
    public Block block(String blockName) {
        return LambdaBlock.singleton(fn, blockName);
    }

    /** True when He (Kaiming) initialisation suits this activation better than Xavier/Glorot. */
    public boolean prefersHeInit() {
        return family == Family.RECTIFIER;
    }
}
