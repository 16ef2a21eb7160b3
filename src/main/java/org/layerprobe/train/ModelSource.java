package org.layerprobe.train;

import org.layerprobe.data.DataSplits;

/** Where a probed network comes from: trained here (or the model cache), or a saved model's directory. */
public interface ModelSource {

    /** The network of {@code config} with its parameters; the caller closes it. */
    TrainedModel obtain(ModelConfig config, DataSplits data);

    /** The same network at random init (same seed); the caller closes it. */
    TrainedModel untrained(ModelConfig config, DataSplits data);
}
