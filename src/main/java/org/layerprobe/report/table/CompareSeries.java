package org.layerprobe.report.table;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One line of a comparison: an activation of one panel, labelled so it can stand next to the
 * activations of other runs, e.g. {@code baseline/relu}.
 */
public record CompareSeries(SeparabilityPanel panel, String activation, String label) {

    /**
     * Every (panel, activation), labelled {@code run/activation} when each run has one panel and
     * {@code run/architecture/dataset/activation} when a run has several.
     */
    public static List<CompareSeries> of(List<SeparabilityPanel> panels) {
        Map<String, Long> panelsPerRun =
                panels.stream().collect(Collectors.groupingBy(p -> p.key().run(), Collectors.counting()));
        boolean qualify = panelsPerRun.values().stream().anyMatch(n -> n > 1);
        List<CompareSeries> out = new ArrayList<>();
        for (SeparabilityPanel p : panels) {
            String prefix = qualify
                    ? p.key().run() + "/" + p.key().architecture() + "/"
                            + p.key().dataset()
                    : p.key().run();
            for (String activation : p.activations()) {
                out.add(new CompareSeries(p, activation, prefix + "/" + activation));
            }
        }
        return out;
    }

    /**
     * The union of all series' points in one order that respects each panel's own order: a point
     * new to the union goes right after its predecessor in its panel. Runs of one architecture
     * keep their list as is; a CNN's conv points then land between input and fc1 of an MLP
     * instead of being interleaved by index. The returned index is the position in the union.
     */
    public static List<ProbePoint> points(List<CompareSeries> series) {
        List<String> merged = new ArrayList<>();
        Set<SeparabilityPanel> seen = new LinkedHashSet<>();
        for (CompareSeries s : series) {
            if (!seen.add(s.panel())) {
                continue;
            }
            String previous = null;
            for (ProbePoint p : s.panel().points()) {
                if (!merged.contains(p.name())) {
                    int at = previous == null ? 0 : merged.indexOf(previous) + 1;
                    merged.add(at, p.name());
                }
                previous = p.name();
            }
        }
        List<ProbePoint> out = new ArrayList<>();
        for (int i = 0; i < merged.size(); i++) {
            out.add(new ProbePoint(merged.get(i), i));
        }
        return out;
    }
}
