package org.layerprobe.metrics;

import org.layerprobe.report.ChartStyle;

import org.layerprobe.report.HtmlPage;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.layerprobe.nets.ActivationFunction;
import org.layerprobe.nets.Activations;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The activation atlas: every registered activation and its derivative on [-5, 5], with the
 * properties a reader compares them by (range, zero-centring, saturation, steepest slope), as
 * charts, a table and an HTML fragment for a report's appendix.
 */
public final class ActivationAtlas {

    public static final double LO = -5;
    public static final double HI = 5;
    public static final int POINTS = 201;

    private static final int GRID_COLUMNS = 4;
    private static final int CHART_WIDTH = 400;
    private static final int CHART_HEIGHT = 300;
    private static final int PLOT_POINTS = 401;

    private final List<ActivationProfile> profiles;
    private final List<ActivationFunction> functions;

    private ActivationAtlas(List<ActivationFunction> functions, List<ActivationProfile> profiles) {
        this.functions = List.copyOf(functions);
        this.profiles = List.copyOf(profiles);
    }

    /** The atlas of every registered activation, in registry order. */
    public static ActivationAtlas ofRegistry() {
        return of(Activations.all());
    }

    /** The atlas of the given activations, sampled on [LO, HI] at POINTS points. */
    public static ActivationAtlas of(List<ActivationFunction> functions) {
        List<ActivationProfile> profiles = new ArrayList<>(functions.size());
        for (ActivationFunction f : functions) {
            profiles.add(ActivationProfile.of(f, LO, HI, POINTS));
        }
        return new ActivationAtlas(functions, profiles);
    }

    /** One profile per activation, in the order given. */
    public List<ActivationProfile> profiles() {
        return profiles;
    }

    /** The properties as a Tablesaw table, one row per activation. */
    public Table table() {
        Table t = Table.create("activation atlas");
        t.addColumns(
                StringColumn.create("activation", profiles.stream().map(ActivationProfile::name)),
                StringColumn.create("family",
                        profiles.stream().map(p -> p.family().name().toLowerCase(Locale.ROOT))),
                StringColumn.create("formula", profiles.stream().map(ActivationProfile::formula)),
                DoubleColumn.create("min", profiles.stream().mapToDouble(ActivationProfile::min)),
                DoubleColumn.create("max", profiles.stream().mapToDouble(ActivationProfile::max)),
                DoubleColumn.create("f_at_0",
                        profiles.stream().mapToDouble(ActivationProfile::valueAtZero)),
                BooleanColumn.create("zero_centred",
                        profiles.stream().map(ActivationProfile::zeroCentred)),
                StringColumn.create("saturates",
                        profiles.stream().map(p -> p.saturation().label())),
                DoubleColumn.create("slope_at_lo",
                        profiles.stream().mapToDouble(ActivationProfile::leftSlope)),
                DoubleColumn.create("slope_at_hi",
                        profiles.stream().mapToDouble(ActivationProfile::rightSlope)),
                DoubleColumn.create("max_abs_derivative",
                        profiles.stream().mapToDouble(ActivationProfile::maxAbsDerivative)));
        return t;
    }

    /** The properties as a Markdown table. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "# Activation atlas%n%nEach activation f and its derivative f' (by DJL autograd)"
                        + " sampled at %d points on [%s, %s]. Saturates: |f'| < %s at that end;"
                        + " zero-centred: f(0) = 0 and f takes negative values.%n%n",
                POINTS, fmt(LO), fmt(HI), fmt(ActivationProfile.SATURATION_SLOPE)));
        sb.append("| activation | family | formula | min | max | f(0) | zero-centred | saturates"
                + " | f'(" + fmt(LO) + ") | f'(" + fmt(HI) + ") | max abs f' |\n");
        sb.append("|---|---|---|---:|---:|---:|:---:|:---:|---:|---:|---:|\n");
        for (ActivationProfile p : profiles) {
            sb.append("| ").append(p.name())
                    .append(" | ").append(p.family().name().toLowerCase(Locale.ROOT))
                    .append(" | `").append(p.formula().replace("|", "\\|")).append('`')
                    .append(" | ").append(num(p.min()))
                    .append(" | ").append(num(p.max()))
                    .append(" | ").append(num(p.valueAtZero()))
                    .append(" | ").append(p.zeroCentred() ? "yes" : "no")
                    .append(" | ").append(p.saturation().label())
                    .append(" | ").append(num(p.leftSlope()))
                    .append(" | ").append(num(p.rightSlope()))
                    .append(" | ").append(num(p.maxAbsDerivative()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** The properties as CSV (Tablesaw's writer), full precision. */
    public String csv() {
        StringWriter out = new StringWriter();
        table().write().csv(out);
        return out.toString();
    }

    /**
     * An HTML fragment for a report appendix: a heading, the property table, the grid image and
     * links to each activation's SVG. Image paths are {@code pathPrefix} + file name, so a page in
     * another directory can pass e.g. {@code "atlas/"}.
     */
    public String html(String pathPrefix) {
        StringBuilder sb = new StringBuilder();
        sb.append("<section class=\"activation-atlas\">\n<h2>Appendix: activation atlas</h2>\n");
        sb.append(String.format(Locale.ROOT, "<p>Each activation <i>f</i> and its derivative"
                + " <i>f'</i> (by DJL autograd through the implementation the networks use),"
                + " sampled at %d points on [%s, %s]. <em>Saturates</em>: |f'| &lt; %s at that"
                + " end; <em>zero-centred</em>: f(0) = 0 and f takes negative values.</p>%n",
                POINTS, fmt(LO), fmt(HI), fmt(ActivationProfile.SATURATION_SLOPE)));
        sb.append("<table>\n<thead><tr><th>activation</th><th>family</th><th>formula</th>"
                + "<th>min</th><th>max</th><th>f(0)</th><th>zero-centred</th><th>saturates</th>"
                + "<th>f'(" + fmt(LO) + ")</th><th>f'(" + fmt(HI) + ")</th><th>max |f'|</th>"
                + "</tr></thead>\n<tbody>\n");
        for (ActivationProfile p : profiles) {
            sb.append("<tr><td><a href=\"").append(HtmlPage.esc(pathPrefix + chartBase(p) + ".svg"))
                    .append("\">").append(HtmlPage.esc(p.name())).append("</a></td>")
                    .append("<td>").append(p.family().name().toLowerCase(Locale.ROOT))
                    .append("</td><td><code>").append(HtmlPage.esc(p.formula())).append("</code></td>")
                    .append(td(p.min())).append(td(p.max())).append(td(p.valueAtZero()))
                    .append("<td>").append(p.zeroCentred() ? "yes" : "no").append("</td>")
                    .append("<td>").append(p.saturation().label()).append("</td>")
                    .append(td(p.leftSlope())).append(td(p.rightSlope()))
                    .append(td(p.maxAbsDerivative())).append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
        sb.append("<img src=\"").append(HtmlPage.esc(pathPrefix + "atlas.png"))
                .append("\" alt=\"Each registered activation (blue) and its derivative (orange)"
                        + " on [").append(fmt(LO)).append(", ").append(fmt(HI))
                .append("]\" style=\"max-width:100%\">\n</section>\n");
        return sb.toString();
    }

    /** What {@link #write(Path)} produced. */
    public record Written(List<Path> files, String html) {}

    /**
     * Writes, each file atomically: {@code atlas.png} (all activations in a grid), {@code
     * atlas-<name>.png} and {@code .svg} per activation, {@code atlas.md} and {@code atlas.csv}.
     *
     * @return the files written and an HTML fragment whose paths are relative to {@code dir}
     */
    public Written write(Path dir) {
        List<Path> files = new ArrayList<>();
        List<XYChart> charts = new ArrayList<>();
        for (int i = 0; i < profiles.size(); i++) {
            XYChart chart = chart(functions.get(i), profiles.get(i));
            charts.add(chart);
            files.addAll(AtomicFiles.writeChart(chart, dir, chartBase(profiles.get(i))));
        }
        if (!charts.isEmpty()) {
            int cols = Math.min(GRID_COLUMNS, charts.size());
            int rows = (charts.size() + cols - 1) / cols;
            // XChart's grid needs rows * cols charts; pad with blank ones.
            List<XYChart> cells = new ArrayList<>(charts);
            while (cells.size() < rows * cols) {
                cells.add(blank());
            }
            files.add(0, AtomicFiles.writeChartGrid(cells, rows, cols, dir.resolve("atlas.png")));
        }
        files.add(AtomicFiles.writeString(dir.resolve("atlas.md"), markdown()));
        files.add(AtomicFiles.writeString(dir.resolve("atlas.csv"), csv()));
        return new Written(List.copyOf(files), html(""));
    }

    private static String chartBase(ActivationProfile p) {
        return "atlas-" + p.name();
    }

    /** f and f' on a fine plotting grid (the profile's samples are for the numbers). */
    private static XYChart chart(ActivationFunction f, ActivationProfile p) {
        XYChart chart = ChartStyle.lineChart(CHART_WIDTH, CHART_HEIGHT,
                p.name() + "  (" + p.family().name().toLowerCase(Locale.ROOT) + ")", "x", "");
        chart.getStyler().setSeriesColors(java.util.Arrays.copyOfRange(
                ChartStyle.PALETTE, 1, ChartStyle.PALETTE.length));
        chart.getStyler().setLegendPosition(LegendPosition.InsideNW);
        double[] xs = ChartStyle.plotXs(LO, HI, PLOT_POINTS);
        float[] input = new float[xs.length];
        for (int i = 0; i < xs.length; i++) {
            input[i] = (float) xs[i];
        }
        ChartStyle.line(chart, "f(x)", xs, toDoubles(ActivationProfile.evaluate(f, input)), 2.5f);
        ChartStyle.line(chart, "f'(x)", xs, toDoubles(ActivationDerivative.of(f, input)), 2f);
        return chart;
    }

    private static XYChart blank() {
        XYChart chart = ChartStyle.lineChart(CHART_WIDTH, CHART_HEIGHT, " ", "", "");
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setPlotBorderVisible(false);
        chart.getStyler().setAxisTicksVisible(false);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisTitleVisible(false);
        chart.getStyler().setYAxisTitleVisible(false);
        ChartStyle.line(chart, "none", new double[] {0, 1}, new double[] {0, 0}, 0f)
                .setLineColor(java.awt.Color.WHITE);
        return chart;
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static String td(double v) {
        return "<td>" + num(v) + "</td>";
    }

    /** Four significant digits; exact zero prints as 0. */
    private static String num(double v) {
        if (v == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
