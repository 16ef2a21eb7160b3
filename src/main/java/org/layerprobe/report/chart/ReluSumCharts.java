package org.layerprobe.report.chart;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.layerprobe.metrics.ReluSumFit;
import org.layerprobe.metrics.ReluSums;
import org.layerprobe.report.table.Numbers;

/** The two charts of a {@link ReluSums} study, the same on its study page and beside the atlas. */
public final class ReluSumCharts {

    /** Fits with at most this many knots are drawn; beyond it they overlay the target. */
    private static final int MAX_K_DRAWN = 8;

    private static final int PLOT_POINTS = 401;

    private ReluSumCharts() {}

    /** The target and the fits with the fewest knots, as {@code relu-sums-fits}. */
    public static ChartImage fits(ReluSums study, List<ReluSumFit> fits) {
        return ChartEncoder.encode(
                "relu-sums-fits",
                "Fits with few knots",
                "The target " + study.name() + " and the fits with the fewest knots, where the kinks are visible.",
                fitsChart(study, fits));
    }

    /** Max and mean error against k, log-log, as {@code relu-sums-error}. */
    public static ChartImage errors(ReluSums study, List<ReluSumFit> fits) {
        return ChartEncoder.encode(
                "relu-sums-error",
                "Error against k",
                "Max and mean absolute error against k, log-log; a slope of -2 is the k^-2 rate.",
                errorsChart(study, fits));
    }

    private static XYChart fitsChart(ReluSums study, List<ReluSumFit> fits) {
        XYChart chart =
                ChartStyle.lineChart(800, 520, "Sums of k shifted ReLUs fitted to y = " + study.name(), "x", "y");
        double[] xs = ChartStyle.plotXs(study.lo(), study.hi(), PLOT_POINTS);
        double[] ys = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            ys[i] = study.target().applyAsDouble(xs[i]);
        }
        ChartStyle.line(chart, "target " + study.name(), xs, ys, 3.5f);
        for (ReluSumFit f : fits) {
            if (f.k() <= MAX_K_DRAWN) {
                String label = String.format(Locale.ROOT, "k = %d (max err %.3g)", f.k(), f.maxAbsError());
                ChartStyle.line(chart, label, xs, f.valuesAt(xs), 2f);
            }
        }
        return chart;
    }

    private static XYChart errorsChart(ReluSums study, List<ReluSumFit> fits) {
        XYChart chart = ChartStyle.lineChart(
                800,
                520,
                "Approximation error of y = " + study.name() + " on [" + Numbers.bound(study.lo()) + ", "
                        + Numbers.bound(study.hi()) + "] by k shifted ReLUs",
                "k (number of ReLUs)",
                "|fit - target|");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("0E0");
        chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
        List<ReluSumFit> sorted =
                fits.stream().sorted(Comparator.comparingInt(ReluSumFit::k)).toList();
        double[] ks = sorted.stream().mapToDouble(ReluSumFit::k).toArray();
        double[] max = sorted.stream().mapToDouble(ReluSumFit::maxAbsError).toArray();
        double[] mean = sorted.stream().mapToDouble(ReluSumFit::meanAbsError).toArray();
        // Skip the reference series; it has no colour of its own in this chart.
        chart.getStyler().setSeriesColors(ChartStyle.PALETTE_WITHOUT_REFERENCE);
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
}
