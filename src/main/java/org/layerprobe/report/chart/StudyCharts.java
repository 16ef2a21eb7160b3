package org.layerprobe.report.chart;

import java.awt.Color;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * The look of the studies' charts: the toolkit's chart style with the legend top right and no
 * colour kept back for a reference curve, which the studies do not draw.
 */
public final class StudyCharts {

    static {
        ChartEncoder.ensureHeadless();
    }

    private StudyCharts() {}

    /** An empty scatter or line chart. */
    public static XYChart xy(int width, int height, String title, String xTitle, String yTitle) {
        XYChart chart = ChartStyle.lineChart(width, height, title, xTitle, yTitle);
        chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
        chart.getStyler().setSeriesColors(ChartStyle.PALETTE_WITHOUT_REFERENCE);
        chart.getStyler().setAntiAlias(true);
        return chart;
    }

    /** An empty bar chart. */
    public static CategoryChart bars(int width, int height, String title, String xTitle, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(width)
                .height(height)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        var s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setSeriesColors(ChartStyle.PALETTE_WITHOUT_REFERENCE);
        s.setLegendPosition(LegendPosition.InsideNE);
        s.setAntiAlias(true);
        return chart;
    }
}
