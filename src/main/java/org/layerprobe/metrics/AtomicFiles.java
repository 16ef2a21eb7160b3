package org.layerprobe.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.internal.chartpart.Chart;
import org.layerprobe.LayerprobeException;

/**
 * Writes files so that a reader never sees a half-written one: bytes go to a temporary file in the
 * target's directory, which is then renamed over the target in one step.
 */
final class AtomicFiles {

    static {
        ChartStyle.headless();
    }

    private AtomicFiles() {}

    /** Writes {@code text} as UTF-8 to {@code target}. */
    static Path writeString(Path target, String text) {
        return writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code target}, creating its directory when needed. */
    static Path writeBytes(Path target, byte[] bytes) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw LayerprobeException.withFix("cannot write " + target + ": " + e.getMessage(),
                    "check that the directory is writable and the disk has space, or pass another"
                            + " output directory");
        }
    }

    /** Writes {@code chart} as {@code dir/base.png} and {@code dir/base.svg}; returns both. */
    static List<Path> writeChart(Chart<?, ?> chart, Path dir, String base) {
        Path png = writeBytes(dir.resolve(base + ".png"), png(chart));
        Path svg = writeBytes(dir.resolve(base + ".svg"), svg(chart));
        return List.of(png, svg);
    }

    /** Writes several charts as one PNG grid of {@code rows} x {@code cols}. */
    static <C extends Chart<?, ?>> Path writeChartGrid(
            List<C> charts, int rows, int cols, Path target) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            BitmapEncoder.saveBitmap(charts, rows, cols, out, BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writeBytes(target, out.toByteArray());
    }

    private static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] svg(Chart<?, ?> chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the original failure is the one worth reporting
            }
        }
    }
}
