package org.layerprobe.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.layerprobe.spec.SpecReader;
import org.layerprobe.study.Studies;
import org.layerprobe.study.StudySpec;

/**
 * The one front end of spec files: a file with a top-level {@code study:} key is a study, any other
 * an experiment, both read by the same strict {@link SpecReader}.
 */
public final class Specs {

    private Specs() {}

    /** A parsed spec file: an experiment or a study, nothing else. */
    public sealed interface Parsed permits Experiment, Study {}

    /** An experiment spec (architectures x activations x seeds, probed). */
    public record Experiment(ExperimentSpec spec) implements Parsed {}

    /** A focused study (XOR, linear collapse, sums of ReLUs). */
    public record Study(StudySpec spec) implements Parsed {}

    /** Reads and validates {@code file}; every problem is a message naming the file, the key and the fix. */
    public static Parsed read(Path file) {
        JsonNode root = SpecReader.readTree(SpecReader.readFile(file), file.toString());
        return root.has("study")
                ? new Study(Studies.parse(root, file))
                : new Experiment(SpecParser.parse(root, file.toString()));
    }
}
