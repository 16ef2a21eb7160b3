package org.layerprobe.study;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.layerprobe.report.chart.ChartEncoder;
import org.layerprobe.report.page.StudyPage;

/**
 * Runs the focused studies ({@code probes/xor.yaml}, {@code linear-collapse.yaml},
 * {@code relu-sums.yaml}): a study spec is a YAML mapping with a top-level {@code study:} key naming
 * one of {@link StudySpec#KINDS}. A study computes and composes its page; the caller writes it,
 * conventionally to {@code <reportsRoot>/<name>/index.html} with its tables (CSV, Markdown) and
 * charts (PNG, SVG) beside it.
 */
public final class Studies {

    static {
        // Charts are drawn off-screen; this must precede the first AWT class.
        ChartEncoder.ensureHeadless();
    }

    private Studies() {}

    /** Parses and validates a study spec without running it. */
    public static StudySpec parse(Path spec) {
        return StudySpecParser.parse(spec);
    }

    /** As {@link #parse(Path)}, from the file's already read YAML root. */
    public static StudySpec parse(JsonNode root, Path spec) {
        return StudySpecParser.parse(root, spec);
    }

    /** Runs an already parsed study and returns its page; the caller writes it. */
    public static StudyPage run(StudySpec spec, Consumer<String> log) {
        if (spec instanceof StudySpec.Xor s) {
            return XorStudy.run(s, log);
        } else if (spec instanceof StudySpec.LinearCollapse s) {
            return LinearCollapseStudy.run(s, log);
        }
        return ReluSumsStudy.run((StudySpec.ReluSums) spec, log);
    }
}
