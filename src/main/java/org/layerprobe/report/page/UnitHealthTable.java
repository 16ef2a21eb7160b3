package org.layerprobe.report.page;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.ResultRow;

/**
 * Unit health next to separability: per trained network and activation layer, the dead fraction
 * (rectifiers), saturated fraction (sigmoid/tanh), mean |f'(z)|, and the layers' gradient norms
 * per epoch, as an HTML fragment for a report's appendix. Means over seeds.
 */
public final class UnitHealthTable {

    private UnitHealthTable() {}

    /** The fragment, or an empty string when the rows hold no unit-health metrics. */
    public static String html(List<ResultRow> rows) {
        Map<String, Map<String, Map<String, List<Double>>>> byNet = new LinkedHashMap<>();
        Map<String, Integer> order = new TreeMap<>();
        for (ResultRow r : rows) {
            if (!ResultRow.TRAINED.equals(r.checkpoint()) || !isHealth(r.metric())) {
                continue;
            }
            String net = r.architecture() + " / " + r.activation();
            byNet.computeIfAbsent(net, k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.point(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.metric(), k -> new ArrayList<>())
                    .add(r.value());
            order.putIfAbsent(r.architecture() + "|" + r.point(), r.pointIndex());
        }
        if (byNet.isEmpty()) {
            return "";
        }
        List<String> metrics = new ArrayList<>(
                List.of(MetricNames.DEAD_FRACTION, MetricNames.SATURATED_FRACTION, MetricNames.MEAN_ABS_DERIVATIVE));
        rows.stream()
                .map(ResultRow::metric)
                .filter(m -> m.startsWith(MetricNames.GRAD_NORM_EPOCH_PREFIX))
                .distinct()
                .sorted()
                .forEach(metrics::add);
        StringBuilder b = new StringBuilder();
        b.append("<p>Per activation layer of each trained network (mean over seeds): fraction of dead units"
                + " (rectifiers never active on the validation set), fraction saturated (|f'(z)| &lt; 0.01"
                + " on most validation inputs), mean |f'(z)|, and the mean gradient L2 norm of each layer"
                + " during each training epoch (pre points hold the layer's weights). Small early-layer"
                + " gradients next to large late-layer ones are vanishing gradients made visible.</p>\n");
        b.append("<table>\n<thead><tr><th>network</th><th>point</th>");
        for (String m : metrics) {
            b.append("<th>").append(HtmlPage.esc(m.replace('_', ' '))).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        byNet.forEach((net, points) -> {
            String arch = net.substring(0, net.indexOf(" / "));
            points.entrySet().stream()
                    .sorted((x, y) -> Integer.compare(
                            order.getOrDefault(arch + "|" + x.getKey(), 0),
                            order.getOrDefault(arch + "|" + y.getKey(), 0)))
                    .forEach(e -> {
                        b.append("<tr><td>")
                                .append(HtmlPage.esc(net))
                                .append("</td><td>")
                                .append(HtmlPage.esc(e.getKey()))
                                .append("</td>");
                        for (String m : metrics) {
                            List<Double> v = e.getValue().get(m);
                            b.append("<td>")
                                    .append(v == null ? "" : format(mean(v)))
                                    .append("</td>");
                        }
                        b.append("</tr>\n");
                    });
        });
        return b.append("</tbody>\n</table>\n").toString();
    }

    private static boolean isHealth(String metric) {
        return metric.equals(MetricNames.DEAD_FRACTION)
                || metric.equals(MetricNames.SATURATED_FRACTION)
                || metric.equals(MetricNames.MEAN_ABS_DERIVATIVE)
                || metric.startsWith(MetricNames.GRAD_NORM_EPOCH_PREFIX);
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static String format(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return Math.abs(v) >= 0.01 || v == 0
                ? String.format(Locale.ROOT, "%.3f", v)
                : String.format(Locale.ROOT, "%.2e", v);
    }
}
