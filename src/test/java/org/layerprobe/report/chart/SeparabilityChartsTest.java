package org.layerprobe.report.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerprobe.report.ReportWriterTest;
import org.layerprobe.report.SyntheticRows;
import org.layerprobe.report.table.CompareSeries;
import org.layerprobe.report.table.ProbePoint;
import org.layerprobe.report.table.SeparabilitySummaries;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.ResultRow;

class SeparabilityChartsTest {

    private static void assertPng(ChartImage c) {
        assertArrayEquals(ReportWriterTest.PNG_MAGIC, Arrays.copyOf(c.png(), 4), c.id());
        assertTrue(new String(c.svg(), StandardCharsets.UTF_8).contains("<svg"), c.id());
    }

    @Test
    void manyLongPointNamesAndActivationsRenderWithoutHanging() {
        // XChart can loop forever laying out tick labels that do not fit; guard against that.
        List<ResultRow> rows = new ArrayList<>();
        for (int a = 0; a < 9; a++) {
            for (int p = 0; p < 30; p++) {
                for (long seed = 1; seed <= 2; seed++) {
                    rows.add(new ResultRow(
                            "r",
                            "d",
                            "resnet-ish",
                            "activation_number_" + a,
                            seed,
                            ResultRow.TRAINED,
                            "block" + p + ".conv3.preactivation",
                            p,
                            MetricNames.PROBE_TEST_ERROR,
                            0.5 / (p + 1) + 0.01 * a + 0.001 * seed));
                }
            }
        }
        List<ChartImage> charts = assertTimeoutPreemptively(
                Duration.ofSeconds(60), () -> SeparabilityCharts.forPanels(SeparabilitySummaries.of(rows)));
        assertEquals(1, charts.size(), "no init rows, so no trained-vs-init chart");
        assertPng(charts.get(0));
    }

    @Test
    void missingAndNaNValuesLeaveGapsInsteadOfFailing() {
        List<ResultRow> rows = SyntheticRows.rows().stream()
                .filter(r -> !(r.activation().equals("tanh") && r.point().equals("fc1.act")))
                .map(r -> r.activation().equals("sigmoid") && r.metric().equals(MetricNames.PROBE_TEST_ERROR)
                        ? SyntheticRows.withValue(r, Double.NaN)
                        : r)
                .toList();
        List<ChartImage> charts = assertTimeoutPreemptively(
                Duration.ofSeconds(60), () -> SeparabilityCharts.forPanels(SeparabilitySummaries.of(rows)));
        assertEquals(2, charts.size());
        charts.forEach(SeparabilityChartsTest::assertPng);
    }

    @Test
    void compareKeepsEachArchitecturesPointsTogetherInNetworkOrder() {
        List<ResultRow> rows = new ArrayList<>(SyntheticRows.rows("mlp-run", "mlp"));
        List<String> cnn = List.of("input", "conv1.act", "conv1.pool", "fc1.act", "logits");
        for (int p = 0; p < cnn.size(); p++) {
            rows.add(new ResultRow(
                    "cnn-run",
                    SyntheticRows.DATASET,
                    "cnn",
                    "relu",
                    1,
                    ResultRow.TRAINED,
                    cnn.get(p),
                    p,
                    MetricNames.PROBE_TEST_ERROR,
                    0.1 - 0.01 * p));
        }
        List<CompareSeries> series = CompareSeries.of(SeparabilitySummaries.of(rows));
        List<String> union =
                CompareSeries.points(series).stream().map(ProbePoint::name).toList();
        assertEquals(
                List.of("input", "fc1.pre", "fc1.act", "fc2.pre", "fc2.act", "logits"),
                union.stream().filter(SyntheticRows.POINTS::contains).toList(),
                "MLP order kept");
        assertEquals(cnn, union.stream().filter(cnn::contains).toList(), "CNN order kept");
        // A point new to the union goes right after its predecessor in its own network.
        assertEquals(
                List.of("input", "conv1.act", "conv1.pool", "fc1.pre", "fc1.act", "fc2.pre", "fc2.act", "logits"),
                union);

        ChartImage chart = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> SeparabilityCharts.compare(series));
        assertPng(chart);
    }
}
