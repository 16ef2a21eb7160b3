package org.layerprobe.report.chart;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rendered chart: PNG bytes (embedded in the page, referenced from Markdown) and SVG bytes (for
 * papers), written as {@code <id>.png} and {@code <id>.svg}.
 *
 * @param id file base name, unique within the report
 * @param title the chart's title, used as alt text
 * @param caption a sentence saying how to read the chart
 */
public record ChartImage(String id, String title, String caption, byte[] png, byte[] svg) {

    public String pngName() {
        return id + ".png";
    }

    public String svgName() {
        return id + ".svg";
    }

    /** Both files under their names, the PNG first. */
    public Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(pngName(), png);
        files.put(svgName(), svg);
        return files;
    }
}
