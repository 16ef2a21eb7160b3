package org.layerprobe.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A DJL training listener that records the L2 norm of each layer's gradient after every training
 * batch and keeps, per epoch, the mean over that epoch's batches. A layer is a parameter-path
 * prefix ("01Linear" for "01Linear_weight" and "01Linear_bias"), renamed by the function given
 * (to a probe point's name, say); its norm is that of all its parameters' gradients taken
 * together, sqrt(sum of squared norms). The training loop notifies it after backward and before
 * the optimiser's step ({@code trainer.notifyListeners(l -> l.onTrainingBatch(...))}), as DJL's
 * {@code EasyTrain} does, and {@link #onEpoch} closes an epoch. Not thread safe: one listener per
 * training run.
 */
public final class GradientNormListener extends TrainingListenerAdapter {

    private final UnaryOperator<String> layerNames;
    private final Map<String, Double> sums = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final List<Map<String, Double>> epochs = new ArrayList<>();

    /** A listener naming layers by DJL's parameter-path prefix, e.g. {@code 01Linear}. */
    public GradientNormListener() {
        this(UnaryOperator.identity());
    }

    /**
     * A listener that renames each DJL layer prefix (e.g. {@code 01Linear} to a probe-point name
     * such as {@code fc1}); a prefix mapped to {@code null} is left out.
     */
    public GradientNormListener(UnaryOperator<String> layerNames) {
        this.layerNames = layerNames;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, TrainingListener.BatchData batchData) {
        accumulate(trainer.getModel().getBlock().getParameters());
    }

    /**
     * Closes the current epoch: its per-layer means become the next entry of {@link #epochs()}.
     * Does nothing when no batch was recorded since the last epoch.
     */
    @Override
    public void onEpoch(Trainer trainer) {
        if (counts.isEmpty()) {
            return;
        }
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((layer, sum) -> means.put(layer, sum / counts.get(layer)));
        epochs.add(Collections.unmodifiableMap(means));
        sums.clear();
        counts.clear();
    }

    /** Per-epoch (index 0 = epoch 1) maps of layer to mean gradient norm, layers in model order. */
    public List<Map<String, Double>> epochs() {
        return List.copyOf(epochs);
    }

    /** The layer of a parameter path: everything before the last '_' ("model" if none). */
    static String layerOf(String parameterPath) {
        int cut = parameterPath.lastIndexOf('_');
        return cut <= 0 ? "model" : parameterPath.substring(0, cut);
    }

    private void accumulate(ParameterList parameters) {
        Map<String, Double> squares = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : parameters) {
            Parameter parameter = p.getValue();
            if (!parameter.requiresGradient() || !parameter.isInitialized()) {
                continue;
            }
            NDArray array = parameter.getArray();
            if (!array.hasGradient()) {
                continue;
            }
            String layer = layerNames.apply(layerOf(p.getKey()));
            if (layer == null) {
                continue;
            }
            squares.merge(layer, squaredNorm(array), Double::sum);
        }
        squares.forEach((layer, sq) -> {
            sums.merge(layer, Math.sqrt(sq), Double::sum);
            counts.merge(layer, 1, Integer::sum);
        });
    }

    /**
     * Squared L2 norm of an array's gradient, from its float32 norm squared in float64. Every
     * NDArray made here is closed at once: they would otherwise attach to the model's manager and
     * pile up for the whole run.
     */
    private static double squaredNorm(NDArray array) {
        try (NDArray grad = array.getGradient();
                NDArray norm = grad.norm()) {
            double n = norm.getFloat();
            return n * n;
        }
    }
}
