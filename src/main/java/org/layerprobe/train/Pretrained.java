package org.layerprobe.train;

import java.nio.file.Path;

/**
 * A network probed as it is, without training here: a model saved by {@code layerprobe export}
 * ({@link SavedModel}) or one trained in PyTorch and exported as TorchScript ({@link ScriptedModel}).
 * A spec lists both under {@code models:}.
 */
public sealed interface Pretrained permits SavedModel, ScriptedModel {

    /** Where it was read from (a directory or a file), for messages and the report. */
    Path location();
}
