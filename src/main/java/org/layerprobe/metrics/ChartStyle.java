package org.layerprobe.metrics;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The look shared by this package's line charts: white, light grid, legend inside the plot. */
public final class ChartStyle {

    /** Colour-blind-safe palette (Okabe-Ito), black first for the reference curve. */
    public static final Color[] PALETTE = {
        new Color(0, 0, 0), new Color(0, 114, 178), new Color(213, 94, 0),
        new Color(0, 158, 115), new Color(204, 121, 167), new Color(230, 159, 0),
        new Color(86, 180, 233), new Color(240, 228, 66)
    };

    static {
        headless();
    }

    private ChartStyle() {}

    /**
     * Charts are rendered off-screen: without java.awt.headless a machine with no display fails
     * inside AWT. Set only when the user has not chosen, and before any chart class is used.
     */
    static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    public static XYChart lineChart(int width, int height, String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        var s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.GRAY);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setLegendPosition(LegendPosition.InsideNW);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setSeriesColors(PALETTE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setAntiAlias(true);
        return chart;
    }

    /**
     * {@code n} evenly spaced x values from lo to hi plus the midpoints of the first and last
     * intervals. XChart 3.8 puts an axis's ticks on data values whenever all the values plotted
     * on it are equally spaced (within 1e-4), which gives odd ticks such as 0.085, 0.17, ... (and,
     * on the y axis, one tick per value of a relu); the two extra points keep its usual round
     * ticks. Curves are unaffected.
     */
    static double[] plotXs(double lo, double hi, int n) {
        double step = (hi - lo) / (n - 1);
        double[] xs = new double[n + 2];
        int j = 0;
        for (int i = 0; i < n; i++) {
            xs[j++] = lo + (hi - lo) * i / (n - 1);
            if (i == 0 || i == n - 2) {
                xs[j++] = lo + step * (i + 0.5);
            }
        }
        return xs;
    }

    /** A plain line, no markers. */
    static XYSeries line(XYChart chart, String name, double[] x, double[] y, float width) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineStyle(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        return series;
    }

    /** A dashed line, no markers. */
    static XYSeries dashed(XYChart chart, String name, double[] x, double[] y, float width) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineStyle(new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND,
                10f, new float[] {6f, 4f}, 0f));
        return series;
    }
}
