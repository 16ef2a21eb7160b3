package org.layerprobe.report.chart;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.layerprobe.report.table.CellStats;
import org.layerprobe.report.table.MetricCells;
import org.layerprobe.report.table.PanelKey;
import org.layerprobe.report.table.Slugs;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.ResultRow;

/** Point x point heat maps of linear CKA within each trained network, mean over seeds. */
public final class CkaCharts {

    static {
        ChartEncoder.ensureHeadless();
    }

    private static final int SIZE = 560;

    private CkaCharts() {}

    public static List<ChartImage> of(List<ResultRow> rows) {
        MetricCells any = MetricCells.of(rows, m -> m.startsWith(MetricNames.CKA_WITHIN_PREFIX), null);
        List<ChartImage> out = new ArrayList<>();
        Slugs.Unique ids = new Slugs.Unique();
        for (PanelKey panel : any.panels()) {
            List<String> points = any.points(panel);
            List<MetricCells> columns = points.stream()
                    .map(p -> MetricCells.of(rows, (MetricNames.CKA_WITHIN_PREFIX + p)::equals, null))
                    .toList();
            for (String activation : any.activations(panel)) {
                List<Number[]> cells = new ArrayList<>();
                for (int i = 0; i < points.size(); i++) {
                    for (int j = 0; j < points.size(); j++) {
                        int x = i;
                        int y = j;
                        columns.get(j)
                                .get(panel, activation, points.get(i))
                                .filter(CellStats::hasValue)
                                .ifPresent(s -> cells.add(new Number[] {x, y, s.mean()}));
                    }
                }
                String title = "Linear CKA between points: " + activation + ", " + panel.label();
                out.add(ChartEncoder.encode(
                        ids.of("cka-" + activation + "-" + panel.label()),
                        title,
                        "Linear CKA of every pair of points of the trained " + activation + " network on the CKA"
                                + " test images (mean over seeds): 1 on the diagonal; a bright block marks points"
                                + " that hold the same representation up to rotation and scale.",
                        heatMap(title, points, cells)));
            }
        }
        return out;
    }

    private static HeatMapChart heatMap(String title, List<String> points, List<Number[]> cells) {
        HeatMapChart chart = ChartStyle.heatMap(
                SIZE + 80,
                SIZE,
                title,
                "",
                0,
                1,
                new Color[] {Color.WHITE, ChartStyle.OKABE_ITO[5], ChartStyle.OKABE_ITO[0]},
                "0.00");
        chart.getStyler().setShowValue(points.size() <= 12);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.addSeries("CKA", points, points, cells);
        return chart;
    }
}
