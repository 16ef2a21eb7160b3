package org.layerprobe.report.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.layerprobe.report.SyntheticRows;
import org.layerprobe.report.table.SeparabilitySummaries;
import org.layerprobe.report.table.SummaryTables;
import org.layerprobe.results.ResultRow;

class LatexWriterTest {

    @Test
    void escapeHandlesEverySpecialCharacter() {
        assertEquals(
                "conv\\_1 \\& 50\\% \\$x\\$ \\#2 \\{a\\} \\textbackslash{} \\textasciitilde{}" + " \\textasciicircum{}",
                LatexWriter.escape("conv_1 & 50% $x$ #2 {a} \\ ~ ^"));
    }

    @Test
    void latexTablesEscapeUnderscoresInNamesAndPercentInCaptions() {
        List<ResultRow> rows = SyntheticRows.replace(
                SyntheticRows.rows(),
                r -> true,
                r -> new ResultRow(
                        r.run(),
                        "toy_set",
                        "mlp_32_16",
                        "leaky_" + r.activation(),
                        r.seed(),
                        r.checkpoint(),
                        r.point().replace('.', '_'),
                        r.pointIndex(),
                        r.metric(),
                        r.value()));
        String tex = LatexWriter.render(
                "Where do 95% of errors go?", SummaryTables.perPanel(SeparabilitySummaries.of(rows)));

        assertTrue(tex.contains("mlp\\_32\\_16 on toy\\_set"), tex);
        assertTrue(tex.contains("leaky\\_relu & leaky\\_relu init"), tex);
        assertTrue(tex.contains("fc1\\_act & 32 &"), tex);
        assertTrue(tex.contains("\\caption{Probe test error (\\%)"), tex);
        // No bare _ anywhere; a bare % only where a comment line starts.
        assertFalse(Pattern.compile("(?<!\\\\)_").matcher(tex).find(), tex);
        for (String line : tex.split("\n")) {
            if (!line.startsWith("%")) {
                assertFalse(Pattern.compile("(?<!\\\\)%").matcher(line).find(), line);
            }
        }
        assertTrue(tex.contains("\\toprule") && tex.contains("\\midrule") && tex.contains("\\bottomrule"));
        assertTrue(tex.contains("\\pm"), tex);
    }
}
