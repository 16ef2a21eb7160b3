package org.layerprobe.report.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.layerprobe.report.SyntheticRows;
import org.layerprobe.report.page.HtmlPage;
import org.layerprobe.report.page.LatexWriter;
import org.layerprobe.report.page.MarkdownWriter;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.ResultRow;

class SeparabilityTableTest {

    private static String markdown(List<ResultRow> rows) {
        List<SummaryTable> tables = SummaryTables.perPanel(SeparabilitySummaries.of(rows));
        assertEquals(1, tables.size());
        return MarkdownWriter.table(tables.get(0));
    }

    private static String expectedCell(String checkpoint, String activation, String point) {
        return String.format(
                Locale.ROOT,
                "%.2f ± %.2f (n=3)",
                100 * SyntheticRows.meanError(checkpoint, activation, point),
                100 * SyntheticRows.stdError(checkpoint, activation, point));
    }

    @Test
    void markdownShowsMeanAndStdOverThreeSeedsInPercent() {
        String md = markdown(SyntheticRows.rows());
        List<String> header = SyntheticRows.markdownRow(md, "point");
        for (String point : SyntheticRows.POINTS) {
            List<String> row = SyntheticRows.markdownRow(md, point);
            for (String a : SyntheticRows.ACTIVATIONS) {
                assertEquals(expectedCell(ResultRow.TRAINED, a, point), row.get(header.indexOf(a)), a + " at " + point);
                assertEquals(
                        expectedCell(ResultRow.INIT, a, point),
                        row.get(header.indexOf(a + " init")),
                        a + " init at " + point);
            }
        }
    }

    @Test
    void pointsAreRowsInNetworkOrderWithTheirWidth() {
        // Shuffled input order must not change the row order: pointIndex decides.
        List<ResultRow> rows = new java.util.ArrayList<>(SyntheticRows.rows());
        java.util.Collections.reverse(rows);
        String md = markdown(rows);
        List<String> labels = md.lines()
                .filter(l -> l.startsWith("| ") && !l.startsWith("| point") && !l.startsWith("| **"))
                .map(l -> l.substring(2, l.indexOf(" |", 2)))
                .toList();
        assertEquals(SyntheticRows.POINTS, labels);
        List<String> header = SyntheticRows.markdownRow(md, "point");
        assertEquals("32", SyntheticRows.markdownRow(md, "fc1.act").get(header.indexOf("dim")));
    }

    @Test
    void modelTestAccuracyIsTheFooterRow() {
        String md = markdown(SyntheticRows.rows());
        List<String> header = SyntheticRows.markdownRow(md, "point");
        List<String> footer = SyntheticRows.markdownRow(md, SummaryTables.MODEL_ACCURACY_LABEL);
        for (String a : SyntheticRows.ACTIVATIONS) {
            double mean = 0;
            for (long s : SyntheticRows.SEEDS) {
                mean += SyntheticRows.modelAccuracy(a, s) / SyntheticRows.SEEDS.length;
            }
            String cell = footer.get(header.indexOf(a));
            assertTrue(cell.startsWith(String.format(Locale.ROOT, "%.2f ± ", 100 * mean)), cell);
            assertTrue(cell.endsWith("(n=3)"), cell);
        }
    }

    @Test
    void unconvergedProbeIsFlaggedNeverShownAsConverged() {
        List<ResultRow> rows = SyntheticRows.replace(
                SyntheticRows.rows(),
                SyntheticRows.fit("tanh", ResultRow.TRAINED, "fc2.pre", 22, MetricNames.PROBE_CONVERGED),
                r -> SyntheticRows.withValue(r, 0));
        List<SeparabilityPanel> panels = SeparabilitySummaries.of(rows);
        SummaryTable table = SummaryTables.perPanel(panels).get(0);
        String md = MarkdownWriter.table(table);
        List<String> header = SyntheticRows.markdownRow(md, "point");

        String flagged = SyntheticRows.markdownRow(md, "fc2.pre").get(header.indexOf("tanh"));
        assertEquals(expectedCell(ResultRow.TRAINED, "tanh", "fc2.pre") + " †", flagged);
        // Neighbouring cells stay clean: the flag belongs to exactly that cell.
        assertFalse(SyntheticRows.markdownRow(md, "fc2.act")
                .get(header.indexOf("tanh"))
                .contains("†"));
        assertFalse(SyntheticRows.markdownRow(md, "fc2.pre")
                .get(header.indexOf("tanh init"))
                .contains("†"));
        assertTrue(md.contains("† 1 of 108 probe fits in this table did not converge"), md);

        assertTrue(LatexWriter.table(table).contains("\\textsuperscript{\\dag}"));
        assertTrue(HtmlPage.table(table).contains("<sup class=\"flag\""));
        String reading = String.join(" ", ResultsReading.of(panels).get(0).sentences());
        assertTrue(
                reading.contains("1 of 108 probe fits did not converge") && reading.contains("tanh at fc2.pre"),
                reading);
    }

    @Test
    void probeWithoutConvergenceRecordIsFlaggedAsUnknown() {
        List<ResultRow> rows = SyntheticRows.rows().stream()
                .filter(SyntheticRows.fit("relu", ResultRow.INIT, "logits", 33, MetricNames.PROBE_CONVERGED)
                        .negate())
                .toList();
        String md = markdown(rows);
        List<String> header = SyntheticRows.markdownRow(md, "point");
        assertTrue(SyntheticRows.markdownRow(md, "logits")
                .get(header.indexOf("relu init"))
                .endsWith(" ‡"));
        assertTrue(md.contains("‡ convergence was not recorded for 1 of 108 probe fits"), md);
    }

    @Test
    void nanErrorIsLeftOutOfTheMeanAndCounted() {
        List<ResultRow> rows = SyntheticRows.replace(
                SyntheticRows.rows(),
                SyntheticRows.fit("relu", ResultRow.TRAINED, "input", 33, MetricNames.PROBE_TEST_ERROR),
                r -> SyntheticRows.withValue(r, Double.NaN));
        String md = markdown(rows);
        List<String> header = SyntheticRows.markdownRow(md, "point");
        double a = SyntheticRows.error(ResultRow.TRAINED, "relu", "input", 11);
        double b = SyntheticRows.error(ResultRow.TRAINED, "relu", "input", 22);
        String expected = String.format(
                Locale.ROOT, "%.2f ± %.2f (n=2, 1 NaN)", 100 * (a + b) / 2, 100 * Math.abs(a - b) / Math.sqrt(2));
        assertEquals(expected, SyntheticRows.markdownRow(md, "input").get(header.indexOf("relu")));
    }

    @Test
    void singleSeedShowsNoSpread() {
        List<ResultRow> rows =
                SyntheticRows.rows().stream().filter(r -> r.seed() == 11).toList();
        String md = markdown(rows);
        List<String> header = SyntheticRows.markdownRow(md, "point");
        String expected = String.format(
                Locale.ROOT, "%.2f (n=1)", 100 * SyntheticRows.error(ResultRow.TRAINED, "relu", "fc1.act", 11));
        assertEquals(expected, SyntheticRows.markdownRow(md, "fc1.act").get(header.indexOf("relu")));
    }
}
