package org.layerprobe.study;

import java.awt.Color;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.layerprobe.report.ChartStyle;
import org.layerprobe.report.ChartEncoder;

/** The look of the studies' charts: the toolkit's chart style with the legend top right. */
final class StudyCharts {

    /** The toolkit palette without its black, which the studies do not reserve for a reference. */
    static final Color[] PALETTE = java.util.Arrays.copyOfRange(ChartStyle.PALETTE, 1, ChartStyle.PALETTE.length);

    static {
        ChartEncoder.ensureHeadless();
    }

    private StudyCharts() {}

    static XYChart xy(int width, int height, String title, String xTitle, String yTitle) {
        XYChart chart = ChartStyle.lineChart(width, height, title, xTitle, yTitle);
        chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
        chart.getStyler().setSeriesColors(PALETTE);
        chart.getStyler().setAntiAlias(true);
        return chart;
    }
}
