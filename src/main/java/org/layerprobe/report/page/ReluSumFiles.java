package org.layerprobe.report.page;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.layerprobe.metrics.ReluSumFit;
import org.layerprobe.metrics.ReluSums;
import org.layerprobe.report.chart.ReluSumCharts;
import org.layerprobe.results.AtomicWrites;

/**
 * A {@link ReluSums} study as files: {@code relu-sums-fits.png/svg} (the target and the fits
 * with the fewest knots, where the difference is visible), {@code relu-sums-error.png/svg} (max
 * and mean error against k, log-log) and {@value #CSV}.
 */
public final class ReluSumFiles {

    /** The errors of every fit, for other tools. */
    public static final String CSV = "relu-sums.csv";

    private ReluSumFiles() {}

    /** Writes every file to {@code dir}, each atomically; returns them. */
    public static List<Path> write(ReluSums study, List<ReluSumFit> fits, Path dir) {
        return AtomicWrites.writeAll(dir, render(study, fits));
    }

    /** Every file's bytes, keyed by its name, in the order {@link #write} returns them. */
    static Map<String, byte[]> render(ReluSums study, List<ReluSumFit> fits) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.putAll(ReluSumCharts.fits(study, fits).files());
        files.putAll(ReluSumCharts.errors(study, fits).files());
        files.put(CSV, csv(study, fits).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** target, k, max_abs_error, mean_abs_error; one line per fit. */
    public static String csv(ReluSums study, List<ReluSumFit> fits) {
        StringBuilder sb = new StringBuilder("target,k,max_abs_error,mean_abs_error\n");
        for (ReluSumFit f : fits) {
            sb.append(String.format(
                    Locale.ROOT, "%s,%d,%.6e,%.6e%n", study.name(), f.k(), f.maxAbsError(), f.meanAbsError()));
        }
        return sb.toString();
    }
}
