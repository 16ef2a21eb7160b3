package org.layerprobe.results;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.layerprobe.LayerprobeException;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * Converts {@link ResultRow}s to and from a Tablesaw {@link Table} whose columns are named like
 * the record's fields, and stores them as long-format CSV ({@code separability.csv}) so that a
 * report can be re-rendered from its rows alone.
 */
public final class RowTable {

    public static final String RUN = "run";
    public static final String DATASET = "dataset";
    public static final String ARCHITECTURE = "architecture";
    public static final String ACTIVATION = "activation";
    public static final String SEED = "seed";
    public static final String CHECKPOINT = "checkpoint";
    public static final String POINT = "point";
    public static final String POINT_INDEX = "pointIndex";
    public static final String METRIC = "metric";
    public static final String VALUE = "value";

    /** Column names in file order (the record's component order). */
    public static final List<String> COLUMNS =
            List.of(RUN, DATASET, ARCHITECTURE, ACTIVATION, SEED, CHECKPOINT, POINT, POINT_INDEX, METRIC, VALUE);

    private static final Map<String, ColumnType> TYPES = Map.of(
            SEED,
            ColumnType.LONG,
            POINT_INDEX,
            ColumnType.INTEGER,
            "point_index",
            ColumnType.INTEGER,
            VALUE,
            ColumnType.DOUBLE);

    private RowTable() {}

    /** A table with one row per result row and the columns {@link #COLUMNS}. */
    public static Table toTable(List<ResultRow> rows) {
        int n = rows.size();
        StringColumn run = StringColumn.create(RUN);
        StringColumn dataset = StringColumn.create(DATASET);
        StringColumn architecture = StringColumn.create(ARCHITECTURE);
        StringColumn activation = StringColumn.create(ACTIVATION);
        LongColumn seed = LongColumn.create(SEED, n);
        StringColumn checkpoint = StringColumn.create(CHECKPOINT);
        StringColumn point = StringColumn.create(POINT);
        IntColumn pointIndex = IntColumn.create(POINT_INDEX, n);
        StringColumn metric = StringColumn.create(METRIC);
        DoubleColumn value = DoubleColumn.create(VALUE, n);
        for (int i = 0; i < n; i++) {
            ResultRow r = rows.get(i);
            // Tablesaw stores a missing long/int as its minimum value, so these two cannot be told
            // apart from "empty" and would not survive a CSV round trip.
            if (r.seed() == Long.MIN_VALUE || r.pointIndex() == Integer.MIN_VALUE) {
                throw LayerprobeException.withFix(
                        "result row " + (i + 1) + " has seed " + r.seed() + " / pointIndex " + r.pointIndex()
                                + ", which Tablesaw reserves for a missing value",
                        "use another seed (any long but Long.MIN_VALUE) and a pointIndex >= -1");
            }
            run.append(r.run());
            dataset.append(r.dataset());
            architecture.append(r.architecture());
            activation.append(r.activation());
            seed.set(i, r.seed());
            checkpoint.append(r.checkpoint());
            point.append(r.point());
            pointIndex.set(i, r.pointIndex());
            metric.append(r.metric());
            value.set(i, r.value());
        }
        return Table.create(
                "separability",
                run,
                dataset,
                architecture,
                activation,
                seed,
                checkpoint,
                point,
                pointIndex,
                metric,
                value);
    }

    /** The rows of {@code table}, which must have the columns {@link #COLUMNS} (extra ones are ignored). */
    public static List<ResultRow> fromTable(Table table) {
        List<String> missing =
                COLUMNS.stream().filter(c -> !table.columnNames().contains(c)).toList();
        if (!missing.isEmpty()) {
            throw LayerprobeException.withFix(
                    "result table '" + table.name() + "' lacks the column(s) " + missing + "; it has "
                            + table.columnNames(),
                    "use a CSV whose header is " + String.join(",", COLUMNS));
        }
        LongColumn seed = table.longColumn(SEED);
        IntColumn pointIndex = table.intColumn(POINT_INDEX);
        DoubleColumn value = table.doubleColumn(VALUE);
        List<ResultRow> rows = new ArrayList<>(table.rowCount());
        for (int i = 0; i < table.rowCount(); i++) {
            // Missing integers would otherwise come back as Tablesaw's sentinel values.
            if (seed.isMissing(i) || pointIndex.isMissing(i)) {
                throw LayerprobeException.withFix(
                        "result table '" + table.name() + "', data row " + (i + 1) + ": seed or pointIndex is empty",
                        "every row needs an integer seed and pointIndex (-1 for point 'model')");
            }
            rows.add(new ResultRow(
                    table.stringColumn(RUN).get(i),
                    table.stringColumn(DATASET).get(i),
                    table.stringColumn(ARCHITECTURE).get(i),
                    table.stringColumn(ACTIVATION).get(i),
                    seed.getLong(i),
                    table.stringColumn(CHECKPOINT).get(i),
                    table.stringColumn(POINT).get(i),
                    pointIndex.getInt(i),
                    MetricNames.RENAMED.getOrDefault(
                            table.stringColumn(METRIC).get(i),
                            table.stringColumn(METRIC).get(i)),
                    value.getDouble(i)));
        }
        return rows;
    }

    /**
     * The rows as CSV text with a header line. Doubles are written in full precision (NaN as an
     * empty field) so that {@link #readCsv} gives back exactly the same rows.
     */
    public static String toCsv(List<ResultRow> rows) {
        StringWriter out = new StringWriter();
        toTable(rows).write().csv(out);
        return out.toString();
    }

    /** Writes the rows to {@code file} atomically. */
    public static Path writeCsv(Path file, List<ResultRow> rows) {
        return AtomicWrites.writeString(file, toCsv(rows));
    }

    /** Reads rows written by {@link #writeCsv}. */
    public static List<ResultRow> readCsv(Path file) {
        if (!Files.isRegularFile(file)) {
            throw LayerprobeException.withFix(
                    "no result rows at " + file,
                    "pass a report directory written by layerprobe (it holds separability.csv)");
        }
        try {
            return fromCsv(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Parses CSV text written by {@link #toCsv}; {@code source} names it in error messages. */
    public static List<ResultRow> fromCsv(String csv, String source) {
        if (csv.isBlank()) {
            throw LayerprobeException.withFix(
                    source + " is empty",
                    "re-run the experiment that produced it; the header alone is " + String.join(",", COLUMNS));
        }
        CsvReadOptions options = CsvReadOptions.builderFromString(csv)
                .tableName(source)
                .columnTypes(name -> TYPES.getOrDefault(name, ColumnType.STRING))
                // Only an empty field is missing: Tablesaw's defaults would also turn a point or
                // activation literally named "NA" or "null" into a missing value.
                .missingValueIndicator("")
                .build();
        Table table;
        try {
            table = Table.read().usingOptions(options);
        } catch (RuntimeException e) {
            throw LayerprobeException.withFix(
                    "cannot parse " + source + ": " + e.getMessage(),
                    "check that it is the long-format CSV with header " + String.join(",", COLUMNS));
        }
        // Early `layerprobe probe` output spelled this column point_index; still readable.
        if (!table.columnNames().contains(POINT_INDEX) && table.columnNames().contains("point_index")) {
            table.column("point_index").setName(POINT_INDEX);
        }
        return fromTable(table);
    }
}
