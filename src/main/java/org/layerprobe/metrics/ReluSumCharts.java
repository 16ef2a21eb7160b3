package org.layerprobe.metrics;

import org.layerprobe.report.ChartStyle;

import java.util.List;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The two charts of a {@link ReluSums} study. */
final class ReluSumCharts {

    /** Fits with at most this many knots are drawn; beyond it they overlay the target. */
    private static final int MAX_K_DRAWN = 8;
    private static final int PLOT_POINTS = 401;

    private ReluSumCharts() {}

    static XYChart fits(ReluSums study, List<ReluSumFit> fits) {
        XYChart chart = ChartStyle.lineChart(800, 520,
                "Sums of k shifted ReLUs fitted to y = " + study.name(), "x", "y");
        double[] xs = ChartStyle.plotXs(study.lo(), study.hi(), PLOT_POINTS);
        double[] ys = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            ys[i] = study.target().applyAsDouble(xs[i]);
        }
        ChartStyle.line(chart, "target " + study.name(), xs, ys, 3.5f);
        for (ReluSumFit f : fits) {
            if (f.k() <= MAX_K_DRAWN) {
                String label = String.format(java.util.Locale.ROOT, "k = %d (max err %.3g)",
                        f.k(), f.maxAbsError());
                ChartStyle.line(chart, label, xs, f.valuesAt(xs), 2f);
            }
        }
        return chart;
    }

    static XYChart errors(ReluSums study, List<ReluSumFit> fits) {
        XYChart chart = ChartStyle.lineChart(800, 520,
                "Approximation error of y = " + study.name() + " on [" + fmt(study.lo()) + ", "
                        + fmt(study.hi()) + "] by k shifted ReLUs",
                "k (number of ReLUs)", "|fit - target|");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("0E0");
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        List<ReluSumFit> sorted = fits.stream()
                .sorted(java.util.Comparator.comparingInt(ReluSumFit::k))
                .collect(Collectors.toList());
        double[] ks = sorted.stream().mapToDouble(ReluSumFit::k).toArray();
        double[] max = sorted.stream().mapToDouble(ReluSumFit::maxAbsError).toArray();
        double[] mean = sorted.stream().mapToDouble(ReluSumFit::meanAbsError).toArray();
        // Skip the reference series; it has no colour of its own in this chart.
        chart.getStyler().setSeriesColors(java.util.Arrays.copyOfRange(
                ChartStyle.PALETTE, 1, ChartStyle.PALETTE.length));
        XYSeries maxSeries = ChartStyle.line(chart, "max error", ks, max, 2f);
        maxSeries.setMarker(SeriesMarkers.CIRCLE);
        XYSeries meanSeries = ChartStyle.line(chart, "mean error", ks, mean, 2f);
        meanSeries.setMarker(SeriesMarkers.DIAMOND);
        if (ks.length >= 2) {
            // A k^-2 guide, drawn above the max error so that it does not hide it: the slope a
            // piecewise-linear fit of a smooth target attains.
            double kLast = ks[ks.length - 1];
            double c = 4 * max[max.length - 1] * kLast * kLast;
            double[] ref = new double[ks.length];
            for (int i = 0; i < ks.length; i++) {
                ref[i] = c / (ks[i] * ks[i]);
            }
            ChartStyle.dashed(chart, "guide: slope k^-2", ks, ref, 1.5f);
        }
        return chart;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
