package org.layerprobe.experiment;

import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.train.Pretrained;
import org.layerprobe.train.SavedModel;
import org.layerprobe.train.ScriptedModel;

/**
 * One cell of an experiment's sweep: which network to build, with which activation, from which
 * seed; or a network trained before (saved by {@code export}, or TorchScript), probed as it is.
 *
 * @param architecture the network shape; null for a TorchScript model, whose steps are its own
 * @param activation canonical activation name (see {@link org.layerprobe.nets.Activations}), or
 *     {@value ScriptedModel#KIND} for a TorchScript model
 * @param seed seed of initialisation and training (0 for a TorchScript model)
 * @param pretrained the model probed instead of training one, or null
 */
public record RunConfig(ArchitectureSpec architecture, String activation, long seed, Pretrained pretrained) {

    /** A network trained by the sweep. */
    public RunConfig(ArchitectureSpec architecture, String activation, long seed) {
        this(architecture, activation, seed, null);
    }

    /** A saved network, with the architecture, activation and seed its description records. */
    public static RunConfig of(SavedModel saved) {
        return new RunConfig(
                saved.architecture(), saved.activation(), saved.config().seed(), saved);
    }

    /** A TorchScript network: named by its sidecar, no architecture of ours, no seed. */
    public static RunConfig of(ScriptedModel scripted) {
        return new RunConfig(null, ScriptedModel.KIND, 0, scripted);
    }

    /** A network trained before, of either kind. */
    public static RunConfig of(Pretrained model) {
        return model instanceof SavedModel s ? of(s) : of((ScriptedModel) model);
    }

    /** The saved model probed, or null. */
    public SavedModel saved() {
        return pretrained instanceof SavedModel s ? s : null;
    }

    /** The TorchScript model probed, or null. */
    public ScriptedModel scripted() {
        return pretrained instanceof ScriptedModel s ? s : null;
    }

    /** The network's id in rows and tables: the architecture's, or a TorchScript model's name. */
    public String networkId() {
        return architecture != null ? architecture.id() : scripted().name();
    }

    /**
     * A stable id for file names and tables, e.g. {@code cnn-16-32-d64_relu_s1}; a saved or
     * TorchScript model's ends in the first digits of its file's SHA-256.
     */
    public String id() {
        if (scripted() != null) {
            return networkId() + "_" + ScriptedModel.KIND + "-"
                    + scripted().sha256().substring(0, 12);
        }
        String id = networkId() + "_" + activation + "_s" + seed;
        return saved() == null ? id : id + "_saved-" + saved().paramsSha256().substring(0, 12);
    }
}
