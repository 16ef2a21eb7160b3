package org.layerprobe.train;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.layerprobe.JsonSeal;
import org.layerprobe.LayerprobeException;
import org.layerprobe.Sha256;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.DatasetRef;
import org.layerprobe.engine.KernelGuard;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.nets.Network;
import org.layerprobe.nets.NetworkBuilder;
import org.layerprobe.results.AtomicWrites;
import org.layerprobe.results.NewDirectory;

/**
 * A trained network as a directory a researcher can keep, share and probe later: {@value #PARAMS}
 * (DJL's parameter file) and {@value #DESCRIPTION} (architecture, activation, input shape, classes,
 * the data it was trained on and how). {@code layerprobe export} writes one; {@code probe --model}
 * and a spec's {@code models:} read one.
 *
 * @param dir the directory
 * @param architecture what to build
 * @param activation canonical activation name
 * @param inputShape one sample's shape, channels first
 * @param classes outputs of the logits layer
 * @param dataset the data it was trained on
 * @param config the training configuration (its settings, seed, data identity)
 * @param result the training record
 * @param paramsSha256 SHA-256 of the parameter file
 */
public record SavedModel(
        Path dir,
        ArchitectureSpec architecture,
        String activation,
        long[] inputShape,
        int classes,
        DatasetRef dataset,
        ModelConfig config,
        TrainingResult result,
        String paramsSha256)
        implements Pretrained {

    public static final String PARAMS = "params";
    public static final String DESCRIPTION = "model.json";
    /** The description's layout; raised when a field changes meaning (2: the description is sealed). */
    public static final int FORMAT_VERSION = 2;

    /** The description's SHA-256 over every other field: an edited description is refused. */
    static final String SEAL = "description_sha256";

    private static final String FORMAT = "layerprobe-model";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /**
     * Writes {@code trained} (of {@code config}, trained on {@code dataset}) to {@code dir}, which
     * must not exist or be empty: an export never replaces anything.
     */
    public static Path export(TrainedModel trained, ModelConfig config, DatasetRef dataset, Path dir) {
        try {
            NewDirectory.require(dir, "export to a new directory, or delete this one first");
            AtomicWrites.publishDirectory(dir, tmp -> {
                Path params = tmp.resolve(PARAMS);
                ParameterFiles.save(trained.network(), params);
                ObjectNode d = JSON.createObjectNode();
                d.put("format", FORMAT);
                d.put("format_version", FORMAT_VERSION);
                d.set("architecture", JSON.valueToTree(config.architecture()));
                d.put("activation", config.activation());
                d.set(
                        "input_shape",
                        JSON.valueToTree(trained.network().inputShape().getShape()));
                d.put("classes", classes(trained.network()));
                d.set("dataset", JSON.valueToTree(dataset));
                d.set("training", JSON.valueToTree(config));
                d.set("result", JSON.valueToTree(trained.result()));
                d.put("params_sha256", Sha256.of(params));
                d.put("djl_version", Engine.getDjlVersion());
                d.set("kernels", JSON.valueToTree(KernelGuard.current().provenance()));
                d.put("created", Instant.now().toString());
                JsonSeal.put(d, SEAL);
                JSON.writeValue(tmp.resolve(DESCRIPTION).toFile(), d);
            });
            return dir;
        } catch (IOException e) {
            throw new LayerprobeException("cannot write the model to " + dir + ": " + e.getMessage());
        }
    }

    /** The description in {@code dir}, checked against its parameter file (not yet loaded). */
    public static SavedModel read(Path dir) {
        Path description = dir.resolve(DESCRIPTION);
        Path params = dir.resolve(PARAMS);
        if (!Files.isRegularFile(description) || !Files.isRegularFile(params)) {
            throw LayerprobeException.withFix(
                    dir + " is not a saved model: it needs " + DESCRIPTION + " and " + PARAMS,
                    "write one with `layerprobe export --out " + dir + " ...` (same options as train)");
        }
        try {
            JsonNode d = JSON.readTree(description.toFile());
            if (!FORMAT.equals(d.path("format").asText())) {
                throw new LayerprobeException(
                        description + " is not a layerprobe model description (no \"format\": \"" + FORMAT + "\")");
            }
            if (d.path("format_version").asInt() != FORMAT_VERSION) {
                throw LayerprobeException.withFix(
                        description + " has format_version " + d.path("format_version") + "; this layerprobe reads "
                                + FORMAT_VERSION + " (a sealed description)",
                        "export the model again with this layerprobe");
            }
            if (!JsonSeal.check((ObjectNode) d, SEAL)) {
                throw LayerprobeException.withFix(
                        description + " was edited after export: its content does not match its " + SEAL
                                + ", so its architecture, activation or recorded results cannot be trusted",
                        "export the model again; the parameters are described only by the description written with"
                                + " them");
            }
            ArchitectureSpec arch = JSON.treeToValue(d.get("architecture"), ArchitectureSpec.class);
            String activation = Activations.get(d.path("activation").asText()).name();
            long[] shape = JSON.treeToValue(d.get("input_shape"), long[].class);
            ModelConfig config = JSON.treeToValue(d.get("training"), ModelConfig.class);
            TrainingResult result = JSON.treeToValue(d.get("result"), TrainingResult.class);
            String sha = d.path("params_sha256").asText();
            String actual = Sha256.of(params);
            if (!sha.equals(actual)) {
                throw LayerprobeException.withFix(
                        params + " is not the parameter file " + DESCRIPTION + " describes (SHA-256 " + short12(actual)
                                + "..., described " + short12(sha) + "...)",
                        "export the model again; a parameter file cannot be paired with another description");
            }
            return new SavedModel(
                    dir.toAbsolutePath().normalize(),
                    arch,
                    activation,
                    shape,
                    d.path("classes").asInt(),
                    DatasetRef.fromJson(d.get("dataset")),
                    config,
                    result,
                    sha);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw LayerprobeException.withFix(
                    description + " cannot be read as a model description: " + e.getMessage(),
                    "export the model again with `layerprobe export`");
        }
    }

    private static String short12(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }

    @Override
    public Path location() {
        return dir;
    }

    /** The network the description names, for samples of its input shape. */
    public Network network() {
        return NetworkBuilder.build(architecture, Activations.get(activation), new Shape(inputShape), classes);
    }

    /** Refuses data whose samples or classes differ from what the network was built for. */
    public void requireFits(DataSplits data) {
        if (!Arrays.equals(inputShape, data.train().sampleShape())
                || classes != data.train().numClasses()) {
            throw LayerprobeException.withFix(
                    "the model in " + dir + " takes " + Arrays.toString(inputShape) + " samples in " + classes
                            + " classes, but " + data.name() + " has "
                            + Arrays.toString(data.train().sampleShape())
                            + " samples in " + data.train().numClasses() + " classes",
                    "probe it on data of the kind it was trained on (" + dataset.name() + ")");
        }
    }

    /** The network with the saved parameters; a parameter file that does not fit is a clear error. */
    public TrainedModel load() {
        Network network = network();
        try {
            Model model = ParameterFiles.load(network, dir.resolve(PARAMS));
            return new TrainedModel(network, model, result.asCached(), "saved:" + paramsSha256.substring(0, 16));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw LayerprobeException.withFix(
                    "the parameters in " + dir.resolve(PARAMS) + " do not fit the network its " + DESCRIPTION
                            + " describes (" + architecture.id() + "/" + activation + " for "
                            + Arrays.toString(inputShape) + " samples, " + classes + " classes): " + e.getMessage(),
                    "export the model again; the description must be the one written with these parameters");
        }
    }

    /** A source that gives this model (never retrained) and its random init by the training seed. */
    public ModelSource source(ModelSource forInit) {
        return new ModelSource() {
            @Override
            public TrainedModel obtain(ModelConfig c, DataSplits data) {
                requireFits(data);
                // The accuracy recorded at export belongs to the export's data and test split.
                return load().withTestAccuracyOn(data.test());
            }

            @Override
            public TrainedModel untrained(ModelConfig c, DataSplits data) {
                return forInit.untrained(c, data);
            }
        };
    }

    /** The training configuration, renamed to the data it is probed on (rows carry that name). */
    public ModelConfig configOn(DataSplits data) {
        Map<String, String> identity = new TreeMap<>(config.datasetHashes());
        identity.put("saved_model_params_sha256", paramsSha256);
        return new ModelConfig(data.name(), identity, architecture, activation, config.settings(), config.seed());
    }

    /** The logits layer's width: DJL's Linear keeps the leading axes of its input and ends in its units. */
    private static int classes(Network network) {
        var children = network.block().getChildren();
        Shape out = children.get(children.size() - 1).getValue().getOutputShapes(new Shape[] {new Shape(1, 1)})[0];
        return Math.toIntExact(out.get(out.dimension() - 1));
    }

    /** How a spec holding this model is written into a manifest: by its directory. */
    @JsonValue
    public String json() {
        return dir.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SavedModel m && m.dir.equals(dir) && m.paramsSha256.equals(paramsSha256);
    }

    @Override
    public int hashCode() {
        return dir.hashCode();
    }

    @Override
    public String toString() {
        return "SavedModel[" + dir + ", " + architecture.id() + "/" + activation + "]";
    }
}
