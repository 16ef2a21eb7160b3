package org.layerprobe.report.table;

import java.util.List;

/** The auto-generated reading of one panel: plain-text sentences computed from the rows. */
public record PanelReading(String title, List<String> sentences) {
    public PanelReading {
        sentences = List.copyOf(sentences);
    }
}
