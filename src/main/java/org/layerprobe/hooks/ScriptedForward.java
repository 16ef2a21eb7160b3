package org.layerprobe.hooks;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerprobe.LayerprobeException;

/**
 * A TorchScript module whose method (by default {@code probe_points}, written by {@code
 * scripts/torchscript_export.py}) returns its hidden states by name: the model trained elsewhere is
 * run as PyTorch traced it, never re-implemented. Its steps are unknown here, so no point is fitted
 * through an affine source.
 *
 * <p>Images arrive as pixels in [0, 1]; the module is handed {@code (pixel - mean) / std} per
 * channel, the normalisation it was trained with, and its {@code input} point is that normalised
 * image. Gradients are off while it runs, and every state is copied out of PyTorch's result.
 */
public final class ScriptedForward implements HiddenStates, AutoCloseable {

    private final Model model;
    private final PtSymbolBlock block;
    private final String method;
    private final List<String> points;
    private final float[] mean;
    private final float[] std;

    private ScriptedForward(
            Model model, PtSymbolBlock block, String method, List<String> points, float[] mean, float[] std) {
        this.model = model;
        this.block = block;
        this.method = method;
        this.points = List.copyOf(points);
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /**
     * Loads {@code file} and checks that it has {@code method}.
     *
     * @param points the states the method returns, in forward order ({@code input} first, {@code
     *     logits} last)
     * @param mean per-channel mean subtracted from [0, 1] pixels before the module sees them
     * @param std per-channel divisor after the mean
     * @throws LayerprobeException when the file is not TorchScript or lacks the method
     */
    public static ScriptedForward load(Path file, String method, List<String> points, float[] mean, float[] std) {
        Model model = Model.newInstance(file.getFileName().toString());
        try {
            String stem = file.getFileName().toString().replaceFirst("\\.pt$", "");
            try {
                model.load(file.toAbsolutePath().getParent(), stem);
            } catch (Exception | UnsatisfiedLinkError e) {
                throw new LayerprobeException(
                        file + " is not a TorchScript file that PyTorch can load ("
                                + firstLine(e) + "); export the model with scripts/torchscript_export.py, which writes"
                                + " one with torch.jit.trace",
                        e);
            }
            if (!(model.getBlock() instanceof PtSymbolBlock block)) {
                throw new LayerprobeException(file + " did not load as a TorchScript module");
            }
            List<String> methods = Arrays.asList(JniUtils.getMethodNames(block));
            if (!methods.contains(method)) {
                throw new LayerprobeException(file + " has no method '" + method + "' (it has: "
                        + String.join(", ", methods) + "); export the model with scripts/torchscript_export.py,"
                        + " which adds probe_points(x) returning every state by name");
            }
            return new ScriptedForward(model, block, method, points, mean, std);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage()).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public List<String> points() {
        return points;
    }

    @Override
    public Map<String, NDArray> run(NDManager manager, NDArray input, Set<String> wanted) {
        long batch = input.getShape().get(0);
        Map<String, NDArray> states = new LinkedHashMap<>();
        boolean grad = JniUtils.isGradMode();
        try (NDManager scratch = manager.newSubManager()) {
            NDArray x = normalise(input, scratch);
            JniUtils.setGradMode(false);
            try (IValue in = IValue.from((PtNDArray) x);
                    IValue out = IValueUtils.runMethod(block, method, in)) {
                if (!out.isMap()) {
                    throw new LayerprobeException(method + " returned " + out.getType()
                            + ", not a Dict[str, Tensor]; export the model with scripts/torchscript_export.py");
                }
                Map<String, IValue> named = out.toIValueMap();
                try {
                    for (String p : points) {
                        if (wanted.contains(p)) {
                            states.put(p, state(named, p, batch, scratch, manager));
                        }
                    }
                } finally {
                    named.values().forEach(IValue::close);
                }
            }
        } finally {
            JniUtils.setGradMode(grad);
        }
        return states;
    }

    /** The model's input: {@code (pixel - mean) / std}, one mean and std per channel (axis 1). */
    private NDArray normalise(NDArray input, NDManager scratch) {
        long[] axes = new long[input.getShape().dimension()];
        Arrays.fill(axes, 1);
        axes[1] = mean.length;
        Shape perChannel = new Shape(axes);
        NDArray m = scratch.create(mean).reshape(perChannel);
        NDArray s = scratch.create(std).reshape(perChannel);
        NDArray x = input.sub(m).div(s);
        x.attach(scratch);
        return x;
    }

    private NDArray state(Map<String, IValue> named, String point, long batch, NDManager scratch, NDManager owner) {
        IValue v = named.get(point);
        if (v == null || !v.isTensor()) {
            throw new LayerprobeException(method + " returned no tensor named '" + point + "' (it returned: "
                    + String.join(", ", named.keySet()) + "); the sidecar's points must be the names the method"
                    + " returns: export the model and its sidecar together with scripts/torchscript_export.py");
        }
        PtNDArray t = v.toTensor((PtNDManager) scratch);
        Shape shape = t.getShape();
        if (shape.dimension() < 1 || shape.get(0) != batch) {
            throw new LayerprobeException("state '" + point + "' has shape " + shape + " for a batch of " + batch
                    + " images; every state needs the batch on its first axis (a model that fixes its batch size"
                    + " or mixes samples cannot be probed per image)");
        }
        NDArray copy = t.toType(DataType.FLOAT32, true);
        copy.attach(owner);
        return copy;
    }

    @Override
    public void close() {
        model.close();
    }
}
