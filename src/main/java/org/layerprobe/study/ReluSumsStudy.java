package org.layerprobe.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.layerprobe.metrics.ReluSumFit;
import org.layerprobe.metrics.ReluSums;
import org.layerprobe.report.chart.ReluSumCharts;
import org.layerprobe.report.page.ReluSumFiles;
import org.layerprobe.report.page.StudyPage;

/** Sums of k shifted ReLUs fitted to x^2 on [0, 2]: the error of a piecewise-linear fit against k. */
final class ReluSumsStudy {

    private ReluSumsStudy() {}

    /** Computes the study and composes its page. */
    static StudyPage run(StudySpec.ReluSums spec, Consumer<String> log) {
        ReluSums sums = ReluSums.square();
        List<ReluSumFit> fits = sums.fit(spec.ks());
        List<List<String>> rows = new ArrayList<>();
        for (ReluSumFit f : fits) {
            rows.add(List.of(String.valueOf(f.k()), sci(f.maxAbsError()), sci(f.meanAbsError())));
            log.accept(String.format(Locale.ROOT, "relu-sums: k=%d max error %.3e", f.k(), f.maxAbsError()));
        }
        StudyPage page = new StudyPage(
                "Sums of shifted ReLUs approximate x^2",
                "How well does b + sum_j w_j relu(x - c_j), with k evenly spaced knots and least-squares"
                        + " weights, approximate y = x^2 on [0, 2], and how fast does the error fall with k?");
        page.paragraph("Each sum of k shifted ReLUs is a piecewise-linear function with k knots, so one hidden"
                + " relu layer of width k can bend a line k times. For a smooth target the error of the best"
                + " piecewise-linear fit falls like k^-2: doubling k divides the error by about 4. The fit uses "
                + sums.gridPoints() + " evenly spaced points; errors are measured on the same grid.");
        page.table("relu-sums-errors", "Error of the fit against k", List.of("k", "max |error|", "mean |error|"), rows);
        page.chart(ReluSumCharts.fits(sums, fits));
        page.chart(ReluSumCharts.errors(sums, fits));
        // The same table `layerprobe atlas --relu-sums` writes, so scripts read either.
        page.attach(ReluSumFiles.CSV, ReluSumFiles.csv(sums, fits));
        return page;
    }

    private static String sci(double v) {
        return String.format(Locale.ROOT, "%.3e", v);
    }
}
