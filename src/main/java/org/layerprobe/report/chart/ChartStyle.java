package org.layerprobe.report.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Arrays;
import java.util.stream.Stream;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The look shared by the project's line charts: white, light grid, legend inside the plot; one palette. */
public final class ChartStyle {

    /**
     * The project's one palette: Okabe-Ito's eight colours, distinguishable with the common
     * colour-vision deficiencies, in the order series take them (black and yellow last: black is
     * the reference curve's colour in line charts, yellow is faint on white).
     */
    public static final Color[] OKABE_ITO = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442),
    };

    /** The reference curve's colour. */
    public static final Color REFERENCE = new Color(0x000000);

    /** The palette of line charts with a reference curve: black first, then the others in order. */
    public static final Color[] PALETTE = Stream.concat(
                    Stream.of(REFERENCE), Arrays.stream(OKABE_ITO).filter(c -> !c.equals(REFERENCE)))
            .toArray(Color[]::new);

    /** The palette of charts without a reference curve: {@link #PALETTE} less its black. */
    public static final Color[] PALETTE_WITHOUT_REFERENCE = Arrays.copyOfRange(PALETTE, 1, PALETTE.length);

    static {
        ChartEncoder.ensureHeadless();
    }

    private ChartStyle() {}

    public static XYChart lineChart(int width, int height, String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder()
                .width(width)
                .height(height)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
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
    public static double[] plotXs(double lo, double hi, int n) {
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
    public static XYSeries line(XYChart chart, String name, double[] x, double[] y, float width) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineStyle(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        return series;
    }

    /** A dashed line, no markers. */
    public static XYSeries dashed(XYChart chart, String name, double[] x, double[] y, float width) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineStyle(
                new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f));
        return series;
    }

    /**
     * A heat map in the toolkit's style, its scale from {@code min} to {@code max} through
     * {@code colours}, with each cell's value written in it (in the DecimalFormat pattern given).
     */
    public static HeatMapChart heatMap(
            int width,
            int height,
            String title,
            String xTitle,
            double min,
            double max,
            Color[] colours,
            String valuePattern) {
        HeatMapChart chart = new HeatMapChartBuilder()
                .width(width)
                .height(height)
                .title(title)
                .xAxisTitle(xTitle)
                .build();
        var s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        s.setLegendPosition(LegendPosition.OutsideE);
        s.setMin(min);
        s.setMax(max);
        s.setRangeColors(colours);
        s.setShowValue(true);
        s.setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        s.setHeatMapValueDecimalPattern(valuePattern);
        s.setAntiAlias(true);
        return chart;
    }
}
