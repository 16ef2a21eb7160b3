package org.layerprobe.report.chart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.internal.chartpart.Chart;

/** Turns an XChart chart into PNG and SVG bytes in memory, off-screen (headless AWT). */
public final class ChartEncoder {

    static {
        ensureHeadless();
    }

    private ChartEncoder() {}

    /**
     * Charts are drawn off-screen; without headless mode AWT looks for a display and fails on a
     * server or CI machine. Must run before the first AWT class initialises, hence callers invoke
     * it from their static initialisers too.
     */
    public static void ensureHeadless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Renders both formats of {@code chart}. */
    public static ChartImage encode(String id, String title, String caption, Chart<?, ?> chart) {
        return new ChartImage(id, title, caption, png(chart), svg(chart));
    }

    public static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode chart as PNG", e);
        }
    }

    public static byte[] svg(Chart<?, ?> chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode chart as SVG", e);
        }
        return out.toByteArray();
    }

    /** Renders {@code charts} as one PNG of {@code rows} x {@code cols}, filled row by row. */
    public static <C extends Chart<?, ?>> byte[] pngGrid(List<C> charts, int rows, int cols) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            BitmapEncoder.saveBitmap(charts, rows, cols, out, BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode charts as a PNG grid", e);
        }
        return out.toByteArray();
    }
}
