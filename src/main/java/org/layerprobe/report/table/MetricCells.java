package org.layerprobe.report.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.layerprobe.results.ResultRow;

/**
 * One metric of the rows summarised over seeds, per panel, activation and point: the numbers
 * behind the tables of the measurements beyond probe accuracy. A companion flag metric (1 =
 * converged) marks cells some of whose fits did not converge, as in the separability tables.
 */
public final class MetricCells {

    /** Addresses a cell: the panel, the column's activation and the row's point. */
    record Key(PanelKey panel, String activation, String point) {}

    private final Map<Key, CellStats> cells = new LinkedHashMap<>();
    private final Map<Key, List<Double>> raw = new LinkedHashMap<>();
    private final Map<PanelKey, Set<String>> activations = new LinkedHashMap<>();
    private final Map<PanelKey, Map<String, Integer>> points = new LinkedHashMap<>();

    private MetricCells() {}

    /**
     * The trained-checkpoint rows whose metric {@code metric} accepts, summarised; {@code flag}
     * names the convergence metric of the same fits, or is null.
     */
    public static MetricCells of(List<ResultRow> rows, Predicate<String> metric, String flag) {
        Map<Key, List<Double>> values = new LinkedHashMap<>();
        Map<List<Object>, Double> flags = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            if (!ResultRow.TRAINED.equals(r.checkpoint())) {
                continue;
            }
            if (flag != null && flag.equals(r.metric())) {
                flags.put(
                        List.of(r.run(), r.dataset(), r.architecture(), r.activation(), r.seed(), r.point()),
                        r.value());
            }
        }
        MetricCells out = new MetricCells();
        Map<Key, int[]> unconverged = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            if (!ResultRow.TRAINED.equals(r.checkpoint()) || !metric.test(r.metric())) {
                continue;
            }
            PanelKey panel = new PanelKey(r.run(), r.dataset(), r.architecture());
            Key key = new Key(panel, r.activation(), r.point());
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(r.value());
            out.activations.computeIfAbsent(panel, p -> new LinkedHashSet<>()).add(r.activation());
            out.points.computeIfAbsent(panel, p -> new LinkedHashMap<>()).putIfAbsent(r.point(), r.pointIndex());
            if (flag != null) {
                Double f =
                        flags.get(List.of(r.run(), r.dataset(), r.architecture(), r.activation(), r.seed(), r.point()));
                int[] u = unconverged.computeIfAbsent(key, k -> new int[2]);
                if (f == null) {
                    u[1]++;
                } else if (f < 0.5) {
                    u[0]++;
                }
            }
        }
        out.raw.putAll(values);
        values.forEach((k, v) -> {
            int[] u = unconverged.getOrDefault(k, new int[2]);
            out.cells.put(k, stats(v, u[0], u[1]));
        });
        return out;
    }

    private static CellStats stats(List<Double> values, int unconverged, int unrecorded) {
        double sum = 0;
        int n = 0;
        int missing = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                missing++;
            } else {
                sum += v;
                n++;
            }
        }
        double mean = n == 0 ? Double.NaN : sum / n;
        double sq = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sq += (v - mean) * (v - mean);
            }
        }
        double std = n >= 2 ? Math.sqrt(sq / (n - 1)) : Double.NaN;
        return new CellStats(mean, std, n, missing, unconverged, unrecorded);
    }

    boolean isEmpty() {
        return cells.isEmpty();
    }

    public List<PanelKey> panels() {
        return List.copyOf(activations.keySet());
    }

    public List<String> activations(PanelKey panel) {
        return List.copyOf(activations.getOrDefault(panel, Set.of()));
    }

    /** The panel's points in network order. */
    public List<String> points(PanelKey panel) {
        return points.getOrDefault(panel, Map.of()).entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The values of every point of one panel and activation, summarised together. */
    Optional<CellStats> overall(PanelKey panel, String activation) {
        List<Double> all = new ArrayList<>();
        raw.forEach((k, v) -> {
            if (k.panel().equals(panel) && k.activation().equals(activation)) {
                all.addAll(v);
            }
        });
        return all.isEmpty() ? Optional.empty() : Optional.of(stats(all, 0, 0));
    }

    public Optional<CellStats> get(PanelKey panel, String activation, String point) {
        return Optional.ofNullable(cells.get(new Key(panel, activation, point)));
    }
}
