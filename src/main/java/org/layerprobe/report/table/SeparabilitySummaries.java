package org.layerprobe.report.table;

import static org.layerprobe.results.RowTable.ACTIVATION;
import static org.layerprobe.results.RowTable.ARCHITECTURE;
import static org.layerprobe.results.RowTable.CHECKPOINT;
import static org.layerprobe.results.RowTable.DATASET;
import static org.layerprobe.results.RowTable.METRIC;
import static org.layerprobe.results.RowTable.POINT;
import static org.layerprobe.results.RowTable.POINT_INDEX;
import static org.layerprobe.results.RowTable.RUN;
import static org.layerprobe.results.RowTable.SEED;
import static org.layerprobe.results.RowTable.VALUE;
import static tech.tablesaw.aggregate.AggregateFunctions.count;
import static tech.tablesaw.aggregate.AggregateFunctions.countMissing;
import static tech.tablesaw.aggregate.AggregateFunctions.max;
import static tech.tablesaw.aggregate.AggregateFunctions.mean;
import static tech.tablesaw.aggregate.AggregateFunctions.stdDev;
import static tech.tablesaw.aggregate.AggregateFunctions.sum;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerprobe.LayerprobeException;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.ResultRow;
import org.layerprobe.results.RowChecks;
import org.layerprobe.results.RowTable;
import org.layerprobe.stats.ErrorIntervals;
import org.layerprobe.stats.Interval;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * Summarises long-format rows into {@link SeparabilityPanel}s with Tablesaw: probe test error
 * as mean, sample std and n over seeds per cell, each cell joined with its seeds' convergence
 * flags so that an unconverged or unchecked probe can never pass as a converged one.
 */
public final class SeparabilitySummaries {

    private static final String ERROR = "error";
    private static final String CONVERGED = "converged";
    private static final String UNCONVERGED = "unconverged";
    private static final String UNRECORDED = "unrecorded";

    /** One probe fit: the columns that tell two seeds' fits of the same cell apart. */
    private static final String[] FIT = {RUN, DATASET, ARCHITECTURE, ACTIVATION, CHECKPOINT, POINT, SEED};
    /** One table cell: all seeds of it are aggregated together. */
    private static final String[] CELL = {RUN, DATASET, ARCHITECTURE, ACTIVATION, CHECKPOINT, POINT, POINT_INDEX};

    private static final String[] MODEL_CELL = {RUN, DATASET, ARCHITECTURE, ACTIVATION, CHECKPOINT};

    private SeparabilitySummaries() {}

    /** One panel per (run, dataset, architecture) that has probe test errors, in row order. */
    public static List<SeparabilityPanel> of(List<ResultRow> rows) {
        RowChecks.check(rows);
        Table table = RowTable.toTable(rows);
        Map<CellKey, CellStats> errors = withIntervals(probeErrors(table), rows);
        if (errors.isEmpty()) {
            throw LayerprobeException.withFix(
                    "the rows hold no " + MetricNames.PROBE_TEST_ERROR + " values, so there is no"
                            + " separability to report",
                    "check that the probes ran; the metrics present are "
                            + rows.stream().map(ResultRow::metric).distinct().toList());
        }
        Map<CellKey, CellStats> accuracy = modelMetric(table, MetricNames.MODEL_TEST_ACCURACY);
        Map<CellKey, CellStats> majority = modelMetric(table, MetricNames.MAJORITY_CLASS_ERROR);
        Map<List<String>, Long> dims = dimensions(table);
        return assemble(rows, errors, accuracy, majority, dims);
    }

    private static Map<CellKey, CellStats> probeErrors(Table table) {
        Table errors = metricRows(table, MetricNames.PROBE_TEST_ERROR).selectColumns(concat(FIT, POINT_INDEX, VALUE));
        errors.column(VALUE).setName(ERROR);
        Table converged = metricRows(table, MetricNames.PROBE_CONVERGED).selectColumns(concat(FIT, VALUE));
        converged.column(VALUE).setName(CONVERGED);
        // Left join: a seed with an error but no convergence row must stay, marked unrecorded.
        Table joined = errors.joinOn(FIT).leftOuter(converged);
        DoubleColumn flag = joined.doubleColumn(CONVERGED);
        DoubleColumn unconverged = DoubleColumn.create(UNCONVERGED, joined.rowCount());
        DoubleColumn unrecorded = DoubleColumn.create(UNRECORDED, joined.rowCount());
        for (int i = 0; i < joined.rowCount(); i++) {
            boolean known = !flag.isMissing(i);
            unrecorded.set(i, known ? 0 : 1);
            unconverged.set(i, known && flag.getDouble(i) < 0.5 ? 1 : 0);
        }
        joined.addColumns(unconverged, unrecorded);

        Table stats = joined.summarize(ERROR, mean, stdDev, count, countMissing).by(CELL);
        Table flags = joined.summarize(UNCONVERGED, UNRECORDED, sum).by(CELL);
        Map<CellKey, double[]> flagsByCell = new HashMap<>();
        for (int i = 0; i < flags.rowCount(); i++) {
            flagsByCell.put(
                    cellKey(flags, i), new double[] {number(flags, CELL.length, i), number(flags, CELL.length + 1, i)});
        }
        Map<CellKey, CellStats> out = new HashMap<>();
        for (int i = 0; i < stats.rowCount(); i++) {
            CellKey key = cellKey(stats, i);
            int n = (int) number(stats, CELL.length + 2, i);
            double[] f = flagsByCell.get(key);
            out.put(
                    key,
                    new CellStats(
                            number(stats, CELL.length, i),
                            spread(number(stats, CELL.length + 1, i), n),
                            n,
                            (int) number(stats, CELL.length + 3, i),
                            (int) f[0],
                            (int) f[1]));
        }
        return out;
    }

    /**
     * Each cell's 95 % interval (from its seeds' errors and the number of test images) and the
     * Holm-adjusted p-value of its step from the point before, where the rows hold them.
     */
    private static Map<CellKey, CellStats> withIntervals(Map<CellKey, CellStats> errors, List<ResultRow> rows) {
        Map<List<Object>, List<Double>> seedErrors = new HashMap<>();
        Map<List<Object>, Double> images = new HashMap<>();
        Map<List<Object>, Double> stepP = new HashMap<>();
        String step = MetricNames.PAIRED_P_PREFIX + MetricNames.PAIRED_PREV;
        for (ResultRow r : rows) {
            List<Object> cell =
                    List.of(r.run(), r.dataset(), r.architecture(), r.activation(), r.checkpoint(), r.point());
            if (r.seed() == ResultRow.ALL_SEEDS) {
                if (r.metric().equals(step)) {
                    stepP.put(cell, r.value());
                }
            } else if (r.metric().equals(MetricNames.PROBE_TEST_ERROR) && !Double.isNaN(r.value())) {
                seedErrors.computeIfAbsent(cell, c -> new ArrayList<>()).add(r.value());
            } else if (r.metric().equals(MetricNames.PROBE_TEST_IMAGES)) {
                images.merge(cell, r.value(), Math::min);
            }
        }
        Map<CellKey, CellStats> out = new HashMap<>();
        errors.forEach((k, v) -> {
            List<Object> cell = List.of(
                    k.panel().run(),
                    k.panel().dataset(),
                    k.panel().architecture(),
                    k.cell().activation(),
                    k.cell().checkpoint(),
                    k.cell().point());
            List<Double> e = seedErrors.get(cell);
            Double n = images.get(cell);
            Interval ci = e == null || n == null || n < 1
                    ? null
                    : ErrorIntervals.acrossSeeds(
                            e.stream().mapToDouble(Double::doubleValue).toArray(), Math.round(n));
            out.put(k, v.with(ci, stepP.getOrDefault(cell, Double.NaN)));
        });
        return out;
    }

    /** The largest certified relative gap of a panel's fits, NaN where none was recorded. */
    private static double largestRelativeGap(List<ResultRow> rows, PanelKey panel) {
        return rows.stream()
                .filter(r -> r.metric().equals(MetricNames.PROBE_RELATIVE_GAP) && !Double.isNaN(r.value()))
                .filter(r -> panel.equals(new PanelKey(r.run(), r.dataset(), r.architecture())))
                .mapToDouble(ResultRow::value)
                .max()
                .orElse(Double.NaN);
    }

    /** A panel's paired p-values by cell and family suffix. */
    private static Map<SeparabilityPanel.Key, Map<String, Double>> paired(List<ResultRow> rows, PanelKey panel) {
        Map<SeparabilityPanel.Key, Map<String, Double>> out = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            if (r.seed() == ResultRow.ALL_SEEDS
                    && r.metric().startsWith(MetricNames.PAIRED_P_PREFIX)
                    && panel.equals(new PanelKey(r.run(), r.dataset(), r.architecture()))) {
                out.computeIfAbsent(
                                new SeparabilityPanel.Key(r.activation(), r.checkpoint(), r.point()),
                                k -> new LinkedHashMap<>())
                        .put(r.metric().substring(MetricNames.PAIRED_P_PREFIX.length()), r.value());
            }
        }
        return out;
    }

    private static Map<CellKey, CellStats> modelMetric(Table table, String metric) {
        Table acc = metricRows(table, metric);
        Map<CellKey, CellStats> out = new HashMap<>();
        if (acc.rowCount() == 0) {
            return out;
        }
        Table stats = acc.summarize(VALUE, mean, stdDev, count, countMissing).by(MODEL_CELL);
        for (int i = 0; i < stats.rowCount(); i++) {
            int n = (int) number(stats, MODEL_CELL.length + 2, i);
            CellKey key = new CellKey(
                    new PanelKey(text(stats, RUN, i), text(stats, DATASET, i), text(stats, ARCHITECTURE, i)),
                    new SeparabilityPanel.Key(
                            text(stats, ACTIVATION, i), text(stats, CHECKPOINT, i), ResultRow.MODEL_POINT),
                    -1);
            out.put(
                    key,
                    CellStats.of(
                            number(stats, MODEL_CELL.length, i),
                            spread(number(stats, MODEL_CELL.length + 1, i), n),
                            n,
                            (int) number(stats, MODEL_CELL.length + 3, i)));
        }
        return out;
    }

    private static Map<List<String>, Long> dimensions(Table table) {
        Table dims = metricRows(table, MetricNames.DIMENSION);
        Map<List<String>, Long> out = new HashMap<>();
        if (dims.rowCount() == 0) {
            return out;
        }
        Table widest = dims.summarize(VALUE, max).by(RUN, DATASET, ARCHITECTURE, POINT);
        for (int i = 0; i < widest.rowCount(); i++) {
            out.put(
                    List.of(
                            text(widest, RUN, i), text(widest, DATASET, i),
                            text(widest, ARCHITECTURE, i), text(widest, POINT, i)),
                    Math.round(number(widest, 4, i)));
        }
        return out;
    }

    /** Groups the summaries into panels, keeping the order in which the rows name things. */
    private static List<SeparabilityPanel> assemble(
            List<ResultRow> rows,
            Map<CellKey, CellStats> errors,
            Map<CellKey, CellStats> accuracy,
            Map<CellKey, CellStats> majority,
            Map<List<String>, Long> dims) {
        Map<PanelKey, Set<String>> activations = new LinkedHashMap<>();
        Map<PanelKey, Map<String, Integer>> points = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            boolean isError = MetricNames.PROBE_TEST_ERROR.equals(r.metric());
            if (!isError && !MetricNames.MODEL_TEST_ACCURACY.equals(r.metric())) {
                continue;
            }
            PanelKey panel = new PanelKey(r.run(), r.dataset(), r.architecture());
            activations.computeIfAbsent(panel, p -> new LinkedHashSet<>()).add(r.activation());
            if (isError) {
                points.computeIfAbsent(panel, p -> new LinkedHashMap<>()).putIfAbsent(r.point(), r.pointIndex());
            }
        }
        List<SeparabilityPanel> panels = new ArrayList<>();
        for (PanelKey panel : activations.keySet()) {
            if (!points.containsKey(panel)) {
                continue; // model accuracy alone gives no separability table
            }
            List<ProbePoint> ordered = points.get(panel).entrySet().stream()
                    .map(e -> new ProbePoint(e.getKey(), e.getValue()))
                    .sorted(Comparator.comparingInt(ProbePoint::index).thenComparing(ProbePoint::name))
                    .toList();
            Map<SeparabilityPanel.Key, CellStats> panelErrors = new LinkedHashMap<>();
            errors.forEach((k, v) -> {
                if (k.panel().equals(panel)) {
                    panelErrors.put(k.cell(), v);
                }
            });
            Map<SeparabilityPanel.Key, CellStats> panelAccuracy = of(accuracy, panel);
            Map<SeparabilityPanel.Key, CellStats> panelMajority = of(majority, panel);
            Map<String, Long> panelDims = new LinkedHashMap<>();
            for (ProbePoint p : ordered) {
                Long d = dims.get(List.of(panel.run(), panel.dataset(), panel.architecture(), p.name()));
                if (d != null) {
                    panelDims.put(p.name(), d);
                }
            }
            panels.add(new SeparabilityPanel(
                    panel,
                    ordered,
                    List.copyOf(activations.get(panel)),
                    panelErrors,
                    panelAccuracy,
                    panelDims,
                    panelMajority,
                    paired(rows, panel),
                    largestRelativeGap(rows, panel)));
        }
        return panels;
    }

    private static Map<SeparabilityPanel.Key, CellStats> of(Map<CellKey, CellStats> cells, PanelKey panel) {
        Map<SeparabilityPanel.Key, CellStats> out = new LinkedHashMap<>();
        cells.forEach((k, v) -> {
            if (k.panel().equals(panel)) {
                out.put(k.cell(), v);
            }
        });
        return out;
    }

    /** A cell of some panel, as it comes out of a Tablesaw group-by. */
    private record CellKey(PanelKey panel, SeparabilityPanel.Key cell, int pointIndex) {}

    private static CellKey cellKey(Table t, int i) {
        return new CellKey(
                new PanelKey(text(t, RUN, i), text(t, DATASET, i), text(t, ARCHITECTURE, i)),
                new SeparabilityPanel.Key(text(t, ACTIVATION, i), text(t, CHECKPOINT, i), text(t, POINT, i)),
                t.intColumn(POINT_INDEX).getInt(i));
    }

    private static Table metricRows(Table table, String metric) {
        return table.where(table.stringColumn(METRIC).isEqualTo(metric));
    }

    private static String text(Table t, String column, int row) {
        return t.stringColumn(column).get(row);
    }

    /** Summary columns are read by position: Tablesaw names them after the function's label. */
    private static double number(Table t, int column, int row) {
        return t.numberColumn(column).getDouble(row);
    }

    /** A one-seed "std" of 0 would read as "no spread"; it is undefined. */
    private static double spread(double std, int n) {
        return n >= 2 ? std : Double.NaN;
    }

    private static String[] concat(String[] head, String... tail) {
        String[] out = new String[head.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }
}
