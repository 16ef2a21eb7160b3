package org.layerprobe.train;

import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import org.layerprobe.nets.ActivationFunction;

/** Weight initialisation suited to an activation. */
public final class Initializers {

    private Initializers() {}

    /**
     * He (Kaiming) normal for rectifiers, whose half-zeroed outputs halve the variance; Glorot
     * uniform for saturating and linear units, which want the variance kept at one both ways.
     */
    public static Initializer forActivation(ActivationFunction act) {
        if (act.prefersHeInit()) {
            return new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2);
        }
        return new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3);
    }

    /** A short description for provenance records. */
    public static String describe(ActivationFunction act) {
        return act.prefersHeInit() ? "he-normal (fan_in, magnitude 2)" : "glorot-uniform (fan_avg, magnitude 3)";
    }
}
