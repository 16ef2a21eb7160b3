package org.layerprobe.report.chart;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.knowm.xchart.HeatMapChart;
import org.layerprobe.report.table.Cell;
import org.layerprobe.report.table.CellStats;
import org.layerprobe.report.table.MetricCells;
import org.layerprobe.report.table.PanelKey;
import org.layerprobe.report.table.Slugs;
import org.layerprobe.report.table.SummaryTable;
import org.layerprobe.report.table.SummaryTables;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.ResultRow;

/**
 * Probe test error at every point and every checkpoint of training (Alain &amp; Bengio's probes
 * during training), per network: a table and a point x step heat map. The checkpoints are the
 * rows' {@code step-N}, and the trained network at the step its {@code trained_steps} row gives.
 */
public final class TrainingDynamics {

    static {
        ChartEncoder.ensureHeadless();
    }

    private TrainingDynamics() {}

    /** One network kind's columns: step to checkpoint name, in step order. */
    private static Map<PanelKey, TreeMap<Integer, String>> steps(List<ResultRow> rows) {
        Map<PanelKey, TreeMap<Integer, String>> out = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            PanelKey panel = new PanelKey(r.run(), r.dataset(), r.architecture());
            if (r.checkpoint().startsWith(ResultRow.STEP_PREFIX) && MetricNames.PROBE_TEST_ERROR.equals(r.metric())) {
                int step = Integer.parseInt(r.checkpoint().substring(ResultRow.STEP_PREFIX.length()));
                out.computeIfAbsent(panel, p -> new TreeMap<>()).put(step, r.checkpoint());
            }
        }
        for (ResultRow r : rows) {
            PanelKey panel = new PanelKey(r.run(), r.dataset(), r.architecture());
            if (MetricNames.TRAINED_STEPS.equals(r.metric()) && out.containsKey(panel)) {
                out.get(panel).put((int) r.value(), ResultRow.TRAINED);
            }
        }
        return out;
    }

    /** Error cells of one checkpoint. */
    private static MetricCells errors(List<ResultRow> rows, String checkpoint) {
        List<ResultRow> at = rows.stream()
                .filter(r -> r.checkpoint().equals(checkpoint))
                .map(r -> new ResultRow(
                        r.run(),
                        r.dataset(),
                        r.architecture(),
                        r.activation(),
                        r.seed(),
                        ResultRow.TRAINED,
                        r.point(),
                        r.pointIndex(),
                        r.metric(),
                        r.value()))
                .toList();
        return MetricCells.of(at, MetricNames.PROBE_TEST_ERROR::equals, MetricNames.PROBE_CONVERGED);
    }

    public static List<SummaryTable> tables(List<ResultRow> rows, Slugs.Unique ids) {
        List<SummaryTable> out = new ArrayList<>();
        steps(rows).forEach((panel, columns) -> {
            Map<Integer, MetricCells> cells = new LinkedHashMap<>();
            columns.forEach((step, checkpoint) -> cells.put(step, errors(rows, checkpoint)));
            MetricCells last = cells.get(columns.lastKey());
            for (String activation : last.activations(panel)) {
                List<String> header = new ArrayList<>(List.of(SummaryTables.POINT_HEADING));
                columns.forEach((step, checkpoint) ->
                        header.add("step " + step + (ResultRow.TRAINED.equals(checkpoint) ? " (trained)" : "")));
                List<List<Cell>> body = new ArrayList<>();
                for (String point : last.points(panel)) {
                    List<Cell> row = new ArrayList<>(List.of(Cell.text(point)));
                    columns.keySet()
                            .forEach(step -> row.add(Cell.of(cells.get(step).get(panel, activation, point))));
                    body.add(row);
                }
                List<String> notes = new ArrayList<>();
                notes.add("Probe test error in % at each point after the given number of optimizer steps (step 0:"
                        + " the initialisation training starts from), mean ± std over seeds; the last column is the"
                        + " trained network. Read down a column for where separability arises, along a row for"
                        + " when.");
                notes.addAll(SummaryTables.flagNotes(body));
                out.add(new SummaryTable(
                        ids.of("during-training-" + activation + "-" + panel.label()),
                        "Probe test error during training (%): " + activation + ", " + panel.label(),
                        header,
                        body,
                        List.of(),
                        notes));
            }
        });
        return out;
    }

    public static List<ChartImage> charts(List<ResultRow> rows) {
        List<ChartImage> out = new ArrayList<>();
        Slugs.Unique ids = new Slugs.Unique();
        steps(rows).forEach((panel, columns) -> {
            Map<Integer, MetricCells> cells = new LinkedHashMap<>();
            columns.forEach((step, checkpoint) -> cells.put(step, errors(rows, checkpoint)));
            MetricCells last = cells.get(columns.lastKey());
            List<String> points = last.points(panel);
            List<String> labels = columns.keySet().stream().map(String::valueOf).toList();
            for (String activation : last.activations(panel)) {
                List<Number[]> values = new ArrayList<>();
                int x = 0;
                for (int step : columns.keySet()) {
                    for (int y = 0; y < points.size(); y++) {
                        Optional<CellStats> c = cells.get(step).get(panel, activation, points.get(y));
                        if (c.isPresent() && c.get().hasValue()) {
                            values.add(new Number[] {x, y, 100 * c.get().mean()});
                        }
                    }
                    x++;
                }
                String title = "Probe error (%) during training: " + activation + ", " + panel.label();
                out.add(ChartEncoder.encode(
                        ids.of("during-training-" + activation + "-" + panel.label()),
                        title,
                        "Probe test error at each point (up) after each number of optimizer steps (across); the"
                                + " last column is the trained network. Dark: separable.",
                        heatMap(title, labels, points, values)));
            }
        });
        return out;
    }

    private static HeatMapChart heatMap(String title, List<String> steps, List<String> points, List<Number[]> values) {
        // The scale ends at the worst error shown (to the next 10 %), so that small differences show;
        // low error is dark, so the eye finds where separability has arrived.
        double worst =
                values.stream().mapToDouble(v -> v[2].doubleValue()).max().orElse(100);
        HeatMapChart chart = ChartStyle.heatMap(
                Math.max(640, 160 + 80 * steps.size()),
                140 + 45 * points.size(),
                title,
                "optimizer steps",
                0,
                Math.min(100, 10 * Math.ceil(worst / 10)),
                new Color[] {ChartStyle.OKABE_ITO[0], ChartStyle.OKABE_ITO[5], Color.WHITE},
                "0.0");
        chart.addSeries("error", steps, points, values);
        return chart;
    }
}
