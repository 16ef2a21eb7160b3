package org.layerprobe.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.LayerprobeException;
import org.layerprobe.experiment.ExperimentSpec;
import org.layerprobe.experiment.SpecParser;
import org.layerprobe.experiment.Specs;

class StudySpecParserTest {

    @Test
    void shippedStudySpecsParse() {
        assertTrue(Specs.read(Path.of("probes/xor.yaml")) instanceof Specs.Study);
        assertTrue(Studies.parse(Path.of("probes/xor.yaml")) instanceof StudySpec.Xor);
        var collapse = (StudySpec.LinearCollapse) Studies.parse(Path.of("probes/linear-collapse.yaml"));
        assertEquals(List.of(64, 64, 64, 64), collapse.widths());
        assertEquals("linear-collapse", collapse.name());
        var sums = (StudySpec.ReluSums) Studies.parse(Path.of("probes/relu-sums.yaml"));
        assertEquals(List.of(1, 2, 4, 8, 16, 32, 100), sums.ks());
    }

    @Test
    void separabilitySpecsAreNotStudies() {
        assertTrue(Specs.read(Path.of("probes/quickstart.yaml")) instanceof Specs.Experiment);
        assertTrue(Specs.read(Path.of("probes/deep-sigmoid.yaml")) instanceof Specs.Experiment);
    }

    @Test
    void deepSigmoidSpecParsesAsSeparabilitySpec() {
        ExperimentSpec spec = SpecParser.parse(Path.of("probes/deep-sigmoid.yaml"));
        assertEquals("deep-sigmoid", spec.name());
        assertEquals(List.of("sigmoid", "relu"), spec.activations());
        assertEquals(
                List.of(64, 64, 64, 64, 64, 64), spec.architectures().get(0).sizes());
        assertEquals(
                org.layerprobe.probe.ProbeSettings.defaults().stopping().maxPasses(),
                spec.probes().stopping().maxPasses());
        assertEquals(6000, spec.training().trainLimit());
        assertEquals(1000, spec.testLimit());
    }

    @Test
    void unknownKeyNamesFileKeyAndValidKeys(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("bad.yaml"), "study: xor\nrestart: 3\n");
        var e = assertThrows(LayerprobeException.class, () -> Studies.parse(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("'restart'"), e.getMessage());
        assertTrue(e.getMessage().contains("restarts"), e.getMessage());
    }

    @Test
    void unknownStudyListsChoices(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("bad.yaml"), "study: xnor\n");
        var e = assertThrows(LayerprobeException.class, () -> Studies.parse(f));
        assertTrue(e.getMessage().contains("xor, linear-collapse, relu-sums"), e.getMessage());
    }

    @Test
    void badValueNamesKey(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("bad.yaml"), "study: linear-collapse\nwidths: [64, 0]\n");
        var e = assertThrows(LayerprobeException.class, () -> Studies.parse(f));
        assertTrue(e.getMessage().contains("widths") && e.getMessage().contains(f.toString()), e.getMessage());
        Path g = Files.writeString(dir.resolve("bad2.yaml"), "study: linear-collapse\ndataset: cifar\n");
        var e2 = assertThrows(LayerprobeException.class, () -> Studies.parse(g));
        assertTrue(e2.getMessage().contains("mnist, fashion-mnist"), e2.getMessage());
    }
}
