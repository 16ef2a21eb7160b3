package org.layerprobe.experiment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.layerprobe.data.BatchIterator;
import org.layerprobe.data.LabeledData;
import org.layerprobe.hooks.HookedForward;
import org.layerprobe.metrics.UnitHealth;
import org.layerprobe.nets.Network;
import org.layerprobe.nets.NetworkStep;
import org.layerprobe.results.ResultRow;
import org.layerprobe.results.RowIdentity;

/**
 * Unit health of every activation layer of a trained network (dead and saturated fractions, mean
 * |f'(z)|), measured on its pre-activations over the validation set, as result rows at the
 * layer's {@code .act} point.
 */
final class UnitHealthRows {

    /** Pre-activation values held at once per layer; bounds memory on wide conv layers. */
    private static final long MAX_VALUES = 40_000_000L;

    private UnitHealthRows() {}

    static List<ResultRow> of(RowIdentity id, Network net, LabeledData validation) {
        List<ResultRow> rows = new ArrayList<>();
        if (validation.size() == 0) {
            return rows;
        }
        HookedForward hooked = HookedForward.of(net);
        List<String> points = net.points();
        for (NetworkStep[] pair : activationSteps(net.steps())) {
            String pre = pair[0].point();
            String act = pair[1].point();
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray z = preActivations(m, hooked, pre, validation);
                UnitHealth health = UnitHealth.measure(pair[1].activation(), z);
                rows.addAll(health.rows(id.atCheckpoint(ResultRow.TRAINED).atPoint(act, points.indexOf(act))));
            }
        }
        return rows;
    }

    /**
     * Every activation step whose input is a point, with the step before it, in forward order
     * (residual bodies included): the activation's own function is measured on that input, so a
     * fixed activation, or one after a batch norm, is measured as it runs.
     */
    private static List<NetworkStep[]> activationSteps(List<NetworkStep> steps) {
        List<NetworkStep[]> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            NetworkStep s = steps.get(i);
            out.addAll(activationSteps(s.body()));
            if (s.activation() != null
                    && s.point() != null
                    && i > 0
                    && steps.get(i - 1).point() != null) {
                out.add(new NetworkStep[] {steps.get(i - 1), s});
            }
        }
        return out;
    }

    private static NDArray preActivations(NDManager m, HookedForward hooked, String point, LabeledData data) {
        NDArray first = hooked.run(m, BatchIterator.sequential(data.head(1), 1).features(m, 0), Set.of(point))
                .get(point);
        long width = first.getShape().size();
        int samples = (int) Math.max(1, Math.min(data.size(), MAX_VALUES / width));
        BatchIterator it = BatchIterator.sequential(data.head(samples), 500);
        List<NDArray> parts = new ArrayList<>();
        for (int b = 0; b < it.batches(); b++) {
            parts.add(hooked.run(m, it.features(m, b), Set.of(point)).get(point));
        }
        return concat(parts);
    }

    private static NDArray concat(List<NDArray> parts) {
        NDList list = new NDList(parts);
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(list, 0);
    }
}
