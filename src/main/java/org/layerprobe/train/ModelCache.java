package org.layerprobe.train;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.layerprobe.LayerprobeException;
import org.layerprobe.Sha256;
import org.layerprobe.engine.KernelGuard;
import org.layerprobe.nets.Network;
import org.layerprobe.results.AtomicWrites;

/**
 * Trained parameters on disk, keyed by a hash of the {@link ModelConfig}: {@code <root>/<key>/}
 * holds {@code params} (DJL's parameter format) and {@code model.json} (the full config, dataset
 * hashes, versions, metrics and wall time). An entry appears atomically, only after a successful
 * training run, so a crash or a divergence never leaves a half-written model behind, and is never
 * replaced, so processes sharing the cache can read it while others write theirs.
 */
public final class ModelCache {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Path root;

    public ModelCache(Path root) {
        this.root = root;
    }

    /** The default cache: {@code $LAYERPROBE_CACHE} or {@code .layerprobe/models}. */
    public static ModelCache defaultCache() {
        String env = System.getenv("LAYERPROBE_CACHE");
        return new ModelCache(env != null && !env.isBlank() ? Path.of(env) : Path.of(".layerprobe", "models"));
    }

    public Path root() {
        return root;
    }

    /** The cache key: SHA-256 (first 16 hex digits) of the config's canonical JSON. */
    public static String key(ModelConfig config) {
        try {
            ObjectNode node = JSON.valueToTree(config);
            node.put("format", ModelConfig.FORMAT);
            // Parameters differ across kernels and thread counts; never reuse them across those.
            node.set("kernels", JSON.valueToTree(KernelGuard.current().numbersKey()));
            return Sha256.of(JSON.writeValueAsString(node)).substring(0, 16);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path entry(String key) {
        return root.resolve(key);
    }

    /**
     * Loads the cached parameters into {@code network} (freshly built, uninitialised) when an entry
     * exists for {@code config}.
     */
    public Optional<TrainedModel> load(ModelConfig config, Network network) {
        String key = key(config);
        return read(entry(key), network).map(model -> {
            try {
                ObjectNode side = (ObjectNode)
                        JSON.readTree(entry(key).resolve("model.json").toFile());
                TrainingResult result = JSON.treeToValue(side.get("result"), TrainingResult.class);
                return new TrainedModel(network, model, result.asCached(), key);
            } catch (IOException | RuntimeException e) {
                model.close();
                throw unreadable(entry(key), e);
            }
        });
    }

    /** The entry of {@code config}'s parameters after {@code step} optimizer steps (see {@link #storeCheckpoint}). */
    public static String checkpointKey(ModelConfig config, int step) {
        return key(config) + "-step-" + step;
    }

    /**
     * Loads the parameters {@code config}'s training had after {@code step} steps into {@code
     * network} (freshly built), when they were stored.
     */
    public Optional<Model> loadCheckpoint(ModelConfig config, int step, Network network) {
        return read(entry(checkpointKey(config, step)), network);
    }

    /** Stores the parameters after {@code step} steps of {@code config}'s training; an existing entry stays. */
    public Path storeCheckpoint(ModelConfig config, int step, byte[] params) {
        String key = checkpointKey(config, step);
        Path dir = entry(key);
        try {
            AtomicWrites.publishDirectory(dir, tmp -> {
                Files.write(tmp.resolve("params"), params);
                ObjectNode side = JSON.createObjectNode();
                side.put("key", key);
                side.put("params_sha256", Sha256.of(tmp.resolve("params")));
                side.set("config", JSON.valueToTree(config));
                side.put("step", step);
                side.put("created", Instant.now().toString());
                JSON.writeValue(tmp.resolve("model.json").toFile(), sealed(side));
            });
            return dir;
        } catch (IOException e) {
            throw new LayerprobeException("cannot write the model cache at " + root + ": " + e.getMessage());
        }
    }

    /** The checked parameters of the entry {@code dir} in {@code network}, or empty without an entry. */
    private Optional<Model> read(Path dir, Network network) {
        Path params = dir.resolve("params");
        Path sidecar = dir.resolve("model.json");
        if (!Files.isRegularFile(params) || !Files.isRegularFile(sidecar)) {
            return Optional.empty();
        }
        verify(dir, params, sidecar);
        try {
            return Optional.of(ParameterFiles.load(network, params));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw unreadable(dir, e);
        }
    }

    private static LayerprobeException unreadable(Path dir, Exception e) {
        return LayerprobeException.withFix(
                "cached model " + dir + " cannot be read (" + e.getMessage() + ")",
                "delete that directory; it will be retrained");
    }

    /**
     * Checks {@code params} against the SHA-256 its sidecar recorded: a flipped bit would load
     * without complaint and silently change every row computed from the model.
     */
    private static void verify(Path dir, Path params, Path sidecar) {
        String expected;
        String actual;
        try {
            ObjectNode side = (ObjectNode) JSON.readTree(sidecar.toFile());
            // The whole sidecar is sealed too: its training results become rows.
            String sealed = side.path(SIDECAR_SHA256).asText("");
            side.remove(SIDECAR_SHA256);
            if (sealed.isEmpty() || !sealed.equals(Sha256.of(JSON.writeValueAsString(side)))) {
                throw LayerprobeException.withFix(
                        "cached model " + dir + " is damaged: its model.json is not what was stored with it"
                                + (sealed.isEmpty() ? " (no checksum: an older layout)" : " (edited)"),
                        "delete that directory; it will be retrained");
            }
            expected = side.path("params_sha256").asText("");
            actual = Sha256.of(params);
        } catch (IOException e) {
            throw LayerprobeException.withFix(
                    "cached model " + dir + " cannot be read (" + e.getMessage() + ")",
                    "delete that directory; it will be retrained");
        }
        if (expected.isEmpty()) {
            throw LayerprobeException.withFix(
                    "cached model " + dir + " records no checksum of its params (an older" + " layout)",
                    "delete that directory; it will be retrained");
        }
        if (!expected.equals(actual)) {
            throw LayerprobeException.withFix(
                    "cached model " + dir + " is damaged: its params file has SHA-256 " + actual.substring(0, 12)
                            + "..., not the " + expected.substring(0, 12) + "... stored with it",
                    "delete that directory; it will be retrained");
        }
    }

    /** Stores a trained model and its sidecar atomically; returns the entry directory. */
    public Path store(ModelConfig config, TrainedModel trained) {
        String key = key(config);
        Path dir = entry(key);
        try {
            // Another process (a shard, a second run) may have stored the same key meanwhile: the
            // same config gives the same parameters, so the entry already there stays, untouched by
            // this writer while others may be reading it.
            AtomicWrites.publishDirectory(dir, tmp -> {
                ParameterFiles.save(trained.network(), tmp.resolve("params"));
                JSON.writeValue(
                        tmp.resolve("model.json").toFile(),
                        sealed(sidecar(key, config, trained, tmp.resolve("params"))));
            });
            return dir;
        } catch (IOException e) {
            throw new LayerprobeException("cannot write the model cache at " + root + ": " + e.getMessage());
        }
    }

    private static final String SIDECAR_SHA256 = "sidecar_sha256";

    /** The sidecar with the SHA-256 of everything else in it, so that no field can change unnoticed. */
    static ObjectNode sealed(ObjectNode side) throws IOException {
        side.put(SIDECAR_SHA256, Sha256.of(JSON.writeValueAsString(side)));
        return side;
    }

    /** What {@code model.json} records beside the parameters: enough to trust and to trace them. */
    private static ObjectNode sidecar(String key, ModelConfig config, TrainedModel trained, Path params)
            throws IOException {
        ObjectNode side = JSON.createObjectNode();
        side.put("key", key);
        side.put("params_sha256", Sha256.of(params));
        side.set("config", JSON.valueToTree(config));
        side.put("initializer", Initializers.describe(trained.network().activation()));
        side.set("result", JSON.valueToTree(trained.result()));
        side.put("djl_version", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        side.put("engine", engine.getEngineName() + " " + engine.getVersion());
        side.set("kernels", JSON.valueToTree(KernelGuard.current().provenance()));
        side.put("java_version", System.getProperty("java.version"));
        side.put("os_arch", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        side.put("created", Instant.now().toString());
        return side;
    }
}
