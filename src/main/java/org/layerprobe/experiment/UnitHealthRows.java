package org.layerprobe.experiment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.layerprobe.data.BatchIterator;
import org.layerprobe.data.LabeledData;
import org.layerprobe.hooks.HookedForward;
import org.layerprobe.metrics.UnitHealth;
import org.layerprobe.nets.Network;
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
        for (int i = 0; i + 1 < points.size(); i++) {
            String pre = points.get(i);
            String act = points.get(i + 1);
            if (!pre.endsWith(".pre") || !act.equals(pre.replace(".pre", ".act"))) {
                continue;
            }
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray z = preActivations(m, hooked, pre, validation);
                UnitHealth health = UnitHealth.measure(net.activation(), z);
                rows.addAll(health.rows(id.atCheckpoint(ResultRow.TRAINED).atPoint(act, i + 1)));
            }
        }
        return rows;
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
        ai.djl.ndarray.NDList list = new ai.djl.ndarray.NDList(parts);
        return parts.size() == 1 ? parts.get(0) : ai.djl.ndarray.NDArrays.concat(list, 0);
    }
}
