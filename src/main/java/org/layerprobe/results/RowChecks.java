package org.layerprobe.results;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerprobe.LayerprobeException;

/**
 * Checks result rows once, before anything is rendered, so that a bad row set fails with a message
 * naming the row instead of producing a plausible but wrong table (a repeated seed would silently
 * shrink the standard deviation and inflate n).
 */
public final class RowChecks {

    private RowChecks() {}

    /** Throws a {@link LayerprobeException} naming the first problem found in {@code rows}. */
    public static void check(List<ResultRow> rows) {
        if (rows == null || rows.isEmpty()) {
            throw LayerprobeException.withFix(
                    "there are no result rows to report",
                    "run the experiment first, or check that the rows were stored");
        }
        Set<String> seen = new HashSet<>();
        Map<String, Integer> pointIndices = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            ResultRow r = rows.get(i);
            if (r == null) {
                throw new LayerprobeException("result row " + (i + 1) + " is null");
            }
            requireText(r.run(), "run", i);
            requireText(r.dataset(), "dataset", i);
            requireText(r.architecture(), "architecture", i);
            requireText(r.activation(), "activation", i);
            requireText(r.point(), "point", i);
            requireText(r.metric(), "metric", i);
            if (!ResultRow.TRAINED.equals(r.checkpoint())
                    && !ResultRow.INIT.equals(r.checkpoint())
                    && !r.checkpoint().matches(ResultRow.STEP_PREFIX + "\\d+")) {
                throw LayerprobeException.withFix(
                        "result row " + (i + 1) + " has checkpoint '" + r.checkpoint() + "'",
                        "use one of: " + ResultRow.TRAINED + ", " + ResultRow.INIT + ", " + ResultRow.STEP_PREFIX
                                + "N (after N optimizer steps)");
            }
            String key = String.join(
                    "\u0000",
                    r.run(),
                    r.dataset(),
                    r.architecture(),
                    r.activation(),
                    Long.toString(r.seed()),
                    r.checkpoint(),
                    r.point(),
                    r.metric());
            if (!seen.add(key)) {
                throw LayerprobeException.withFix(
                        "result row " + (i + 1) + " repeats " + describe(r)
                                + "; each (run, dataset, architecture, activation, seed, checkpoint,"
                                + " point, metric) must appear once",
                        "remove the repeated rows (for instance from a resumed run) and report again");
            }
            String pointKey = String.join("\u0000", r.run(), r.dataset(), r.architecture(), r.point());
            Integer earlier = pointIndices.putIfAbsent(pointKey, r.pointIndex());
            if (earlier != null && earlier != r.pointIndex()) {
                throw LayerprobeException.withFix(
                        "point '" + r.point() + "' of " + r.architecture() + " has pointIndex " + earlier
                                + " and, in result row " + (i + 1) + ", " + r.pointIndex(),
                        "give each probe point one position per architecture");
            }
        }
    }

    private static void requireText(String value, String field, int i) {
        if (value == null || value.isBlank()) {
            throw new LayerprobeException("result row " + (i + 1) + " has an empty " + field);
        }
    }

    private static String describe(ResultRow r) {
        return "run=" + r.run() + ", dataset=" + r.dataset() + ", architecture=" + r.architecture()
                + ", activation=" + r.activation() + ", seed=" + r.seed() + ", checkpoint="
                + r.checkpoint() + ", point=" + r.point() + ", metric=" + r.metric();
    }
}
