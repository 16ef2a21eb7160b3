package org.layerprobe.report.page;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.layerprobe.metrics.ActivationAtlas;
import org.layerprobe.metrics.ActivationProfile;
import org.layerprobe.report.chart.AtlasCharts;
import org.layerprobe.report.chart.ChartEncoder;
import org.layerprobe.report.table.Numbers;
import org.layerprobe.results.AtomicWrites;

/**
 * The activation atlas as files: {@value #GRID} (every activation in one grid), {@code
 * atlas-<name>.png} and {@code .svg} per activation, {@value #MARKDOWN} and {@value #CSV}.
 */
public final class AtlasFiles {

    static final String GRID = "atlas.png";
    static final String MARKDOWN = "atlas.md";
    static final String CSV = "atlas.csv";

    private AtlasFiles() {}

    /** Writes every file to {@code dir}, each atomically; returns them, the grid first. */
    public static List<Path> write(ActivationAtlas atlas, Path dir) {
        return AtomicWrites.writeAll(dir, render(atlas));
    }

    /** Every file's bytes, keyed by its name, in the order {@link #write} returns them. */
    static Map<String, byte[]> render(ActivationAtlas atlas) {
        List<XYChart> charts = new ArrayList<>();
        Map<String, byte[]> perActivation = new LinkedHashMap<>();
        for (int i = 0; i < atlas.profiles().size(); i++) {
            ActivationProfile p = atlas.profiles().get(i);
            XYChart chart = AtlasCharts.chart(atlas, i);
            charts.add(chart);
            perActivation.putAll(
                    ChartEncoder.encode(chartBase(p), p.name(), "", chart).files());
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (!charts.isEmpty()) {
            files.put(GRID, AtlasCharts.grid(charts));
        }
        files.putAll(perActivation);
        files.put(MARKDOWN, markdown(atlas).getBytes(StandardCharsets.UTF_8));
        files.put(CSV, csv(atlas).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** The file name, without extension, of one activation's chart. */
    static String chartBase(ActivationProfile p) {
        return "atlas-" + p.name();
    }

    /** The properties as a Markdown table. */
    static String markdown(ActivationAtlas atlas) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "# Activation atlas%n%nEach activation f and its derivative f' (by DJL autograd)"
                        + " sampled at %d points on [%s, %s]. Saturates: |f'| < %s at that end;"
                        + " zero-centred: f(0) = 0 and f takes negative values.%n%n",
                ActivationAtlas.POINTS,
                Numbers.bound(ActivationAtlas.LO),
                Numbers.bound(ActivationAtlas.HI),
                Numbers.bound(ActivationProfile.SATURATION_SLOPE)));
        sb.append("| activation | family | formula | min | max | f(0) | zero-centred | saturates"
                + " | f'(" + Numbers.bound(ActivationAtlas.LO) + ") | f'("
                + Numbers.bound(ActivationAtlas.HI) + ") | max abs f' |\n");
        sb.append("|---|---|---|---:|---:|---:|:---:|:---:|---:|---:|---:|\n");
        for (ActivationProfile p : atlas.profiles()) {
            sb.append("| ")
                    .append(p.name())
                    .append(" | ")
                    .append(p.family().name().toLowerCase(Locale.ROOT))
                    .append(" | `")
                    .append(p.formula().replace("|", "\\|"))
                    .append('`')
                    .append(" | ")
                    .append(Numbers.significant(p.min()))
                    .append(" | ")
                    .append(Numbers.significant(p.max()))
                    .append(" | ")
                    .append(Numbers.significant(p.valueAtZero()))
                    .append(" | ")
                    .append(p.zeroCentred() ? "yes" : "no")
                    .append(" | ")
                    .append(p.saturation().label())
                    .append(" | ")
                    .append(Numbers.significant(p.leftSlope()))
                    .append(" | ")
                    .append(Numbers.significant(p.rightSlope()))
                    .append(" | ")
                    .append(Numbers.significant(p.maxAbsDerivative()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** The properties as CSV (Tablesaw's writer), full precision. */
    static String csv(ActivationAtlas atlas) {
        StringWriter out = new StringWriter();
        atlas.table().write().csv(out);
        return out.toString();
    }
}
