package org.layerprobe.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.LayerprobeException;
import org.layerprobe.report.SyntheticRows;
import org.layerprobe.report.table.SeparabilitySummaries;
import tech.tablesaw.api.Table;

class RowTableTest {

    @TempDir
    Path dir;

    /** Rows that stress the CSV: awkward strings, extreme longs, doubles that must not round. */
    private static List<ResultRow> awkwardRows() {
        List<ResultRow> rows = new ArrayList<>(SyntheticRows.rows());
        rows.add(new ResultRow(
                "run, with comma",
                "d\"q",
                "NA",
                "null",
                Long.MAX_VALUE,
                ResultRow.INIT,
                "conv_1.act",
                7,
                "probe_test_error",
                0.1 + 0.2));
        rows.add(new ResultRow(
                "r",
                "d",
                "a",
                "x",
                Long.MIN_VALUE + 1,
                ResultRow.TRAINED,
                ResultRow.MODEL_POINT,
                -1,
                "probe_test_xent",
                Double.NaN));
        rows.add(new ResultRow("r", "d", "a", "x", 0, ResultRow.TRAINED, "p", 0, "tiny", 4.9e-324));
        rows.add(new ResultRow("r", "d", "a", "x", 0, ResultRow.TRAINED, "p", 0, "big", Double.POSITIVE_INFINITY));
        return rows;
    }

    @Test
    void rowsRoundTripThroughCsvExactly() {
        List<ResultRow> rows = awkwardRows();
        Path csv = RowTable.writeCsv(dir.resolve("separability.csv"), rows);
        List<ResultRow> back = RowTable.readCsv(csv);
        // Record equality compares doubles bit-wise (NaN equals NaN), so this is exact.
        assertEquals(rows, back);
    }

    @Test
    void csvHeaderNamesTheRecordFieldsInOrder() throws Exception {
        Path csv = RowTable.writeCsv(dir.resolve("rows.csv"), SyntheticRows.rows());
        assertEquals(String.join(",", RowTable.COLUMNS), Files.readAllLines(csv).get(0));
    }

    @Test
    void rowsRoundTripThroughTablesawTable() {
        List<ResultRow> rows = awkwardRows();
        Table table = RowTable.toTable(rows);
        assertEquals(RowTable.COLUMNS, table.columnNames());
        assertEquals(rows.size(), table.rowCount());
        assertEquals(rows, RowTable.fromTable(table));
    }

    @Test
    void seedThatTablesawReservesForMissingIsRejected() {
        List<ResultRow> rows =
                List.of(new ResultRow("r", "d", "a", "x", Long.MIN_VALUE, ResultRow.TRAINED, "p", 0, "m", 1.0));
        LayerprobeException e = assertThrows(LayerprobeException.class, () -> RowTable.toCsv(rows));
        assertTrue(e.getMessage().contains("fix:"), e.getMessage());
    }

    @Test
    void csvWithoutAValueColumnIsRejectedNamingTheColumn() {
        String csv = "run,dataset,architecture,activation,seed,checkpoint,point,pointIndex,metric\n"
                + "r,d,a,relu,1,trained,input,0,probe_test_error\n";
        LayerprobeException e = assertThrows(LayerprobeException.class, () -> RowTable.fromCsv(csv, "broken.csv"));
        assertTrue(e.getMessage().contains("[value]"), e.getMessage());
    }

    @Test
    void missingReportCsvIsReportedWithAFix() {
        LayerprobeException e =
                assertThrows(LayerprobeException.class, () -> RowTable.readCsv(dir.resolve("nope.csv")));
        assertTrue(e.getMessage().contains("fix:"), e.getMessage());
    }

    @Test
    void repeatedRowIsRejectedBeforeItCanShrinkTheStd() {
        List<ResultRow> rows = new ArrayList<>(SyntheticRows.rows());
        rows.add(rows.get(1));
        LayerprobeException e = assertThrows(LayerprobeException.class, () -> SeparabilitySummaries.of(rows));
        assertTrue(e.getMessage().contains("repeats"), e.getMessage());
    }

    @Test
    void unknownCheckpointIsRejectedWithTheValidChoices() {
        List<ResultRow> rows = SyntheticRows.replace(
                SyntheticRows.rows(),
                r -> r.checkpoint().equals(ResultRow.INIT),
                r -> new ResultRow(
                        r.run(),
                        r.dataset(),
                        r.architecture(),
                        r.activation(),
                        r.seed(),
                        "random",
                        r.point(),
                        r.pointIndex(),
                        r.metric(),
                        r.value()));
        LayerprobeException e = assertThrows(LayerprobeException.class, () -> SeparabilitySummaries.of(rows));
        assertTrue(e.getMessage().contains("'random'") && e.getMessage().contains("init"), e.getMessage());
    }
}
