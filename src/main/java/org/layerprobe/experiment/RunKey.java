package org.layerprobe.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.layerprobe.Sha256;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.ImageDatasets;
import org.layerprobe.engine.KernelGuard;
import org.layerprobe.probe.ProbeKey;
import org.layerprobe.probe.ProbeSettings;

/**
 * Everything that determines a configuration's rows, and its hash: finished results are found by
 * this key, so rows computed under other settings are never reused under a spec that says
 * something else. The spec's name, title and question are left out (they change no number), and
 * so is the probes' memory budget, which decides where states are kept and is set per machine
 * (each row set records its storage in the report's setup).
 */
public final class RunKey {

    /**
     * Bumped when code changes the numbers a configuration produces (training, hooks, probes,
     * metrics), so that a new version never reuses an old version's rows.
     * 2: states centred in the cache, approximate-Wolfe line search.
     * 3: the preconditioner after 30 passes instead of 100, exact covariances inverted in the
     * engine, larger cached blocks (another summation order).
     * 4: biases profiled exactly before evaluation (the certificate), per-image test predictions; the
     * input's probe fitted with each network's (never reused), preconditioner seeds by point name.
     * 5: the bias profile's last Newton step taken whole where float64 cannot verify it (last digits
     * of objectives, gap bounds and test cross-entropies); pass columns padded to a multiple of 8;
     * strengths chosen on fits solved to ten times the gap tolerance, the chosen one then certified.
     * 6: affine chains (the identity activation, average pooling, batch norm, flatten, dropout
     * between a point and a narrower one): an identity network's activation points are fitted
     * through their narrowest affine source, which moves their last digits; a saved model's
     * accuracy is measured on the data and test split it is probed on, not copied from its export.
     * 7: under the certified rule every solver pass profiles the biases (the objective is
     * G(W) = min_b F(W, b) and each pass's bound is the certificate), so fits stop at other iterates;
     * the bias profile takes each row's exponentials once (its last digits).
     * 8: strengths are chosen on fits stopped at a hundred times the gap tolerance, not ten (the
     * chosen one is still certified at the tolerance): the fits stop at other iterates.
     * 9: the best strength on validation so far is solved on to the tolerance while weaker ones
     * still run (Lbfgs.tighten), not stopped and resumed after the choice: other iterates again.
     */
    public static final int NUMBERS_VERSION = 9;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private RunKey() {}

    /** The canonical description of what determines {@code config}'s rows under {@code spec}. */
    public static ObjectNode describe(
            ExperimentSpec spec, RunConfig config, Map<String, String> datasetHashes, long splitSeed) {
        ObjectNode n = JSON.createObjectNode();
        n.put("numbers_version", NUMBERS_VERSION);
        n.put("dataset", spec.dataset().name());
        n.set("dataset_sha256", JSON.valueToTree(new TreeMap<>(datasetHashes)));
        n.put("split_seed", splitSeed);
        n.put("test_limit", spec.testLimit());
        n.set("architecture", JSON.valueToTree(config.architecture()));
        n.put("activation", config.activation());
        n.put("seed", config.seed());
        if (config.scripted() != null) {
            // The file's and sidecar's bytes decide the rows; where they lie does not.
            n.put("torchscript_sha256", config.scripted().sha256());
            n.put("sidecar_sha256", config.scripted().sidecarSha256());
        } else if (config.saved() != null) {
            // A saved model is probed as it is: its parameters, not the spec's training, decide the rows.
            n.put("saved_model_params_sha256", config.saved().paramsSha256());
            n.set("training", JSON.valueToTree(config.saved().config().settings()));
        } else {
            n.set("training", JSON.valueToTree(spec.training()));
        }
        n.set("probes", probes(spec.probes()));
        n.set("points", JSON.valueToTree(spec.points()));
        n.put("baseline", spec.baseline());
        n.set("measures", JSON.valueToTree(spec.measures()));
        n.set("checkpoints", JSON.valueToTree(spec.checkpoints()));
        // The kernels change the numbers; the CPU model and the threads are provenance (manifest):
        // in the key they would make a merge job on another node, or with other threads, miss rows.
        n.set("kernels", JSON.valueToTree(KernelGuard.current().numbersKey()));
        return n;
    }

    /** Every setting that changes a fit's numbers, by its name in {@link ProbeKey}, in the table's order. */
    private static ObjectNode probes(ProbeSettings p) {
        ObjectNode n = JSON.createObjectNode();
        for (ProbeKey key : ProbeKey.values()) {
            if (key.inRunKey()) {
                n.set(key.spec(), JSON.valueToTree(p.valueOf(key)));
            }
        }
        return n;
    }

    /** SHA-256 (first 16 hex digits) of {@link #describe}. */
    public static String of(ExperimentSpec spec, RunConfig config, Map<String, String> datasetHashes, long splitSeed) {
        try {
            return Sha256.of(JSON.writeValueAsString(describe(spec, config, datasetHashes, splitSeed)))
                    .substring(0, 16);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key of {@code config} on {@code data}, split as every command splits it. */
    public static String of(ExperimentSpec spec, RunConfig config, DataSplits data) {
        return of(spec, config, data.identity(), ImageDatasets.SPLIT_SEED);
    }
}
