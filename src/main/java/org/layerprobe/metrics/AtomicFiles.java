package org.layerprobe.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.internal.chartpart.Chart;
import org.layerprobe.results.AtomicWrites;
import org.layerprobe.report.ChartEncoder;

/**
 * Chart and text files of the metrics studies, each written atomically through the report
 * layer's {@link AtomicWrites}, so a reader never sees a half-written file.
 */
final class AtomicFiles {

    static {
        ChartEncoder.ensureHeadless();
    }

    private AtomicFiles() {}

    static Path writeString(Path target, String text) {
        return AtomicWrites.writeString(target, text);
    }

    /** Writes {@code chart} as {@code dir/base.png} and {@code dir/base.svg}; returns both. */
    static List<Path> writeChart(Chart<?, ?> chart, Path dir, String base) {
        Path png = AtomicWrites.writeBytes(dir.resolve(base + ".png"), ChartEncoder.png(chart));
        Path svg = AtomicWrites.writeBytes(dir.resolve(base + ".svg"), ChartEncoder.svg(chart));
        return List.of(png, svg);
    }

    /** Writes several charts as one PNG grid of {@code rows} x {@code cols}. */
    static <C extends Chart<?, ?>> Path writeChartGrid(List<C> charts, int rows, int cols, Path target) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            BitmapEncoder.saveBitmap(charts, rows, cols, out, BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return AtomicWrites.writeBytes(target, out.toByteArray());
    }
}
