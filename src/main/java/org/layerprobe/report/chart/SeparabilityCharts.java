package org.layerprobe.report.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.layerprobe.report.table.CellStats;
import org.layerprobe.report.table.CompareSeries;
import org.layerprobe.report.table.ProbePoint;
import org.layerprobe.report.table.SeparabilityPanel;
import org.layerprobe.report.table.Slugs;
import org.layerprobe.results.ResultRow;

/**
 * XChart line charts of probe test error against probe point: one line per activation with the
 * seed spread as error bars, the random-init baseline dashed beside the trained network, and one
 * chart putting several runs side by side.
 *
 * <p>All charts are category charts: x is the probe point in network order, labelled with its
 * name. (An XY chart with custom tick labels was tried and rejected: XChart 3.8.8 loops forever
 * when such labels do not fit the axis.) A missing value is NaN, drawn as a gap, with the y range
 * set explicitly because XChart cannot compute one through NaN.
 */
public final class SeparabilityCharts {

    static {
        ChartEncoder.ensureHeadless();
    }

    private static final Color[] PALETTE = ChartStyle.OKABE_ITO;
    private static final BasicStroke SOLID = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final BasicStroke DASHED =
            new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 5f}, 0f);
    private static final BasicStroke DOTTED =
            new BasicStroke(1f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {1.5f, 4f}, 0f);
    private static final int WIDTH = 960;
    private static final int HEIGHT = 540;

    private SeparabilityCharts() {}

    /** One line before it becomes an XChart series; y and err in percent, NaN where missing. */
    private record Line(String label, Color color, boolean dashed, List<Double> y, List<Double> err) {
        boolean hasValue() {
            return y.stream().anyMatch(v -> !v.isNaN());
        }
    }

    /** For each panel an error-by-point chart, plus a trained-vs-init chart where init exists. */
    public static List<ChartImage> forPanels(List<SeparabilityPanel> panels) {
        boolean withRun = panels.stream().map(p -> p.key().run()).distinct().count() > 1;
        Slugs.Unique ids = new Slugs.Unique();
        List<ChartImage> charts = new ArrayList<>();
        for (SeparabilityPanel p : panels) {
            String label = withRun ? p.key().labelWithRun() : p.key().label();
            charts.add(errorByPoint(p, label, ids.of("separability-" + label)));
            if (p.hasInit()) {
                charts.add(trainedVsInit(p, label, ids.of("trained-vs-init-" + label)));
            }
        }
        return charts;
    }

    /** Trained probe error by point, one line per activation, error bars = std over seeds. */
    public static ChartImage errorByPoint(SeparabilityPanel p, String label, String id) {
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < p.activations().size(); i++) {
            String a = p.activations().get(i);
            lines.add(line(a, color(i), false, p, a, ResultRow.TRAINED, p.points()));
        }
        String title = "Probe test error by point: " + label;
        return ChartEncoder.encode(
                id,
                title,
                "Linear-probe test error (%) at each probe point of the trained network, mean over"
                        + " seeds; error bars: half-width of the 95 % interval (± one sample std over seeds for rows"
                        + " without test counts).",
                chart(title, names(p.points()), lines, false));
    }

    /** Trained (solid) against random init (dashed), same colour per activation. */
    public static ChartImage trainedVsInit(SeparabilityPanel p, String label, String id) {
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < p.activations().size(); i++) {
            String a = p.activations().get(i);
            lines.add(line(a + " trained", color(i), false, p, a, ResultRow.TRAINED, p.points()));
            lines.add(line(a + " init", color(i), true, p, a, ResultRow.INIT, p.points()));
        }
        String title = "Trained vs random init: " + label;
        return ChartEncoder.encode(
                id,
                title,
                "Probe test error (%) of the trained network (solid) and of the same architecture"
                        + " at its random initialisation (dashed); error bars: half-width of the 95 % interval (± one std over seeds for rows without test counts).",
                chart(title, names(p.points()), lines, false));
    }

    /**
     * All runs' activations in one chart over the union of their points ({@link
     * CompareSeries#points}). Where a run's architecture lacks some points, a thin dotted line
     * bridges the gap so each run still reads as one line; markers sit only on measured points.
     */
    public static ChartImage compare(List<CompareSeries> series) {
        List<ProbePoint> points = CompareSeries.points(series);
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            CompareSeries s = series.get(i);
            lines.add(line(s.label(), color(i), false, s.panel(), s.activation(), ResultRow.TRAINED, points));
        }
        String title = "Probe test error by point, by run";
        return ChartEncoder.encode(
                "compare",
                title,
                "Trained networks' probe test error (%) per point, one line per run/activation;"
                        + " error bars: half-width of the 95 % interval (± one std over seeds for rows without test counts); dotted: points that run does not have.",
                chart(title, names(points), lines, true));
    }

    private static Line line(
            String label,
            Color color,
            boolean dashed,
            SeparabilityPanel p,
            String activation,
            String checkpoint,
            List<ProbePoint> points) {
        List<Double> y = new ArrayList<>();
        List<Double> err = new ArrayList<>();
        int unconverged = 0;
        int unrecorded = 0;
        for (ProbePoint point : points) {
            Optional<CellStats> s = p.error(activation, checkpoint, point.name())
                    .filter(CellStats::hasValue)
                    .filter(c -> Double.isFinite(c.mean()));
            y.add(s.map(c -> 100 * c.mean()).orElse(Double.NaN));
            // The 95 % interval where the rows allow it (symmetric bars: its half-width), else the
            // spread over seeds.
            err.add(s.map(c ->
                            c.interval() != null ? 100 * c.interval().halfWidth() : c.hasSpread() ? 100 * c.std() : 0.0)
                    .orElse(Double.NaN));
            unconverged += s.map(CellStats::unconverged).orElse(0);
            unrecorded += s.map(CellStats::unrecorded).orElse(0);
        }
        // The legend carries the flags a chart cannot show per point, so that a line built from
        // unconverged probes is never read as a converged result.
        if (unconverged > 0) {
            label += " (" + unconverged + " unconverged)";
        }
        if (unrecorded > 0) {
            label += " (convergence unknown)";
        }
        return new Line(label, color, dashed, y, err);
    }

    /**
     * {@code overlapped} puts every series at the category centre (needed for gap bridges, which
     * must line up with their series); otherwise XChart spreads series side by side within a
     * category, which keeps error bars apart.
     */
    private static CategoryChart chart(String title, List<String> points, List<Line> lines, boolean overlapped) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle("probe point")
                .yAxisTitle("probe test error (%)")
                .build();
        var styler = chart.getStyler();
        styler.setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Line);
        styler.setOverlapped(overlapped);
        styler.setLegendPosition(LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setErrorBarsColorSeriesColor(true);
        styler.setMarkerSize(7);
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(yMax(lines));
        if (points.size() > 6 || points.stream().anyMatch(p -> p.length() > 9)) {
            styler.setXAxisLabelRotation(35);
        }
        List<Line> drawable = lines.stream().filter(Line::hasValue).toList();
        for (Line line : drawable) {
            CategorySeries s = chart.addSeries(line.label(), points, line.y(), line.err());
            s.setLineColor(line.color());
            s.setMarkerColor(line.color());
            s.setLineStyle(line.dashed() ? DASHED : SOLID);
            s.setMarker(line.dashed() ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
            if (overlapped) {
                bridge(line).ifPresent(b -> {
                    CategorySeries g = chart.addSeries(line.label() + " (gap)", points, b);
                    g.setLineColor(line.color());
                    g.setLineStyle(DOTTED);
                    g.setMarker(SeriesMarkers.NONE);
                    g.setShowInLegend(false);
                });
            }
        }
        if (drawable.isEmpty()) {
            // XChart needs a series to lay out axes; an all-NaN panel still gets a (flat) chart.
            chart.addSeries("no finite values", points, Collections.nCopies(points.size(), 0.0));
        }
        return chart;
    }

    /**
     * A series that is NaN except across interior gaps of {@code line}, where it runs straight
     * from the last value before the gap to the first after it; empty when there is no gap.
     */
    private static Optional<List<Double>> bridge(Line line) {
        List<Double> y = line.y();
        List<Double> out = new ArrayList<>(Collections.nCopies(y.size(), Double.NaN));
        boolean any = false;
        int last = -1;
        for (int i = 0; i < y.size(); i++) {
            if (y.get(i).isNaN()) {
                continue;
            }
            if (last >= 0 && i - last > 1) {
                for (int j = last; j <= i; j++) {
                    double t = (double) (j - last) / (i - last);
                    out.set(j, y.get(last) + t * (y.get(i) - y.get(last)));
                }
                any = true;
            }
            last = i;
        }
        return any ? Optional.of(out) : Optional.empty();
    }

    /** The top of the y axis: a round number above every value plus its error bar. */
    private static double yMax(List<Line> lines) {
        double max = 0;
        for (Line line : lines) {
            for (int i = 0; i < line.y().size(); i++) {
                double top = line.y().get(i) + line.err().get(i);
                if (Double.isFinite(top)) {
                    max = Math.max(max, top);
                }
            }
        }
        if (max <= 0) {
            return 1;
        }
        double step = Math.pow(10, Math.floor(Math.log10(max))) / 2;
        return Math.ceil(max * 1.02 / step) * step;
    }

    private static List<String> names(List<ProbePoint> points) {
        return points.stream().map(ProbePoint::name).toList();
    }

    private static Color color(int i) {
        return PALETTE[i % PALETTE.length];
    }
}
