package org.layerprobe.report.chart;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.layerprobe.metrics.ActivationAtlas;
import org.layerprobe.metrics.ActivationCurve;
import org.layerprobe.metrics.ActivationProfile;

/** The atlas's pictures: each activation with its derivative, and all of them in one grid. */
public final class AtlasCharts {

    private static final int GRID_COLUMNS = 4;
    private static final int CHART_WIDTH = 400;
    private static final int CHART_HEIGHT = 300;
    /** Finer than the profile's samples, so that kinks and curvature look right at any zoom. */
    private static final int PLOT_POINTS = 401;

    private AtlasCharts() {}

    /** f and f' of the atlas's {@code i}-th activation. */
    public static XYChart chart(ActivationAtlas atlas, int i) {
        ActivationProfile p = atlas.profiles().get(i);
        XYChart chart = ChartStyle.lineChart(
                CHART_WIDTH,
                CHART_HEIGHT,
                p.name() + "  (" + p.family().name().toLowerCase(Locale.ROOT) + ")",
                "x",
                "");
        chart.getStyler().setSeriesColors(ChartStyle.PALETTE_WITHOUT_REFERENCE);
        chart.getStyler().setLegendPosition(LegendPosition.InsideNW);
        ActivationCurve curve = atlas.curve(i, ChartStyle.plotXs(ActivationAtlas.LO, ActivationAtlas.HI, PLOT_POINTS));
        ChartStyle.line(chart, "f(x)", curve.x(), curve.value(), 2.5f);
        ChartStyle.line(chart, "f'(x)", curve.x(), curve.derivative(), 2f);
        return chart;
    }

    /** {@code charts} as one PNG, {@value #GRID_COLUMNS} to a row; {@code charts} is not empty. */
    public static byte[] grid(List<XYChart> charts) {
        int cols = Math.min(GRID_COLUMNS, charts.size());
        int rows = (charts.size() + cols - 1) / cols;
        // XChart's grid needs rows * cols charts; pad with blank ones.
        List<XYChart> cells = new ArrayList<>(charts);
        while (cells.size() < rows * cols) {
            cells.add(blank());
        }
        return ChartEncoder.pngGrid(cells, rows, cols);
    }

    private static XYChart blank() {
        XYChart chart = ChartStyle.lineChart(CHART_WIDTH, CHART_HEIGHT, " ", "", "");
        var s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(false);
        s.setAxisTicksVisible(false);
        s.setPlotGridLinesVisible(false);
        s.setLegendVisible(false);
        s.setXAxisTitleVisible(false);
        s.setYAxisTitleVisible(false);
        ChartStyle.line(chart, "none", new double[] {0, 1}, new double[] {0, 0}, 0f)
                .setLineColor(Color.WHITE);
        return chart;
    }
}
