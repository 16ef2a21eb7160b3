package org.layerprobe.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerprobe.metrics.GramMatrix;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.results.PredictionSet;
import org.layerprobe.results.Predictions;
import org.layerprobe.results.ResultRow;
import org.layerprobe.results.RowIdentity;

/** A stored configuration is reused only whole: rows, predictions and Gram matrices as sealed. */
class RunStoreTest {

    private static final RunConfig CONFIG = new RunConfig(ArchitectureSpec.mlp(8), "relu", 1);
    private static final String KEY = "0123456789abcdef";

    private static List<ResultRow> rows() {
        List<ResultRow> rows = new ArrayList<>();
        RowIdentity id = RowIdentity.of("t", "mnist", "mlp-8", "relu", 1);
        for (int p = 0; p < 5; p++) {
            rows.add(id.atPoint("p" + p, p).row("probe_test_error", 0.1 * p));
        }
        rows.add(id.atPoint("p0", 0).row("cka_with_p1", 0.9));
        return rows;
    }

    private static RunStore stored(Path dir) {
        RunStore store = new RunStore(dir);
        store.savePredictions(
                CONFIG,
                KEY,
                new PredictionSet(new int[] {1, 2}, Map.of("trained", Map.of("p0", Predictions.of(new int[] {1, 1})))));
        store.saveGrams(CONFIG, KEY, Map.of("p0", GramMatrix.of(new double[][] {{1, 0}, {0, 1}})));
        store.save(CONFIG, KEY, rows(), Map.of("train", 1.0));
        return store;
    }

    private static Path with(Path dir, String ext) {
        return dir.resolve("runs").resolve(CONFIG.id() + "--" + KEY + "." + ext);
    }

    @Test
    void anIntactConfigurationIsReused(@TempDir Path dir) {
        RunStore store = stored(dir);
        assertTrue(store.isDone(CONFIG, KEY));
        assertEquals(
                rows(),
                store.load(CONFIG, KEY, w -> {
                            throw new AssertionError(w);
                        })
                        .orElseThrow());
    }

    @Test
    void aRowsFileTruncatedAtALineBoundaryIsRedone(@TempDir Path dir) throws Exception {
        RunStore store = stored(dir);
        Path csv = with(dir, "csv");
        List<String> lines = Files.readAllLines(csv);
        Files.write(csv, lines.subList(0, lines.size() - 2));
        List<String> warnings = new ArrayList<>();
        assertTrue(store.load(CONFIG, KEY, warnings::add).isEmpty(), "a truncated file is not finished");
        assertTrue(warnings.get(0).contains("not what was sealed"), warnings.toString());
        assertFalse(Files.exists(csv), "moved aside, so the configuration is redone");
        assertFalse(store.isDone(CONFIG, KEY));
    }

    @Test
    void aDeletedCompanionMakesTheConfigurationUnfinished(@TempDir Path dir) throws Exception {
        for (String ext : List.of("grams", "predictions")) {
            Path sub = Files.createDirectories(dir.resolve(ext));
            RunStore store = stored(sub);
            Files.delete(with(sub, ext));
            List<String> warnings = new ArrayList<>();
            assertTrue(store.load(CONFIG, KEY, warnings::add).isEmpty(), ext);
            assertTrue(warnings.get(0).contains(ext), warnings.toString());
        }
    }

    /** A companion deleted with its entry in the seal: the rows still need it, so it is not finished. */
    @Test
    void aCompanionDeletedWithItsSealEntryMakesTheConfigurationUnfinished(@TempDir Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String ext : List.of("grams", "predictions")) {
            Path sub = Files.createDirectories(dir.resolve(ext));
            RunStore store = stored(sub);
            Files.delete(with(sub, ext));
            Path seal = with(sub, "sealed.json");
            ObjectNode node = (ObjectNode) json.readTree(seal.toFile());
            ((ObjectNode) node.get("companions")).remove(ext);
            Files.writeString(seal, json.writeValueAsString(node));
            List<String> warnings = new ArrayList<>();
            assertTrue(store.load(CONFIG, KEY, warnings::add).isEmpty(), ext);
            assertTrue(warnings.get(0).contains("need the " + ext), warnings.toString());
        }
    }

    @Test
    void aGarbledSealIsNamedAsTheFault(@TempDir Path dir) throws Exception {
        RunStore store = stored(dir);
        Files.writeString(with(dir, "sealed.json"), "{not json");
        List<String> warnings = new ArrayList<>();
        assertTrue(store.load(CONFIG, KEY, warnings::add).isEmpty());
        assertTrue(warnings.get(0).contains("its seal") && warnings.get(0).contains("unreadable"), warnings.toString());
    }

    @Test
    void rowsWithoutASealAreNotFinished(@TempDir Path dir) throws Exception {
        RunStore store = stored(dir);
        Files.delete(with(dir, "sealed.json"));
        assertFalse(store.isDone(CONFIG, KEY));
        List<String> warnings = new ArrayList<>();
        assertTrue(store.load(CONFIG, KEY, warnings::add).isEmpty());
        assertTrue(warnings.get(0).contains("no seal"), warnings.toString());
    }
}
