package org.layerprobe.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.nets.Network;

class XorStudyTest {

    private static final StudySpec.Xor SPEC = new StudySpec.Xor("xor", 1, 20, 2000, 0.05);

    @Test
    void reluHiddenStateIsSeparableWhereInputAndLinearFitsAreNot() {
        XorStudy.Result r = XorStudy.compute(SPEC, s -> {});
        assertTrue(r.relu().fits(), "relu net fits all four points within 0.1");
        assertFalse(r.identity().fits(), "an identity net is linear and cannot fit XOR");
        for (double p : r.regression()) {
            assertEquals(0.5, p, 1e-6, "least squares with intercept predicts the mean");
        }
        assertEquals(1.0, r.relu().probeAccuracy().get(XorStudy.HIDDEN), "probe on relu hidden state");
        assertTrue(r.relu().probeAccuracy().get(Network.INPUT) <= 0.75, "probe on the input");
        assertEquals(1.0, r.reluLine().accuracy(), "logistic line in the hidden plane");
        assertTrue(r.inputLine().accuracy() <= 0.75, "logistic line in the input plane");
    }

    @Test
    void writesSelfContainedPage(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("xor.yaml"), "study: xor\nrestarts: 20\n");
        Path out = dir.resolve("reports/xor");
        var files = Studies.run(Studies.parse(spec), s -> {}).write(out);
        assertEquals(out.resolve("index.html"), files.get(files.size() - 1));
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("data:image/png;base64,"));
        assertTrue(html.contains("W1 (hidden x input)"));
        for (String f : new String[] {
            "xor-input.png",
            "xor-input.svg",
            "xor-hidden-relu.png",
            "xor-predictions.csv",
            "xor-predictions.md",
            "xor-probes.csv"
        }) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
    }
}
