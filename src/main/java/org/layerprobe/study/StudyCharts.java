package org.layerprobe.study;

import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.layerprobe.report.ChartEncoder;

/** The look of the studies' charts: white, light grid, Okabe-Ito colours, legend inside. */
final class StudyCharts {

    static final Color[] PALETTE = {
        new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 0, 0),
        new Color(0, 158, 115), new Color(204, 121, 167), new Color(230, 159, 0)
    };

    static {
        ChartEncoder.ensureHeadless();
    }

    private StudyCharts() {}

    static XYChart xy(int width, int height, String title, String xTitle, String yTitle) {
        ChartEncoder.ensureHeadless();
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        var s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.GRAY);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setLegendPosition(LegendPosition.InsideNE);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setSeriesColors(PALETTE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        s.setAntiAlias(true);
        return chart;
    }
}
