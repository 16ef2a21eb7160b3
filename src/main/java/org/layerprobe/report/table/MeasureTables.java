package org.layerprobe.report.table;

import java.util.ArrayList;
import java.util.List;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.ResultRow;

/**
 * The tables of the measurements beyond probe accuracy, per (run, dataset, architecture) and only
 * where the rows hold them: the online code (MDL), the control task with its selectivity, and
 * linear CKA of each point with the same point across seeds and across activations.
 */
public final class MeasureTables {

    private MeasureTables() {}

    /** Every table the rows have numbers for, in the order MDL, control task, CKA. */
    public static List<SummaryTable> of(List<ResultRow> rows, Slugs.Unique ids) {
        List<SummaryTable> out = new ArrayList<>();
        out.addAll(onlineCode(rows, ids));
        out.addAll(control(rows, ids));
        out.addAll(ckaAcrossSeeds(rows, ids));
        out.addAll(ckaAcrossActivations(rows, ids));
        return out;
    }

    static List<SummaryTable> onlineCode(List<ResultRow> rows, Slugs.Unique ids) {
        MetricCells compression = MetricCells.of(rows, MetricNames.MDL_COMPRESSION::equals, MetricNames.MDL_CONVERGED);
        MetricCells bits = MetricCells.of(rows, MetricNames.MDL_ONLINE_BITS::equals, MetricNames.MDL_CONVERGED);
        List<SummaryTable> out = new ArrayList<>();
        for (PanelKey panel : compression.panels()) {
            List<String> header = new ArrayList<>(List.of(SummaryTables.POINT_HEADING));
            List<String> acts = compression.activations(panel);
            acts.forEach(a -> {
                header.add(a + " compression");
                header.add(a + " kbits");
            });
            List<List<Cell>> body = new ArrayList<>();
            for (String p : compression.points(panel)) {
                List<Cell> row = new ArrayList<>(List.of(Cell.text(p)));
                for (String a : acts) {
                    row.add(Cell.of(compression.get(panel, a, p), CellFormat.RATIO));
                    row.add(Cell.of(bits.get(panel, a, p), CellFormat.KBITS));
                }
                body.add(row);
            }
            List<String> notes = new ArrayList<>();
            notes.add("Online code (Voita & Titov 2020): the training labels sent in blocks ending at 0.1, 0.2, 0.4,"
                    + " 0.8, 1.6, 3.2, 6.25, 12.5, 25, 50 and 100 % of the training set (seeded order), the first"
                    + " block at log2 K bits a label, each later one at the cross-entropy of a probe fitted on all"
                    + " blocks before it. kbits: the online codelength; compression: uniform codelength / online"
                    + " codelength, mean ± std over seeds. Higher compression: the point's states give the labels"
                    + " away from fewer examples.");
            notes.addAll(SummaryTables.flagNotes(body));
            out.add(new SummaryTable(
                    ids.of("mdl-" + panel.label()),
                    "Online code (MDL): " + panel.label(),
                    header,
                    body,
                    List.of(),
                    notes));
        }
        return out;
    }

    static List<SummaryTable> control(List<ResultRow> rows, Slugs.Unique ids) {
        MetricCells control =
                MetricCells.of(rows, MetricNames.CONTROL_TEST_ACCURACY::equals, MetricNames.CONTROL_CONVERGED);
        MetricCells task = MetricCells.of(rows, MetricNames.PROBE_TEST_ACCURACY::equals, MetricNames.PROBE_CONVERGED);
        MetricCells selectivity = MetricCells.of(rows, MetricNames.SELECTIVITY::equals, MetricNames.CONTROL_CONVERGED);
        List<SummaryTable> out = new ArrayList<>();
        for (PanelKey panel : control.panels()) {
            List<String> header = new ArrayList<>(List.of(SummaryTables.POINT_HEADING));
            List<String> acts = control.activations(panel);
            acts.forEach(a -> {
                header.add(a + " task");
                header.add(a + " control");
                header.add(a + " selectivity");
            });
            List<List<Cell>> body = new ArrayList<>();
            for (String p : control.points(panel)) {
                List<Cell> row = new ArrayList<>(List.of(Cell.text(p)));
                for (String a : acts) {
                    row.add(Cell.of(task.get(panel, a, p)));
                    row.add(Cell.of(control.get(panel, a, p)));
                    row.add(Cell.of(selectivity.get(panel, a, p)));
                }
                body.add(row);
            }
            List<String> notes = new ArrayList<>();
            notes.add("Control task (Hewitt & Liang 2019, adapted to images): the images are grouped into types by"
                    + " a seeded k-means on their pixels and each type gets one label drawn from the class"
                    + " distribution; the same probe is fitted on those labels. task and control: probe test"
                    + " accuracy (%) on the real and the control labels; selectivity = task - control, in"
                    + " percentage points. A low selectivity means the probe does about as well on labels that"
                    + " only say which kind of input this is, so its accuracy says little about the layer.");
            notes.addAll(SummaryTables.flagNotes(body));
            out.add(new SummaryTable(
                    ids.of("control-" + panel.label()),
                    "Control task and selectivity: " + panel.label(),
                    header,
                    body,
                    List.of(),
                    notes));
        }
        return out;
    }

    static List<SummaryTable> ckaAcrossSeeds(List<ResultRow> rows, Slugs.Unique ids) {
        MetricCells cka = MetricCells.of(rows, m -> m.startsWith(MetricNames.CKA_SEED_PREFIX), null);
        MetricCells match = MetricCells.of(rows, MetricNames.CKA_SEED_MATCH::equals, null);
        List<SummaryTable> out = new ArrayList<>();
        for (PanelKey panel : cka.panels()) {
            List<String> header = new ArrayList<>(List.of(SummaryTables.POINT_HEADING));
            List<String> acts = cka.activations(panel);
            header.addAll(acts);
            List<List<Cell>> body = new ArrayList<>();
            for (String p : cka.points(panel)) {
                List<Cell> row = new ArrayList<>(List.of(Cell.text(p)));
                acts.forEach(a -> row.add(Cell.of(cka.get(panel, a, p), CellFormat.UNIT)));
                body.add(row);
            }
            List<List<Cell>> footer = new ArrayList<>();
            if (!match.isEmpty()) {
                List<Cell> row = new ArrayList<>(List.of(Cell.text("same point most similar")));
                acts.forEach(a -> row.add(Cell.of(match.overall(panel, a), CellFormat.UNIT)));
                footer.add(row);
            }
            out.add(new SummaryTable(
                    ids.of("cka-seeds-" + panel.label()),
                    "Linear CKA across seeds: " + panel.label(),
                    header,
                    body,
                    footer,
                    List.of(
                            "Linear CKA (Kornblith et al. 2019) of each point with the same point of the network trained"
                                    + " from another seed, on the same test images; mean ± std over ordered seed pairs"
                                    + " (n counts pairs). 1: the same representation up to rotation and scale.",
                            "Last row, Kornblith's sanity check: the fraction of (point, seed) pairs for which, among all"
                                    + " points of the next seed's network, the most similar one is the same point.")));
        }
        return out;
    }

    static List<SummaryTable> ckaAcrossActivations(List<ResultRow> rows, Slugs.Unique ids) {
        MetricCells any = MetricCells.of(rows, m -> m.startsWith(MetricNames.CKA_ACTIVATION_PREFIX), null);
        List<SummaryTable> out = new ArrayList<>();
        for (PanelKey panel : any.panels()) {
            List<String> acts = any.activations(panel);
            List<String> header = new ArrayList<>(List.of(SummaryTables.POINT_HEADING));
            List<MetricCells> columns = new ArrayList<>();
            List<String> firsts = new ArrayList<>();
            for (int i = 0; i < acts.size(); i++) {
                for (int j = i + 1; j < acts.size(); j++) {
                    String other = acts.get(j);
                    header.add(acts.get(i) + " vs " + other);
                    columns.add(MetricCells.of(rows, (MetricNames.CKA_ACTIVATION_PREFIX + other)::equals, null));
                    firsts.add(acts.get(i));
                }
            }
            List<List<Cell>> body = new ArrayList<>();
            for (String p : any.points(panel)) {
                List<Cell> row = new ArrayList<>(List.of(Cell.text(p)));
                for (int c = 0; c < columns.size(); c++) {
                    row.add(Cell.of(columns.get(c).get(panel, firsts.get(c), p), CellFormat.UNIT));
                }
                body.add(row);
            }
            out.add(new SummaryTable(
                    ids.of("cka-activations-" + panel.label()),
                    "Linear CKA across activations: " + panel.label(),
                    header,
                    body,
                    List.of(),
                    List.of(
                            "Linear CKA of each point with the same point of the network with another activation and the"
                                    + " same seed, on the same test images; mean ± std over seeds.")));
        }
        return out;
    }
}
