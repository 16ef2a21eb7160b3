package org.layerprobe.metrics;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.layerprobe.LayerprobeException;
import org.layerprobe.nets.ActivationFunction;

/**
 * The derivative f'(z) of a registered activation, taken by DJL's autograd through the very
 * implementation the networks use (never a hand-written formula, so it cannot drift from it).
 *
 * <p>Element-wise activations have a diagonal Jacobian, so one backward pass of {@code sum(f(z))}
 * gives every f'(z_i) at once. Large inputs are processed in chunks of {@link #CHUNK} elements to
 * bound the memory the autograd graph holds.
 *
 * <p>DJL's PyTorch engine allows one open {@link GradientCollector} per <em>process</em> (a static
 * flag, not per thread). Calls here are serialised, and a call made while a training step holds a
 * collector fails with a {@link LayerprobeException} rather than corrupting that step.
 */
public final class ActivationDerivative {

    /** Elements per autograd pass. */
    public static final int CHUNK = 1 << 20;

    private static final Object LOCK = new Object();

    private ActivationDerivative() {}

    /** f'(z) for each element of {@code z}; {@code z} is not modified. */
    public static float[] of(ActivationFunction f, float[] z) {
        float[] out = new float[z.length];
        synchronized (LOCK) {
            try (NDManager manager = NDManager.newBaseManager();
                    GradientCollector gc = openCollector(f)) {
                for (int from = 0; from < z.length; from += CHUNK) {
                    int n = Math.min(CHUNK, z.length - from);
                    float[] part = new float[n];
                    System.arraycopy(z, from, part, 0, n);
                    try (NDManager chunk = manager.newSubManager()) {
                        NDArray x = chunk.create(part);
                        x.setRequiresGradient(true);
                        NDArray y = f.apply(x);
                        gc.backward(y.sum());
                        float[] grad = x.getGradient().toFloatArray();
                        System.arraycopy(grad, 0, out, from, n);
                    }
                }
            }
        }
        return out;
    }

    /** f'(z) at one point; convenient for tests and tables, slow in loops. */
    public static double at(ActivationFunction f, double z) {
        return of(f, new float[] {(float) z})[0];
    }

    /**
     * f'(z) as a new float32 array of {@code z}'s shape, attached to {@code z}'s manager. Values
     * are copied out of {@code z}, so its own gradient state is left untouched.
     */
    public static NDArray of(ActivationFunction f, NDArray z) {
        Shape shape = z.getShape();
        float[] values = toFloats(z);
        return z.getManager().create(of(f, values), shape);
    }

    /** A float32 copy of any numeric array's values. */
    static float[] toFloats(NDArray z) {
        if (z.getDataType() == DataType.FLOAT32) {
            return z.toFloatArray();
        }
        try (NDArray cast = z.toType(DataType.FLOAT32, true)) {
            return cast.toFloatArray();
        }
    }

    private static GradientCollector openCollector(ActivationFunction f) {
        try {
            return Engine.getInstance().newGradientCollector();
        } catch (IllegalStateException e) {
            throw LayerprobeException.withFix(
                    "cannot take the derivative of '" + f.name() + "' while another gradient" + " collector is open ("
                            + e.getMessage() + ")",
                    "measure derivatives and unit health outside the training step (after"
                            + " trainer.step() or between epochs), not inside a GradientCollector");
        }
    }
}
