package org.layerprobe.report.table;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.layerprobe.results.ResultRow;

/**
 * Builds the wide views of the rows: points down, activations across, probe test error in each
 * cell, the random-init baseline beside each trained column and the model's own test accuracy as
 * a footer. Notes are derived from the cells, so a flag in a cell always has its explanation.
 */
public final class SummaryTables {

    public static final String POINT_HEADING = "point";
    static final String DIM_HEADING = "dim";
    static final String INIT_SUFFIX = " init";
    static final String MODEL_ACCURACY_LABEL = "model test accuracy (skyline)";
    static final String MAJORITY_LABEL = "majority-class error (floor)";

    private SummaryTables() {}

    /** One table per panel; {@code withRun} puts the run name in titles (for multi-run rows). */
    public static List<SummaryTable> perPanel(List<SeparabilityPanel> panels) {
        boolean withRun = panels.stream().map(p -> p.key().run()).distinct().count() > 1;
        Slugs.Unique ids = new Slugs.Unique();
        return panels.stream().map(p -> perPanel(p, withRun, ids)).toList();
    }

    private static SummaryTable perPanel(SeparabilityPanel p, boolean withRun, Slugs.Unique ids) {
        String label = withRun ? p.key().labelWithRun() : p.key().label();
        boolean init = p.hasInit();
        boolean dims = !p.dimensions().isEmpty();

        List<String> header = new ArrayList<>();
        header.add(POINT_HEADING);
        if (dims) {
            header.add(DIM_HEADING);
        }
        for (String a : p.activations()) {
            header.add(a);
            if (init) {
                header.add(a + INIT_SUFFIX);
            }
        }

        List<List<Cell>> body = new ArrayList<>();
        for (ProbePoint point : p.points()) {
            List<Cell> row = new ArrayList<>();
            row.add(Cell.text(point.name()));
            if (dims) {
                row.add(p.dimension(point.name())
                        .<Cell>map(d -> Cell.text(Long.toString(d)))
                        .orElseGet(Cell.Empty::new));
            }
            for (String a : p.activations()) {
                row.add(Cell.of(p.error(a, ResultRow.TRAINED, point.name())));
                if (init) {
                    row.add(Cell.of(p.error(a, ResultRow.INIT, point.name())));
                }
            }
            body.add(row);
        }

        List<List<Cell>> footer = new ArrayList<>();
        if (p.hasModelAccuracy()) {
            footer.add(footerRow(
                    MODEL_ACCURACY_LABEL,
                    dims,
                    init,
                    p.activations(),
                    a -> Cell.of(p.modelAccuracy(a, ResultRow.TRAINED)),
                    a -> Cell.of(p.modelAccuracy(a, ResultRow.INIT))));
        }
        if (p.hasMajorityError()) {
            // The floor depends on the data alone, so the init column would repeat it.
            footer.add(footerRow(
                    MAJORITY_LABEL,
                    dims,
                    init,
                    p.activations(),
                    a -> Cell.of(p.majorityError(a)),
                    a -> new Cell.Empty()));
        }

        List<String> notes = new ArrayList<>();
        notes.add("Probe test error in %, mean ± sample std over seeds (n = seeds with a value);"
                + " in brackets its 95 % interval (Wilson over the test images for one seed; across seeds,"
                + " Student's t over seeds, never narrower than the pooled Wilson interval). "
                + StatText.STEP_MARK + ": the probe differs from the point above it (exact McNemar test on the"
                + " same test images, pooled over seeds, Holm-adjusted p ≤ " + CellStats.ALPHA + ")."
                + " Baselines: the input row is the raw-input probe"
                + (init
                        ? "; columns ending in init, the same probes on the same architecture at random"
                                + " init (untrained)"
                        : "")
                + "." + (dims ? " dim: width of the probed state." : "")
                + (p.hasModelAccuracy() ? " Skyline: the model's own test accuracy in %." : "")
                + (p.hasMajorityError()
                        ? " Floor: the test error of always answering the training set's most"
                                + " frequent class, in %."
                        : ""));
        notes.addAll(flagNotes(body));
        return new SummaryTable(
                ids.of("separability-" + label), "Probe test error (%): " + label, header, body, footer, notes);
    }

    private static List<Cell> footerRow(
            String label,
            boolean dims,
            boolean init,
            List<String> activations,
            Function<String, Cell> trained,
            Function<String, Cell> atInit) {
        List<Cell> row = new ArrayList<>();
        row.add(Cell.text(label));
        if (dims) {
            row.add(new Cell.Empty());
        }
        for (String a : activations) {
            row.add(trained.apply(a));
            if (init) {
                row.add(atInit.apply(a));
            }
        }
        return row;
    }

    /**
     * Runs side by side: points down, one column per {@link CompareSeries} (trained checkpoints
     * only), the model's own accuracy as footer.
     */
    public static SummaryTable compare(List<CompareSeries> series) {
        List<ProbePoint> points = CompareSeries.points(series);
        List<String> header = new ArrayList<>();
        header.add(POINT_HEADING);
        series.forEach(s -> header.add(s.label()));

        List<List<Cell>> body = new ArrayList<>();
        for (ProbePoint point : points) {
            List<Cell> row = new ArrayList<>();
            row.add(Cell.text(point.name()));
            for (CompareSeries s : series) {
                row.add(Cell.of(s.panel().error(s.activation(), ResultRow.TRAINED, point.name())));
            }
            body.add(row);
        }
        List<List<Cell>> footer = new ArrayList<>();
        if (series.stream().anyMatch(s -> s.panel().hasModelAccuracy())) {
            List<Cell> row = new ArrayList<>();
            row.add(Cell.text(MODEL_ACCURACY_LABEL));
            for (CompareSeries s : series) {
                row.add(Cell.of(s.panel().modelAccuracy(s.activation(), ResultRow.TRAINED)));
            }
            footer.add(row);
        }
        List<String> notes = new ArrayList<>();
        notes.add("Probe test error in %, mean ± sample std over seeds (n = seeds with a value),"
                + " trained networks only; each run's own report has its random-init baseline."
                + " Columns are run/activation; – marks a point that run does not have.");
        notes.addAll(flagNotes(body));
        return new SummaryTable("compare", "Probe test error (%) by run", header, body, footer, notes);
    }

    /** Explanations for every kind of flag that occurs in {@code rows}, with counts. */
    public static List<String> flagNotes(List<List<Cell>> rows) {
        List<CellStats> cells = rows.stream()
                .flatMap(List::stream)
                .flatMap(c -> c instanceof Cell.Stat s ? Stream.of(s.stats()) : Stream.empty())
                .toList();
        int fits = cells.stream().mapToInt(c -> c.n() + c.missing()).sum();
        int unconverged = cells.stream().mapToInt(CellStats::unconverged).sum();
        int unrecorded = cells.stream().mapToInt(CellStats::unrecorded).sum();
        int missing = cells.stream().mapToInt(CellStats::missing).sum();
        List<String> notes = new ArrayList<>();
        if (unconverged > 0) {
            notes.add(StatText.UNCONVERGED_MARK + " " + unconverged + " of " + fits
                    + " probe fits in this table did not converge (probe_converged = 0); the"
                    + " error shown includes them and may overstate the true probe error.");
        }
        if (unrecorded > 0) {
            notes.add(StatText.UNRECORDED_MARK + " convergence was not recorded for " + unrecorded + " of " + fits
                    + " probe fits; they are not known to have converged.");
        }
        if (missing > 0) {
            notes.add(missing + " of " + fits + " probe fits gave NaN; they are left out of the"
                    + " mean, the std and n.");
        }
        return notes;
    }
}
