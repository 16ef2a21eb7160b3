package org.layerprobe.report.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerprobe.report.page.MarkdownWriter;
import org.layerprobe.report.page.ReportDocument;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.ResultRow;
import org.layerprobe.results.RowIdentity;

/** The tables of the measures beyond accuracy: present exactly when their rows are, in their own units. */
class MeasureTablesTest {

    private static List<ResultRow> rows(boolean converged) {
        List<ResultRow> rows = new ArrayList<>();
        for (long seed : new long[] {1, 2}) {
            RowIdentity id = RowIdentity.of("r", "mnist", "mlp-8", "relu", seed).atCheckpoint(ResultRow.TRAINED);
            for (int p = 0; p < 2; p++) {
                RowIdentity at = id.atPoint(p == 0 ? "input" : "fc1.act", p == 0 ? 0 : 2);
                rows.add(at.row(MetricNames.MDL_COMPRESSION, 3.0 + p + 0.5 * (seed - 1)));
                rows.add(at.row(MetricNames.MDL_ONLINE_BITS, 12_000 + seed));
                rows.add(at.row(MetricNames.MDL_CONVERGED, converged || seed == 1 ? 1 : 0));
                rows.add(at.row(MetricNames.PROBE_TEST_ACCURACY, 0.9));
                rows.add(at.row(MetricNames.PROBE_CONVERGED, 1));
                rows.add(at.row(MetricNames.CONTROL_TEST_ACCURACY, 0.4));
                rows.add(at.row(MetricNames.CONTROL_CONVERGED, 1));
                rows.add(at.row(MetricNames.SELECTIVITY, 0.5));
            }
        }
        return rows;
    }

    @Test
    void onlineCodeAndControlTablesReadInTheirOwnUnits() {
        List<SummaryTable> tables = MeasureTables.of(rows(true), new Slugs.Unique());
        assertEquals(2, tables.size(), "MDL and control; no CKA rows, no CKA tables");
        String md = MarkdownWriter.render(
                new ReportDocument("t", "", java.util.Map.of(), List.of(), tables, List.of(), List.of(), List.of()));
        // Compression 3.0 and 3.5 over two seeds: a ratio, not a percentage.
        assertTrue(md.contains("| input | 3.25 ± 0.35 (n=2) | 12.0 ± 0.0 (n=2) |"), md);
        assertTrue(md.contains("| fc1.act | 90.00 ± 0.00 (n=2) | 40.00 ± 0.00 (n=2) | 50.00 ± 0.00 (n=2) |"), md);
    }

    @Test
    void anUnconvergedPrefixFitFlagsItsCell() {
        SummaryTable mdl = MeasureTables.of(rows(false), new Slugs.Unique()).get(0);
        assertTrue(
                mdl.notes().stream().anyMatch(n -> n.startsWith(StatText.UNCONVERGED_MARK)),
                mdl.notes().toString());
    }
}
