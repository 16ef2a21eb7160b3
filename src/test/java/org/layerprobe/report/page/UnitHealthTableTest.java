package org.layerprobe.report.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.ResultRow;

class UnitHealthTableTest {

    private static ResultRow row(long seed, String checkpoint, String point, String metric, double v) {
        return new ResultRow("r", "mnist", "mlp-8", "relu", seed, checkpoint, point, 2, metric, v);
    }

    @Test
    void showsMeanOverSeedsOfTrainedUnitHealthOnly() {
        String html = UnitHealthTable.html(List.of(
                row(1, ResultRow.TRAINED, "fc1.act", MetricNames.DEAD_FRACTION, 0.25),
                row(2, ResultRow.TRAINED, "fc1.act", MetricNames.DEAD_FRACTION, 0.75),
                row(1, ResultRow.INIT, "fc1.act", MetricNames.DEAD_FRACTION, 0.99),
                row(1, ResultRow.TRAINED, "fc1.pre", MetricNames.GRAD_NORM_EPOCH_PREFIX + 1, 0.125)));
        assertTrue(html.contains("<td>0.500</td>"), html);
        assertTrue(html.contains("0.125"), html);
        assertTrue(!html.contains("0.990"), html);
        assertTrue(html.contains("grad norm epoch 1"), html);
    }

    @Test
    void noHealthRowsGiveNoFragment() {
        assertEquals(
                "",
                UnitHealthTable.html(List.of(row(1, ResultRow.TRAINED, "input", MetricNames.PROBE_TEST_ERROR, 0.1))));
    }
}
