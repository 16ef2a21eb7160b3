package org.layerprobe.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.LayerprobeException;

/**
 * The one strict YAML reader behind every spec: what it refuses before a value is read (files that
 * are too large or not UTF-8, anchors and aliases, NaN, duplicate keys, syntax errors), and how its
 * typed readers name the key path, the bad value and the choices.
 */
class SpecReaderTest {

    /** The reader's typed helpers, opened up for the test. */
    static final class Reader extends SpecReader {
        Reader() {
            super("t.yaml");
        }
    }

    private static String refusal(String yaml) {
        return assertThrows(LayerprobeException.class, () -> SpecReader.readTree(yaml, "t.yaml"))
                .getMessage();
    }

    @Test
    void theTreeIsRefusedForWhatASpecNeverHolds() {
        String alias = refusal("a: &x 1\nb: *x\n");
        assertTrue(alias.contains("line 1") && alias.contains("anchor (&x)"), alias);
        String nan = refusal("probes:\n  l2: .nan\n");
        assertTrue(nan.contains("probes.l2") && nan.contains("not a finite number"), nan);
        String duplicate = refusal("a: 1\na: 2\n");
        assertTrue(duplicate.contains("invalid YAML") && duplicate.contains("line 2"), duplicate);
        String syntax = refusal("a: [1, 2\n");
        assertTrue(syntax.contains("invalid YAML"), syntax);
        assertTrue(refusal("").contains("the spec is empty"));
        assertTrue(refusal("- a\n- b\n").contains("must be a mapping"));
    }

    @Test
    void filesThatAreNoSpecAreRefusedBeforeParsing(@TempDir Path tmp) throws Exception {
        Path big = Files.write(tmp.resolve("big.yaml"), new byte[SpecReader.MAX_SPEC_BYTES + 1]);
        String tooBig = assertThrows(LayerprobeException.class, () -> SpecReader.readFile(big))
                .getMessage();
        assertTrue(tooBig.contains("bytes"), tooBig);
        Path latin1 = Files.write(tmp.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xe9});
        String notUtf8 = assertThrows(LayerprobeException.class, () -> SpecReader.readFile(latin1))
                .getMessage();
        assertTrue(notUtf8.contains("0xe9") && notUtf8.contains("offset 3"), notUtf8);
        String missing = assertThrows(LayerprobeException.class, () -> SpecReader.readFile(tmp.resolve("none.yaml")))
                .getMessage();
        assertTrue(missing.contains("no such spec file"), missing);
    }

    @Test
    void typedReadersNameTheKeyPathAndTheValue() {
        Reader r = new Reader();
        JsonNode root = SpecReader.readTree(
                "n: 4294967297\nf: 1e-3\nb: maybe\nl: 3\nk: {epochs: 2, epoch: 3}\ni: '12'\n", "t.yaml");
        String range = assertThrows(LayerprobeException.class, () -> r.int32Or(root, "n", "training.", 1))
                .getMessage();
        assertTrue(range.contains("training.n = 4294967297 is out of range"), range);
        assertEquals(1e-3, r.number(root, "", "f", 0), "YAML 1.1 reads 1e-3 as text; it is a number");
        String bool = assertThrows(LayerprobeException.class, () -> r.bool(root, "b", false))
                .getMessage();
        assertTrue(bool.contains("true or false"), bool);
        assertEquals(List.of(3), r.list(root, "l", false, (p, n) -> r.int32(n, p)), "a scalar is a one-element list");
        assertEquals(12, r.int32Or(root, "i", "", 0), "a quoted integer is read");
        String unknown = assertThrows(
                        LayerprobeException.class, () -> r.checkKeys(root.get("k"), "k.", List.of("epochs")))
                .getMessage();
        assertTrue(unknown.contains("unknown key 'epoch' in k") && unknown.contains("did you mean 'epochs'"), unknown);
    }

    @Test
    void nearMissesAreSuggestedAndFarOnesAreNot() {
        assertEquals("learning_rate", SpecReader.nearest("learning-rate", List.of("learning_rate", "epochs")));
        assertEquals("epochs", SpecReader.nearest("epocs", List.of("learning_rate", "epochs")));
        assertNull(SpecReader.nearest("optimiser_momentum", List.of("epochs", "seed")));
        assertEquals(3, SpecReader.editDistance("kitten", "sitting"));
    }
}
