package org.layerprobe.study;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the focused studies ({@code probes/xor.yaml}, {@code linear-collapse.yaml},
 * {@code relu-sums.yaml}): a study spec is a YAML mapping with a top-level {@code study:} key naming
 * one of {@link StudySpec#KINDS}; its report goes to {@code <reportsRoot>/<name>/index.html} with
 * its tables (CSV, Markdown) and charts (PNG, SVG) beside it.
 */
public final class Studies {

    static {
        // Charts are drawn off-screen; this must precede the first AWT class.
        org.layerprobe.report.ChartEncoder.ensureHeadless();
    }

    private Studies() {}

    /**
     * Runs the study in {@code spec} and writes its report under {@code reportsRoot}.
     *
     * @return the files written, {@code index.html} last
     * @throws org.layerprobe.LayerprobeException naming the file, the key and the valid choices when
     *     the spec is invalid
     */
    public static List<Path> run(Path spec, Path reportsRoot, Consumer<String> log) {
        return run(parse(spec), reportsRoot, log);
    }

    /** Parses and validates a study spec without running it. */
    public static StudySpec parse(Path spec) {
        return StudySpecParser.parse(spec);
    }

    /** As {@link #parse(Path)}, from the file's already read YAML root. */
    public static StudySpec parse(com.fasterxml.jackson.databind.JsonNode root, Path spec) {
        return StudySpecParser.parse(root, spec);
    }

    /** Runs an already parsed study. */
    public static List<Path> run(StudySpec spec, Path reportsRoot, Consumer<String> log) {
        Path dir = reportsRoot.resolve(spec.name());
        long start = System.nanoTime();
        List<Path> written;
        if (spec instanceof StudySpec.Xor s) {
            written = XorStudy.run(s, dir, log);
        } else if (spec instanceof StudySpec.LinearCollapse s) {
            written = LinearCollapseStudy.run(s, dir, log);
        } else {
            written = ReluSumsStudy.run((StudySpec.ReluSums) spec, dir, log);
        }
        log.accept(String.format(java.util.Locale.ROOT, "%s: wrote %d files to %s in %.1f s", spec.name(),
                written.size(), dir, (System.nanoTime() - start) / 1e9));
        return written;
    }
}
