package org.layerprobe.train;

import org.layerprobe.LayerprobeException;

/** The loss became NaN or infinite; nothing of that training run is cached. */
public final class TrainingDivergedException extends LayerprobeException {

    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
