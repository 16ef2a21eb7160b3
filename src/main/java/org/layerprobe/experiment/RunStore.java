package org.layerprobe.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.layerprobe.LayerprobeException;
import org.layerprobe.Sha256;
import org.layerprobe.cluster.ConfigLock;
import org.layerprobe.metrics.GramMatrix;
import org.layerprobe.results.AtomicWrites;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.PredictionSet;
import org.layerprobe.results.ResultRow;
import org.layerprobe.results.RowTable;

/**
 * Finished configurations of a report, under {@code <report>/runs/}: one CSV of rows per
 * configuration and settings ({@code <config id>--<key>.csv}, see {@link RunKey}), with a JSON
 * sidecar of its phase timings, each written atomically the moment the configuration finishes.
 * A sweep killed at any point and started again redoes only what has no file here; files of other
 * settings stay where they are and are never read as this spec's rows. Several processes (shards,
 * or a user starting one spec twice) may share the directory: a {@link ConfigLock} per
 * configuration and key keeps them from computing the same one twice.
 */
public final class RunStore {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    public RunStore(Path reportDir) {
        this.dir = reportDir.resolve("runs");
    }

    public Path dir() {
        return dir;
    }

    /** The rows file of a configuration under the settings {@code key}. */
    public Path file(RunConfig config, String key) {
        return dir.resolve(config.id() + "--" + key + ".csv");
    }

    private Path timings(RunConfig config, String key) {
        return dir.resolve(config.id() + "--" + key + ".json");
    }

    /**
     * The seal of a finished configuration, written last: the rows' count and SHA-256 and the
     * SHA-256 of every companion file (predictions, Gram matrices). A rows file without a seal
     * that matches it (a truncated or edited CSV, a deleted companion) is not finished.
     */
    private Path seal(RunConfig config, String key) {
        return dir.resolve(config.id() + "--" + key + ".sealed.json");
    }

    private Path lockFile(RunConfig config, String key) {
        return dir.resolve(config.id() + "--" + key + ".lock");
    }

    public boolean isDone(RunConfig config, String key) {
        return Files.isRegularFile(file(config, key)) && Files.isRegularFile(seal(config, key));
    }

    /**
     * The stored rows of a finished configuration, or empty when there are none. A file that
     * cannot be read (a damaged disk, a hand edit) is moved aside into {@code runs/damaged/} and
     * reported as missing, so the configuration is simply redone; {@code onDamaged} hears where
     * it went.
     */
    public Optional<List<ResultRow>> load(RunConfig config, String key, Consumer<String> onDamaged) {
        Path f = file(config, key);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            String csv = Files.readString(f, StandardCharsets.UTF_8);
            checkSeal(config, key, csv);
            List<ResultRow> rows = RowTable.fromCsv(csv, f.toString());
            requireCompanions(config, key, rows);
            return Optional.of(rows);
        } catch (IOException | RuntimeException e) {
            Path aside = dir.resolve("damaged").resolve(f.getFileName() + "." + System.currentTimeMillis());
            try {
                Files.createDirectories(aside.getParent());
                Files.move(f, aside, StandardCopyOption.ATOMIC_MOVE);
                // Its seal and companions go with it: the configuration is redone whole.
                for (Path other : List.of(
                        seal(config, key), companion(config, key, "predictions"), companion(config, key, "grams"))) {
                    if (Files.exists(other)) {
                        Files.move(
                                other,
                                aside.resolveSibling(other.getFileName() + "." + System.currentTimeMillis()),
                                StandardCopyOption.ATOMIC_MOVE);
                    }
                }
            } catch (IOException io) {
                throw LayerprobeException.withFix(
                        f + " is damaged (" + e.getMessage() + ") and cannot be moved aside (" + io.getMessage() + ")",
                        "delete that file; its configuration will be redone");
            }
            onDamaged.accept(f.getFileName() + " could not be read (" + e.getMessage() + "); moved to " + aside
                    + ", so " + config.id() + " counts as not done (a run computes it again)");
            return Optional.empty();
        }
    }

    /** Persists a configuration's rows and phase timings, each atomically (temp file, then rename). */
    public void save(RunConfig config, String key, List<ResultRow> rows, Map<String, Double> phaseSeconds) {
        try {
            AtomicWrites.writeString(timings(config, key), JSON.writeValueAsString(new TreeMap<>(phaseSeconds)));
        } catch (IOException e) {
            throw new LayerprobeException("cannot write the timings of " + config.id() + ": " + e.getMessage());
        }
        String csv = RowTable.toCsv(rows);
        AtomicWrites.writeString(file(config, key), csv);
        // The seal last: it is what marks the configuration finished.
        Map<String, Object> sealed = new TreeMap<>();
        sealed.put("rows", rows.size());
        sealed.put("rows_sha256", Sha256.of(csv));
        Map<String, String> companions = new TreeMap<>();
        for (String ext : COMPANIONS) {
            Path c = companion(config, key, ext);
            if (Files.isRegularFile(c)) {
                companions.put(ext, sha256(c));
            }
        }
        sealed.put("companions", companions);
        try {
            AtomicWrites.writeString(seal(config, key), JSON.writeValueAsString(sealed));
        } catch (IOException e) {
            throw new LayerprobeException("cannot seal the rows of " + config.id() + ": " + e.getMessage());
        }
    }

    /** Files stored beside a configuration's rows, by extension. */
    private static final List<String> COMPANIONS = List.of("predictions", "grams");

    private Path companion(RunConfig config, String key, String ext) {
        return dir.resolve(config.id() + "--" + key + "." + ext);
    }

    private static String sha256(Path f) {
        try {
            return Sha256.of(f);
        } catch (IOException e) {
            throw new LayerprobeException("cannot read " + f + ": " + e.getMessage());
        }
    }

    /** Throws when the rows and their companions are not exactly what was sealed. */
    private void checkSeal(RunConfig config, String key, String csv) throws IOException {
        Path s = seal(config, key);
        if (!Files.isRegularFile(s)) {
            throw new IOException(
                    "it has no seal " + s.getFileName() + " (unfinished, or written by an earlier version)");
        }
        JsonNode node;
        try {
            node = JSON.readTree(s.toFile());
        } catch (IOException e) {
            throw new IOException("its seal " + s.getFileName() + " is unreadable (" + e.getMessage() + ")", e);
        }
        if (!Sha256.of(csv).equals(node.path("rows_sha256").asText())) {
            throw new IOException("its content is not what was sealed (truncated or edited)");
        }
        var companions = node.path("companions");
        for (String ext : COMPANIONS) {
            Path c = companion(config, key, ext);
            if (companions.has(ext)
                    && (!Files.isRegularFile(c)
                            || !sha256(c).equals(companions.get(ext).asText()))) {
                throw new IOException("its " + ext + " file " + c.getFileName() + " is missing or altered");
            }
        }
    }

    /**
     * The companions the rows themselves imply must be there and sealed: every probe fit stores its
     * test predictions (the paired tests read them), and CKA rows mean Gram matrices were stored
     * (the CKA between configurations reads them). A seal that lists fewer (an entry deleted with
     * its file) would otherwise drop those rows from the report without a word.
     */
    private void requireCompanions(RunConfig config, String key, List<ResultRow> rows) throws IOException {
        var listed = JSON.readTree(seal(config, key).toFile()).path("companions");
        boolean probes = rows.stream().anyMatch(r -> r.metric().equals(MetricNames.PROBE_TEST_ERROR));
        boolean cka = rows.stream().anyMatch(r -> r.metric().startsWith(MetricNames.CKA_WITHIN_PREFIX));
        for (String ext : List.of("predictions", "grams")) {
            boolean needed = ext.equals("predictions") ? probes : cka;
            if (needed && (!listed.has(ext) || !Files.isRegularFile(companion(config, key, ext)))) {
                throw new IOException("its rows need the " + ext + " file "
                        + companion(config, key, ext).getFileName() + ", which is missing or not sealed with them");
            }
        }
    }

    private Path predictions(RunConfig config, String key) {
        return companion(config, key, "predictions");
    }

    /** Keeps every fit's per-image test predictions; called before {@link #save}, like the Gram matrices. */
    public void savePredictions(RunConfig config, String key, PredictionSet predictions) {
        AtomicWrites.writeBytes(predictions(config, key), predictions.encode());
    }

    /**
     * The test predictions stored with a finished configuration, or empty when it has none
     * (written by an earlier version) or they cannot be read; {@code onDamaged} hears of the latter.
     */
    public Optional<PredictionSet> loadPredictions(RunConfig config, String key, Consumer<String> onDamaged) {
        Path f = predictions(config, key);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(PredictionSet.decode(Files.readAllBytes(f), f.toString()));
        } catch (IOException | LayerprobeException e) {
            onDamaged.accept(e.getMessage() + "; the paired comparisons of " + config.id() + " are left out");
            return Optional.empty();
        }
    }

    private Path grams(RunConfig config, String key) {
        return companion(config, key, "grams");
    }

    /**
     * Keeps the trained network's Gram matrices on the CKA images (see {@link GramFile}); called
     * before {@link #save}, whose rows file marks the configuration finished.
     */
    public void saveGrams(RunConfig config, String key, Map<String, GramMatrix> grams) {
        AtomicWrites.writeBytes(grams(config, key), GramFile.encode(grams));
    }

    /**
     * The Gram matrices stored with a finished configuration, or empty when it has none (CKA
     * off) or they cannot be read; {@code onDamaged} hears of the latter.
     */
    public Optional<Map<String, GramMatrix>> loadGrams(RunConfig config, String key, Consumer<String> onDamaged) {
        Path f = grams(config, key);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(GramFile.decode(Files.readAllBytes(f)));
        } catch (IOException e) {
            onDamaged.accept(f.getFileName() + " could not be read (" + e.getMessage() + "); the CKA comparisons of "
                    + config.id() + " across networks are left out. Delete " + f.getFileName() + " and its .csv to"
                    + " redo that configuration");
            return Optional.empty();
        }
    }

    /** The phase timings stored with a finished configuration (empty if they were not recorded). */
    public Map<String, Double> phaseSeconds(RunConfig config, String key) {
        Path f = timings(config, key);
        if (!Files.isRegularFile(f)) {
            return Map.of();
        }
        try {
            Map<String, Double> m = new LinkedHashMap<>();
            JSON.readTree(f.toFile())
                    .fields()
                    .forEachRemaining(e -> m.put(e.getKey(), e.getValue().asDouble()));
            return m;
        } catch (IOException e) {
            return Map.of();
        }
    }

    /** The lock on a configuration under {@code key}, if no other process (or thread) holds it. */
    public Optional<ConfigLock> tryLock(RunConfig config, String key) {
        return ConfigLock.tryAcquire(lockFile(config, key));
    }

    /** Who holds the lock on a configuration, as its holder wrote it. */
    public String holder(RunConfig config, String key) {
        String h = ConfigLock.holder(lockFile(config, key));
        return h.isEmpty() ? "another process" : h;
    }

    /** Result files in {@code runs/} that are not among {@code known}: other settings, or an older layout. */
    public List<Path> others(Set<Path> known) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> out = new ArrayList<>();
            files.filter(p -> p.getFileName().toString().endsWith(".csv") && !known.contains(p))
                    .sorted()
                    .forEach(out::add);
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }
}
